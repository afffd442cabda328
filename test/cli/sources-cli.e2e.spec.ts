import { CliRunner, cliRunner } from './support/cli-runner';
import { makeTempDir } from '../support/temp-dir';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `ledger sources` and `ledger source <id>` over the fixtures, in child processes on a temporary ledger. */
describe('ledger sources / ledger source', () => {
  const temp = makeTempDir('cli-sources');
  const env = { LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: temp.path };
  let cli: CliRunner;

  beforeAll(async () => {
    cli = cliRunner();
    const imported = await cli.run(['import', 'fixtures'], { env });
    expect(imported.code).toBe(0);
  }, 180_000);

  afterAll(() => {
    cli?.dispose();
    temp.remove();
  });

  it('sources --json lists every document with the number of facts citing it', async () => {
    const { code, body } = await cli.json(['sources', '--json'], { env });
    expect(code).toBe(0);
    expect(body.items).toHaveLength(15);
    expect(body.items.find((s: Json) => s.sourceId === 'public-doha-news-2021-06-17')).toMatchObject({ kind: 'public-record', citedBy: 1 });
  });

  it('sources prints a table; --known-at shows only what was registered by then', async () => {
    const table = await cli.run(['sources'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^article-000-7b80eea7f1e363f6\s+news-article\s+ar\s+2019-03-20/m);
    const early = await cli.json(['sources', '--json', '--known-at', '2'], { env });
    expect(early.body.items.map((s: Json) => s.sourceId)).toEqual(['article-000-7b80eea7f1e363f6', 'article-001-6ca65b4004021384']);
  });

  it('source <id> prints the document, its text and each citation with the quote’s offsets', async () => {
    const { body } = await cli.json(['source', 'article-004-a2ea7cfc649d0564', '--json'], { env });
    expect(body.text.length).toBe(body.source.length);
    expect(body.citations.length).toBeGreaterThan(0);
    for (const c of body.citations as Json[]) expect(body.text.slice(c.start, c.end)).toBe(c.quote);
    const shown = await cli.run(['source', 'article-004-a2ea7cfc649d0564'], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('قطر حريصة على تعزيز الأمن والاستقرار العالمي');
    expect(shown.stdout).toMatch(/^citations$/m);
  });

  it('an unknown source exits 1, a bad --known-at exits 2 naming the option and the rule', async () => {
    const unknown = await cli.run(['source', 'no-such-source'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('ledger source: no source "no-such-source" is known at that point\n');
    const bad = await cli.run(['sources', '--known-at', 'soon'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/knownAt/);
  });
});

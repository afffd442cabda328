import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateIatiActivities } from '../../src/iati/iati-schema';
import { CliRunner, cliRunner } from '../cli/support/cli-runner';
import { makeTempDir } from '../support/temp-dir';
import { BILLION_LAUGHS, fileWithValue } from './iati-files';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `ledger export-iati` and `ledger import-iati` in child processes, on temporary data directories. */
describe('ledger export-iati / import-iati', () => {
  const temp = makeTempDir('iati-cli');
  const source = { LEDGER_DATA_DIR: join(temp.path, 'source') };
  const target = { LEDGER_DATA_DIR: join(temp.path, 'target') };
  const out = join(temp.path, 'activities.xml');
  let cli: CliRunner;

  beforeAll(() => {
    // The CLI runs from a build in a temporary directory, which has no copy of the schema beside it.
    cli = cliRunner({ LEDGER_IATI_SCHEMA_DIR: join(__dirname, '..', '..', 'src', 'iati', 'schema') });
  }, 120_000);
  afterAll(() => {
    cli?.dispose();
    temp.remove();
  });

  it('exports the fixtures to a file that validates, and imports it into an empty ledger once', async () => {
    expect((await cli.run(['import', 'fixtures'], { env: source })).code).toBe(0);
    const exported = await cli.json(['export-iati', '--as-of', '2025-06-01', '--out', out], { env: source });
    expect(exported.code).toBe(0);
    expect(exported.body).toMatchObject({ ok: true, out, asOf: '2025-06-01' });
    expect(await validateIatiActivities(readFileSync(out))).toEqual([]);

    const first = await cli.json(['import-iati', out], { env: target });
    expect(first.code).toBe(0);
    expect(first.body).toMatchObject({ ok: true, commitments: 2, pledges: 1, replayed: 0, unmapped: [] });
    const again = await cli.json(['import-iati', out], { env: target });
    expect(again.body).toMatchObject({ recorded: 0, replayed: first.body.recorded });

    const commitments = await cli.json(['commitments', '--as-of', '2025-06-01'], { env: target });
    expect((commitments.body as Json).items.map((item: Json) => item.id).sort()).toEqual([
      'agreement-qa-unoct-2018',
      'agreement-qa-unoct-behavioural-insights-hub',
      'pledge-qa-unoct-renewal-2024-2026',
    ]);
  }, 120_000);

  it('prints the file on stdout without --out', async () => {
    const run = await cli.run(['export-iati', '--as-of', '2019-01-01'], { env: source });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<iati-activities version="2.03"/);
  });

  // These run on the ledger the first test filled, so "nothing recorded" is a count that did not change.
  it.each([
    ['a negative value', fileWithValue('-1'), /iati-activity\[1\]\/transaction\[1\]\/value: .*negative.* \[isPositive\]/],
    ['an unknown currency', fileWithValue('1', 'XYZ'), /\[isKnownCurrency\]/],
    ['an XML bomb', BILLION_LAUGHS, /line 2: .* \[noDocumentTypeDeclaration\]/],
    ['malformed XML', '<iati-activities version="2.03">', /line \d+: .* \[wellFormedXml\]/],
  ])('refuses %s with exit 2, naming where and which rule, and records nothing', async (_name, xml, message) => {
    const file = join(temp.path, 'bad.xml');
    writeFileSync(file, xml);
    const events = async () => (await cli.json(['events', '--limit', '1000'], { env: target })).body.events.length as number;
    const before = await events();
    const run = await cli.run(['import-iati', file], { env: target });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\s+at .*:\d+:\d+/);
    expect(await events()).toBe(before);
  });

  it('refuses a file it cannot read with exit 2', async () => {
    const run = await cli.run(['import-iati', join(temp.path, 'missing.xml')], { env: target });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read .*missing\.xml/);
  });
});

import { IatiImporter } from '../../src/iati/importing/iati-importer.service';
import { iatiFile } from '../iati/iati-files';
import { startLedgerApp } from '../support/ledger-app';
import { makeTempDir } from '../support/temp-dir';
import { CliRunner, cliRunner } from './support/cli-runner';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `ledger commitments --donor --recipient`: one partnership, by the API's rules (party ids are slugs), and a party
 * that is not registered is a usage error naming the option. The ledger holds the fixtures (State of Qatar →
 * UNOCT) and an IATI file's commitment (FCDO → UNDP).
 */
describe('ledger commitments --donor --recipient (child processes)', () => {
  const temp = makeTempDir('cli-partnership');
  const env = { LEDGER_DATA_DIR: temp.path };
  const at = ['--as-of', '2025-06-01'];
  let cli: CliRunner;

  beforeAll(async () => {
    // The ledger is written in-process (the CLI's test build carries no IATI schema); only the reads run as `ledger`.
    const ledger = await startLedgerApp({ fixtures: true, dataDir: env.LEDGER_DATA_DIR });
    try {
      const xml = iatiFile({ identifier: 'GB-GOV-1-900001', transactions: [{ type: '2', value: '1000.50' }] });
      expect(await ledger.app.get(IatiImporter).importFile(Buffer.from(xml), { actor: 'cli-test', fileName: 'fcdo.xml' })).toMatchObject({ commitments: 1 });
    } finally {
      await ledger.close();
    }
    cli = cliRunner();
  }, 300_000);

  afterAll(() => {
    cli?.dispose();
    temp.remove();
  });

  const ids = (body: Json) => (body.items as Json[]).map((item) => item.id).sort();

  it('lists one partnership’s commitments and pledges, with totals over those alone', async () => {
    const everything = await cli.json(['commitments', ...at], { env });
    expect(everything.code).toBe(0);
    expect(ids(everything.body)).toHaveLength(4);

    const qatar = await cli.json(['commitments', ...at, '--donor', 'qatar', '--recipient', 'unoct'], { env });
    expect(qatar.code).toBe(0);
    expect(ids(qatar.body)).toEqual(['agreement-qa-unoct-2018', 'agreement-qa-unoct-behavioural-insights-hub', 'pledge-qa-unoct-renewal-2024-2026']);
    expect(qatar.body.totals.commitments.map((t: Json) => t.currency)).toEqual(['USD']);

    const fcdo = await cli.json(['commitments', ...at, '--donor', 'iati-gb-gov-1'], { env });
    expect(ids(fcdo.body)).toEqual(['agreement-iati-gb-gov-1-900001']);
    expect(fcdo.body.totals.commitments).toEqual([
      { currency: 'GBP', total: { amount: '1000.50', currency: 'GBP' }, active: { amount: '0.00', currency: 'GBP' }, activeCertain: { amount: '0.00', currency: 'GBP' } },
    ]);

    const table = await cli.run(['commitments', ...at, '--recipient', 'unoct'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('agreement-qa-unoct-2018');
    expect(table.stdout).not.toContain('agreement-iati-gb-gov-1-900001');
  });

  it('a party that is not registered exits 2 naming the option, and so does an id that is not a slug', async () => {
    const unknown = await cli.run(['commitments', '--recipient', 'nobody'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(
      'ledger commitments: not valid:\n  --recipient: --recipient must name a registered party; no party "nobody" is registered in this ledger [isRegisteredParty]\n',
    );

    const asJson = await cli.json(['commitments', '--donor', 'qatar', '--recipient', 'nobody'], { env });
    expect(asJson.code).toBe(2);
    expect(asJson.body).toMatchObject({ ok: false, exitCode: 2, detail: { errors: [{ field: '--recipient', rule: 'isRegisteredParty' }] } });

    const malformed = await cli.run(['commitments', '--donor', 'Not A Slug'], { env });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^ledger commitments: not valid:\n {2}--donor: donor must be a slug .*\[isSlug\]\n$/);
  });
});

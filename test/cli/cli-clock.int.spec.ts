import { INestApplicationContext, Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { CliReadModule } from '../../src/cli/cli-read.module';
import { CliStoreModule } from '../../src/cli/cli-store';
import { CommitmentsCommand, StateCommand } from '../../src/cli/commands/query.commands';
import { RebuildCommand } from '../../src/cli/commands/rebuild.command';
import { ConfigModule } from '../../src/config/config.module';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { CLOCK, fixedClock } from '../../src/time/clock';
import { startLedgerApp } from '../support/ledger-app';
import { makeTempDir } from '../support/temp-dir';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The CLI's "today" is the injected CLOCK, as the HTTP API's is. A child process cannot be given a clock, so the
 * commands run in-process here, in the CLI's own modules over a ledger holding the fixtures, with the clock fixed
 * at 30 June 2019: a read without --as-of must answer for that day (one commitment of USD 75,000,000, no pledge),
 * not for the machine's date.
 */
const TODAY = '2019-06-30';

describe('the CLI reads "today" from the injected clock', () => {
  const temp = makeTempDir('cli-clock');
  let cli: INestApplicationContext;

  beforeAll(async () => {
    const ledger = await startLedgerApp({ fixtures: true, dataDir: temp.path });
    await ledger.close();
    const config = loadLedgerConfig({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: temp.path });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forConfig(config), CliStoreModule, CqrsModule, CliReadModule],
      providers: [RebuildCommand, StateCommand, CommitmentsCommand, { provide: CLOCK, useValue: fixedClock(`${TODAY}T21:30:00Z`) }],
    })
      .setLogger({ log() {}, error() {}, warn() {}, debug() {}, verbose() {} })
      .compile();
    cli = await moduleRef.init();
  }, 120_000);

  afterAll(async () => {
    await cli?.close();
    temp.remove();
  });

  /** Runs a command as `ledger <command> --json` would, and gives back its one JSON document and exit code. */
  async function runJson(type: Type<unknown>, options: Json = {}): Promise<{ code: number; body: Json }> {
    const command = cli.get(type) as unknown as { streams: unknown; run(args: string[], options: Json): Promise<void> };
    let out = '';
    command.streams = { out: { write: (text: string) => (out += text) }, err: { write: () => true } };
    const before = process.exitCode;
    try {
      await command.run([], { ...options, json: true });
      return { code: Number(process.exitCode ?? 0), body: JSON.parse(out) as Json };
    } finally {
      process.exitCode = before;
    }
  }

  // rebuild first: it folds the log itself, which a process does once; the reads after it use that fold.
  it('rebuild counts at the clock’s day', async () => {
    const { code, body } = await runJson(RebuildCommand);
    expect(code).toBe(0);
    expect(body).toMatchObject({ asOf: TODAY, counts: { commitments: 1 } });
  });

  it('commitments, state: the clock’s day when --as-of is left out, and --as-of still wins', async () => {
    const commitments = await runJson(CommitmentsCommand);
    expect(commitments.body.asOf).toBe(TODAY);
    expect(commitments.body.items.map((i: Json) => [i.kind, i.total.amount])).toEqual([['commitment', '75000000']]);
    expect((await runJson(StateCommand)).body.asOf).toBe(TODAY);
    expect((await runJson(CommitmentsCommand, { asOf: '2025-06-01' })).body.asOf).toBe('2025-06-01');
  });
});

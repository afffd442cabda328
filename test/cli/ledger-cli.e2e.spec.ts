import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/capabilities';
import { EsdbTestServer, startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { makeTempDir } from '../support/temp-dir';
import { CliRunner, cliRunner } from './support/cli-runner';
import { compareLedgers } from './support/compare-ledgers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `ledger` end to end: each command runs in its own child process on temporary data directories, and its exit
 * code, stdout and stderr are checked. The tests run in order and build on each other (one ledger, A).
 */
describe('ledger CLI (child processes)', () => {
  const temp = makeTempDir('cli');
  const dirA = join(temp.path, 'a');
  const dirB = join(temp.path, 'b');
  const envA = { LEDGER_DATA_DIR: dirA };
  const envB = { LEDGER_DATA_DIR: dirB };
  const exportFile = join(temp.path, 'ledger.ndjson');
  const olderCopy = join(temp.path, 'older.sqlite');
  let cli: CliRunner;
  let digest: string;
  let eventCount: number;

  beforeAll(() => {
    cli = cliRunner();
  }, 120_000);

  afterAll(() => {
    cli?.dispose();
    temp.remove();
  });

  it('--help lists every command and explains the environment, the actor, the two times and the exit codes', async () => {
    const help = await cli.run(['--help']);
    expect(help.code).toBe(0);
    const names = [
      ...COMMANDS.map((d) => d.name),
      ...['state', 'commitments', 'offices', 'engagements', 'programmes', 'timeline', 'history', 'diff', 'events'],
      ...['import', 'rebuild', 'replay', 'export', 'import-log', 'verify', 'seal', 'digest', 'keygen'],
    ];
    for (const name of names) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(help.stdout).toMatch(/^Usage: ledger /m);
    for (const text of ['LEDGER_STORE', 'LEDGER_DATA_DIR', 'EVENTSTORE_CONNECTION_STRING', 'LEDGER_ACTOR', 'Exit codes: 0 done, 1 refused or failed, 2 bad command line', '3 verification failed']) {
      expect(help.stdout).toContain(text);
    }

    const replay = await cli.run(['replay', '--help']);
    expect(replay.code).toBe(0);
    expect(replay.stdout.replace(/\s+/g, ' ')).toMatch(/recorded on or before --to \(recorded time, UTC: what was recorded later, corrections included, is left out\)/);
    expect(replay.stdout.replace(/\s+/g, ' ')).toMatch(/every event recorded by the end of that UTC day/);

    const record = await cli.run(['open-office', '--help']);
    expect(record.stdout.replace(/\s+/g, ' ')).toMatch(/--actor <name> who records this \(default: env LEDGER_ACTOR, else the operating-system user name\)/);
    expect((await cli.run(['--version'])).code).toBe(0);
  });

  it('usage errors exit 2 and reading a ledger that does not exist exits 1 without creating it', async () => {
    const cases: [string[], RegExp][] = [
      [['nope'], /unknown command 'nope'/],
      [['verify', '--bogus'], /unknown option '--bogus'/],
      [['diff', '--from', '2020-01-01'], /required option '--to <date>' not specified/],
      [['history'], /missing required argument 'stream'/],
      [['replay', '--to', 'yesterday'], /--to must be a date YYYY-MM-DD/],
      [['verify', '--digest', 'abc'], /option '--digest <digest>' argument 'abc' is invalid/],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run(args, { env: envA });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
    const missing = await cli.run(['verify'], { env: envA });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no ledger at ${join(dirA, 'ledger.sqlite')}`);
    expect(existsSync(join(dirA, 'ledger.sqlite'))).toBe(false);

    const config = await cli.run(['verify'], { env: { ...envA, LEDGER_STORE: 'mysql' } });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/LEDGER_STORE must be "sqlite" or "eventstoredb"/);
  });

  it('import <dir> records the fixtures through the command path; a second import appends nothing', async () => {
    const first = await cli.json(['import', 'fixtures'], { env: envA });
    expect(first.code).toBe(0);
    expect(first.body).toMatchObject({ ok: true, files: 9, commands: 55, replayed: 0, lastPosition: '55' });
    const again = await cli.run(['import', 'fixtures'], { env: envA });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already recorded\s+55/);
  });

  it('import --progress draws its progress on stderr; a bad command stops it (exit 2) naming file and index, with everything before it recorded', async () => {
    const dir = join(temp.path, 'bad-fixtures');
    mkdirSync(dir, { recursive: true });
    for (const file of ['00-sources.json', '01-parties.json']) copyFileSync(join('fixtures', file), join(dir, file));
    cpSync(join('fixtures', 'sources'), join(dir, 'sources'), { recursive: true });
    const party = (partyId: string) => ({ command: 'register-party', commandId: randomUUID(), payload: { partyId, name: { en: partyId }, kind: 'state' } });
    writeFileSync(join(dir, '02-extra.json'), JSON.stringify([party('before-bad'), party('Not A Slug'), party('after-bad')]));
    const env = { LEDGER_DATA_DIR: join(temp.path, 'bad-import') };

    const result = await cli.run(['import', dir, '--progress'], { env });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/02-extra\.json\[1\]\.partyId: .*\[isSlug\]/);
    expect(result.stderr).toMatch(/^import .*% [\d,]+ of [\d,]+ commands/m);
    const { body: parties } = await cli.json(['events', '--limit', '1000', '--stream', 'party-'], { env });
    const streams = parties.events.map((e: Json) => e.stream);
    expect(streams).toContain('party-before-bad');
    expect(streams).not.toContain('party-after-bad');
  });

  it('records a command from inline JSON, a file or stdin, idempotently by --command-id, as the given actor', async () => {
    const payloadFile = join(temp.path, 'party.json');
    writeFileSync(payloadFile, JSON.stringify({ partyId: 'cli-party', name: { en: 'CLI party', ar: 'طرف' }, kind: 'international-organisation' }));
    const commandId = randomUUID();
    const recorded = await cli.json(['register-party', '--payload', `@${payloadFile}`, '--command-id', commandId], { env: envA });
    expect(recorded.code).toBe(0);
    expect(recorded.body).toMatchObject({ ok: true, command: 'register-party', commandId, stream: 'party-cli-party', replayed: false, position: '56' });
    const retried = await cli.json(['register-party', '--payload', `@${payloadFile}`, '--command-id', commandId], { env: envA });
    expect(retried.body).toMatchObject({ replayed: true, position: '56' });

    const human = await cli.run(['register-party', '--payload', '-', '--actor', 'alice'], {
      env: envA,
      input: JSON.stringify({ partyId: 'cli-party-2', name: { en: 'Second CLI party' }, kind: 'state' }),
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/outcome\s+recorded 1 event\(s\)/);
    expect(human.stdout).toMatch(/stream\s+party-cli-party-2 revisions 0–0/);

    const first = await cli.json(['history', 'party-cli-party'], { env: envA });
    expect(first.body.history.entries[0].actor).toBe('cli-test'); // LEDGER_ACTOR
    const second = await cli.json(['history', 'party-cli-party-2'], { env: envA });
    expect(second.body.history.entries[0].actor).toBe('alice'); // --actor wins

    const invalid = await cli.json(['register-party', '--payload', '{"partyId":"Not A Slug","kind":"planet"}'], { env: envA });
    expect(invalid.code).toBe(2);
    expect(invalid.body).toMatchObject({ ok: false, exitCode: 2 });
    expect(invalid.body.detail.errors.map((e: Json) => e.field)).toEqual(expect.arrayContaining(['partyId', 'name', 'kind']));
    expect(invalid.stderr).toMatch(/partyId: partyId must be a slug/);

    const notJson = await cli.run(['register-party', '--payload', '{oops'], { env: envA });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/the payload from --payload is not JSON/);

    const twice = await cli.run(['register-party', '--payload', `@${payloadFile}`], { env: envA });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/refused by rule party.cannot-register-twice/);
    eventCount = 57;
  });

  it('answers every query as tables by default and as exactly one JSON document with --json', async () => {
    const state = await cli.run(['state', '--as-of', '2022-01-01'], { env: envA });
    expect(state.code).toBe(0);
    for (const heading of ['as of 2022-01-01, as known at now (position 57)', 'Commitments and pledges', 'Offices', 'Engagements', 'Programmes']) {
      expect(state.stdout).toContain(heading);
    }
    expect(state.stdout).toMatch(/agreement-qa-unoct-2018\s+commitment\s+active\s+qatar → unoct\s+USD 75000000/);

    const commitments = await cli.json(['commitments', '--as-of', '2020-01-01'], { env: envA });
    expect(commitments.body).toMatchObject({ asOf: '2020-01-01', knownAt: null, position: '57' });
    expect(commitments.body.items).toEqual([expect.objectContaining({ id: 'agreement-qa-unoct-2018', kind: 'commitment', status: 'active' })]);

    const offices = await cli.run(['offices', '--as-of', '2024-06-30'], { env: envA });
    expect(offices.stdout).toMatch(/office-behavioural-insights-hub\s+International Hub on Behavioural Insights/);
    for (const query of ['offices', 'engagements', 'programmes', 'timeline']) {
      const answer = await cli.json([query, '--as-of', '2024-06-30'], { env: envA });
      expect(answer.code).toBe(0);
      expect(Array.isArray(answer.body[query])).toBe(true);
      expect(answer.body[query].length).toBeGreaterThan(0);
    }

    const history = await cli.json(['history', 'office-behavioural-insights-hub'], { env: envA });
    expect(history.body.history.entries.map((e: Json) => e.change)).toEqual(['recorded', 'corrected']);
    const unknown = await cli.run(['history', 'office-nowhere'], { env: envA });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no stream "office-nowhere" is known at that point');

    const diff = await cli.json(['diff', '--from', '2019-01-01', '--to', '2022-01-01'], { env: envA });
    expect(diff.body.diff.offices.added.map((o: Json) => o.id)).toContain('office-behavioural-insights-hub');
    const diffTable = await cli.run(['diff', '--from', '2019-01-01', '--to', '2022-01-01'], { env: envA });
    expect(diffTable.stdout).toMatch(/offices\s+added\s+office-behavioural-insights-hub/);

    const events = await cli.json(['events', '--limit', '5', '--stream', 'party-'], { env: envA });
    expect(events.body.events).toHaveLength(5);
    for (const event of events.body.events) expect(event.metadata.chain.hash).toMatch(/^[0-9a-f]{64}$/);

    // As known at position 1: only the first source was recorded.
    const early = await cli.json(['commitments', '--known-at', '1'], { env: envA });
    expect(early.body).toMatchObject({ knownAt: '1', position: '1', items: [] });

    const badDate = await cli.run(['offices', '--as-of', '2024-02-30'], { env: envA });
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/asOf must be a calendar date YYYY-MM-DD/);
  });

  it('rebuild replays every event with a progress bar, reports counts and the position, and writes nothing', async () => {
    const rebuild = await cli.run(['rebuild', '--progress'], { env: envA });
    expect(rebuild.code).toBe(0);
    expect(rebuild.stderr).toMatch(/rebuild █+ 100% 57 events, position 57/);
    expect(rebuild.stdout).toMatch(/events replayed\s+57/);
    expect(rebuild.stdout).toMatch(/resulting position\s+57/);
    expect(rebuild.stdout).toMatch(/FactCorrected\s+10/);
    expect(existsSync(join(dirA, 'read-models'))).toBe(false);

    const quiet = await cli.json(['rebuild', '--no-save', '--as-of', '2024-06-30'], { env: envA });
    expect(quiet.body).toMatchObject({ ok: true, events: 57, position: '57', counts: { offices: 3 } });
    expect(quiet.stderr).toBe(''); // not a terminal: no bar unless --progress
  });

  it('replay --to gives the ledger as it was known at the end of a day (or at a position), read at that valid date', async () => {
    const before = await cli.json(['replay', '--to', '1999-12-31'], { env: envA });
    expect(before.code).toBe(0);
    expect(before.body.replay).toMatchObject({ events: 0, position: null, asOf: '1999-12-31' });
    expect(before.body.state).toMatchObject({ events: 0, offices: [] });

    const { body: events } = await cli.json(['events', '--limit', '1000'], { env: envA });
    const lastDay = String(events.events[events.events.length - 1].recordedAt).slice(0, 10);
    const all = await cli.json(['replay', '--to', lastDay, '--as-of', '2024-06-30'], { env: envA });
    expect(all.body.replay).toMatchObject({ events: eventCount, position: String(eventCount), asOf: '2024-06-30' });
    expect(all.body.state.offices).toHaveLength(3);

    // Up to position 40 (the first office opened, uncorrected yet): its opening month, not the corrected day.
    const partial = await cli.json(['replay', '--to', '40', '--as-of', '2024-06-30'], { env: envA });
    expect(partial.body.replay).toMatchObject({ events: 40, position: '40' });
    expect(partial.body.state.offices.map((o: Json) => [o.id, o.openedOn])).toEqual([['office-behavioural-insights-hub', '2020-12']]);

    const withBar = await cli.run(['replay', '--to', lastDay, '--progress'], { env: envA });
    expect(withBar.code).toBe(0);
    expect(withBar.stderr).toMatch(/replay █+ 100%/);
    expect(withBar.stdout).toMatch(/replayed\s+57 events recorded on or before/);
  });

  it('seal appends a seal and prints the digest; digest prints it again; verify (and verify --digest) pass', async () => {
    const reader = new Database(join(dirA, 'ledger.sqlite'), { readonly: true });
    await reader.backup(olderCopy); // a copy from before the seal, for the roll-back case below
    reader.close();

    const seal = await cli.json(['seal', '--actor', 'auditor'], { env: envA });
    expect(seal.code).toBe(0);
    digest = seal.body.digest;
    expect(digest).toMatch(/^57:57:[0-9a-f]{64}$/);
    expect(seal.body).toMatchObject({ stream: 'seal-ledger', revision: '0', position: '58', actor: 'auditor', data: { eventCount: 57, sealedPosition: '57', previousSeal: null } });

    const printed = await cli.run(['digest'], { env: envA });
    expect(printed.code).toBe(0);
    expect(printed.stdout.split('\n')[0]).toBe(digest);

    const verify = await cli.run(['verify', '--progress'], { env: envA });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/result\s+OK: every chain and seal recomputes/);
    expect(verify.stdout).toMatch(/events checked\s+58/);
    expect(verify.stderr).toMatch(/verify █+ 100%/);

    const withDigest = await cli.json(['verify', '--digest', digest], { env: envA });
    expect(withDigest.code).toBe(0);
    expect(withDigest.body).toMatchObject({ ok: true, broken: null, digest: { found: true }, summary: { events: 58, lastPosition: '58' } });
  });

  it('export → import-log into an empty store: the copy verifies, proves the original digest, and answers every query identically', async () => {
    const exported = await cli.run(['export', '--out', exportFile], { env: envA });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/exported\s+58 events/);
    expect(exported.stdout).toContain(`latest seal    ${digest}`);
    const lines = readFileSync(exportFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(59);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'partnership-ledger-export', version: 1, eventCount: 58, lastPosition: '58', store: 'sqlite' });
    expect(Object.keys(JSON.parse(lines[1]!))).toEqual(['position', 'stream', 'revision', 'id', 'type', 'recordedAt', 'data', 'metadata']);
    expect(JSON.parse(lines[58]!)).toMatchObject({ position: '58', stream: 'seal-ledger', revision: '0', type: 'LedgerSealed' });

    const toStdout = await cli.run(['export'], { env: envA });
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout.trim().split('\n').slice(1)).toEqual(lines.slice(1));
    expect(toStdout.stderr).toMatch(/exported\s+58 events/);
    expect((await cli.run(['export', '--out', exportFile], { env: envA })).code).toBe(2); // exists: --force to overwrite

    const restored = await cli.run(['import-log', exportFile], { env: envB });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/imported\s+58 events/);
    expect(restored.stdout).toContain(`original latest seal  ${digest}`);
    const again = await cli.run(['import-log', exportFile], { env: envB });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/restores into an empty store only/);

    const verify = await cli.json(['verify', '--digest', digest], { env: envB });
    expect(verify.code).toBe(0);
    expect(verify.body).toMatchObject({ ok: true, summary: { events: 59 }, digest: { found: true } });
    expect(verify.body.summary.seals.map((s: Json) => s.status)).toEqual(['imported', 'verified']);
    expect(verify.body.summary.latestSeal.data.importedFrom).toMatchObject({ digest, eventCount: 58, lastPosition: '58' });

    await compareLedgers(envA, envB);
  }, 60_000);

  it('import-log refuses an export that does not verify, naming the broken event and its line', async () => {
    const lines = readFileSync(exportFile, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"stream":"agreement-qa-unoct-2018"'));
    lines[line] = lines[line]!.replace('"amount":"75000000"', '"amount":"95000000"');
    const forged = join(temp.path, 'forged.ndjson');
    writeFileSync(forged, lines.join('\n'));
    const result = await cli.run(['import-log', forged], { env: { LEDGER_DATA_DIR: join(temp.path, 'c') } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the export does not verify, nothing was imported: stream agreement-qa-unoct-2018, revision 0, id .* hash-mismatch/);
    expect(result.stderr).toContain(`(line ${line + 1} of the file)`);
  });

  it('tampering: verify exits 3 and names the first broken event; seal refuses; a roll-back is caught against the digest', async () => {
    const file = join(dirA, 'ledger.sqlite');
    const db = new Database(file);
    const target = db.prepare("SELECT position, id, data FROM events WHERE stream = 'office-behavioural-insights-hub' AND revision = 0").get() as { position: number; id: string; data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(target.data.replace('"city":"Doha"', '"city":"doha"'), target.position);
    db.close();

    const verify = await cli.run(['verify'], { env: envA });
    expect(verify.code).toBe(3);
    expect(verify.stdout).toMatch(/result\s+BROKEN/);
    expect(verify.stdout).toMatch(new RegExp(`First broken event\nstream\\s+office-behavioural-insights-hub\nrevision\\s+0\nid\\s+[0-9a-f-]{36}\nposition\\s+${target.position}\nreason\\s+hash-mismatch`));
    expect(verify.stdout).toContain(target.id);
    expect(verify.stderr).toContain(`ledger verify: FAILED at stream office-behavioural-insights-hub, revision 0, id ${target.id}, position ${target.position} — hash-mismatch`);

    const json = await cli.json(['verify'], { env: envA });
    expect(json.code).toBe(3);
    expect(json.body).toMatchObject({ ok: false, broken: { stream: 'office-behavioural-insights-hub', revision: '0', id: target.id, position: String(target.position), reason: 'hash-mismatch' } });

    const seal = await cli.run(['seal'], { env: envA });
    expect(seal.code).toBe(3);
    expect(seal.stderr).toMatch(/the ledger does not verify, nothing was done: stream office-behavioural-insights-hub/);

    const rolledBack = join(temp.path, 'rolled-back');
    mkdirSync(rolledBack);
    copyFileSync(olderCopy, join(rolledBack, 'ledger.sqlite'));
    const plain = await cli.run(['verify'], { env: { LEDGER_DATA_DIR: rolledBack } });
    expect(plain.code).toBe(0); // an older ledger is a valid ledger…
    const against = await cli.run(['verify', '--digest', digest], { env: { LEDGER_DATA_DIR: rolledBack } });
    expect(against.code).toBe(3); // …but not the one the auditor sealed
    expect(against.stdout).toMatch(/digest\s+NOT FOUND: the log holds no seal of position 57 or later/);
    expect(against.stderr).toMatch(/FAILED at position 57 — digest/);
  });

  describe('on EventStoreDB (the in-process protocol test server)', () => {
    let server: EsdbTestServer;
    let envE: NodeJS.ProcessEnv;

    beforeAll(async () => {
      server = await startEsdbTestServer();
      envE = { LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: server.connectionString, LEDGER_DATA_DIR: join(temp.path, 'esdb') };
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('imports the export, proves the original digest, records, seals, verifies and answers like the embedded store', async () => {
      const restored = await cli.run(['import-log', exportFile, '--no-progress'], { env: envE });
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(/imported\s+58 events/);

      const proved = await cli.json(['verify', '--digest', digest], { env: envE });
      expect(proved.code).toBe(0);
      expect(proved.body).toMatchObject({ ok: true, store: 'eventstoredb', file: null, digest: { found: true } });

      const fixtures = await cli.json(['import', 'fixtures'], { env: envE });
      expect(fixtures.body).toMatchObject({ commands: 55, replayed: 55 }); // same command ids: already there

      const party = await cli.json(['register-party', '--payload', '{"partyId":"esdb-party","name":{"en":"ESDB party"},"kind":"state"}'], { env: envE });
      expect(party.code).toBe(0);
      const seal = await cli.json(['seal'], { env: envE });
      expect(seal.code).toBe(0);
      expect(seal.body.data.previousSeal).toBe(proved.body.summary.latestSeal.digest);
      const latest = await cli.run(['verify', '--digest', seal.body.digest], { env: envE });
      expect(latest.code).toBe(0);

      const embedded = await cli.json(['commitments', '--as-of', '2024-06-30'], { env: envB });
      const esdb = await cli.json(['commitments', '--as-of', '2024-06-30'], { env: envE });
      const strip = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v) => (['position', 'recordedAt', 'knownAt'].includes(k) ? undefined : v)));
      expect(strip(esdb.body)).toEqual(strip(embedded.body));

      const rebuild = await cli.json(['rebuild', '--no-save'], { env: envE });
      expect(rebuild.body).toMatchObject({ events: 61 });
      const exported = await cli.run(['export'], { env: envE });
      expect(JSON.parse(exported.stdout.split('\n')[0]!)).toMatchObject({ eventCount: 61, store: 'eventstoredb' });
    }, 60_000);
  });
});

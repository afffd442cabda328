import Database from 'better-sqlite3';
import { join } from 'node:path';
import { LogReadError, READ_AHEAD_AFTER, headOf, readLog } from '../../src/event-store/log-reader';
import { EventStore, StoredEvent } from '../../src/event-store/event-store.port';
import { ReadAheadOptions } from '../../src/event-store/read-ahead';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { CliStore } from '../../src/cli/cli-store';
import { ReadSide } from '../../src/cli/read-side';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { derivedAheadOf, readAheadOf } from '../../src/event-store/read-ahead';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { writeLargeLedger } from '../support/large-ledger';
import { portOnly } from '../support/port-only';
import { stateJson } from '../support/state-json';
import { makeTempDir } from '../support/temp-dir';

/** A full read of a long log goes through the store's read-ahead thread, and still names an unreadable event. */
describe('reading the whole log', () => {
  const EVENTS = READ_AHEAD_AFTER + 10_000;
  const temp = makeTempDir('log-reader');
  const file = join(temp.path, 'ledger.sqlite');
  let store: SqliteEventStore;
  let pagesAhead: number;

  /** The store, counting the pages its read-ahead thread hands over (it declares itself as the capability). */
  const counted = (): EventStore => {
    const port = Object.create(store) as SqliteEventStore;
    port.readAhead = async function* (options: ReadAheadOptions) {
      for await (const page of store.readAhead(options)) {
        pagesAhead++;
        yield page;
      }
    };
    return port;
  };

  beforeAll(async () => {
    await writeLargeLedger(temp.path, EVENTS);
    store = SqliteEventStore.open({ file });
  }, 120_000);
  beforeEach(() => {
    pagesAhead = 0;
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  it('yields every event in order through the read-ahead thread, and stops at upTo', async () => {
    const head = (await headOf(store))!;
    const expected = await store.readAll();
    let count = 0;
    let last = 0n;
    for await (const event of readLog(counted(), { upTo: head })) {
      expect(event.position > last).toBe(true);
      if (count % 9973 === 0) expect({ id: event.id, data: event.data }).toEqual({ id: expected[count]!.id, data: expected[count]!.data });
      last = event.position;
      count++;
    }
    expect(count).toBe(EVENTS);
    expect(pagesAhead).toBeGreaterThan(10);

    const upTo = expected[EVENTS - 5_000]!.position;
    const cut: StoredEvent[] = [];
    for await (const event of readLog(counted(), { upTo })) cut.push(event);
    expect(cut[cut.length - 1]!.position).toBe(upTo);
  }, 120_000);

  it("gives the CLI's read side the read-ahead thread with the ledger's derivation, and the same model through the port alone", async () => {
    const cli = new CliStore(loadLedgerConfig({ LEDGER_DATA_DIR: temp.path }));
    cli.prepare({ create: false });
    const derived = new LiveLedger();
    let derivedAhead = 0;
    const apply = derived.apply.bind(derived);
    derived.apply = (event) => {
      if (derivedAheadOf(event) !== null) derivedAhead++;
      return apply(event);
    };
    const plain = new LiveLedger();
    try {
      await new ReadSide(cli, derived).replay();
      expect(readAheadOf(cli)).toBeDefined();
      expect(derivedAhead).toBe(EVENTS);
      await new ReadSide(portOnly(store), plain).replay();
      expect(plain.current.eventCount).toBe(EVENTS);
      expect(stateJson(plain.current)).toEqual(stateJson(derived.current));
    } finally {
      await cli.close();
    }
  }, 120_000);

  it('names the first unreadable event after reading everything before it', async () => {
    const all = await store.readAll();
    const broken = all[40_000]!;
    const db = new Database(file);
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run('{not json', broken.position);
    db.close();
    let yielded = 0;
    let failure: unknown;
    try {
      for await (const _event of readLog(counted(), { upTo: all[all.length - 1]!.position })) yielded++;
    } catch (error) {
      failure = error;
    }
    expect(pagesAhead).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(LogReadError);
    expect((failure as LogReadError).after).toBe(all[39_999]!.position);
    expect(yielded).toBe(40_000);
  }, 120_000);
});

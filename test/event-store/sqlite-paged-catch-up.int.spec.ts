import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { takeWhile, toArray } from 'rxjs/operators';
import { writeSyntheticLedger } from '../../bench/synthetic-ledger';
import { evolve, initialLedgerState } from '../../projections/ledger/ledger-state';
import { commitmentsAt } from '../../projections/commitments/commitments';
import { officesPageAt } from '../../projections/offices/offices';
import { StoredEvent, SubscriptionMessage } from '../../src/event-store/event-store.port';
import { DeriveAhead, derivedAheadOf, storedJsonBytesOf } from '../../src/event-store/read-ahead';
import { storedJsonTextOf } from '../../src/event-store/text-stored-event';
import { PagedReader } from '../../src/event-store/sqlite/paged-read';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { TemporalLedger } from '../../src/read-models/temporal-ledger';
import { stateJson } from '../support/state-json';
import { makeTempDir } from '../support/temp-dir';

const EVENTS = 4_500;

/**
 * Every event a subscription delivers until it says it has caught up, and where it says it caught up: the
 * port's subscription, or the read-ahead one deriving `deriveAhead`.
 */
async function catchUp(store: SqliteEventStore, fromPosition?: bigint, deriveAhead?: DeriveAhead) {
  const messages = await firstValueFrom(
    (deriveAhead ? store.subscribeToAllAhead({ fromPosition }, deriveAhead) : store.subscribeToAll({ fromPosition })).pipe(
      takeWhile((m: SubscriptionMessage) => m.kind !== 'caught-up', true),
      toArray(),
    ),
  );
  const caughtUp = messages.findIndex((m) => m.kind === 'caught-up');
  const events = messages.slice(0, caughtUp).map((m) => (m as { event: StoredEvent }).event);
  return { events, caughtUp: messages[caughtUp] };
}

const plain = (events: readonly StoredEvent[]) => JSON.parse(JSON.stringify(events, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));

describe('catching up on a large log in pages read by a worker thread', () => {
  const dir = makeTempDir('paged');
  const file = join(dir.path, 'ledger.sqlite');
  let store: SqliteEventStore;
  let all: StoredEvent[];

  beforeAll(async () => {
    const writer = SqliteEventStore.open({ file });
    await writeSyntheticLedger(writer, { events: EVENTS, seed: 5, batch: 500 });
    await writer.close();
    // Behind by more than nothing: every subscription here catches up in pages.
    store = SqliteEventStore.open({ file, pagedCatchUpAfter: 0, pollIntervalMs: 20 });
    all = await store.readAll();
  });

  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('delivers every event once, in order, exactly as the store reads them, then says it has caught up', async () => {
    const { events, caughtUp } = await catchUp(store);
    expect(events).toHaveLength(EVENTS);
    // Read by the worker: each event comes with its page's bytes.
    expect(events.every((e) => storedJsonBytesOf(e) !== null)).toBe(true);
    expect(all.some((e) => storedJsonBytesOf(e) !== null)).toBe(false);
    expect(plain(events)).toEqual(plain(all));
    expect(events.map((e) => storedJsonTextOf(e)!.dataText)).toEqual(all.map((e) => storedJsonTextOf(e)!.dataText));
    expect(caughtUp).toEqual({ kind: 'caught-up', position: all[all.length - 1]!.position });
  });

  it('resumes after a position', async () => {
    const from = all[2_999]!.position;
    const { events } = await catchUp(store, from);
    expect(events.map((e) => e.id)).toEqual(all.slice(3_000).map((e) => e.id));
  });

  it('builds the same read model as events read on the main thread (the table keeps the pages it was handed)', async () => {
    const { events } = await catchUp(store);
    const ledger = new TemporalLedger();
    for (const event of events) ledger.apply(event);
    const replayed = all.reduce(evolve, initialLedgerState());
    expect(stateJson(ledger.current)).toEqual(stateJson(replayed));
    const middle = all[2_222]!.position;
    expect(stateJson(ledger.stateAt(middle))).toEqual(stateJson(all.slice(0, 2_223).reduce(evolve, initialLedgerState())));
  });

  it("runs the subscriber's derivation ahead, and a ledger folding its results answers as one folding the plain events", async () => {
    const { events } = await catchUp(store, undefined, TemporalLedger.deriveAhead);
    expect(events.every((e) => derivedAheadOf(e) !== null)).toBe(true);
    expect((await catchUp(store)).events.some((e) => derivedAheadOf(e) !== null)).toBe(false);
    const ahead = new TemporalLedger();
    for (const event of events) ahead.apply(event);
    const plainLedger = new TemporalLedger();
    for (const event of all) plainLedger.apply(event);
    expect(stateJson(ahead.current)).toEqual(stateJson(plainLedger.current));
    for (const position of [all[1_500]!.position, all[EVENTS - 1]!.position]) {
      for (const asOf of ['2005-06-30', '2016-01-01', '2021-12-31', '2027-03-31']) {
        const [a, b] = [ahead, plainLedger].map((ledger) => ({
          commitments: commitmentsAt(ledger.stateAt(position), { asOf, includeRetracted: true }, ledger.validTimeIndex),
          offices: officesPageAt(ledger.stateAt(position), asOf, {}, ledger.validTimeIndex),
        }));
        expect(a).toEqual(b);
        expect(a!.commitments.items.length + a!.offices.items.length).toBeGreaterThan(0);
      }
    }
  });

  it('keeps its reader thread between catch-ups: the next one, from elsewhere and deriving something else, reads through it', async () => {
    const started = jest.spyOn(PagedReader.prototype, 'start');
    const own = SqliteEventStore.open({ file, pagedCatchUpAfter: 0 });
    try {
      const first = await catchUp(own, undefined, TemporalLedger.deriveAhead);
      const second = await catchUp(own, all[1_234]!.position);
      expect(started).toHaveBeenCalledTimes(2);
      expect(started.mock.contexts[1]).toBe(started.mock.contexts[0]);
      expect(first.events.map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(plain(second.events)).toEqual(plain(all.slice(1_235)));
      expect(second.events.some((e) => derivedAheadOf(e) !== null)).toBe(false);
    } finally {
      started.mockRestore();
      await own.close();
    }
  });

  it('goes on with events appended after it caught up', async () => {
    const seen: StoredEvent[] = [];
    let caughtUp!: () => void;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    const subscription = store.subscribeToAll({ fromPosition: all[4_000]!.position }).subscribe((m) => {
      if (m.kind === 'event') seen.push(m.event);
      else caughtUp();
    });
    await ready;
    expect(seen).toHaveLength(EVENTS - 4_001);
    const result = await store.append('office-after-catch-up', [{ id: '00000000-0000-4000-8000-00000000a11e', type: 'OfficeOpened', data: { officeId: 'x' }, metadata: {} }], 'no_stream');
    await new Promise((resolve) => setTimeout(resolve, 200));
    subscription.unsubscribe();
    expect(seen[seen.length - 1]!.position).toBe(result.position);
    expect(seen[seen.length - 1]!.stream).toBe('office-after-catch-up');
  });

  it('stops when unsubscribed mid-way, and a store closed while a page is being read closes its reader', async () => {
    let delivered = 0;
    const subscription = store.subscribeToAll().subscribe((m) => {
      if (m.kind === 'event' && ++delivered === 10) subscription.unsubscribe();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(delivered).toBe(10);

    const other = SqliteEventStore.open({ file, pagedCatchUpAfter: 0 });
    const errors: unknown[] = [];
    other.subscribeToAll().subscribe({ error: (e) => errors.push(e) });
    await other.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors).toEqual([]);
  });
});

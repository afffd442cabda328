import { Test } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'node:path';
import { writeSyntheticLedger } from '../../bench/synthetic-ledger';
import { commitmentsAt } from '../../projections/commitments/commitments';
import { evolve, initialLedgerState } from '../../projections/ledger/ledger-state';
import { officesPageAt } from '../../projections/offices/offices';
import { EVENT_STORE, EventStore, StoredEvent } from '../../src/event-store/event-store.port';
import { EsdbEventStore } from '../../src/event-store/eventstoredb/esdb-event-store';
import { derivedAheadOf, readAheadOf } from '../../src/event-store/read-ahead';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { LedgerFollower } from '../../src/read-models/ledger-follower.service';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { stateJson } from '../support/state-json';
import { portOnly } from '../support/port-only';
import { makeTempDir } from '../support/temp-dir';

/** Starts the server's follower on `store` and waits until its live ledger has caught up; the events it folded. */
async function follow(store: EventStore) {
  const live = new LiveLedger();
  const folded: StoredEvent[] = [];
  const apply = live.apply.bind(live);
  live.apply = (event) => {
    folded.push(event);
    return apply(event);
  };
  const moduleRef = await Test.createTestingModule({
    imports: [CqrsModule],
    providers: [{ provide: EVENT_STORE, useValue: store }, { provide: LiveLedger, useValue: live }, LedgerFollower],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await live.whenCaughtUp();
  return { app, live, folded };
}

/** What the read routes answer from a live ledger, on both time axes. */
function answers(live: LiveLedger, positions: readonly bigint[]) {
  return Promise.all(
    positions.map(async (position) => {
      const { state } = await live.knownAt(position);
      return ['2005-06-30', '2016-01-01', '2021-12-31', '2027-03-31'].map((asOf) => ({
        commitments: commitmentsAt(state, { asOf, includeRetracted: true }, live.validTimeIndex),
        offices: officesPageAt(state, asOf, {}, live.validTimeIndex),
      }));
    }),
  );
}

describe('the read side on a store that cannot read ahead', () => {
  const EVENTS = 4_500;
  const dir = makeTempDir('without-read-ahead');
  const file = join(dir.path, 'ledger.sqlite');
  let store: SqliteEventStore;
  let all: StoredEvent[];

  beforeAll(async () => {
    const writer = SqliteEventStore.open({ file });
    await writeSyntheticLedger(writer, { events: EVENTS, seed: 7, batch: 500 });
    await writer.close();
    // Behind by more than nothing: a catch-up that can read ahead does, deriving as it goes.
    store = SqliteEventStore.open({ file, pagedCatchUpAfter: 0, pollIntervalMs: 20 });
    all = await store.readAll();
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('builds the same live ledger through the port alone as through the read-ahead capability', async () => {
    expect(readAheadOf(store)).toBeDefined();
    expect(readAheadOf(portOnly(store))).toBeUndefined();
    const ahead = await follow(store);
    const plain = await follow(portOnly(store));
    try {
      // The follower handed the ledger's derivation to the store that reads ahead, and to the other nothing.
      expect(ahead.folded).toHaveLength(EVENTS);
      expect(ahead.folded.every((event) => derivedAheadOf(event) !== null)).toBe(true);
      expect(plain.folded).toHaveLength(EVENTS);
      expect(plain.folded.some((event) => derivedAheadOf(event) !== null)).toBe(false);

      expect(stateJson(plain.live.current)).toEqual(stateJson(ahead.live.current));
      expect(stateJson(plain.live.current)).toEqual(stateJson(all.reduce(evolve, initialLedgerState())));
      const positions = [all[1_500]!.position, all[EVENTS - 1]!.position];
      const [withCapability, without] = await Promise.all([answers(ahead.live, positions), answers(plain.live, positions)]);
      expect(without).toEqual(withCapability);
      expect(without.flat().some((answer) => answer.commitments.items.length > 0 && answer.offices.items.length > 0)).toBe(true);
    } finally {
      await ahead.app.close();
      await plain.app.close();
    }
  });

  it('follows the EventStoreDB adapter, which declares no read-ahead, into the model a plain fold of its log gives', async () => {
    const server = await startEsdbTestServer();
    const esdb = EsdbEventStore.connect(server.connectionString);
    try {
      expect(readAheadOf(esdb)).toBeUndefined();
      await writeSyntheticLedger(esdb, { events: 600, seed: 8, batch: 200 });
      const followed = await follow(esdb);
      try {
        const log = await esdb.readAll();
        expect(followed.folded).toHaveLength(log.length);
        expect(stateJson(followed.live.current)).toEqual(stateJson(log.reduce(evolve, initialLedgerState())));
      } finally {
        await followed.app.close();
      }
    } finally {
      await esdb.close();
      await server.stop();
    }
  }, 60_000);
});

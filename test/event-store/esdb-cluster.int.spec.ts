import { DeadlineExceededError, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { DuplicateEventError, StoreUnavailableError } from '../../src/event-store/event-store.errors';
import { EventToAppend } from '../../src/event-store/event-store.port';
import { EsdbEventStore, EsdbEventStoreOptions } from '../../src/event-store/eventstoredb/esdb-event-store';
import { AppendFault, EsdbTestServer, EsdbTestServerOptions, startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { describeEventStoreContract } from './event-store.contract';

/** Small backoff so retries are quick here; the policy's shape is what is tested, not production delays. */
const FAST: EsdbEventStoreOptions = { retry: { attempts: 10, baseDelayMs: 10, maxDelayMs: 100 }, deadlineMs: 1_000 };

const MODES: ReadonlyArray<[string, EsdbTestServerOptions, ((server: EsdbTestServer) => Promise<void>)?]> = [
  ['one node, 15 ms commit → readable', { visibilityDelayMs: 15 }],
  ['three nodes, 10 ms commit → readable, followers 40 ms behind', { nodes: 3, visibilityDelayMs: 10, replicationLagMs: 40 }],
  [
    'three nodes after a leader change',
    { nodes: 3, visibilityDelayMs: 5, replicationLagMs: 20 },
    async (server) => {
      await server.cluster.stepDown(30);
    },
  ],
];

for (const [mode, options, prepare] of MODES) {
  describeEventStoreContract(`EventStoreDB adapter, test server as ${mode}`, async () => {
    const server = await startEsdbTestServer(options);
    const store = EsdbEventStore.connect(server.connectionString, FAST);
    // Connect first, so a leader change in `prepare` happens under a connected client.
    await store.readStream('warm-up');
    await prepare?.(server);
    return {
      store,
      dispose: async () => {
        await store.close();
        await server.stop();
      },
    };
  });
}

/**
 * One test per fault the adapter handles. Each was checked to fail with the handling removed (see the closing
 * note of issue 15 for which handling each one guards).
 */
describe('EventStoreDB adapter under faults', () => {
  let server: EsdbTestServer;
  let store: EsdbEventStore;
  let raw: EventStoreDBClient;
  let prefix: string;

  const event = (n = 1, id: string = randomUUID()): EventToAppend => ({ id, type: 'ThingHappened', data: { n }, metadata: {} });
  const stream = (name: string) => `${prefix}${name}`;
  const idsIn = async (name: string) => (await store.readStream(stream(name))).map((e) => e.id);

  async function open(options: EsdbTestServerOptions) {
    server = await startEsdbTestServer(options);
    store = EsdbEventStore.connect(server.connectionString, FAST);
    raw = EventStoreDBClient.connectionString(server.connectionString);
  }
  beforeEach(() => {
    prefix = `faults${randomUUID().slice(0, 8)}-`;
  });
  afterEach(async () => {
    await Promise.all([store?.close(), raw?.dispose()]);
    await server?.stop();
  });

  it.each<[AppendFault]>([['timeout-after-commit'], ['drop-after-commit'], ['drop-before-commit'], ['not-ready'], ['too-busy'], ['not-leader']])(
    'acknowledges an append that met "%s" once it is stored, and stores it exactly once',
    async (fault) => {
      await open({ nodes: 3, visibilityDelayMs: 20, replicationLagMs: 30 });
      const batch = [event(1), event(2)];
      server.cluster.injectAppendFaults([fault], { streamPrefix: prefix });
      const result = await store.append(stream('a'), batch, 'no_stream');
      expect(server.cluster.pendingFaults()).toBe(0);
      expect(result.nextExpectedRevision).toBe(1n);
      expect(await idsIn('a')).toEqual(batch.map((e) => e.id));
    },
  );

  it('finds an append that timed out after commit even when every retry is dropped until it is readable', async () => {
    // 300 ms until readable: the first retries arrive in the gap and are dropped (their deadline answers them).
    await open({ visibilityDelayMs: 300 });
    await store.close();
    store = EsdbEventStore.connect(server.connectionString, { ...FAST, deadlineMs: 100 });
    const batch = [event(1)];
    server.cluster.injectAppendFaults(['timeout-after-commit'], { streamPrefix: prefix });
    await store.append(stream('a'), batch, 'no_stream');
    expect(await idsIn('a')).toEqual([batch[0]!.id]);
  });

  it('never stores an `any` append twice when the node that committed it restarts before the retry', async () => {
    await open({});
    await store.append(stream('a'), [event(0)], 'no_stream');
    const batch = [event(1)];
    server.cluster.injectAppendFaults(['timeout-after-commit'], { streamPrefix: prefix });
    // The first try commits but stays unreadable, so the read-back finds nothing; the retry reaches the server
    // after it became readable and a restart emptied the id cache.
    const append = EventStoreDBClient.prototype.appendToStream;
    let calls = 0;
    jest.spyOn(EventStoreDBClient.prototype, 'appendToStream').mockImplementation(async function (this: EventStoreDBClient, ...args) {
      if (args[0] === stream('a')) {
        calls++;
        if (calls === 1) server.cluster.pauseVisibility();
        if (calls === 2) {
          await server.cluster.stepDown(10);
          server.cluster.resumeVisibility();
        }
      }
      return append.apply(this, args);
    } as typeof append);
    try {
      await store.append(stream('a'), batch, 'any');
    } finally {
      jest.restoreAllMocks();
    }
    expect(calls).toBe(2);
    expect((await idsIn('a')).filter((id) => id === batch[0]!.id)).toHaveLength(1);
  });

  it('goes on through a leader change (NotLeader names the new leader; the election answers not ready)', async () => {
    await open({ nodes: 3, visibilityDelayMs: 5, replicationLagMs: 20 });
    await store.append(stream('a'), [event(0)], 'no_stream');
    const before = server.cluster.leaderIndex();
    void server.cluster.stepDown(40);
    await store.append(stream('a'), [event(1)], 0n);
    expect(server.cluster.leaderIndex()).not.toBe(before);
    await store.append(stream('a'), [event(2)], 1n);
    expect(await idsIn('a')).toHaveLength(3);
  });

  it('reads streams from the leader, not from a follower that has not caught up', async () => {
    await open({ nodes: 3, replicationLagMs: 2_000 });
    await store.append(stream('a'), [event(1)], 'no_stream');
    // An adapter whose connection sits on a follower two seconds behind.
    const onFollower = EsdbEventStore.connect(server.cluster.nodeConnectionString(1), FAST);
    try {
      expect(await onFollower.readStream(stream('a'))).toHaveLength(1);
    } finally {
      await onFollower.close();
    }
  });

  it('retries a claim that is written but not yet readable instead of refusing the id', async () => {
    // Two appends of one batch at once (a client retrying a command): the claim loser cannot read the claim yet.
    // Nothing becomes readable for 600 ms (a stalled indexer): the loser reads no claim, only a conflict.
    await open({});
    await store.close();
    store = EsdbEventStore.connect(server.connectionString, { ...FAST, retry: { attempts: 40, baseDelayMs: 10, maxDelayMs: 100 } });
    const batch = [event(1)];
    server.cluster.pauseVisibility();
    setTimeout(() => server.cluster.resumeVisibility(), 600);
    const [first, second] = await Promise.all([store.append(stream('a'), batch, 'no_stream'), store.append(stream('a'), batch, 'no_stream')]);
    expect(second.position).toBe(first.position);
    expect(await idsIn('a')).toEqual([batch[0]!.id]);
  });

  it('measures a claim lease on the server’s clock, not against the application’s', async () => {
    // The node's clock is an hour behind this process: against the application's clock every claim looks old.
    await open({ clockSkewMs: -3_600_000 });
    const id = randomUUID();
    await raw.appendToStream(`ledger-event-id-${id}`, jsonEvent({ type: 'LedgerEventIdClaimed', data: { stream: stream('in-flight'), eventId: id } }));
    await expect(store.append(stream('b'), [event(1, id)], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventError);
  });

  it('says the outcome is unknown (StoreUnavailableError) when the store never answers, and a repeat then stores once', async () => {
    await open({});
    const stubborn = EsdbEventStore.connect(server.connectionString, { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 }, deadlineMs: 500 });
    try {
      const batch = [event(1)];
      server.cluster.injectAppendFaults(['not-ready', 'not-ready', 'timeout-after-commit'], { streamPrefix: prefix });
      await expect(stubborn.append(stream('a'), batch, 'no_stream')).rejects.toBeInstanceOf(StoreUnavailableError);
      const repeat = await stubborn.append(stream('a'), batch, 'no_stream');
      expect(repeat.idempotent).toBe(true);
      expect(await idsIn('a')).toEqual([batch[0]!.id]);
    } finally {
      await stubborn.close();
    }
  });
});

describe('EventStoreDB test server: timing', () => {
  it('drops a repeat that arrives between commit and readable: the batch’s deadline answers it', async () => {
    const server = await startEsdbTestServer({ visibilityDelayMs: 400 });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const id = randomUUID();
      const batch = jsonEvent({ id, type: 'ThingHappened', data: {} });
      await client.appendToStream('gap', batch, { expectedRevision: 'no_stream' });
      await expect(client.appendToStream('gap', batch, { expectedRevision: 'no_stream', deadline: 100 })).rejects.toBeInstanceOf(DeadlineExceededError);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const again = await client.appendToStream('gap', batch, { expectedRevision: 'no_stream' });
      expect(again.nextExpectedRevision).toBe(0n);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });

  it('forgets ids for `any` appends outside its bounded cache, and all of them on a step-down', async () => {
    const server = await startEsdbTestServer({ idCacheSize: 2 });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const first = jsonEvent({ type: 'ThingHappened', data: {} });
      await client.appendToStream('cache', first);
      await client.appendToStream('cache', first);
      expect((await client.appendToStream('cache', first)).nextExpectedRevision).toBe(0n);
      await server.cluster.stepDown(10);
      // The cache is empty now: with `any`, the repeat is stored again.
      expect((await client.appendToStream('cache', first)).nextExpectedRevision).toBe(1n);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});

describe('EventStoreDB adapter at start: waiting for a leader', () => {
  it('says "starting: no leader yet" until a node leads, and waits for one only as long as it is told', async () => {
    const server = await startEsdbTestServer({ nodes: 3 });
    const electing = server.cluster.stepDown(1_500);
    const store = EsdbEventStore.connect(server.connectionString, FAST);
    try {
      expect(await store.health()).toEqual({ store: 'eventstoredb', ok: false, detail: 'starting: no leader yet', lastPosition: null });
      const started = Date.now();
      expect(await store.waitForLeader(200)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_400);
      await electing;
      expect(await store.waitForLeader(2_000)).toBe(true);
      expect(await store.health()).toMatchObject({ ok: true, detail: 'connected' });
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

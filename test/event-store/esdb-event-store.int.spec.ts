import { AllStreamResolvedEvent, BACKWARDS, END, EventStoreDBClient, FORWARDS, Filter, START, StreamNotFoundError, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { firstValueFrom, takeWhile, toArray } from 'rxjs';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError } from '../../src/event-store/event-store.errors';
import { AllFilter, EventToAppend, SubscriptionMessage } from '../../src/event-store/event-store.port';
import { CLAIM_EVENT_TYPE, CLAIM_STREAM_PREFIX, claimStreamOf } from '../../src/event-store/eventstoredb/event-id-claims';
import { EsdbEventStore } from '../../src/event-store/eventstoredb/esdb-event-store';
import { headOf, readLog } from '../../src/event-store/log-reader';
import { EsdbTestServer, startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { describeEventStoreContract } from './event-store.contract';

// EventStoreDB's own client, talking gRPC to an in-process server that speaks EventStoreDB's protocol.
describeEventStoreContract('EventStoreDB adapter (in-process protocol test server)', async () => {
  const server = await startEsdbTestServer();
  const store = EsdbEventStore.connect(server.connectionString);
  return {
    store,
    dispose: async () => {
      await store.close();
      await server.stop();
    },
  };
});

/**
 * EventStoreDB keeps event ids unique per stream only; the adapter claims each id in a claim stream of its own
 * before appending (src/event-store/eventstoredb/event-id-claims.ts). What only this adapter has: the claims,
 * their lease, and that they never show.
 */
describe('EventStoreDB adapter: event-id claims', () => {
  const LEASE_MS = 300;
  let server: EsdbTestServer;
  /** Claims that did not land are respected for the default 30 s. */
  let store: EsdbEventStore;
  /** Claims that did not land are respected for LEASE_MS only. */
  let shortLease: EsdbEventStore;
  /** The bare client, to see what the adapter hides. */
  let raw: EventStoreDBClient;
  let prefix: string;

  beforeAll(async () => {
    server = await startEsdbTestServer();
    store = EsdbEventStore.connect(server.connectionString);
    shortLease = EsdbEventStore.connect(server.connectionString, { claimLeaseMs: LEASE_MS });
    raw = EventStoreDBClient.connectionString(server.connectionString);
  });
  afterAll(async () => {
    await Promise.all([store?.close(), shortLease?.close(), raw?.dispose()]);
    await server?.stop();
  });
  beforeEach(() => {
    prefix = `claims${randomUUID().slice(0, 8)}-`;
  });
  afterEach(() => jest.restoreAllMocks());

  const streamName = (name: string) => `${prefix}${name}`;
  const event = (n = 1, id: string = randomUUID()): EventToAppend => ({ id, type: 'ThingHappened', data: { n }, metadata: {} });
  const ours = () => store.readAll({ filter: { streamPrefixes: [prefix] } });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The claim stream's events as the server has them: the stream each claim names. */
  async function claimsOf(id: string): Promise<string[]> {
    const names: string[] = [];
    try {
      for await (const resolved of raw.readStream(claimStreamOf(id))) {
        names.push((resolved.event!.data as { stream: string }).stream);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return names;
  }

  /** Leaves a claim that never landed, as a failed append (here: a stale expected revision) does. */
  async function leaveOrphanClaim(stream: string, id: string): Promise<void> {
    await store.append(stream, [event(0)], 'any');
    await expect(store.append(stream, [event(1, id)], 5n)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await claimsOf(id)).toEqual([stream]);
  }

  it('claims each appended id in a stream of its own that names the stream', async () => {
    const batch = [event(1), event(2)];
    await store.append(streamName('a'), batch, 'no_stream');
    for (const e of batch) expect(await claimsOf(e.id)).toEqual([streamName('a')]);
    // A retry claims nothing new.
    await store.append(streamName('a'), batch, 'no_stream');
    for (const e of batch) expect(await claimsOf(e.id)).toEqual([streamName('a')]);
  });

  it('lets the claim’s own stream retry at once after a failed append', async () => {
    const id = randomUUID();
    await leaveOrphanClaim(streamName('a'), id);
    await store.append(streamName('a'), [event(1, id)], 0n);
    expect((await store.readStream(streamName('a'))).map((e) => e.id)[1]).toBe(id);
  });

  it('respects a claim that did not land while it is younger than the lease, then takes it over', async () => {
    const id = randomUUID();
    await leaveOrphanClaim(streamName('a'), id);
    const before = (await ours()).length;

    // (Young is checked against the default 30 s lease, so a slow machine cannot make the claim look old.)
    const young = await store.append(streamName('b'), [event(1, id)], 'no_stream').catch((e: unknown) => e);
    expect(young).toBeInstanceOf(DuplicateEventError);
    expect((young as Error).message).toContain(`claimed by an append to "${streamName('a')}"`);
    expect((await ours()).length).toBe(before);

    await sleep(LEASE_MS + 50);
    await shortLease.append(streamName('b'), [event(1, id)], 'no_stream');
    expect(await claimsOf(id)).toEqual([streamName('a'), streamName('b')]);
    expect((await store.readStream(streamName('b'))).map((e) => e.id)).toEqual([id]);
    // Now the id is stored in b: the stream that lost the claim cannot have it any more.
    await expect(store.append(streamName('a'), [event(1, id)], 0n)).rejects.toBeInstanceOf(DuplicateEventError);
    expect((await ours()).length).toBe(before + 1);
  });

  it('takes over a claim a crashed writer left, for a stream that never existed', async () => {
    const id = randomUUID();
    await raw.appendToStream(claimStreamOf(id), jsonEvent({ type: CLAIM_EVENT_TYPE, data: { stream: streamName('crashed'), eventId: id } }));
    await expect(store.append(streamName('b'), [event(1, id)], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventError);
    await sleep(LEASE_MS + 50);
    await shortLease.append(streamName('b'), [event(1, id)], 'no_stream');
    expect(await claimsOf(id)).toEqual([streamName('crashed'), streamName('b')]);
  });

  it('never takes over the claim of a stream that holds the id, however old', async () => {
    const id = randomUUID();
    await store.append(streamName('a'), [event(1, id)], 'no_stream');
    await sleep(LEASE_MS + 50);
    const error = await shortLease.append(streamName('b'), [event(1, id)], 'no_stream').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateEventError);
    expect((error as Error).message).toContain(`already stored in "${streamName('a')}"`);
    expect(await claimsOf(id)).toEqual([streamName('a')]);
  });

  it('lets exactly one of several writers take over one expired claim', async () => {
    const id = randomUUID();
    await leaveOrphanClaim(streamName('a'), id);
    await sleep(LEASE_MS + 50);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, n) => shortLease.append(streamName(`racer-${n}`), [event(n, id)], 'no_stream')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateEventError);
    const stored = (await ours()).filter((e) => e.id === id);
    expect(stored).toHaveLength(1);
    expect((await claimsOf(id)).slice(-1)).toEqual([stored[0]!.stream]);
  });

  it('reserves the claim streams: no append to them, and reading one finds nothing', async () => {
    const id = randomUUID();
    await store.append(streamName('a'), [event(1, id)], 'no_stream');
    await expect(store.append(claimStreamOf(id), [event()], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append(`${CLAIM_STREAM_PREFIX}anything`, [event()], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
    expect(await claimsOf(id)).toHaveLength(1);
    expect(await store.readStream(claimStreamOf(id))).toEqual([]);
  });

  describe('claims never leave the adapter', () => {
    let lastReal: bigint;
    let firstReal: bigint;

    beforeEach(async () => {
      const first = await store.append(streamName('a'), [event(1), event(2)], 'no_stream');
      firstReal = (await store.readStream(streamName('a')))[0]!.position;
      lastReal = (await store.append(streamName('b'), [event(3)], 'no_stream')).position;
      expect(lastReal > first.position).toBe(true);
      // The log now ends with a claim that never landed: the newest record in $all is a claim.
      await expect(store.append(streamName('b'), [event(4)], 7n)).rejects.toBeInstanceOf(ConcurrencyError);
      const [tail] = await collectRaw(raw.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
      expect(tail!.event!.streamId.startsWith(CLAIM_STREAM_PREFIX)).toBe(true);
    });

    it('from reads of $all, whatever the filter and direction', async () => {
      const isClaim = (e: { stream: string; type: string }) => e.stream.startsWith(CLAIM_STREAM_PREFIX) || e.type === CLAIM_EVENT_TYPE;
      const everything = await store.readAll();
      expect(everything.filter(isClaim)).toEqual([]);
      expect(everything.slice(-3).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect((await store.readAll({ direction: 'backwards' })).filter(isClaim)).toEqual([]);
      expect(await store.readAll({ filter: { streamPrefixes: [CLAIM_STREAM_PREFIX] } })).toEqual([]);
      expect(await store.readAll({ filter: { eventTypes: [CLAIM_EVENT_TYPE] } })).toEqual([]);
      expect((await store.readAll({ fromPosition: firstReal, inclusive: true, maxCount: 3 })).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });

    it('from health, the head position and the export’s log reader', async () => {
      expect((await store.health()).lastPosition).toBe(lastReal);
      expect(await headOf(store)).toBe(lastReal);
      const logged = [];
      for await (const e of readLog(store, { upTo: lastReal })) logged.push(e);
      expect(logged.some((e) => e.stream.startsWith(CLAIM_STREAM_PREFIX))).toBe(false);
      expect(logged.slice(-3).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });

    it.each<[string, AllFilter | undefined]>([
      ['no filter', undefined],
      ['a stream prefix filter that claim streams would match', { streamPrefixes: ['', CLAIM_STREAM_PREFIX] }],
      ['an event type filter naming the claim type', { eventTypes: [CLAIM_EVENT_TYPE, 'ThingHappened'] }],
    ])('from subscriptions with %s (caught up at the last real event)', async (_name, filter) => {
      const spy = jest.spyOn(EventStoreDBClient.prototype, 'subscribeToAll');
      const messages: SubscriptionMessage[] = await firstValueFrom(
        store.subscribeToAll({ filter, fromPosition: firstReal }).pipe(
          takeWhile((m) => m.kind !== 'caught-up', true),
          toArray(),
        ),
      );
      const delivered = messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
      expect(delivered.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
      expect(messages[messages.length - 1]).toEqual({ kind: 'caught-up', position: lastReal });

      // The server-side filter the adapter asked for keeps the claims out already, where it filters on stream
      // names (a filter on types can only let a claim through when the caller names its type).
      if (filter?.eventTypes) return;
      const serverFilter = (spy.mock.calls[0]![0] as { filter: Filter }).filter;
      const fromServer = await collectRaw(
        raw.subscribeToAll({ fromPosition: START, filter: { ...serverFilter, checkpointReached: undefined } as Filter }),
        true,
      );
      expect(fromServer.length).toBeGreaterThan(3);
      expect(fromServer.filter((r) => r.event!.streamId.startsWith(CLAIM_STREAM_PREFIX))).toEqual([]);
      expect(fromServer.filter((r) => r.event!.streamId.startsWith('$'))).toEqual([]);
      const direct = await collectRaw(raw.readAll({ direction: FORWARDS, fromPosition: START }));
      expect(direct.some((r) => r.event?.streamId.startsWith(CLAIM_STREAM_PREFIX))).toBe(true);
    });
  });
});

/**
 * Every record of a read, or of a subscription's history up to its caught-up message (then unsubscribed).
 * Reads run to their end: leaving a `for await` early leaves the gRPC call open.
 */
async function collectRaw(
  source: AsyncIterable<AllStreamResolvedEvent> & { on?: unknown; unsubscribe?: () => Promise<void> },
  subscription = false,
): Promise<AllStreamResolvedEvent[]> {
  if (!subscription) {
    const records: AllStreamResolvedEvent[] = [];
    for await (const record of source) records.push(record);
    return records;
  }
  const live = source as unknown as {
    on(event: 'data', listener: (record: AllStreamResolvedEvent) => void): void;
    on(event: 'caughtUp' | 'error', listener: (arg?: unknown) => void): void;
    unsubscribe(): Promise<void>;
  };
  const records: AllStreamResolvedEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    live.on('data', (record: AllStreamResolvedEvent) => records.push(record));
    live.on('caughtUp', () => setImmediate(resolve));
    live.on('error', reject);
  });
  await live.unsubscribe();
  return records;
}

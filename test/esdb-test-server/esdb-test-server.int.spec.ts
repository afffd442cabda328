import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import {
  ANY,
  AllStreamResolvedEvent,
  AppendToStreamOptions,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  Position,
  ReadableSubscription,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  binaryEvent,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { EsdbTestServer, startEsdbTestServer } from './esdb-test-server';
import { parseUuid } from './protocol';

/*
 * Everything here goes through the real @eventstore/db-client, except the "wire protocol" block,
 * which checks message order and server features the client does not expose (filtered $all reads,
 * structured UUIDs) with the client's own generated gRPC stubs.
 */

let server: EsdbTestServer;
let client: EventStoreDBClient;

beforeEach(async () => {
  server = await startEsdbTestServer();
  client = EventStoreDBClient.connectionString(server.connectionString);
});

afterEach(async () => {
  await client.dispose();
  await server.stop();
});

const streamName = (prefix = 'ledger'): string => `${prefix}-${randomUUID()}`;

const event = (type = 'EntryRecorded', data: Record<string, unknown> = { amount: 1 }, id = randomUUID()) =>
  jsonEvent({ id, type, data, metadata: { source: 'test' } });

async function readAllOf<E>(read: AsyncIterable<E>): Promise<E[]> {
  const items: E[] = [];
  for await (const item of read) {
    items.push(item);
  }
  return items;
}

async function readStreamEvents(stream: string, options: Parameters<EventStoreDBClient['readStream']>[1] = {}) {
  return readAllOf(client.readStream(stream, options));
}

async function userEventsInAll(options: Parameters<EventStoreDBClient['readAll']>[0] = {}) {
  const all = await readAllOf(client.readAll(options));
  return all.filter((resolved) => !resolved.event?.streamId.startsWith('$'));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject');
}

/** Waits on the server's own state, never on a clock: jest's timeout is the only bound. */
async function eventually(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface Observation<E> {
  readonly events: E[];
  /** How many events had been emitted when `caughtUp` fired (null until it does). */
  caughtUpAfter: number | null;
  error: Error | null;
  confirmed: boolean;
}

/** Records what a subscription emits and lets a test wait for a state without timers. */
function observe<E>(subscription: ReadableSubscription<E> & { on(event: 'caughtUp', listener: () => void): unknown }) {
  const seen: Observation<E> = { events: [], caughtUpAfter: null, error: null, confirmed: false };
  const waiters: Array<{ ready: () => boolean; resolve: () => void; reject: (error: Error) => void }> = [];
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (waiter.ready()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  subscription.on('confirmation', () => {
    seen.confirmed = true;
    check();
  });
  subscription.on('data', (item: E) => {
    seen.events.push(item);
    check();
  });
  subscription.on('caughtUp', () => {
    seen.caughtUpAfter ??= seen.events.length;
    check();
  });
  subscription.on('error', (error: Error) => {
    seen.error = error;
    check();
    for (const waiter of waiters.splice(0)) {
      waiter.reject(error);
    }
  });
  const until = (ready: () => boolean): Promise<void> =>
    ready() ? Promise.resolve() : new Promise<void>((resolve, reject) => waiters.push({ ready, resolve, reject }));
  return { seen, until, check };
}

const typesOf = (events: ReadonlyArray<ResolvedEvent | AllStreamResolvedEvent>): string[] =>
  events.map((resolved) => resolved.event?.type ?? '<none>');

describe('connecting', () => {
  it('answers the client on an insecure esdb:// connection string with a 127.0.0.1 ephemeral port', async () => {
    expect(server.connectionString).toBe(`esdb://127.0.0.1:${server.port}?tls=false`);
    expect(server.port).toBeGreaterThan(0);

    const result = await client.appendToStream(streamName(), event());

    expect(result.success).toBe(true);
  });

  it('also works with discovery through gossip', async () => {
    const discovering = EventStoreDBClient.connectionString(
      `esdb+discover://127.0.0.1:${server.port}?tls=false&nodePreference=leader`,
    );
    try {
      const result = await discovering.appendToStream(streamName(), event());
      expect(result.nextExpectedRevision).toBe(0n);
    } finally {
      await discovering.dispose();
    }
  });
});

/*
 * The client appends with BatchAppend when the server advertises it, and with the older Append call
 * when credentials are passed per call (they are ignored on an insecure connection): both must agree.
 */
describe.each<[string, AppendToStreamOptions]>([
  ['BatchAppend', {}],
  ['Append', { credentials: { username: 'admin', password: 'changeit' } }],
])('appending through %s', (_path, via) => {
  it('creates a stream with NO_STREAM and returns bigint revision and position', async () => {
    const stream = streamName();

    const result = await client.appendToStream(stream, [event(), event(), event()], {
      ...via,
      expectedRevision: NO_STREAM,
    });

    expect(result.success).toBe(true);
    expect(result.nextExpectedRevision).toBe(2n);
    expect(typeof result.position?.commit).toBe('bigint');
    expect(result.position?.commit).toBe(result.position?.prepare);
    // A fresh node has about a megabyte of system records before the first user event.
    expect(result.position!.commit).toBeGreaterThan(1_000_000n);
  });

  it('reports NO_STREAM on an existing stream as WrongExpectedVersionError with the current revision', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event(), event()], via);

    const error = await rejectionOf(client.appendToStream(stream, event(), { ...via, expectedRevision: NO_STREAM }));

    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 'no_stream', actualVersion: 1n });
  });

  it('requires STREAM_EXISTS to find events', async () => {
    const stream = streamName();

    const error = await rejectionOf(
      client.appendToStream(stream, event(), { ...via, expectedRevision: STREAM_EXISTS }),
    );
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 'stream_exists', actualVersion: 'no_stream' });

    await client.appendToStream(stream, event(), { ...via, expectedRevision: NO_STREAM });
    const result = await client.appendToStream(stream, event(), { ...via, expectedRevision: STREAM_EXISTS });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('appends with ANY whatever the stream holds', async () => {
    const stream = streamName();

    const first = await client.appendToStream(stream, event(), { ...via, expectedRevision: ANY });
    const second = await client.appendToStream(stream, [event(), event()], { ...via, expectedRevision: ANY });

    expect(first.nextExpectedRevision).toBe(0n);
    expect(second.nextExpectedRevision).toBe(2n);
    expect(second.position!.commit).toBeGreaterThan(first.position!.commit);
  });

  it('checks an exact revision and reports expected and actual revisions as bigint', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event(), event(), event()], via);

    const ok = await client.appendToStream(stream, event(), { ...via, expectedRevision: 2n });
    expect(ok.nextExpectedRevision).toBe(3n);

    const stale = await rejectionOf(client.appendToStream(stream, event(), { ...via, expectedRevision: 1n }));
    expect(stale).toBeInstanceOf(WrongExpectedVersionError);
    expect(stale).toMatchObject({ streamName: stream, expectedVersion: 1n, actualVersion: 3n });

    const ahead = await rejectionOf(client.appendToStream(stream, event(), { ...via, expectedRevision: 10n }));
    expect(ahead).toMatchObject({ expectedVersion: 10n, actualVersion: 3n });

    const missing = await rejectionOf(client.appendToStream(streamName(), event(), { ...via, expectedRevision: 0n }));
    expect(missing).toMatchObject({ expectedVersion: 0n, actualVersion: 'no_stream' });
  });

  it('treats a retried append as idempotent: same revision and position, nothing written', async () => {
    const stream = streamName();
    const batch = [event('Opened'), event('Credited')];
    const first = await client.appendToStream(stream, batch, { ...via, expectedRevision: NO_STREAM });

    const retryNoStream = await client.appendToStream(stream, batch, { ...via, expectedRevision: NO_STREAM });
    const retryAny = await client.appendToStream(stream, batch, { ...via, expectedRevision: ANY });
    await client.appendToStream(stream, event('Debited'), { ...via, expectedRevision: 1n });
    const retryExact = await client.appendToStream(stream, batch, { ...via, expectedRevision: NO_STREAM });

    for (const retry of [retryNoStream, retryAny, retryExact]) {
      expect(retry).toEqual({ success: true, nextExpectedRevision: 1n, position: first.position });
    }
    expect(typesOf(await readStreamEvents(stream))).toEqual(['Opened', 'Credited', 'Debited']);
  });

  it('retries at an exact revision idempotently, too', async () => {
    const stream = streamName();
    await client.appendToStream(stream, event('Opened'), via);
    const batch = [event('Credited'), event('Debited')];
    const first = await client.appendToStream(stream, batch, { ...via, expectedRevision: 0n });

    const retry = await client.appendToStream(stream, batch, { ...via, expectedRevision: 0n });

    expect(retry).toEqual(first);
    expect(await readStreamEvents(stream)).toHaveLength(3);
  });

  it('rejects a retry whose first event matches but whose rest does not ("corrupted idempotency")', async () => {
    const stream = streamName();
    const opened = event('Opened');
    await client.appendToStream(stream, [opened, event('Credited')], { ...via, expectedRevision: NO_STREAM });

    const error = await rejectionOf(
      client.appendToStream(stream, [opened, event('Other')], { ...via, expectedRevision: NO_STREAM }),
    );

    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ expectedVersion: 'no_stream', actualVersion: 1n });
    expect(await readStreamEvents(stream)).toHaveLength(2);
  });

  it('serializes concurrent appends to one stream', async () => {
    const stream = streamName();

    const racing = await Promise.allSettled(
      Array.from({ length: 8 }, () => client.appendToStream(stream, event(), { ...via, expectedRevision: NO_STREAM })),
    );
    const anyRevision = await Promise.all(
      Array.from({ length: 8 }, () => client.appendToStream(stream, event(), { ...via, expectedRevision: ANY })),
    );

    expect(racing.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of racing) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
      }
    }
    const revisions = anyRevision.map((result) => result.nextExpectedRevision).sort((a, b) => Number(a - b));
    expect(revisions).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
  });

  it('fails with MaxAppendSizeExceededError above the append size limit', async () => {
    const small = await startEsdbTestServer({ maxAppendSize: 1_024 });
    const smallClient = EventStoreDBClient.connectionString(small.connectionString);
    try {
      const error = await rejectionOf(
        smallClient.appendToStream(streamName(), event('Big', { blob: 'x'.repeat(2_000) }), via),
      );
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 1_024 });
    } finally {
      await smallClient.dispose();
      await small.stop();
    }
  });
});

describe('append results when throwOnAppendFailure=false', () => {
  it('returns success: false with the current revision (Append) — and BatchAppend a client-computed 1n', async () => {
    const lenient = EventStoreDBClient.connectionString(`${server.connectionString}&throwOnAppendFailure=false`);
    try {
      const stream = streamName();
      await lenient.appendToStream(stream, [event(), event(), event()]);

      const viaAppend = await lenient.appendToStream(stream, event(), {
        expectedRevision: 0n,
        credentials: { username: 'admin', password: 'changeit' },
      });
      const viaBatch = await lenient.appendToStream(stream, event(), { expectedRevision: 0n });

      expect(viaAppend).toEqual({ success: false, nextExpectedRevision: 2n, position: undefined });
      // Client 6.2.1 does BigInt(hasCurrentStreamRevision()) here: a boolean, so 1n, whatever the stream.
      expect(viaBatch).toEqual({ success: false, nextExpectedRevision: 1n, position: undefined });
    } finally {
      await lenient.dispose();
    }
  });
});

describe('positions', () => {
  it('gives every event its own position, with gaps, and returns the last one from the append', async () => {
    const stream = streamName();
    const result = await client.appendToStream(stream, [event(), event(), event()]);

    const events = await readStreamEvents(stream);
    const positions = events.map((resolved) => resolved.event!.position!.commit);

    expect(positions).toHaveLength(3);
    expect(new Set(positions).size).toBe(3);
    for (let i = 1; i < positions.length; i++) {
      expect(positions[i] - positions[i - 1]).toBeGreaterThan(1n);
    }
    expect(result.position).toEqual(events[2].event!.position);
    for (const resolved of events) {
      expect(resolved.event!.position!.prepare).toBe(resolved.event!.position!.commit);
    }
  });
});

describe('reading a stream', () => {
  let stream: string;
  beforeEach(async () => {
    stream = streamName();
    await client.appendToStream(
      stream,
      Array.from({ length: 5 }, (_, i) => event(`Step${i}`, { step: i })),
      { expectedRevision: NO_STREAM },
    );
  });

  it('reads forwards from the start with revisions from 0n', async () => {
    const events = await readStreamEvents(stream);

    expect(events.map((resolved) => resolved.event?.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(typesOf(events)).toEqual(['Step0', 'Step1', 'Step2', 'Step3', 'Step4']);
  });

  it('reads forwards from a revision (inclusive) with a maxCount', async () => {
    const events = await readStreamEvents(stream, { fromRevision: 2n, maxCount: 2 });

    expect(events.map((resolved) => resolved.event?.revision)).toEqual([2n, 3n]);
  });

  it('reads backwards from the end or from a revision (inclusive)', async () => {
    const fromEnd = await readStreamEvents(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 2 });
    const fromRevision = await readStreamEvents(stream, { direction: BACKWARDS, fromRevision: 1n });

    expect(fromEnd.map((resolved) => resolved.event?.revision)).toEqual([4n, 3n]);
    expect(fromRevision.map((resolved) => resolved.event?.revision)).toEqual([1n, 0n]);
  });

  it('returns nothing when reading forwards past the end', async () => {
    expect(await readStreamEvents(stream, { fromRevision: 5n })).toEqual([]);
    expect(await readStreamEvents(stream, { direction: FORWARDS, fromRevision: END })).toEqual([]);
  });

  it('throws StreamNotFoundError for a stream that does not exist', async () => {
    const missing = streamName('missing');

    const error = await rejectionOf(readStreamEvents(missing));

    expect(error).toBeInstanceOf(StreamNotFoundError);
    expect(error).toMatchObject({ streamName: missing });
  });

  it('returns ids, data, metadata, JSON flag and a created date the client can use', async () => {
    const other = streamName();
    const id = randomUUID();
    const before = Date.now();
    await client.appendToStream(other, [
      jsonEvent({ id, type: 'Opened', data: { holder: 'Ⓐnne', amount: 12.5 }, metadata: { correlationId: 'c-1' } }),
      binaryEvent({ type: 'Attachment', data: Uint8Array.from([0, 1, 2, 255]) }),
    ]);
    const after = Date.now();

    const [json, binary] = await readStreamEvents(other);

    expect(json.event).toMatchObject({
      streamId: other,
      id,
      revision: 0n,
      type: 'Opened',
      isJson: true,
      data: { holder: 'Ⓐnne', amount: 12.5 },
      metadata: { correlationId: 'c-1' },
    });
    expect(json.event!.created).toBeInstanceOf(Date);
    expect(json.event!.created.getTime()).toBeGreaterThanOrEqual(before);
    expect(json.event!.created.getTime()).toBeLessThanOrEqual(after);
    expect(binary.event).toMatchObject({ type: 'Attachment', isJson: false, revision: 1n, metadata: undefined });
    expect(Array.from(binary.event!.data as Uint8Array)).toEqual([0, 1, 2, 255]);
  });

  it('sets event.position but, like the server, no ResolvedEvent.commitPosition on stream reads', async () => {
    const [first] = await readStreamEvents(stream, { maxCount: 1 });

    expect(typeof first.event?.position?.commit).toBe('bigint');
    expect(first.commitPosition).toBeUndefined();
  });
});

describe('reading $all', () => {
  it('starts with system events, then user events, positions strictly increasing', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event('A'), event('B')]);

    const all = await readAllOf(client.readAll());
    const positions = all.map((resolved) => resolved.event!.position.commit);

    expect(all[0].event?.streamId.startsWith('$')).toBe(true);
    expect(all.some((resolved) => resolved.event?.type === '$statsCollected')).toBe(true);
    expect(typesOf(all.slice(-2))).toEqual(['A', 'B']);
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    for (const resolved of all) {
      expect(resolved.commitPosition).toBe(resolved.event!.position.commit);
    }
  });

  it('reads forwards from a position inclusively and backwards exclusively, with maxCount', async () => {
    await client.appendToStream(streamName(), [event('A'), event('B'), event('C'), event('D')]);
    const [, b] = await userEventsInAll();
    const position: Position = b.event!.position;

    const forwards = await readAllOf(client.readAll({ fromPosition: position, maxCount: 2 }));
    const backwards = await readAllOf(client.readAll({ direction: BACKWARDS, fromPosition: position, maxCount: 1 }));
    const fromEnd = await readAllOf(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 2 }));

    expect(typesOf(forwards)).toEqual(['B', 'C']);
    expect(typesOf(backwards)).toEqual(['A']);
    expect(typesOf(fromEnd)).toEqual(['D', 'C']);
    expect(await readAllOf(client.readAll({ direction: BACKWARDS, fromPosition: START }))).toEqual([]);
  });

  it('rejects a position that is not where a record starts, as a real node does', async () => {
    await client.appendToStream(streamName(), [event('A'), event('B')]);
    const [a] = await userEventsInAll();
    const inside = { commit: a.event!.position.commit + 1n, prepare: a.event!.position.prepare + 1n };

    const readError = await rejectionOf(readAllOf(client.readAll({ fromPosition: inside })));
    const subscription = client.subscribeToAll({ fromPosition: inside });
    const { seen, until } = observe(subscription);
    await until(() => seen.error !== null);

    expect(readError).toBeInstanceOf(UnknownError);
    expect(readError).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect(seen.error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    expect(seen.confirmed).toBe(false);
  });

  it('interleaves system events written with appendSystemEvent()', async () => {
    const stream = streamName();
    await client.appendToStream(stream, event('First'));
    server.appendSystemEvent();
    server.appendSystemEvent('$maintenance', '$scavengeStarted');
    await client.appendToStream(stream, event('Second'));

    const tail = await readAllOf(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 4 }));

    expect(tail.map((resolved) => `${resolved.event?.streamId}/${resolved.event?.type}`).reverse()).toEqual([
      `${stream}/First`,
      '$stats-127.0.0.1:2113/$statsCollected',
      '$maintenance/$scavengeStarted',
      `${stream}/Second`,
    ]);
  });
});

describe('subscribing to $all', () => {
  it('delivers history, signals caught-up, then delivers live events until unsubscribed', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event('Old1'), event('Old2')]);
    server.appendSystemEvent();

    const subscription = client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() });
    const { seen, until } = observe(subscription);
    await until(() => seen.caughtUpAfter !== null && seen.events.length >= 2);

    await client.appendToStream(stream, event('Live1'));
    server.appendSystemEvent();
    await client.appendToStream(streamName(), event('Live2'));
    await until(() => seen.events.length >= 4);

    expect(seen.confirmed).toBe(true);
    expect(subscription.id).toEqual(expect.any(String));
    expect(typesOf(seen.events)).toEqual(['Old1', 'Old2', 'Live1', 'Live2']);
    expect(seen.caughtUpAfter).toBe(2);
    for (const resolved of seen.events) {
      expect(typeof resolved.event!.position.commit).toBe('bigint');
      expect(resolved.commitPosition).toBe(resolved.event!.position.commit);
    }

    await subscription.unsubscribe();
    await eventually(() => server.openSubscriptionCount() === 0);
    expect(seen.error).toBeNull();
  });

  it('starts strictly after fromPosition, like a checkpoint', async () => {
    await client.appendToStream(streamName(), [event('A'), event('B'), event('C')]);
    const [, b] = await userEventsInAll();

    const subscription = client.subscribeToAll({ fromPosition: b.event!.position, filter: excludeSystemEvents() });
    const { seen, until } = observe(subscription);
    await until(() => seen.caughtUpAfter !== null);

    expect(typesOf(seen.events)).toEqual(['C']);
    await subscription.unsubscribe();
  });

  it('starts at the end with fromPosition END', async () => {
    await client.appendToStream(streamName(), event('Before'));

    const subscription = client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    const { seen, until } = observe(subscription);
    await until(() => seen.caughtUpAfter !== null);
    await client.appendToStream(streamName(), event('After'));
    await until(() => seen.events.length >= 1);

    expect(seen.caughtUpAfter).toBe(0);
    expect(typesOf(seen.events)).toEqual(['After']);
    await subscription.unsubscribe();
  });

  it('filters on stream name prefixes, event type prefixes and event type regex', async () => {
    await client.appendToStream(`account-${randomUUID()}`, [event('Opened'), event('Credited')]);
    await client.appendToStream(`invoice-${randomUUID()}`, [event('Issued'), event('Paid')]);
    await client.appendToStream(`account-${randomUUID()}`, event('Closed'));

    const byStream = client.subscribeToAll({ filter: streamNameFilter({ prefixes: ['invoice-', 'nothing-'] }) });
    const byTypePrefix = client.subscribeToAll({ filter: eventTypeFilter({ prefixes: ['C'] }) });
    const byTypeRegex = client.subscribeToAll({ filter: eventTypeFilter({ regex: '^(Opened|Paid)$' }) });
    const observed = [observe(byStream), observe(byTypePrefix), observe(byTypeRegex)];
    await Promise.all(observed.map(({ seen, until }) => until(() => seen.caughtUpAfter !== null)));

    expect(typesOf(observed[0].seen.events)).toEqual(['Issued', 'Paid']);
    expect(typesOf(observed[1].seen.events)).toEqual(['Credited', 'Closed']);
    expect(typesOf(observed[2].seen.events)).toEqual(['Opened', 'Paid']);
    await Promise.all([byStream.unsubscribe(), byTypePrefix.unsubscribe(), byTypeRegex.unsubscribe()]);
  });

  it('matches a stream name regex anywhere in the name unless anchored, lookaheads included (.NET Regex.IsMatch)', async () => {
    const tag = randomUUID().slice(0, 8);
    await client.appendToStream(`account${tag}-1`, event('Opened'));
    await client.appendToStream(`invoice${tag}-1`, event('Issued'));
    await client.appendToStream(`hidden${tag}-1`, event('Claimed'));
    server.appendSystemEvent();

    const unanchored = client.subscribeToAll({ filter: streamNameFilter({ regex: `voice${tag}` }) });
    const negative = client.subscribeToAll({ filter: streamNameFilter({ regex: `^(?!\\$|hidden${tag}-)` }) });
    const observed = [observe(unanchored), observe(negative)];
    await Promise.all(observed.map(({ seen, until }) => until(() => seen.caughtUpAfter !== null)));

    expect(typesOf(observed[0].seen.events)).toEqual(['Issued']);
    const kept = observed[1].seen.events.map((resolved) => resolved.event!.streamId);
    expect(kept).toEqual(expect.arrayContaining([`account${tag}-1`, `invoice${tag}-1`]));
    expect(kept.filter((name) => name.startsWith('$') || name.startsWith(`hidden${tag}`))).toEqual([]);
    await Promise.all([unanchored.unsubscribe(), negative.unsubscribe()]);
  });

  it('drops system events ($-prefixed types) with excludeSystemEvents, history and live', async () => {
    const subscription = client.subscribeToAll({ filter: excludeSystemEvents() });
    const { seen, until } = observe(subscription);
    await until(() => seen.caughtUpAfter !== null);
    server.appendSystemEvent();
    await client.appendToStream(streamName(), event('Visible'));
    await until(() => seen.events.length >= 1);

    expect(seen.caughtUpAfter).toBe(0);
    expect(typesOf(seen.events)).toEqual(['Visible']);
    await subscription.unsubscribe();
  });

  it('reports checkpoints every checkpointInterval × maxSearchWindow considered events', async () => {
    const checkpoints: Position[] = [];
    let recheck = (): void => undefined;
    const subscription = client.subscribeToAll({
      filter: eventTypeFilter({
        prefixes: ['Wanted'],
        maxSearchWindow: 2,
        checkpointInterval: 2,
        checkpointReached: (_subscription, position) => {
          checkpoints.push(position);
          recheck();
        },
      }),
    });
    const { seen, until, check } = observe(subscription);
    recheck = check;
    await until(() => seen.caughtUpAfter !== null);
    await client.appendToStream(streamName(), [event('Noise'), event('Noise'), event('Noise'), event('Wanted')]);
    server.appendSystemEvent();
    await client.appendToStream(streamName(), [event('Noise'), event('Noise'), event('Noise')]);

    // Every record of $all is considered, the node's own records included: a checkpoint after each 4th one.
    const all = await readAllOf(client.readAll());
    const expected = all.filter((_, index) => (index + 1) % 4 === 0).map((resolved) => resolved.event!.position);
    await until(() => checkpoints.length >= expected.length);

    expect(checkpoints).toEqual(expected);
    expect(typesOf(seen.events)).toEqual(['Wanted']);
    await subscription.unsubscribe();
  });

  it('fails open subscriptions with UnavailableError when the server stops', async () => {
    const subscription = client.subscribeToAll({ fromPosition: END });
    const { seen, until } = observe(subscription);
    await until(() => seen.caughtUpAfter !== null);

    await server.stop();
    await until(() => seen.error !== null);

    expect(seen.error).toBeInstanceOf(UnavailableError);
  });
});

describe('subscribing to a stream', () => {
  it('delivers history from the start, caught-up, then live events of that stream only', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event('A'), event('B')]);

    const subscription = client.subscribeToStream(stream);
    const { seen, until } = observe(subscription);
    await until(() => seen.caughtUpAfter !== null && seen.events.length >= 2);
    await client.appendToStream(streamName(), event('Elsewhere'));
    await client.appendToStream(stream, event('C'));
    await until(() => seen.events.length >= 3);

    expect(typesOf(seen.events)).toEqual(['A', 'B', 'C']);
    expect(seen.events.map((resolved) => resolved.event?.revision)).toEqual([0n, 1n, 2n]);
    expect(seen.caughtUpAfter).toBe(2);
    await subscription.unsubscribe();
    await eventually(() => server.openSubscriptionCount() === 0);
  });

  it('starts strictly after fromRevision and waits on a stream that does not exist yet', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event('A'), event('B'), event('C')]);
    const later = streamName();

    const fromRevision = client.subscribeToStream(stream, { fromRevision: 1n });
    const onMissing = client.subscribeToStream(later);
    const observedFrom = observe(fromRevision);
    const observedMissing = observe(onMissing);
    await observedFrom.until(() => observedFrom.seen.caughtUpAfter !== null);
    await observedMissing.until(() => observedMissing.seen.caughtUpAfter !== null);
    await client.appendToStream(later, event('Created'));
    await observedMissing.until(() => observedMissing.seen.events.length >= 1);

    expect(typesOf(observedFrom.seen.events)).toEqual(['C']);
    expect(typesOf(observedMissing.seen.events)).toEqual(['Created']);
    await Promise.all([fromRevision.unsubscribe(), onMissing.unsubscribe()]);
  });
});

describe('deleting streams', () => {
  it('soft-deletes: reads say not found, $all keeps the events, a new append continues the revisions', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event('A'), event('B')]);

    const deleted = await client.deleteStream(stream, { expectedRevision: 1n });
    expect(typeof deleted.position?.commit).toBe('bigint');
    expect(await rejectionOf(readStreamEvents(stream))).toBeInstanceOf(StreamNotFoundError);

    const result = await client.appendToStream(stream, event('C'), { expectedRevision: ANY });
    expect(result.nextExpectedRevision).toBe(2n);
    expect((await readStreamEvents(stream)).map((resolved) => resolved.event?.revision)).toEqual([2n]);
    expect(typesOf((await userEventsInAll()).filter((resolved) => resolved.event?.streamId === stream))).toEqual([
      'A',
      'B',
      'C',
    ]);
  });

  it('reports a wrong expected revision on delete through trailers', async () => {
    const stream = streamName();
    await client.appendToStream(stream, [event(), event()]);

    const error = await rejectionOf(client.deleteStream(stream, { expectedRevision: 0n }));

    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 0n, actualVersion: 1n });
  });

  it('tombstones: reads, appends, subscriptions and deletes fail with StreamDeletedError', async () => {
    const stream = streamName();
    await client.appendToStream(stream, event());
    const subscription = client.subscribeToStream(stream);
    const { seen, until } = observe(subscription);
    await until(() => seen.caughtUpAfter !== null);

    await client.tombstoneStream(stream);
    await until(() => seen.error !== null);

    expect(seen.error).toBeInstanceOf(StreamDeletedError);
    const readError = await rejectionOf(readStreamEvents(stream));
    expect(readError).toBeInstanceOf(StreamDeletedError);
    expect(readError).toMatchObject({ streamName: stream });
    expect(await rejectionOf(client.appendToStream(stream, event()))).toMatchObject({ streamName: stream });
    expect(await rejectionOf(client.appendToStream(stream, event()))).toBeInstanceOf(StreamDeletedError);
    expect(
      await rejectionOf(
        client.appendToStream(stream, event(), { credentials: { username: 'admin', password: 'changeit' } }),
      ),
    ).toBeInstanceOf(StreamDeletedError);
    expect(await rejectionOf(client.deleteStream(stream))).toBeInstanceOf(StreamDeletedError);
    const tombstone = (await readAllOf(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })))[0];
    expect(tombstone.event).toMatchObject({ streamId: stream, type: '$streamDeleted', revision: 9223372036854775807n });
  });

  it('round-trips stream metadata through the metastream', async () => {
    const stream = streamName();
    await client.appendToStream(stream, event());

    await client.setStreamMetadata(stream, { maxCount: 10, custom: 'value' });
    const read = await client.getStreamMetadata(stream);

    expect(read.metadata).toEqual({ maxCount: 10, custom: 'value' });
  });
});

describe('wire protocol', () => {
  let streams: StreamsClient;
  beforeEach(() => {
    streams = new StreamsClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  });
  afterEach(() => {
    streams.close();
  });

  const allOptions = (): ReadReq.Options =>
    new ReadReq.Options()
      .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
      .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
      .setResolveLinks(false)
      .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()))
      .setNoFilter(new Empty());

  function readToEnd(options: ReadReq.Options): Promise<ReadResp[]> {
    return new Promise((resolve, reject) => {
      const messages: ReadResp[] = [];
      streams
        .read(new ReadReq().setOptions(options))
        .on('data', (message: ReadResp) => messages.push(message))
        .on('error', reject)
        .on('end', () => resolve(messages));
    });
  }

  const describeMessage = (message: ReadResp): string => {
    switch (message.getContentCase()) {
      case ReadResp.ContentCase.CONFIRMATION:
        return 'confirmation';
      case ReadResp.ContentCase.CAUGHT_UP:
        return 'caught-up';
      case ReadResp.ContentCase.CHECKPOINT:
        return 'checkpoint';
      case ReadResp.ContentCase.EVENT:
        return `event:${message.getEvent()?.getEvent()?.getMetadataMap().get('type') ?? ''}`;
      default:
        return `other:${message.getContentCase()}`;
    }
  };

  it('advertises BatchAppend and the other implemented methods in lower case, with a server version', async () => {
    const features = new ServerFeaturesClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    try {
      const supported = await new Promise<SupportedMethods>((resolve, reject) =>
        features.getSupportedMethods(new Empty(), (error, response) => (error ? reject(error) : resolve(response))),
      );
      const paths = supported.getMethodsList().map((method) => `${method.getServiceName()}/${method.getMethodName()}`);

      expect(paths).toEqual(
        expect.arrayContaining([
          'event_store.client.streams.streams/batchappend',
          'event_store.client.streams.streams/append',
          'event_store.client.streams.streams/read',
          'event_store.client.streams.streams/delete',
          'event_store.client.streams.streams/tombstone',
        ]),
      );
      expect(supported.getEventStoreServerVersion()).toMatch(/^2[34]\.\d+\.\d+$/);
    } finally {
      features.close();
    }
  });

  it('sends confirmation, history, caught-up, then live events on a subscription', async () => {
    const stream = streamName();
    await client.appendToStream(stream, event('Old'));
    const options = allOptions()
      .setSubscription(new ReadReq.Options.SubscriptionOptions())
      .setFilter(
        new ReadReq.Options.FilterOptions()
          .setStreamIdentifier(new ReadReq.Options.FilterOptions.Expression().setPrefixList([stream]))
          .setCount(new Empty())
          .setCheckpointintervalmultiplier(1000),
      );

    const seen: string[] = [];
    const call = streams.read(new ReadReq().setOptions(options));
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (message: ReadResp) => {
        seen.push(describeMessage(message));
        if (message.hasCaughtUp()) {
          void client.appendToStream(stream, event('New'));
        }
        if (seen.length === 4) {
          resolve();
        }
      });
      call.on('error', (error: grpc.ServiceError) => {
        if (error.code !== grpc.status.CANCELLED) {
          reject(error);
        }
      });
    });
    await done;
    call.cancel();

    expect(seen).toEqual(['confirmation', 'event:Old', 'caught-up', 'event:New']);
    await eventually(() => server.openSubscriptionCount() === 0);
  });

  it('filters counted $all reads (which client 6.2.1 cannot ask for) and reads them backwards', async () => {
    await client.appendToStream(`order-${randomUUID()}`, [event('Placed'), event('Shipped')]);
    await client.appendToStream(`cart-${randomUUID()}`, event('Emptied'));
    await client.appendToStream(`order-${randomUUID()}`, event('Placed'));
    const byPrefix = new ReadReq.Options.FilterOptions()
      .setStreamIdentifier(new ReadReq.Options.FilterOptions.Expression().setPrefixList(['order-']))
      .setCount(new Empty())
      .setCheckpointintervalmultiplier(1);
    const byRegex = new ReadReq.Options.FilterOptions()
      .setEventType(new ReadReq.Options.FilterOptions.Expression().setRegex('^[^$]'))
      .setCount(new Empty())
      .setCheckpointintervalmultiplier(1);

    const forwards = await readToEnd(allOptions().setCount('10').setFilter(byPrefix));
    const backwards = await readToEnd(
      allOptions()
        .setAll(new ReadReq.Options.AllOptions().setEnd(new Empty()))
        .setReadDirection(ReadReq.Options.ReadDirection.BACKWARDS)
        .setCount('2')
        .setFilter(byRegex),
    );

    expect(forwards.map(describeMessage)).toEqual(['event:Placed', 'event:Shipped', 'event:Placed']);
    expect(backwards.map(describeMessage)).toEqual(['event:Placed', 'event:Emptied']);
  });

  it('returns structured UUIDs when asked, encoding the same id', async () => {
    const id = randomUUID();
    const stream = streamName();
    await client.appendToStream(stream, event('Opened', {}, id));

    const [message] = await readToEnd(
      allOptions()
        .setAll(new ReadReq.Options.AllOptions().setEnd(new Empty()))
        .setReadDirection(ReadReq.Options.ReadDirection.BACKWARDS)
        .setCount('1')
        .setUuidOption(new ReadReq.Options.UUIDOption().setStructured(new Empty())),
    );
    const recorded = message.getEvent()?.getEvent();

    expect(recorded?.getId()?.hasStructured()).toBe(true);
    expect(parseUuid(recorded?.getId())).toBe(id);
    expect(recorded?.getMetadataMap().get('content-type')).toBe('application/json');
    expect(recorded?.getMetadataMap().get('created')).toMatch(/^\d{17,}$/);
  });
});

import {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  Filter,
  NO_STREAM,
  ResolvedEvent,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { appendEachInTurn, assertAppendable, firstRevisionFor } from '../append-guards';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError, StoreUnavailableError } from '../event-store.errors';
import {
  AllFilter,
  AppendOutcome,
  AppendRequest,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  StoreHealth,
  StoredEvent,
  SubscribeToAllOptions,
  SubscriptionMessage,
} from '../event-store.port';
import { CLAIM_STREAM_PREFIX, CLOCK_STREAM, ClaimRefusal, DEFAULT_CLAIM_LEASE_MS, EventIdClaims, isClaimStream } from './event-id-claims';
import { DEFAULT_RETRY_POLICY, RetryPolicy, backoffMs, describeFault, isTransient, sleep } from './esdb-faults';

const PAGE = 500;

export interface EsdbEventStoreOptions {
  /**
   * How long an event-id claim whose stream does not hold the id is respected before another stream may take
   * the id over (ms; default 30 s). See event-id-claims.ts.
   */
  readonly claimLeaseMs?: number;
  /** Tries and backoff for NotLeader, leader changes, not ready, too busy and unknown outcomes. */
  readonly retry?: Partial<RetryPolicy>;
  /** Deadline of each call to the server (ms; default 10 s, the client's). */
  readonly deadlineMs?: number;
}

/** What reading the stream back says about a batch whose append has no known outcome. */
type Landed =
  | { readonly kind: 'stored'; readonly result: AppendResult }
  /** Another batch sits where this one had to go (exact expected revision): this one cannot have landed. */
  | { readonly kind: 'lost'; readonly actual: bigint }
  /** Nothing readable there yet: not written, or written and not yet readable. */
  | { readonly kind: 'unknown' };

/**
 * The production store. Global positions are EventStoreDB commit positions: every event the ledger writes is
 * its own implicit transaction, so commit equals prepare and the commit position alone is unique and ordered.
 * System events ($-prefixed streams and types) and the adapter's own event-id claims never leave this adapter.
 *
 * EventStoreDB keeps event ids unique per stream only; the port wants them unique across the store. Each append
 * first claims its ids (event-id-claims.ts explains how, and the race window that remains).
 */
export class EsdbEventStore implements EventStore {
  private readonly claims: EventIdClaims;
  private readonly retry: RetryPolicy;
  private readonly deadlineMs: number;
  /** Whether a node has answered as leader since connecting (until then /health says "starting"). */
  private leaderSeen = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions,
  ) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.claims = new EventIdClaims(client, {
      leaseMs: options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      deadlineMs: this.deadlineMs,
      holds: async (holder, id) => (await this.readStream(holder)).some((event) => event.id === id),
    });
  }

  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  /**
   * Appends through faults. Every try claims the ids, then appends with `requiresLeader`. When a try ends without a
   * known outcome (a deadline, Unavailable, NotLeader, a dropped BatchAppend, a claim not yet readable) the next
   * try, after a backoff, first reads the stream back from the leader and matches event ids: a batch found stored
   * is answered from the stream, so nothing is acknowledged unless stored and nothing stored is reported failed.
   * Retries never lean on the server's id cache (emptied by a restart or leader change): a retry of an append
   * with `any` / `stream_exists` is pinned to the revision read back, so a repeat conflicts instead of landing
   * twice. After the last try the outcome is still unknown: StoreUnavailableError says so, and repeating the
   * same append is safe.
   */
  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events, expected);
    if (isClaimStream(stream)) {
      throw new InvalidAppendError(`stream "${stream}" is reserved: names starting with "${CLAIM_STREAM_PREFIX}" hold the store's event-id claims`);
    }
    const ids = events.map((event) => event.id.toLowerCase());
    let target: ExpectedRevision = expected;
    let fault: unknown = null;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) await sleep(backoffMs(attempt - 1, this.retry));
      try {
        const landed = await this.landed(stream, ids, expected);
        if (landed.kind === 'stored') return landed.result;
        if (landed.kind === 'lost') {
          // Only a try of ours that may have landed makes a conflict doubtful; without one, the server decides.
          if (fault !== null) throw new ConcurrencyError(stream, expected, landed.actual);
        }
        if (fault !== null && (expected === 'any' || expected === 'stream_exists')) target = await this.pinned(stream, expected);
        const refused = await this.claims.claimAll(stream, ids);
        if (refused.length > 0) {
          throw new DuplicateEventError(stream, events.map((e) => e.id), refused.map(describeRefusal).join('; '));
        }
        const result = await this.client.appendToStream(
          stream,
          events.map((event) => jsonEvent({ id: event.id.toLowerCase(), type: event.type, data: event.data, metadata: event.metadata })),
          { expectedRevision: toEsdbExpected(target), requiresLeader: true, deadline: this.deadlineMs },
        );
        if (!result.position) throw new StoreUnavailableError(`EventStoreDB returned no position for an append to "${stream}"`);
        await this.awaitReadable(stream, result.nextExpectedRevision);
        return { nextExpectedRevision: result.nextExpectedRevision, position: result.position.commit, idempotent: false };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          // After a try with an unknown outcome, or with a pinned revision, the conflict may be with ourselves:
          // the next round reads the stream back and decides.
          if (fault !== null || target !== expected) {
            fault = error;
            continue;
          }
          // EventStoreDB answers a partly repeated batch ("corrupted idempotency") with a wrong expected version;
          // look whether the batch's ids are stored to name the real cause.
          const stored = await this.storedIds(stream, events, expected);
          if (stored > 0) {
            throw new DuplicateEventError(stream, events.map((e) => e.id), `${stored} of ${events.length} events are already stored`);
          }
          throw new ConcurrencyError(stream, expected, typeof error.actualVersion === 'bigint' ? error.actualVersion : null);
        }
        if (!isTransient(error) && !(error instanceof StoreUnavailableError)) throw error;
        fault = error;
      }
    }
    throw new StoreUnavailableError(
      `EventStoreDB did not confirm the append to "${stream}" in ${this.retry.attempts} tries (last: ${describeFault(fault)}); ` +
        'the events may or may not be stored: repeating the same append is safe',
    );
  }

  /**
   * Each request appended in turn through `append` (with its retries and read-back), with the port's per-request
   * outcomes: EventStoreDB has no transaction across streams, and one batch append per group is not done yet.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    return appendEachInTurn((stream, events, expected) => this.append(stream, events, expected), requests);
  }

  /**
   * Where the batch would be: with an exact revision (or no_stream) the place right after it decides; with
   * any / stream_exists the batch's ids are looked for in the whole stream.
   */
  private async landed(stream: string, ids: readonly string[], expected: ExpectedRevision): Promise<Landed> {
    const first = firstRevisionFor(expected);
    const stored =
      first === undefined
        ? (await this.readStream(stream)).filter((event) => ids.includes(event.id))
        : await this.readStream(stream, { fromRevision: first, maxCount: ids.length });
    if (stored.length === 0) return { kind: 'unknown' };
    if (first !== undefined && stored[0]!.id !== ids[0]) return { kind: 'lost', actual: stored[stored.length - 1]!.revision };
    const matches = stored.length === ids.length && stored.every((e, i) => e.id === ids[i]);
    if (!matches) {
      throw new DuplicateEventError(stream, [...ids], 'the batch only partly repeats the stored events');
    }
    const last = stored[stored.length - 1]!;
    return { kind: 'stored', result: { nextExpectedRevision: last.revision, position: last.position, idempotent: true } };
  }

  /** The stream's readable revision, as an exact expected revision for a retry (no_stream when it has none). */
  private async pinned(stream: string, expected: 'any' | 'stream_exists'): Promise<ExpectedRevision> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (last) return last.revision;
    return expected === 'any' ? 'no_stream' : 'stream_exists';
  }

  /**
   * A write is acknowledged once committed but readable only after flush, replication and indexing; waiting
   * for it (bounded) keeps read-your-writes for the caller, whose next decision reads this stream. The write
   * is stored either way, so running out of patience still acknowledges it.
   */
  private async awaitReadable(stream: string, revision: bigint): Promise<void> {
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      try {
        const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
        if (event) return;
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
      }
      await sleep(backoffMs(attempt, this.retry));
    }
  }

  private async storedIds(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<number> {
    const ids = new Set(events.map((e) => e.id.toLowerCase()));
    const stored = await this.readStream(stream, { fromRevision: firstRevisionFor(expected) ?? 0n });
    return stored.filter((e) => ids.has(e.id)).length;
  }

  /**
   * Stream reads feed decisions (the recorder's read-decide-append, id claims, retries): they go to the leader
   * (`requiresLeader`), never to a follower that may not have the latest writes yet.
   */
  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    return this.withRetries(`read "${stream}"`, () => this.readStreamOnce(stream, options));
  }

  private async readStreamOnce(stream: string, options: ReadStreamOptions): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      requiresLeader: true,
      deadline: this.deadlineMs,
    });
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = toStoredEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * $all reads in this client take no server-side filter, so filtered reads page through $all and filter here.
   * Bounds are applied here too, so exclusive/inclusive means the same on every server version.
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const from = options.fromPosition;
    const inBounds = (position: bigint) => {
      if (from === undefined) return true;
      // Backwards, the event at the position itself is fetched apart (below) when inclusive.
      if (backwards) return position < from;
      return options.inclusive ? position >= from : position > from;
    };
    const result: StoredEvent[] = [];
    if (backwards && from !== undefined && options.inclusive) {
      // A backwards read starts before its position; fetch the event at the position itself first.
      const [atFrom] = await this.readAllPage(FORWARDS, from, 1);
      if (atFrom && atFrom.event && atFrom.position === from && matches(atFrom.event, options.filter)) result.push(atFrom.event);
    }
    if (result.length >= limit) return result;
    let cursor: bigint | undefined = from;
    let last: bigint | undefined;
    for (;;) {
      const page = await this.readAllPage(backwards ? BACKWARDS : FORWARDS, cursor, PAGE);
      for (const { event, position } of page) {
        // Each page starts where the previous one ended; skip what was already seen.
        if (last !== undefined && (backwards ? position >= last : position <= last)) continue;
        last = position;
        if (event && inBounds(position) && matches(event, options.filter)) result.push(event);
        if (result.length >= limit) return result;
      }
      if (page.length < PAGE) return result;
      cursor = last;
    }
  }

  /** Reads that only fail: tried again after NotLeader, not ready, too busy or a lost connection, then 503. */
  private async withRetries<T>(what: string, operation: () => Promise<T>): Promise<T> {
    let fault: unknown;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) await sleep(backoffMs(attempt - 1, this.retry));
      try {
        return await operation();
      } catch (error) {
        if (!isTransient(error)) throw error;
        fault = error;
      }
    }
    throw new StoreUnavailableError(`EventStoreDB could not ${what} in ${this.retry.attempts} tries (last: ${describeFault(fault)})`);
  }

  private readAllPage(direction: typeof FORWARDS | typeof BACKWARDS, from: bigint | undefined, maxCount: number) {
    return this.withRetries('read $all', () => this.readAllPageOnce(direction, from, maxCount));
  }

  private async readAllPageOnce(direction: typeof FORWARDS | typeof BACKWARDS, from: bigint | undefined, maxCount: number) {
    const read = this.client.readAll({
      deadline: this.deadlineMs,
      direction,
      maxCount,
      fromPosition: from === undefined ? (direction === FORWARDS ? START : END) : { commit: from, prepare: from },
    });
    const page: { event: StoredEvent | null; position: bigint }[] = [];
    for await (const resolved of read) {
      const position = resolved.event?.position?.commit ?? resolved.commitPosition;
      if (position === undefined) continue;
      page.push({ event: toStoredEvent(resolved), position });
    }
    return page;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Observable<SubscriptionMessage> {
    return new Observable<SubscriptionMessage>((subscriber) => {
      let stopped = false;
      let caughtUp = false;
      let head: bigint | null | undefined;
      const signalCaughtUp = () => {
        if (caughtUp || stopped) return;
        caughtUp = true;
        subscriber.next({ kind: 'caught-up', position: head ?? null });
      };
      // Servers before 23.10 never send caught-up: also count as caught up once the head seen at start is passed.
      const passed = (position: bigint) => {
        if (head !== undefined && head !== null && position >= head) signalCaughtUp();
      };

      const subscription = this.client.subscribeToAll({
        fromPosition: options.fromPosition === undefined ? START : { commit: options.fromPosition, prepare: options.fromPosition },
        filter: serverFilter(options.filter, (_subscription, position) => passed(position.commit)),
      });
      subscription.on('data', (resolved: AllStreamResolvedEvent) => {
        const event = toStoredEvent(resolved);
        if (!event || stopped) return;
        if (options.fromPosition !== undefined && event.position <= options.fromPosition) return;
        if (matches(event, options.filter)) subscriber.next({ kind: 'event', event });
        passed(event.position);
      });
      const headKnown = this.headPosition().then(
        (position) => {
          head = position;
          if (position === null) signalCaughtUp();
        },
        (error: Error) => {
          if (!stopped) subscriber.error(error);
        },
      );
      // Buffered history is flushed on the next ticks; signal after it so caught-up follows the history, and
      // after the head is known so caught-up carries it.
      subscription.on('caughtUp', () => void headKnown.then(() => setImmediate(signalCaughtUp)));
      subscription.on('error', (error: Error) => {
        if (!stopped) subscriber.error(error);
      });

      return () => {
        stopped = true;
        void subscription.unsubscribe();
      };
    });
  }

  /** The position of the last event this adapter shows (not of a system event or a claim), null when none. */
  private async headPosition(): Promise<bigint | null> {
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? null;
  }

  /** Waits up to `maxMs` for a node to answer as leader; true when one did. */
  async waitForLeader(maxMs: number): Promise<boolean> {
    const until = Date.now() + maxMs;
    for (let attempt = 1; ; attempt++) {
      if (await this.probeLeader()) return true;
      const left = until - Date.now();
      if (left <= 0) return false;
      await sleep(Math.min(backoffMs(attempt, this.retry), left));
    }
  }

  /** One read that only a leader answers (a missing stream is an answer too). */
  private async probeLeader(): Promise<boolean> {
    try {
      const read = this.client.readStream(CLOCK_STREAM, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
        requiresLeader: true,
        deadline: Math.min(this.deadlineMs, 2_000),
      });
      for await (const _ of read) void _;
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) {
        if (isTransient(error)) return false;
        throw error;
      }
    }
    this.leaderSeen = true;
    return true;
  }

  async health(): Promise<StoreHealth> {
    try {
      if (!this.leaderSeen && !(await this.probeLeader())) {
        return { store: 'eventstoredb', ok: false, detail: 'starting: no leader yet', lastPosition: null };
      }
      return { store: 'eventstoredb', ok: true, detail: 'connected', lastPosition: await this.headPosition() };
    } catch (error) {
      return { store: 'eventstoredb', ok: false, detail: (error as Error).message, lastPosition: null };
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  return expected;
}

function describeRefusal(refusal: ClaimRefusal): string {
  return refusal.stored
    ? `event id ${refusal.eventId} is already stored in "${refusal.holder}"`
    : `event id ${refusal.eventId} is claimed by an append to "${refusal.holder}" that has not landed (a claim not older than the lease is respected)`;
}

/** Events that never leave the adapter: EventStoreDB's own ($-prefixed streams and types) and the id claims. */
function isHidden(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$') || isClaimStream(stream);
}

function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | null {
  const recorded = resolved.event;
  if (!recorded || isHidden(recorded.streamId, recorded.type) || !recorded.isJson || !recorded.position) return null;
  return {
    id: recorded.id,
    stream: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position.commit,
    recordedAt: recorded.created,
    type: recorded.type,
    data: recorded.data as JsonObject,
    metadata: (recorded.metadata ?? {}) as JsonObject,
  };
}

function matches(event: StoredEvent, filter: AllFilter | undefined): boolean {
  if (filter?.streamPrefixes?.length && !filter.streamPrefixes.some((prefix) => event.stream.startsWith(prefix))) return false;
  if (filter?.eventTypes?.length && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

type CheckpointReached = NonNullable<Filter['checkpointReached']>;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A stream name not of a system stream nor of a claim stream (a regex prefix; .NET and JS read it alike). */
const NOT_HIDDEN_STREAM = `^(?!\\$|${escapeRegex(CLAIM_STREAM_PREFIX)})`;

/**
 * EventStoreDB filters on stream names or on types, not both: the server takes one, `matches` checks the rest.
 * Hidden events are kept out server-side where the filter is on stream names (no filter, or prefixes); with a
 * filter on types, a claim can only match if the caller names its type, and `toStoredEvent` drops it then.
 * `toStoredEvent` drops hidden events in every case, so the server-side filter is an economy, not the guarantee.
 */
function serverFilter(filter: AllFilter | undefined, checkpointReached: CheckpointReached): Filter {
  const common = { checkpointInterval: 1, checkpointReached };
  if (filter?.streamPrefixes?.length) {
    return streamNameFilter({ regex: `${NOT_HIDDEN_STREAM}(?:${filter.streamPrefixes.map(escapeRegex).join('|')})`, ...common });
  }
  if (filter?.eventTypes?.length) {
    return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$`, ...common });
  }
  return streamNameFilter({ regex: NOT_HIDDEN_STREAM, ...common });
}

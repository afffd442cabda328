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
import { CLAIM_STREAM_PREFIX, ClaimRefusal, DEFAULT_CLAIM_LEASE_MS, EventIdClaims, isClaimStream } from './event-id-claims';

const PAGE = 500;

export interface EsdbEventStoreOptions {
  /**
   * How long an event-id claim whose stream does not hold the id is respected before another stream may take
   * the id over (ms; default 30 s). See event-id-claims.ts.
   */
  readonly claimLeaseMs?: number;
}

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

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions,
  ) {
    this.claims = new EventIdClaims(client, {
      leaseMs: options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
      holds: async (holder, id) => (await this.readStream(holder)).some((event) => event.id === id),
    });
  }

  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events, expected);
    if (isClaimStream(stream)) {
      throw new InvalidAppendError(`stream "${stream}" is reserved: names starting with "${CLAIM_STREAM_PREFIX}" hold the store's event-id claims`);
    }
    const retried = await this.findRetry(stream, events, expected);
    if (retried) return retried;
    const refused = await this.claims.claimAll(stream, events.map((event) => event.id));
    if (refused.length > 0) {
      throw new DuplicateEventError(stream, events.map((e) => e.id), refused.map(describeRefusal).join('; '));
    }
    try {
      const result = await this.client.appendToStream(
        stream,
        events.map((event) => jsonEvent({ id: event.id.toLowerCase(), type: event.type, data: event.data, metadata: event.metadata })),
        { expectedRevision: toEsdbExpected(expected) },
      );
      if (!result.position) throw new StoreUnavailableError(`EventStoreDB returned no position for an append to "${stream}"`);
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position.commit, idempotent: false };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        // EventStoreDB answers a partly repeated batch ("corrupted idempotency") with a wrong expected version;
        // look whether the batch's ids are stored to name the real cause.
        const stored = await this.storedIds(stream, events, expected);
        if (stored > 0) {
          throw new DuplicateEventError(stream, events.map((e) => e.id), `${stored} of ${events.length} events are already stored`);
        }
        throw new ConcurrencyError(stream, expected, typeof error.actualVersion === 'bigint' ? error.actualVersion : null);
      }
      throw error;
    }
  }

  /**
   * A minimal fallback: each request appended in turn through `append`, with the port's per-request outcomes.
   * One batch append per group, where the protocol allows it, is left to the adapter's rewrite (issue 15).
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    return appendEachInTurn((stream, events, expected) => this.append(stream, events, expected), requests);
  }

  /** A batch already stored exactly where this append would put it is answered from the stream, writing nothing. */
  private async findRetry(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult | null> {
    const first = firstRevisionFor(expected);
    if (first === undefined) return null;
    const stored = await this.readStream(stream, { fromRevision: first, maxCount: events.length });
    if (stored.length === 0 || stored[0]!.id !== events[0]!.id.toLowerCase()) return null;
    const matches = stored.length === events.length && stored.every((e, i) => e.id === events[i]!.id.toLowerCase());
    if (!matches) {
      throw new DuplicateEventError(stream, events.map((e) => e.id), 'the batch only partly repeats the stored events');
    }
    const last = stored[stored.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position, idempotent: true };
  }

  private async storedIds(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<number> {
    const ids = new Set(events.map((e) => e.id.toLowerCase()));
    const stored = await this.readStream(stream, { fromRevision: firstRevisionFor(expected) ?? 0n });
    return stored.filter((e) => ids.has(e.id)).length;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
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

  private async readAllPage(direction: typeof FORWARDS | typeof BACKWARDS, from: bigint | undefined, maxCount: number) {
    const read = this.client.readAll({
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

  async health(): Promise<StoreHealth> {
    try {
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

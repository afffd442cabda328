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
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { assertAppendable, firstRevisionFor } from '../append-guards';
import { ConcurrencyError, DuplicateEventError, StoreUnavailableError } from '../event-store.errors';
import {
  AllFilter,
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

const PAGE = 500;

/**
 * The production store. Global positions are EventStoreDB commit positions: every event the ledger writes is
 * its own implicit transaction, so commit equals prepare and the commit position alone is unique and ordered.
 * System events ($-prefixed streams and types) never leave this adapter.
 */
export class EsdbEventStore implements EventStore {
  private constructor(private readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events, expected);
    const retried = await this.findRetry(stream, events, expected);
    if (retried) return retried;
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
      // Buffered history is flushed on the next ticks; signal after it so caught-up follows the history.
      subscription.on('caughtUp', () => setImmediate(signalCaughtUp));
      subscription.on('error', (error: Error) => {
        if (!stopped) subscriber.error(error);
      });
      this.headPosition()
        .then((position) => {
          head = position;
          if (position === null) signalCaughtUp();
        })
        .catch((error: Error) => !stopped && subscriber.error(error));

      return () => {
        stopped = true;
        void subscription.unsubscribe();
      };
    });
  }

  private async headPosition(): Promise<bigint | null> {
    const [last] = await this.readAllPage(BACKWARDS, undefined, 1);
    return last?.position ?? null;
  }

  async health(): Promise<StoreHealth> {
    try {
      const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
      return { store: 'eventstoredb', ok: true, detail: 'connected', lastPosition: last?.position ?? null };
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

function isSystem(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$');
}

function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | null {
  const recorded = resolved.event;
  if (!recorded || isSystem(recorded.streamId, recorded.type) || !recorded.isJson || !recorded.position) return null;
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

/** EventStoreDB filters on stream names or on types, not both: the server takes one, `matches` checks the rest. */
function serverFilter(filter: AllFilter | undefined, checkpointReached: CheckpointReached): Filter {
  const common = { checkpointInterval: 1, checkpointReached };
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: [...filter.streamPrefixes], ...common });
  if (filter?.eventTypes?.length) {
    const names = filter.eventTypes.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return eventTypeFilter({ regex: `^(?:${names.join('|')})$`, ...common });
  }
  return excludeSystemEvents(common);
}

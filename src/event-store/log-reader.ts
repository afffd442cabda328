import { StoreUnavailableError } from './event-store.errors';
import { EventStore, StoredEvent } from './event-store.port';
import { DeriveAhead, readAheadOf } from './read-ahead';

export const LOG_PAGE = 5000;

/**
 * A read this many positions long or longer goes through the store's read-ahead thread when it has one (as the
 * server's catch-up does); a shorter one reads on the calling thread, which starting a thread would slow down.
 */
export const READ_AHEAD_AFTER = 50_000;

/** The store could not read the event after `after` (null: the first event) back. */
export class LogReadError extends Error {
  override readonly name = 'LogReadError';
  constructor(
    readonly after: bigint | null,
    override readonly cause: unknown,
  ) {
    super(`the event after ${after === null ? 'the start of the log' : `position ${after}`} cannot be read: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * The log's last position (null when empty). Throws when the store cannot answer: an unreachable store must
 * never pass for an empty, intact one.
 */
export async function headOf(store: EventStore): Promise<bigint | null> {
  const health = await store.health();
  if (!health.ok) throw new StoreUnavailableError(`${health.store}: ${health.detail}`);
  return health.lastPosition;
}

export interface ReadLogOptions {
  /** Start after this position (exclusive); the start of the log when omitted. */
  readonly after?: bigint | null;
  /** Stop after this position (inclusive); the head at the time of each page when omitted. */
  readonly upTo?: bigint | null;
  readonly pageSize?: number;
  /** The reader's derivation, handed to the store's read-ahead thread when the store has one (read-ahead.ts). */
  readonly deriveAhead?: DeriveAhead;
  /**
   * Leave each event's data and metadata as text until the caller reads them (the read model keeps most of it
   * unparsed). An unreadable one then fails where it is read, not here with its position named.
   */
  readonly lazy?: boolean;
}

/**
 * Every full read (rebuild, replay, verify, export) comes here. Where the store reads ahead on another thread
 * and the read is long, the pages come from there; when that fails (an unreadable row, a lost thread), the
 * read goes on below from the last event yielded, which finds and names the unreadable event.
 */
export async function* readLog(store: EventStore, options: ReadLogOptions = {}): AsyncGenerator<StoredEvent> {
  const upTo = options.upTo ?? null;
  let after = options.after ?? null;
  const ahead = readAheadOf(store);
  if (ahead && upTo !== null && upTo - (after ?? 0n) >= BigInt(READ_AHEAD_AFTER)) {
    try {
      for await (const page of ahead.readAhead({ after, ...(options.deriveAhead ? { deriveAhead: options.deriveAhead } : {}) })) {
        if (!options.lazy) readable(page);
        for (const event of page) {
          if (event.position > upTo) return;
          yield event;
          after = event.position;
        }
      }
      return;
    } catch {
      // Read again from the last event yielded, page by page, to find the event that cannot be read.
    }
  }
  yield* readLogHere(store, { ...options, after });
}

/**
 * The whole log in global order, page by page, through the store port (so it reads the embedded store and
 * EventStoreDB alike). When a page cannot be read, the events before the unreadable one are still yielded (read one
 * at a time), then a LogReadError says after which position reading failed.
 */
async function* readLogHere(store: EventStore, options: ReadLogOptions): AsyncGenerator<StoredEvent> {
  const pageSize = options.pageSize ?? LOG_PAGE;
  const upTo = options.upTo ?? null;
  let after = options.after ?? null;
  for (;;) {
    let page: StoredEvent[];
    try {
      page = readable(await store.readAll({ fromPosition: after ?? undefined, maxCount: pageSize }));
    } catch {
      // Find the unreadable event: read the page again one event at a time.
      page = [];
      for (let i = 0; i < pageSize; i++) {
        let single: StoredEvent[];
        try {
          single = readable(await store.readAll({ fromPosition: (page[page.length - 1]?.position ?? after) ?? undefined, maxCount: 1 }));
        } catch (error) {
          for (const event of page) {
            if (upTo !== null && event.position > upTo) return;
            yield event;
          }
          throw new LogReadError(page[page.length - 1]?.position ?? after, error);
        }
        if (single.length === 0) break;
        page.push(single[0]!);
      }
    }
    for (const event of page) {
      if (upTo !== null && event.position > upTo) return;
      yield event;
      after = event.position;
    }
    if (page.length < pageSize) return;
  }
}

/** The events, once each one's data and metadata have been read (a store may parse them only then). */
function readable(events: StoredEvent[]): StoredEvent[] {
  for (const event of events) {
    void event.data;
    void event.metadata;
  }
  return events;
}

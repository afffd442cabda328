import { Observable } from 'rxjs';
import { EventStore, StoredEvent, SubscribeToAllOptions, SubscriptionMessage } from './event-store.port';

/**
 * An optional capability beside the port: reading the log ahead of the reader on another thread (SQLite's
 * paged reader), and running part of the reader's own work there on each page (derive-ahead). It exists for
 * the speed of a rebuild; nothing a reader answers may depend on it. A store that offers it declares it
 * (READ_AHEAD); a reader asks for it (readAheadOf) and reads through the port when the store has none
 * (EventStoreDB). The derivation is the reader's: it hands the module over when it asks, so the store runs
 * what it is given and never knows a read model.
 */
export const READ_AHEAD = Symbol('ReadAheadCapable');

export interface ReadAheadCapable {
  /**
   * The log forwards after `after` to its end, a page at a time, for full reads (rebuild, replay, verify,
   * export). Stopping early is allowed.
   */
  readAhead(options: ReadAheadOptions): AsyncGenerator<StoredEvent[]>;
  /**
   * The port's catch-up subscription, whose catch-up runs `derive` on each page it reads ahead and hands the
   * result over with the page's events (DerivedAhead). Events it did not read ahead (a short catch-up, live
   * events) come with nothing derived.
   */
  subscribeToAllAhead(options: SubscribeToAllOptions, derive: DeriveAhead): Observable<SubscriptionMessage>;
}

/** How a store declares the capability; a store that wraps another passes on the other's answer. */
export interface DeclaresReadAhead {
  readonly [READ_AHEAD]: ReadAheadCapable | undefined;
}

export function readAheadOf(store: EventStore): ReadAheadCapable | undefined {
  return (store as Partial<DeclaresReadAhead>)[READ_AHEAD];
}

/** The catch-up subscription, deriving ahead where the store can; the port's own where it cannot. */
export function subscribeToAllDerivingAhead(store: EventStore, options: SubscribeToAllOptions, derive: DeriveAhead): Observable<SubscriptionMessage> {
  const ahead = readAheadOf(store);
  return ahead ? ahead.subscribeToAllAhead(options, derive) : store.subscribeToAll(options);
}

export interface ReadAheadOptions {
  /** Start after this position (exclusive); the start of the log when null. */
  readonly after: bigint | null;
  readonly deriveAhead?: DeriveAhead;
}

/**
 * A module, by absolute path, that exports `derivePage(rows: RowsToDerive): DerivedPage`. It runs on another
 * thread, so it may only use what it imports and what it is given; its result is copied across (or moved, for
 * the buffers it lists in `transfer`).
 */
export interface DeriveAhead {
  readonly module: string;
}

/** The events of a page read ahead, as far as a derivation may read them. */
export interface RowsToDerive {
  readonly count: number;
  stream(row: number): string;
  type(row: number): string;
  revision(row: number): bigint;
  dataText(row: number): string;
  metadataText(row: number): string;
}

export interface DerivedPage {
  readonly value: unknown;
  readonly transfer: ArrayBuffer[];
}

/** What a DeriveAhead module derived for an event: the page's value and the event's row in it. */
export interface DerivedAhead {
  readonly derivedPage: unknown;
  readonly derivedRow: number;
}

export function derivedAheadOf(event: StoredEvent): DerivedAhead | null {
  const derived = event as Partial<DerivedAhead>;
  return derived.derivedPage !== undefined && typeof derived.derivedRow === 'number' ? (derived as DerivedAhead) : null;
}

/**
 * An event's id, data and metadata as UTF-8 bytes, one after another in a buffer that is never changed: events
 * read ahead come with the page's buffer, and a reader that keeps events' text can keep the buffer itself.
 */
export interface StoredJsonBytes {
  readonly bytes: Buffer;
  readonly idStart: number;
  readonly idEnd: number;
  readonly dataEnd: number;
  readonly metadataEnd: number;
}

export function storedJsonBytesOf(event: StoredEvent): StoredJsonBytes | null {
  const bytes = event as Partial<StoredJsonBytes>;
  return bytes.bytes instanceof Buffer && typeof bytes.idStart === 'number' ? (bytes as StoredJsonBytes) : null;
}

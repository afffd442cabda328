import { Observable } from 'rxjs';

/** Injection token for the one store the process uses (SQLite or EventStoreDB). */
export const EVENT_STORE = Symbol('EVENT_STORE');

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * What the writer believes about the stream before appending.
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - `any`: no check;
 * - a bigint: the revision of the stream's last event (revisions count from 0n).
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface EventToAppend {
  /** UUID; the idempotency key of the event. */
  readonly id: string;
  /** Stable PascalCase past-tense name, never derived from a class name. */
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface StoredEvent<Data extends JsonObject = JsonObject, Metadata extends JsonObject = JsonObject> {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  /** Global position: opaque, unique, totally ordered across all streams (compare as bigint). */
  readonly position: bigint;
  /** The store's commit time; never supplied by a client. */
  readonly recordedAt: Date;
  readonly type: string;
  /**
   * A store may parse the JSON when it is first read rather than when the event is (SQLite does): an event
   * whose stored JSON is damaged then throws here. Readers that must vouch for every event (the log reader
   * behind verify and export) read both fields as they go.
   */
  readonly data: Data;
  readonly metadata: Metadata;
}

export interface AppendResult {
  /** Revision of the last event of the batch: the expected revision for the next append. */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last event of the batch. */
  readonly position: bigint;
  /** True when every event was already stored at that place and nothing new was written. */
  readonly idempotent: boolean;
}

/** One append of a multi-request append (`appendMany`): its own stream, events and expected revision. */
export interface AppendRequest {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
  /**
   * Indexes of earlier requests of the same call that this one was decided on (it read their events): when one
   * of them is not appended, neither is this one (its outcome is a PrerequisiteNotAppended).
   */
  readonly after?: readonly number[];
}

/** What became of one request of `appendMany`: its result, or the error it alone would have got. */
export type AppendOutcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: Error };

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the first revision forwards and the last revision backwards. */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface AllFilter {
  /** Keep events whose stream name starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
  /** Keep events whose type is one of these. */
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Where to start; omitted means the start (forwards) or the end (backwards). */
  readonly fromPosition?: bigint;
  /** Whether an event at exactly `fromPosition` is included. Defaults to false (exclusive, as a checkpoint is). */
  readonly inclusive?: boolean;
  readonly maxCount?: number;
  readonly filter?: AllFilter;
}

export interface SubscribeToAllOptions {
  /** Checkpoint: the position of the last event already processed; delivery starts strictly after it. */
  readonly fromPosition?: bigint;
  readonly filter?: AllFilter;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'caught-up'; readonly position: bigint | null };

export interface StoreHealth {
  readonly store: 'sqlite' | 'eventstoredb';
  readonly ok: boolean;
  readonly detail: string;
  readonly lastPosition: bigint | null;
}

/**
 * The one port every layer above the store uses, and all that every store must do (the contract suite,
 * test/event-store/event-store.contract.ts). Streams that do not exist read as empty; reads never throw for a
 * missing stream. A store may offer more beside it, which a reader asks for and can do without: reading ahead
 * on another thread (read-ahead.ts).
 */
export interface EventStore {
  append(stream: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * Several appends, each checked as `append` checks it (expected revision, idempotent retry, unique ids) and
   * each with its own outcome, in request order: one request's refusal (a conflict, a duplicate id, a bad
   * argument) appends nothing of it and fails no other. Where the store allows, all of them are written in one
   * transaction (SQLite: one commit, one fsync); the promise resolves only once every appended request is
   * durable. It rejects, with nothing appended, only when the store itself failed.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * Catch-up subscription: history after the checkpoint, then one `caught-up` message, then live events.
   * Unsubscribing stops it cleanly.
   */
  subscribeToAll(options?: SubscribeToAllOptions): Observable<SubscriptionMessage>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

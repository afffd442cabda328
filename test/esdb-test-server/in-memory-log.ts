import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * The transaction log and stream index of the test server, free of any gRPC concern.
 *
 * Every mutation (check + write + notification) runs in one synchronous step, which is how
 * concurrent appends to one stream get serialized: the event loop cannot interleave two of them.
 */

/** EventStoreDB's `EventNumber.DeletedStream` (long.MaxValue): the revision of a tombstone and the `$tb` of a soft delete. */
export const DELETED_STREAM_REVISION = (1n << 63n) - 1n;

const NO_STREAM_REVISION = -1n;

/**
 * A rough prepare-record size. Positions advance by it so that they have realistic gaps;
 * the exact number does not matter, only that positions are not consecutive integers.
 */
const RECORD_OVERHEAD_BYTES = 122;

export type ExpectedRevision =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'exact'; readonly revision: bigint };

/** The `long` EventStoreDB uses internally for an expected version; the `expected-version` trailer carries it. */
export function expectedVersionNumber(expected: ExpectedRevision): bigint {
  switch (expected.kind) {
    case 'any':
      return -2n;
    case 'no_stream':
      return -1n;
    case 'stream_exists':
      return -4n;
    case 'exact':
      return expected.revision;
  }
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface LogRecord {
  readonly streamName: string;
  readonly revision: bigint;
  /** Commit and prepare positions are equal: every event is its own committed prepare record. */
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** 100-ns ticks since the Unix epoch, as EventStoreDB reports `created`. */
  readonly createdTicks: bigint;
}

export type AppendOutcome =
  | {
      readonly kind: 'success';
      /** -1n when the stream has no events (only possible for an empty append). */
      readonly currentRevision: bigint;
      /** null when nothing was written and nothing was matched (empty append). */
      readonly position: bigint | null;
      readonly idempotent: boolean;
    }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint }
  | { readonly kind: 'stream_deleted' };

export type DeleteOutcome =
  | { readonly kind: 'success'; readonly position: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint }
  | { readonly kind: 'stream_deleted' };

export type StreamReadResult =
  | { readonly kind: 'events'; readonly records: readonly LogRecord[] }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'deleted' };

export type Direction = 'forwards' | 'backwards';

export type StreamFrom = 'start' | 'end' | bigint;
export type AllFrom = 'start' | 'end' | bigint;

export interface RecordFilter {
  readonly on: 'stream_name' | 'event_type';
  /** When set, wins over prefixes, as on the server. */
  readonly regex: RegExp | null;
  readonly prefixes: readonly string[];
}

export function matchesFilter(filter: RecordFilter, record: LogRecord): boolean {
  const subject = filter.on === 'stream_name' ? record.streamName : record.type;
  if (filter.regex) {
    return filter.regex.test(subject);
  }
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

interface StreamState {
  /** records[n] has revision n; revisions are dense from 0. The tombstone record is not kept here. */
  readonly records: LogRecord[];
  tombstoned: boolean;
  /** From the stream's `$metadata` (`$tb`); DELETED_STREAM_REVISION marks a soft-deleted stream. */
  truncateBefore: bigint;
}

type ExpectationCheck =
  | { readonly kind: 'write'; readonly undeleteFirst: boolean }
  | { readonly kind: 'idempotent'; readonly lastRevision: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint }
  | { readonly kind: 'stream_deleted' };

export type AppendListener = (records: readonly LogRecord[]) => void;

export interface InMemoryLogOptions {
  readonly firstPosition: bigint;
  /**
   * How many recent event ids the committed-events cache remembers for ANY / STREAM_EXISTS idempotency (the
   * real leader bounds it by memory, about 8 MiB). Default: unbounded.
   */
  readonly idCacheSize?: number;
  /** How far the node's clock is from this process's (ms; negative: behind). Shows in `created`. */
  readonly clockSkewMs?: number;
}

export class InMemoryLog {
  private readonly all: LogRecord[] = [];
  private readonly streams = new Map<string, StreamState>();
  /** What EventStoreDB keeps in its committed-events cache for ANY / STREAM_EXISTS idempotency. */
  private readonly byEventId = new Map<string, LogRecord>();
  /** Every committed id (the index, not the cache): lets a node tell "committed, not yet readable" apart. */
  private readonly committedIds = new Map<string, LogRecord>();
  private readonly idCacheSize: number;
  private readonly skewTicks: bigint;
  private readonly listeners = new Set<AppendListener>();
  private nextPosition: bigint;

  constructor(options: InMemoryLogOptions) {
    this.nextPosition = options.firstPosition;
    this.idCacheSize = options.idCacheSize ?? Number.POSITIVE_INFINITY;
    this.skewTicks = BigInt(Math.round((options.clockSkewMs ?? 0) * 10_000));
  }

  private nowTicks(): bigint {
    return nowTicks() + this.skewTicks;
  }

  /** A restart or a leader change: the committed-events cache starts empty (the log and index stay). */
  forgetIds(): void {
    this.byEventId.clear();
  }

  /** The newest committed record with this id, readable or not. */
  committedRecordOf(eventId: string): LogRecord | undefined {
    return this.committedIds.get(eventId);
  }

  private remember(record: LogRecord): void {
    this.committedIds.set(record.id, record);
    this.byEventId.delete(record.id);
    this.byEventId.set(record.id, record);
    if (this.byEventId.size > this.idCacheSize) {
      // Maps iterate in insertion order: the first key is the least recently written.
      this.byEventId.delete(this.byEventId.keys().next().value as string);
    }
  }

  /** Lets later records start further on, as if records that are not events (epochs, chunk headers…) sat in between. */
  skipTo(position: bigint): void {
    if (position > this.nextPosition) {
      this.nextPosition = position;
    }
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  append(streamName: string, expected: ExpectedRevision, events: readonly ProposedEvent[]): AppendOutcome {
    const state = this.streams.get(streamName);
    const check = this.checkExpectation(streamName, state, expected, events);
    switch (check.kind) {
      case 'stream_deleted':
      case 'wrong_expected_version':
        return check;
      case 'idempotent': {
        const original = this.requireState(streamName).records[Number(check.lastRevision)];
        return { kind: 'success', currentRevision: check.lastRevision, position: original.position, idempotent: true };
      }
      case 'write':
        break;
    }

    const currentRevision = lastRevisionOf(state);
    if (events.length === 0) {
      return { kind: 'success', currentRevision, position: null, idempotent: false };
    }

    const written: LogRecord[] = [];
    if (check.undeleteFirst) {
      // EventStoreDB "soft-undeletes" by rewriting the metastream so the old events stay hidden.
      written.push(this.writeMetadata(streamName, currentRevision + 1n));
    }
    const createdTicks = this.nowTicks();
    const target = this.stateFor(streamName);
    for (const event of events) {
      const record = this.writeRecord({
        streamName,
        revision: BigInt(target.records.length),
        id: event.id,
        type: event.type,
        isJson: event.isJson,
        data: event.data,
        metadata: event.metadata,
        createdTicks,
      });
      target.records.push(record);
      this.remember(record);
      written.push(record);
    }
    this.applyMetadataIfMetastream(streamName, written);
    this.notify(written);

    const last = written[written.length - 1];
    return { kind: 'success', currentRevision: last.revision, position: last.position, idempotent: false };
  }

  softDelete(streamName: string, expected: ExpectedRevision): DeleteOutcome {
    const state = this.streams.get(streamName);
    const check = this.checkDeleteExpectation(state, expected);
    if (check) {
      return check;
    }
    const record = this.writeMetadata(streamName, DELETED_STREAM_REVISION);
    this.notify([record]);
    return { kind: 'success', position: record.position };
  }

  tombstone(streamName: string, expected: ExpectedRevision): DeleteOutcome {
    const state = this.streams.get(streamName);
    const check = this.checkDeleteExpectation(state, expected);
    if (check) {
      return check;
    }
    const record = this.writeRecord({
      streamName,
      revision: DELETED_STREAM_REVISION,
      id: randomUUID(),
      type: '$streamDeleted',
      isJson: false,
      data: new Uint8Array(0),
      metadata: new Uint8Array(0),
      createdTicks: this.nowTicks(),
    });
    this.stateFor(streamName).tombstoned = true;
    this.notify([record]);
    return { kind: 'success', position: record.position };
  }

  isTombstoned(streamName: string): boolean {
    return this.streams.get(streamName)?.tombstoned ?? false;
  }

  readStream(streamName: string, direction: Direction, from: StreamFrom, maxCount: number): StreamReadResult {
    const state = this.streams.get(streamName);
    if (state?.tombstoned) {
      return { kind: 'deleted' };
    }
    const first = firstVisibleRevision(state);
    const last = lastRevisionOf(state);
    if (!state || first > last) {
      return { kind: 'not_found' };
    }
    const records: LogRecord[] = [];
    if (direction === 'forwards') {
      const start = from === 'start' ? first : from === 'end' ? last + 1n : maxBigInt(from, first);
      for (let revision = start; revision <= last && records.length < maxCount; revision++) {
        records.push(state.records[Number(revision)]);
      }
    } else {
      const start = from === 'start' ? 0n : from === 'end' ? last : minBigInt(from, last);
      for (let revision = start; revision >= first && records.length < maxCount; revision--) {
        records.push(state.records[Number(revision)]);
      }
    }
    return { kind: 'events', records };
  }

  /** Stream events a catch-up subscription replays: revisions strictly after `after` (null = from the first). */
  streamHistoryAfter(streamName: string, after: bigint | null): readonly LogRecord[] {
    const state = this.streams.get(streamName);
    if (!state) {
      return [];
    }
    const from = maxBigInt(after === null ? 0n : after + 1n, firstVisibleRevision(state));
    return state.records.slice(Number(minBigInt(from, BigInt(state.records.length))));
  }

  lastRevision(streamName: string): bigint {
    return lastRevisionOf(this.streams.get(streamName));
  }

  /**
   * Forwards reads include a record sitting exactly at `from`; backwards reads stop strictly before it,
   * which is how a real server reads the transaction file from a position.
   */
  readAll(direction: Direction, from: AllFrom, maxCount: number, filter: RecordFilter | null): LogRecord[] {
    const records: LogRecord[] = [];
    const keep = (record: LogRecord): boolean => filter === null || matchesFilter(filter, record);
    if (direction === 'forwards') {
      const start = from === 'start' ? 0 : from === 'end' ? this.all.length : this.indexAtOrAfter(from);
      for (let i = start; i < this.all.length && records.length < maxCount; i++) {
        if (keep(this.all[i])) {
          records.push(this.all[i]);
        }
      }
    } else {
      const start = from === 'start' ? -1 : from === 'end' ? this.all.length - 1 : this.indexAtOrAfter(from) - 1;
      for (let i = start; i >= 0 && records.length < maxCount; i--) {
        if (keep(this.all[i])) {
          records.push(this.all[i]);
        }
      }
    }
    return records;
  }

  /** Records a `$all` subscription replays: positions strictly after `after` (null = from the first record). */
  allHistoryAfter(after: bigint | null): readonly LogRecord[] {
    if (after === null) {
      return this.all.slice();
    }
    let index = this.indexAtOrAfter(after);
    if (index < this.all.length && this.all[index].position === after) {
      index++;
    }
    return this.all.slice(index);
  }

  /**
   * Where a `$all` read may start: a record's own position, the very start or the end of the log.
   * Anything else would land inside a record, which a real node rejects as an invalid position.
   */
  isReadablePosition(position: bigint): boolean {
    if (position === 0n || position === this.nextPosition) {
      return true;
    }
    const index = this.indexAtOrAfter(position);
    return index < this.all.length && this.all[index].position === position;
  }

  get lastPosition(): bigint | null {
    return this.all.length === 0 ? null : this.all[this.all.length - 1].position;
  }

  private checkExpectation(
    streamName: string,
    state: StreamState | undefined,
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
  ): ExpectationCheck {
    if (state?.tombstoned) {
      return { kind: 'stream_deleted' };
    }
    const current = lastRevisionOf(state);
    const softDeleted = state?.truncateBefore === DELETED_STREAM_REVISION;
    const write: ExpectationCheck = { kind: 'write', undeleteFirst: softDeleted && events.length > 0 };

    if (expected.kind === 'stream_exists') {
      if (softDeleted) {
        return { kind: 'stream_deleted' };
      }
      // The server counts a stream that only has metadata as existing.
      if (current < 0n && lastRevisionOf(this.streams.get(metastreamOf(streamName))) < 0n) {
        return { kind: 'wrong_expected_version', currentRevision: current };
      }
    }

    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      // Ids are looked up wherever they sit in this stream, as the server's committed-events cache does.
      let lastRevision: bigint | null = null;
      for (const [index, event] of events.entries()) {
        const known = this.byEventId.get(event.id);
        if (!known || known.streamName !== streamName) {
          return index === 0 ? write : { kind: 'wrong_expected_version', currentRevision: current };
        }
        lastRevision = known.revision;
      }
      return lastRevision === null ? write : { kind: 'idempotent', lastRevision };
    }

    const expectedRevision = expected.kind === 'no_stream' ? NO_STREAM_REVISION : expected.revision;
    if (expectedRevision < current && state) {
      // Events already written right after the expected revision: a retry of that very append.
      let revision = expectedRevision;
      for (const event of events) {
        revision++;
        const existing = revision <= current ? state.records[Number(revision)] : undefined;
        if (existing && existing.id === event.id) {
          continue;
        }
        if (revision !== expectedRevision + 1n) {
          // The server's "corrupted idempotency": a partial match is reported as a conflict.
          return { kind: 'wrong_expected_version', currentRevision: current };
        }
        if (expected.kind === 'no_stream' && softDeleted) {
          return write;
        }
        return { kind: 'wrong_expected_version', currentRevision: current };
      }
      if (revision === expectedRevision) {
        return { kind: 'wrong_expected_version', currentRevision: current };
      }
      return { kind: 'idempotent', lastRevision: revision };
    }
    if (expectedRevision > current) {
      return { kind: 'wrong_expected_version', currentRevision: current };
    }
    return write;
  }

  private checkDeleteExpectation(
    state: StreamState | undefined,
    expected: ExpectedRevision,
  ): Exclude<DeleteOutcome, { kind: 'success' }> | null {
    if (state?.tombstoned) {
      return { kind: 'stream_deleted' };
    }
    const current = lastRevisionOf(state);
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === NO_STREAM_REVISION) ||
      (expected.kind === 'stream_exists' && current !== NO_STREAM_REVISION) ||
      (expected.kind === 'exact' && expected.revision === current);
    return matches ? null : { kind: 'wrong_expected_version', currentRevision: current };
  }

  /** Writes `$metadata` to the metastream, keeping the other properties of the previous metadata. */
  private writeMetadata(streamName: string, truncateBefore: bigint): LogRecord {
    const metastream = metastreamOf(streamName);
    const meta = this.stateFor(metastream);
    const previous = meta.records[meta.records.length - 1];
    const kept: Record<string, unknown> = previous ? parseJsonObject(previous.data) : {};
    delete kept['$tb'];
    // JSON.stringify cannot write long.MaxValue exactly, so the number is spliced in as text.
    const others = JSON.stringify(kept);
    const text = `${others.slice(0, -1)}${others === '{}' ? '' : ','}"$tb":${truncateBefore.toString()}}`;
    const record = this.writeRecord({
      streamName: metastream,
      revision: BigInt(meta.records.length),
      id: randomUUID(),
      type: '$metadata',
      isJson: true,
      data: Buffer.from(text, 'utf8'),
      metadata: new Uint8Array(0),
      createdTicks: this.nowTicks(),
    });
    meta.records.push(record);
    this.remember(record);
    this.stateFor(streamName).truncateBefore = truncateBefore;
    return record;
  }

  /** A client writing `$metadata` itself (setStreamMetadata) may set or clear `$tb`. */
  private applyMetadataIfMetastream(streamName: string, written: readonly LogRecord[]): void {
    if (!streamName.startsWith('$$')) {
      return;
    }
    const last = written[written.length - 1];
    if (last.streamName !== streamName || last.type !== '$metadata' || !last.isJson) {
      return;
    }
    const tb = parseJsonObject(last.data)['$tb'];
    const original = this.stateFor(streamName.slice(2));
    if (typeof tb !== 'number' || tb < 0) {
      original.truncateBefore = 0n;
    } else {
      original.truncateBefore = tb >= Number.MAX_SAFE_INTEGER ? DELETED_STREAM_REVISION : BigInt(Math.floor(tb));
    }
  }

  private writeRecord(fields: Omit<LogRecord, 'position'>): LogRecord {
    const record: LogRecord = { ...fields, position: this.nextPosition };
    this.all.push(record);
    this.nextPosition +=
      BigInt(RECORD_OVERHEAD_BYTES) +
      BigInt(Buffer.byteLength(fields.streamName, 'utf8') + Buffer.byteLength(fields.type, 'utf8')) +
      BigInt(fields.data.length + fields.metadata.length);
    return record;
  }

  private notify(records: readonly LogRecord[]): void {
    for (const listener of [...this.listeners]) {
      listener(records);
    }
  }

  private stateFor(streamName: string): StreamState {
    let state = this.streams.get(streamName);
    if (!state) {
      state = { records: [], tombstoned: false, truncateBefore: 0n };
      this.streams.set(streamName, state);
    }
    return state;
  }

  private requireState(streamName: string): StreamState {
    const state = this.streams.get(streamName);
    if (!state) {
      throw new Error(`Stream ${streamName} has no state`);
    }
    return state;
  }

  /** Index of the first record whose position is >= position (binary search: positions only grow). */
  private indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.all[middle].position < position) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}

export function metastreamOf(streamName: string): string {
  return `$$${streamName}`;
}

function lastRevisionOf(state: StreamState | undefined): bigint {
  return state ? BigInt(state.records.length) - 1n : NO_STREAM_REVISION;
}

function firstVisibleRevision(state: StreamState | undefined): bigint {
  return state ? state.truncateBefore : 0n;
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? { ...(parsed as Record<string, unknown>) }
      : {};
  } catch {
    return {};
  }
}

function maxBigInt(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function minBigInt(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/**
 * Wall-clock milliseconds (so `created` agrees with Date.now() in the same process) plus a
 * sub-millisecond part, like the server's DateTime ticks.
 */
export function nowTicks(): bigint {
  const subMillisecondTicks = Math.floor((performance.now() % 1) * 10_000);
  return BigInt(Date.now()) * 10_000n + BigInt(subMillisecondTicks);
}

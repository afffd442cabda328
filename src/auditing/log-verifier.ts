import { StoredEvent } from '../event-store/event-store.port';
import { ChainBreakReason, ChainVerifier } from '../events/verify-chain';
import { LogReadError } from '../event-store/log-reader';
import {
  ImportedFrom,
  LOG_GENESIS,
  SEAL_EVENT_TYPE,
  SEAL_STREAM,
  SealData,
  StreamHead,
  chainLinkOf,
  formatDigest,
  headsMerkleRoot,
  logHashStep,
  readSealData,
} from './seal';

/**
 * Why verification stopped:
 * - the per-stream chain (from `src/events/verify-chain.ts`): `revision-gap`, `missing-chain`, `prev-mismatch`, `hash-mismatch`;
 * - `position-order`: global positions not strictly increasing;
 * - `recorded-at`: a recorded time that is not a time, or earlier than the previous event's;
 * - `seal`: a seal that does not match the log it seals (or is malformed);
 * - `position-gap`, `truncated`: positions the embedded store issued are missing (SQLite file checks);
 * - `unreadable`: an event the store cannot read back;
 * - `digest`: the log does not contain, unchanged, the seal a digest names.
 */
export type BreakReason =
  | ChainBreakReason
  | 'position-order'
  | 'recorded-at'
  | 'seal'
  | 'position-gap'
  | 'truncated'
  | 'unreadable'
  | 'digest';

/** The first broken event. Fields are null where the event itself is gone (deleted, truncated, unreadable). */
export interface BrokenEvent {
  readonly stream: string | null;
  readonly revision: bigint | null;
  readonly id: string | null;
  readonly position: bigint | null;
  readonly reason: BreakReason;
  readonly message: string;
}

export interface SealCheck {
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly position: bigint;
  readonly recordedAt: Date;
  readonly digest: string;
  readonly hash: string;
  readonly data: SealData;
  /**
   * `verified`: every field recomputed from this log. `carried`: a seal restored by `import-log`; its content
   * (event count, stream count, Merkle root, previous seal) is recomputed, while its positions and log hash, which
   * belong to the store it was exported from, were checked against the export when it was imported and are vouched
   * for by the import's own seal.
   */
  status: 'verified' | 'carried';
}

export interface VerifySummary {
  readonly events: number;
  readonly streams: number;
  readonly firstPosition: bigint | null;
  readonly lastPosition: bigint | null;
  /** The running log hash after the last event. */
  readonly logHash: string;
  readonly seals: readonly SealCheck[];
  readonly latestSeal: SealCheck | null;
  /** Events after the latest seal's sealed position: covered by their chains only. */
  readonly unsealedEvents: number;
}

interface UndoEntry {
  readonly stream: string;
  /** The stream's head before this event, undefined when the event opened the stream. */
  readonly headBefore: StreamHead | undefined;
  readonly logHashBefore: string;
  readonly lastPositionBefore: bigint | null;
}

interface PendingSeal {
  readonly check: SealCheck;
  /** How many events precede the seal. */
  readonly index: number;
  readonly broken: BrokenEvent;
}

/** A seal was asked for a log that does not verify (or is empty). */
export class LogNotSealable extends Error {
  override readonly name = 'LogNotSealable';
  constructor(
    message: string,
    readonly broken?: BrokenEvent,
  ) {
    super(message);
  }
}

/** How far back (in events) a seal's sealed position may lie behind the seal itself. */
export const MAX_SEAL_LAG = 100_000;

const chainMessage: Record<ChainBreakReason, string> = {
  'revision-gap': 'an event of this stream is missing or out of order',
  'missing-chain': 'the event has no hash chain',
  'prev-mismatch': 'the event does not chain from the previous event of its stream',
  'hash-mismatch': 'the event’s content does not match its hash',
};

/**
 * Checks a log event by event in global order (as a forwards read of the whole store gives it), and stops at the
 * first broken event:
 * - every stream's hash chain is recomputed with the envelope's hash function (ChainVerifier: revisions contiguous
 *   from 0, each `prev` the previous hash, each hash recomputed);
 * - global positions strictly increase and recorded times never go backwards;
 * - every seal in `seal-ledger` is recomputed from the events it covers: event count, stream count, Merkle root over
 *   the stream heads, sealed position, running log hash and the link to the previous seal.
 * Pure: no store, no clock. Feed it with `push`, then call `finish`.
 */
export class LogVerifier {
  private readonly chain = new ChainVerifier();
  private count = 0;
  private firstPosition: bigint | null = null;
  private lastPosition: bigint | null = null;
  private lastRecordedAtMs = Number.NEGATIVE_INFINITY;
  private logHash = LOG_GENESIS;
  private readonly undo: UndoEntry[] = [];
  private undoStart = 0;
  private readonly seals: SealCheck[] = [];
  /** For each seal, how many events precede it. */
  private readonly sealIndexes: number[] = [];
  private pending: PendingSeal[] = [];
  private broken: BrokenEvent | undefined;

  /** The first broken event so far, if any. */
  get firstBroken(): BrokenEvent | undefined {
    return this.broken;
  }

  get checked(): number {
    return this.count;
  }

  /** Checks one event; returns the first break (this one or an earlier pending one), after which nothing more is checked. */
  push(event: StoredEvent): BrokenEvent | undefined {
    if (this.broken) return this.broken;
    const found = this.check(event);
    if (found) {
      // A seal left pending earlier (its positions did not match and no import vouched for it) comes first.
      this.broken = this.pending[0]?.broken ?? found;
    }
    return this.broken;
  }

  /** Ends the log: a seal whose positions or log hash did not match, and that no import seal vouched for, breaks it. */
  finish(): BrokenEvent | undefined {
    if (!this.broken && this.pending.length > 0) this.broken = this.pending[0]!.broken;
    return this.broken;
  }

  /** Records a break found outside the event stream (an unreadable event, a missing tail). */
  fail(broken: BrokenEvent): BrokenEvent {
    if (!this.broken) this.broken = this.pending[0]?.broken ?? broken;
    return this.broken;
  }

  summary(): VerifySummary {
    const latestSeal = this.seals[this.seals.length - 1] ?? null;
    return {
      events: this.count,
      streams: this.chain.streamHeads().size,
      firstPosition: this.firstPosition,
      lastPosition: this.lastPosition,
      logHash: this.logHash,
      seals: this.seals,
      latestSeal,
      unsealedEvents: latestSeal ? this.count - latestSeal.data.eventCount : this.count,
    };
  }

  /**
   * What a seal appended now would hold: the state after every event pushed so far. Throws when the log is broken
   * or empty: a seal must never vouch for a log that does not verify. With `importedFrom` (the seal closing an
   * import), the imported seals left pending are settled by the seal being made, as they will be on every later
   * verification.
   */
  sealData(importedFrom?: ImportedFrom): { data: SealData; sealRevision: bigint | null; sealPrevHash: string | null } {
    if (this.broken) throw new LogNotSealable(this.broken.message, this.broken);
    if (this.count === 0 || this.lastPosition === null) throw new LogNotSealable('the log is empty: there is nothing to seal');
    let pending = this.pending;
    if (importedFrom) {
      if (importedFrom.eventCount > this.count) throw new LogNotSealable(`only ${this.count} events were imported, not ${importedFrom.eventCount}`);
      const carried = this.seals.filter((_, i) => this.sealIndex(i) < importedFrom.eventCount);
      const last = carried[carried.length - 1];
      if (importedFrom.digest !== (last ? last.digest : null)) {
        throw new LogNotSealable(`the imported events end with seal ${last?.digest ?? 'none'}, not ${importedFrom.digest ?? 'none'}`);
      }
      pending = pending.filter((p) => p.index >= importedFrom.eventCount);
    }
    if (pending.length > 0) throw new LogNotSealable(pending[0]!.broken.message, pending[0]!.broken);
    const heads = this.chain.streamHeads();
    const latest = this.seals[this.seals.length - 1];
    const sealHead = heads.get(SEAL_STREAM);
    return {
      data: {
        sealedPosition: this.lastPosition.toString(),
        streamCount: heads.size,
        eventCount: this.count,
        merkleRoot: headsMerkleRoot(heads),
        logHash: this.logHash,
        previousSeal: latest ? latest.digest : null,
        ...(importedFrom ? { importedFrom } : {}),
      },
      sealRevision: sealHead ? sealHead.revision : null,
      sealPrevHash: sealHead ? sealHead.hash : null,
    };
  }

  private check(event: StoredEvent): BrokenEvent | undefined {
    const at = (reason: BreakReason, message: string): BrokenEvent => ({
      stream: event.stream,
      revision: event.revision,
      id: event.id,
      position: event.position,
      reason,
      message,
    });
    if (this.lastPosition !== null && event.position <= this.lastPosition) {
      return at('position-order', `position ${event.position} does not come after the previous event’s position ${this.lastPosition}`);
    }
    const recordedAtMs = event.recordedAt.getTime();
    if (Number.isNaN(recordedAtMs)) return at('recorded-at', 'the recorded time is not a valid time');
    if (recordedAtMs < this.lastRecordedAtMs) {
      return at(
        'recorded-at',
        `recorded at ${event.recordedAt.toISOString()}, before the previous event (${new Date(this.lastRecordedAtMs).toISOString()}) although it comes after it`,
      );
    }

    const headBefore = this.chain.streamHeads().get(event.stream);
    const chainBreak = this.chain.push(event);
    if (chainBreak) return at(chainBreak.reason, `${chainMessage[chainBreak.reason]}: ${chainBreak.message}`);
    const hash = chainLinkOf(event)!.hash;

    const isSealStream = event.stream === SEAL_STREAM;
    if (isSealStream || event.type === SEAL_EVENT_TYPE) {
      const sealBreak = this.checkSeal(event, hash, headBefore, at);
      if (sealBreak) return sealBreak;
    }

    this.undo.push({ stream: event.stream, headBefore, logHashBefore: this.logHash, lastPositionBefore: this.lastPosition });
    if (this.undo.length - this.undoStart > MAX_SEAL_LAG) {
      this.undoStart++;
      // Compact now and then so the window stays bounded without shifting on every event.
      if (this.undoStart > MAX_SEAL_LAG) {
        this.undo.splice(0, this.undoStart);
        this.undoStart = 0;
      }
    }
    this.logHash = logHashStep(this.logHash, event, hash);
    this.count++;
    if (this.firstPosition === null) this.firstPosition = event.position;
    this.lastPosition = event.position;
    this.lastRecordedAtMs = recordedAtMs;
    return undefined;
  }

  private checkSeal(
    event: StoredEvent,
    hash: string,
    headBefore: StreamHead | undefined,
    at: (reason: BreakReason, message: string) => BrokenEvent,
  ): BrokenEvent | undefined {
    if (event.stream !== SEAL_STREAM) return at('seal', `a ${SEAL_EVENT_TYPE} event outside ${SEAL_STREAM}`);
    if (event.type !== SEAL_EVENT_TYPE) return at('seal', `${SEAL_STREAM} holds a ${event.type} event, not a seal`);
    const read = readSealData(event.data);
    if (!read.ok) return at('seal', `malformed seal: ${read.problem}`);
    const seal = read.seal;

    // The state the seal describes: after its first `eventCount` events (events appended while it was being made
    // may sit between the sealed position and the seal).
    const lag = this.count - seal.eventCount;
    if (lag < 0) return at('seal', `the seal covers ${seal.eventCount} events but only ${this.count} precede it`);
    if (lag > this.undo.length - this.undoStart) {
      return at('seal', `the seal covers a state ${lag} events back, more than can be checked (${MAX_SEAL_LAG})`);
    }
    const heads = new Map(this.chain.streamHeads());
    restore(heads, SEAL_STREAM, headBefore);
    let logHash = this.logHash;
    let lastPosition = this.lastPosition;
    for (let i = 0; i < lag; i++) {
      const entry = this.undo[this.undo.length - 1 - i]!;
      restore(heads, entry.stream, entry.headBefore);
      logHash = entry.logHashBefore;
      lastPosition = entry.lastPositionBefore;
    }

    const previous = this.seals[this.seals.length - 1];
    const previousIndex = this.sealIndexes[this.sealIndexes.length - 1];
    if (previousIndex !== undefined && seal.eventCount <= previousIndex) {
      return at('seal', `the seal covers ${seal.eventCount} events, not the previous seal (event ${previousIndex + 1} of the log): seals must move forwards`);
    }
    const expectedPrevious = previous ? previous.digest : null;
    if (seal.previousSeal !== expectedPrevious) {
      return at('seal', `the seal names ${seal.previousSeal ?? 'no'} previous seal, but the log’s previous seal is ${expectedPrevious ?? 'none'}`);
    }
    if (seal.streamCount !== heads.size) {
      return at('seal', `the seal counts ${seal.streamCount} streams in its first ${seal.eventCount} events; the log holds ${heads.size}`);
    }
    const root = headsMerkleRoot(heads);
    if (seal.merkleRoot !== root) {
      return at(
        'seal',
        `the Merkle root over the stream heads after the first ${seal.eventCount} events is ${root}, not the sealed ${seal.merkleRoot}: an event before the seal was changed, removed or added`,
      );
    }

    const check: SealCheck = {
      stream: event.stream,
      revision: event.revision,
      id: event.id,
      position: event.position,
      recordedAt: event.recordedAt,
      digest: formatDigest(seal, hash),
      hash,
      data: seal,
      status: 'verified',
    };

    if (seal.importedFrom) {
      const importBreak = this.settleImport(seal.importedFrom, seal.eventCount, at);
      if (importBreak) return importBreak;
    }

    const problems: string[] = [];
    if (lastPosition === null || seal.sealedPosition !== lastPosition.toString()) {
      problems.push(`its ${seal.eventCount}th event is at position ${lastPosition ?? 'none'}, not at the sealed position ${seal.sealedPosition}`);
    }
    if (seal.logHash !== logHash) {
      problems.push(`the log hash up to there is ${logHash}, not the sealed ${seal.logHash}`);
    }
    this.seals.push(check);
    this.sealIndexes.push(this.count);
    if (problems.length > 0) {
      check.status = 'carried';
      this.pending.push({
        check,
        index: this.count,
        broken: at(
          'seal',
          `${problems.join('; ')}: a recorded time, id or position of an event among the first ${seal.eventCount} was changed, or events were removed, inserted or reordered`,
        ),
      });
    }
    return undefined;
  }

  /** An import seal vouches for the positions and log hashes of the seals among the events it imported. */
  private settleImport(
    imported: ImportedFrom,
    sealedCount: number,
    at: (reason: BreakReason, message: string) => BrokenEvent,
  ): BrokenEvent | undefined {
    if (imported.eventCount > sealedCount) {
      return at('seal', `the import seal says ${imported.eventCount} events were imported, more than the ${sealedCount} it seals`);
    }
    const carried = this.seals.filter((_, i) => this.sealIndex(i) < imported.eventCount);
    const last = carried[carried.length - 1];
    const expected = last ? last.digest : null;
    if (imported.digest !== expected) {
      return at('seal', `the import seal names ${imported.digest ?? 'no'} last imported seal, but the imported events end with ${expected ?? 'none'}`);
    }
    this.pending = this.pending.filter((pending) => pending.index >= imported.eventCount);
    return undefined;
  }

  /** How many events precede the i-th seal. */
  private sealIndex(i: number): number {
    return this.sealIndexes[i] ?? Number.POSITIVE_INFINITY;
  }
}

function restore(heads: Map<string, StreamHead>, stream: string, before: StreamHead | undefined): void {
  if (before) heads.set(stream, before);
  else heads.delete(stream);
}

/** Verifies a whole log given as an async iterable of stored events in global order. */
export async function verifyLog(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
): Promise<{ ok: boolean; broken: BrokenEvent | null; summary: VerifySummary }> {
  const verifier = new LogVerifier();
  try {
    for await (const event of events) {
      if (verifier.push(event)) break;
    }
  } catch (error) {
    if (!(error instanceof LogReadError)) throw error;
    verifier.fail({ stream: null, revision: null, id: null, position: null, reason: 'unreadable', message: error.message });
  }
  const broken = verifier.finish() ?? null;
  return { ok: broken === null, broken, summary: verifier.summary() };
}

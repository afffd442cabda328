import { KeyObject } from 'node:crypto';
import { StoredEvent } from '../event-store/event-store.port';
import { ChainBreakReason, ChainVerifier } from '../events/verify-chain';
import { LogReadError } from '../event-store/log-reader';
import {
  ImportedFrom,
  LOG_GENESIS,
  OriginEntry,
  SEAL_EVENT_TYPE,
  SEAL_STREAM,
  SealData,
  StreamHead,
  chainLinkOf,
  decodeEntryTags,
  entryTagOf,
  formatDigest,
  headsMerkleRoot,
  logHashStep,
  originsOf,
  rawPublicKeyOf,
  fingerprintOf,
  readSealData,
  signatureOf,
  signatureProblem,
  encodeEntryTags,
} from './seal';

/**
 * Why verification stopped:
 * - the per-stream chain (from `src/events/verify-chain.ts`): `revision-gap`, `missing-chain`, `prev-mismatch`, `hash-mismatch`;
 * - `position-order`: global positions not strictly increasing;
 * - `recorded-at`: a recorded time that is not a time, or earlier than the previous event's;
 * - `sealed-entry`: the event's position, id or recorded time is not what a later seal sealed (named by the
 *   seal's entry tags: the first event whose running log hash differs);
 * - `seal`: a seal that does not match the log it seals (or is malformed);
 * - `provenance`: an import that the imported events do not prove (origins, or the seal closing the import);
 * - `signature`: a seal's signature is missing, invalid, or not by the trusted key;
 * - `position-gap`, `truncated`: positions the embedded store issued are missing (SQLite file checks);
 * - `unreadable`: an event the store cannot read back;
 * - `digest`: the log does not contain, unchanged, the seal a digest names.
 */
export type BreakReason =
  | ChainBreakReason
  | 'position-order'
  | 'recorded-at'
  | 'sealed-entry'
  | 'seal'
  | 'provenance'
  | 'signature'
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
   * `verified`: every field recomputed from this log as this store holds it. `imported`: a seal made in the store
   * an import came from, every field recomputed from the restored events' origins (their positions and recorded
   * times there), which the import's own seal in turn binds to this store.
   */
  readonly status: 'verified' | 'imported';
  /** The signer's fingerprint, when the seal is signed (and the signature holds). */
  readonly signedBy: string | null;
}

export interface VerifySummary {
  /** Events checked, up to and including the one where verification stopped. */
  readonly events: number;
  readonly streams: number;
  readonly firstPosition: bigint | null;
  readonly lastPosition: bigint | null;
  /** The running log hash after the last event. */
  readonly logHash: string;
  /** Seals that recomputed (none after a break). */
  readonly seals: readonly SealCheck[];
  readonly latestSeal: SealCheck | null;
  /** Events after the latest seal's sealed position: covered by their chains only. */
  readonly unsealedEvents: number;
  /** How many events at the start of the log were restored by `import-log` (0 when none). */
  readonly importedEvents: number;
}

export interface VerifierOptions {
  /** Require every seal (at or after `signedFrom`) to be signed by this Ed25519 public key. */
  readonly publicKey?: KeyObject;
  readonly signedFrom?: bigint;
}

/** What is known of one event as a store held it: where and when (this store, or one an import came from). */
interface Home {
  readonly position: bigint;
  readonly recordedAtMs: number;
}

/**
 * The log as one store held it. View 0 is this store; view h is the store h imports back, holding the first
 * `count` events of the log (imported events come first, the most often imported first of all).
 */
class View {
  logHash = LOG_GENESIS;
  lastPosition: bigint | null = null;
  lastRecordedAtMs = Number.NEGATIVE_INFINITY;
  firstRecordedAtMs = Number.NaN;
  count = 0;
  /** Entry tags of the events from `tagStart` (a log index) on. */
  readonly tags = new Growable(Uint32Array);
  tagStart = 0;
  seals = 0;
  importSealed = false;
}

/** A growable typed array whose start can be dropped. */
class Growable<A extends Uint32Array | BigUint64Array> {
  private items: A;
  private start = 0;
  private end = 0;
  constructor(private readonly Kind: { new (n: number): A }) {
    this.items = new Kind(1024);
  }
  get length(): number {
    return this.end - this.start;
  }
  push(value: A[number]): void {
    if (this.end === this.items.length) {
      const kept = this.end - this.start;
      const next = new this.Kind(Math.max(1024, kept * 2));
      next.set(this.items.subarray(this.start, this.end) as never);
      this.items = next;
      this.start = 0;
      this.end = kept;
    }
    this.items[this.end++] = value;
  }
  at(i: number): A[number] {
    return this.items[this.start + i]!;
  }
  drop(n: number): void {
    this.start = Math.min(this.end, this.start + n);
  }
  slice(from: number, to: number): A {
    return this.items.subarray(this.start + from, this.start + to) as A;
  }
}

interface UndoEntry {
  readonly stream: string;
  /** The stream's head before this event, undefined when the event opened the stream. */
  readonly headBefore: StreamHead | undefined;
  /** Per view the event is in: the log hash and last position before it. */
  readonly hashesBefore: string[];
  readonly positionsBefore: (bigint | null)[];
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

function where(view: number): string {
  return view === 0 ? '' : view === 1 ? ' in the store it was imported from' : ` in the store it was imported from ${view} imports back`;
}

/**
 * Checks a log event by event in global order (as a forwards read of the whole store gives it), and stops at the
 * first broken event:
 * - every stream's hash chain is recomputed with the envelope's hash function (ChainVerifier);
 * - global positions strictly increase and recorded times never go backwards, in this store and, for imported
 *   events, in every store they came through (their `chain.origins`);
 * - every seal in `seal-ledger` is recomputed from the events it covers as the store it was made in held them:
 *   event count, stream count, Merkle root over the stream heads, sealed position, running log hash, entry tags
 *   and the link to the previous seal; a seal closing an import must state exactly what the imported events
 *   recompute; a signed seal's signature must hold.
 * Pure: no store, no clock. Feed it with `push`, then call `finish`.
 */
export class LogVerifier {
  private readonly chain = new ChainVerifier();
  private count = 0;
  private firstPosition: bigint | null = null;
  private views: View[] = [];
  private depth = 0;
  /** This store's position of every event from `positionsStart` (a log index) on, to name one a seal's tags point at. */
  private readonly positions = new Growable(BigUint64Array);
  private positionsStart = 0;
  private readonly undo: UndoEntry[] = [];
  private undoStart = 0;
  private readonly seals: SealCheck[] = [];
  /** For each seal, how many events precede it. */
  private readonly sealIndexes: number[] = [];
  private first: Pick<StoredEvent, 'stream' | 'revision' | 'id' | 'position'> | undefined;
  private broken: BrokenEvent | undefined;
  private readonly trustedFingerprint: string | null;

  constructor(private readonly options: VerifierOptions = {}) {
    this.trustedFingerprint = options.publicKey ? fingerprintOf(rawPublicKeyOf(options.publicKey)) : null;
  }

  /** The first broken event so far, if any. */
  get firstBroken(): BrokenEvent | undefined {
    return this.broken;
  }

  get checked(): number {
    return this.count;
  }

  /**
   * Checks one event; returns the first break, after which nothing more is checked. `hashAhead`: the event's chain
   * hash as the read-ahead thread computed it (see chain-hash-ahead.ts).
   */
  push(event: StoredEvent, hashAhead?: string): BrokenEvent | undefined {
    if (this.broken) return this.broken;
    this.broken = this.check(event, hashAhead);
    return this.broken;
  }

  /** Ends the log: an import whose stores' times are inconsistent breaks it. */
  finish(): BrokenEvent | undefined {
    if (!this.broken) this.broken = this.endImports(0);
    return this.broken;
  }

  /** Records a break found outside the event stream (an unreadable event, a missing tail). */
  fail(broken: BrokenEvent): BrokenEvent {
    if (!this.broken) this.broken = broken;
    return this.broken;
  }

  summary(): VerifySummary {
    const latestSeal = this.seals[this.seals.length - 1] ?? null;
    const local = this.views[0];
    return {
      events: this.count,
      streams: this.chain.streamHeads().size,
      firstPosition: this.firstPosition,
      lastPosition: local?.lastPosition ?? null,
      logHash: local?.logHash ?? LOG_GENESIS,
      seals: this.seals,
      latestSeal,
      unsealedEvents: latestSeal ? this.count - latestSeal.data.eventCount : this.count,
      importedEvents: this.views[1]?.count ?? 0,
    };
  }

  /** What the seal closing the pending import must say, or null when no import waits for its seal. */
  pendingImport(exportedAt: string | null): ImportedFrom | null {
    if (this.depth === 0 || this.views[0]!.importSealed) return null;
    return this.importedFromAt(0, exportedAt);
  }

  /**
   * What a seal appended now would hold: the state after every event pushed so far. Throws when the log is broken
   * or empty: a seal must never vouch for a log that does not verify. When events were imported and no seal has
   * closed the import yet, this seal closes it: `importedFrom` is computed from the imported events, and one given
   * must say exactly that.
   */
  sealData(options: { importedFrom?: ImportedFrom; exportedAt?: string | null; signer?: SealData['signer'] } = {}): {
    data: SealData;
    sealRevision: bigint | null;
    sealPrevHash: string | null;
  } {
    if (this.broken) throw new LogNotSealable(this.broken.message, this.broken);
    const local = this.views[0];
    if (this.count === 0 || !local || local.lastPosition === null) throw new LogNotSealable('the log is empty: there is nothing to seal');
    // The seal ends any import still open, so the import must hold as an ended one.
    const ended = this.endImports(0);
    if (ended) throw new LogNotSealable(ended.message, ended);
    const pending = this.pendingImport(options.importedFrom?.exportedAt ?? options.exportedAt ?? null);
    if (options.importedFrom) {
      if (!pending) throw new LogNotSealable('no event of this log was imported (or the import is already sealed): a seal cannot claim an import');
      const problem = importMismatch(options.importedFrom, pending);
      if (problem) throw new LogNotSealable(`the import does not recompute: ${problem}`);
    }
    const heads = this.chain.streamHeads();
    const latest = this.seals[this.seals.length - 1];
    const sealHead = heads.get(SEAL_STREAM);
    return {
      data: {
        sealedPosition: local.lastPosition.toString(),
        streamCount: heads.size,
        eventCount: this.count,
        merkleRoot: headsMerkleRoot(heads),
        logHash: local.logHash,
        previousSeal: latest ? latest.digest : null,
        entryTags: encodeEntryTags(local.tags.slice(0, local.tags.length)),
        ...(pending ? { importedFrom: pending } : {}),
        ...(options.signer ? { signer: options.signer } : {}),
      },
      sealRevision: sealHead ? sealHead.revision : null,
      sealPrevHash: sealHead ? sealHead.hash : null,
    };
  }

  private importedFromAt(view: number, exportedAt: string | null): ImportedFrom {
    const from = this.views[view + 1]!;
    let digest: string | null = null;
    for (let i = this.seals.length - 1; i >= 0; i--) {
      if (this.sealIndexes[i]! < from.count) {
        digest = this.seals[i]!.digest;
        break;
      }
    }
    return { digest, eventCount: from.count, lastPosition: from.lastPosition?.toString() ?? null, logHash: from.logHash, exportedAt };
  }

  private check(event: StoredEvent, hashAhead?: string): BrokenEvent | undefined {
    const at = (reason: BreakReason, message: string): BrokenEvent => ({
      stream: event.stream,
      revision: event.revision,
      id: event.id,
      position: event.position,
      reason,
      message,
    });
    const read = originsOf(event);
    if (!read.ok) return at('provenance', read.problem);
    const depth = read.origins.length;
    if (this.count === 0) {
      this.depth = depth;
      this.views = Array.from({ length: depth + 1 }, () => new View());
      this.first = { stream: event.stream, revision: event.revision, id: event.id, position: event.position };
    } else if (depth > this.eventDepth) {
      return at(
        'provenance',
        `the event claims to have been imported ${depth} time(s), but the event before it only ${this.eventDepth}: imported events come first in a log, before anything recorded in its store`,
      );
    }
    const homes = homesOf(event, read.origins);
    for (let view = 0; view <= depth; view++) {
      const home = homes[view]!;
      const state = this.views[view]!;
      if (state.lastPosition !== null && home.position <= state.lastPosition) {
        return at('position-order', `position ${home.position}${where(view)} does not come after the previous event’s position ${state.lastPosition}`);
      }
      if (Number.isNaN(home.recordedAtMs)) return at('recorded-at', 'the recorded time is not a valid time');
      if (home.recordedAtMs < state.lastRecordedAtMs) {
        return at(
          'recorded-at',
          `recorded${where(view)} at ${new Date(home.recordedAtMs).toISOString()}, before the previous event (${new Date(state.lastRecordedAtMs).toISOString()}) although it comes after it`,
        );
      }
    }
    if (depth < this.eventDepth) {
      const ended = this.endImports(depth);
      if (ended) return ended;
    }

    const headBefore = this.chain.streamHeads().get(event.stream);
    const chainBreak = this.chain.push(event, hashAhead);
    if (chainBreak) return at(chainBreak.reason, `${chainMessage[chainBreak.reason]}: ${chainBreak.message}`);
    const hash = chainLinkOf(event)!.hash;

    if (event.stream === SEAL_STREAM || event.type === SEAL_EVENT_TYPE) {
      const sealBreak = this.checkSeal(event, hash, headBefore, depth, at);
      if (sealBreak) return sealBreak;
    }

    const hashesBefore: string[] = [];
    const positionsBefore: (bigint | null)[] = [];
    for (let view = 0; view <= depth; view++) {
      const state = this.views[view]!;
      const home = homes[view]!;
      hashesBefore.push(state.logHash);
      positionsBefore.push(state.lastPosition);
      const entry = view === 0 ? event : { position: home.position, id: event.id, stream: event.stream, revision: event.revision, recordedAt: new Date(home.recordedAtMs) };
      state.logHash = logHashStep(state.logHash, entry, hash);
      state.tags.push(entryTagOf(state.logHash));
      state.lastPosition = home.position;
      state.lastRecordedAtMs = home.recordedAtMs;
      if (state.count === 0) state.firstRecordedAtMs = home.recordedAtMs;
      state.count++;
    }
    this.undo.push({ stream: event.stream, headBefore, hashesBefore, positionsBefore });
    if (this.undo.length - this.undoStart > MAX_SEAL_LAG) {
      this.undoStart++;
      // Compact now and then so the window stays bounded without shifting on every event.
      if (this.undoStart > MAX_SEAL_LAG) {
        this.undo.splice(0, this.undoStart);
        this.undoStart = 0;
      }
    }
    this.positions.push(event.position);
    this.count++;
    this.eventDepth = depth;
    if (this.firstPosition === null) this.firstPosition = event.position;
    return undefined;
  }

  /** How many imports the latest event went through. */
  private eventDepth = 0;

  /**
   * The imported events of views deeper than `depth` have all been read: each such import happened after its
   * export, so in the store that imported them they were recorded after the last of them was recorded where they
   * came from.
   */
  private endImports(depth: number): BrokenEvent | undefined {
    for (let view = this.eventDepth; view > depth; view--) {
      const from = this.views[view]!;
      const into = this.views[view - 1]!;
      if (from.count > 0 && into.firstRecordedAtMs < from.lastRecordedAtMs) {
        const first = this.first!;
        return {
          ...first,
          reason: 'provenance',
          message: `the imported events were recorded${where(view - 1)} from ${new Date(into.firstRecordedAtMs).toISOString()}, before the last of them was recorded in the store they came from (${new Date(from.lastRecordedAtMs).toISOString()}): an import comes after its export`,
        };
      }
    }
    return undefined;
  }

  private checkSeal(
    event: StoredEvent,
    hash: string,
    headBefore: StreamHead | undefined,
    view: number,
    at: (reason: BreakReason, message: string) => BrokenEvent,
  ): BrokenEvent | undefined {
    if (event.stream !== SEAL_STREAM) return at('seal', `a ${SEAL_EVENT_TYPE} event outside ${SEAL_STREAM}`);
    if (event.type !== SEAL_EVENT_TYPE) return at('seal', `${SEAL_STREAM} holds a ${event.type} event, not a seal`);
    const read = readSealData(event.data);
    if (!read.ok) return at('seal', `malformed seal: ${read.problem}`);
    const seal = read.seal;
    const state = this.views[view]!;
    const made = view === 0 ? '' : ` (made${where(view)})`;

    // The state the seal describes: after its first `eventCount` events (events appended while it was being made
    // may sit between the sealed position and the seal).
    const tags = seal.entryTags === undefined ? undefined : decodeEntryTags(seal.entryTags)!;
    const lag = this.count - seal.eventCount;
    if (lag < 0) {
      const named = tags && this.firstTagMismatch(tags, state.tags.slice(0, state.tags.length), state.tagStart, event, view);
      return named || at('seal', `the seal covers ${seal.eventCount} events but only ${this.count} precede it: events it covers were removed`);
    }
    if (lag > this.undo.length - this.undoStart) {
      return at('seal', `the seal covers a state ${lag} events back, more than can be checked (${MAX_SEAL_LAG})`);
    }
    const heads = new Map(this.chain.streamHeads());
    heads.delete(SEAL_STREAM);
    if (headBefore) heads.set(SEAL_STREAM, headBefore);
    let logHash = state.logHash;
    let lastPosition = state.lastPosition;
    for (let i = 0; i < lag; i++) {
      const entry = this.undo[this.undo.length - 1 - i]!;
      if (entry.headBefore) heads.set(entry.stream, entry.headBefore);
      else heads.delete(entry.stream);
      logHash = entry.hashesBefore[view]!;
      lastPosition = entry.positionsBefore[view]!;
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

    const expectedTags = state.tags.slice(0, seal.eventCount - state.tagStart);
    if (seal.logHash !== logHash) {
      const named = tags && this.firstTagMismatch(tags, expectedTags, state.tagStart, event, view);
      if (named) return named;
      return at(
        'seal',
        `the log hash over the first ${seal.eventCount} events${where(view)} is ${logHash}, not the sealed ${seal.logHash}: an event it covers was changed, removed or added${made}`,
      );
    }
    if (tags && (tags.length !== expectedTags.length || tags.some((tag, i) => tag !== expectedTags[i]))) {
      return at('seal', `the seal’s entry tags are not those of the ${expectedTags.length} events it newly covers${made}`);
    }
    if (lastPosition === null || seal.sealedPosition !== lastPosition.toString()) {
      return at('seal', `the ${seal.eventCount}th event is at position ${lastPosition ?? 'none'}${where(view)}, not at the sealed position ${seal.sealedPosition}`);
    }
    if (seal.streamCount !== heads.size) {
      return at('seal', `the seal counts ${seal.streamCount} streams in its first ${seal.eventCount} events; the log holds ${heads.size}`);
    }
    const root = headsMerkleRoot(heads);
    if (seal.merkleRoot !== root) {
      return at(
        'seal',
        `the Merkle root over the stream heads after the first ${seal.eventCount} events is ${root}, not the sealed ${seal.merkleRoot}: the seal does not describe this log`,
      );
    }

    const importBreak = this.checkImport(seal, view, at);
    if (importBreak) return importBreak;
    const signatureBreak = this.checkSignature(event, seal, hash, at);
    if (signatureBreak) return signatureBreak;

    this.seals.push({
      stream: event.stream,
      revision: event.revision,
      id: event.id,
      position: event.position,
      recordedAt: event.recordedAt,
      digest: formatDigest(seal, hash),
      hash,
      data: seal,
      status: view === 0 ? 'verified' : 'imported',
      signedBy: seal.signer?.fingerprint ?? null,
    });
    this.sealIndexes.push(this.count);
    state.tags.drop(seal.eventCount - state.tagStart);
    state.tagStart = seal.eventCount;
    state.seals++;
    if (seal.importedFrom) state.importSealed = true;
    const keepFrom = Math.min(...this.views.map((v) => v.tagStart));
    this.positions.drop(keepFrom - this.positionsStart);
    this.positionsStart = keepFrom;
    return undefined;
  }

  /** The seal that closes an import must state what the imported events recompute; no other seal may claim one. */
  private checkImport(seal: SealData, view: number, at: (reason: BreakReason, message: string) => BrokenEvent): BrokenEvent | undefined {
    const waiting = view < this.depth && !this.views[view]!.importSealed;
    if (!seal.importedFrom) {
      if (waiting) {
        return at('provenance', `the first seal after ${this.views[view + 1]!.count} imported events does not record their import: a seal closing an import must say what was imported`);
      }
      return undefined;
    }
    if (!waiting) {
      return at(
        'provenance',
        view < this.depth
          ? 'the seal claims an import that an earlier seal already closed'
          : `the seal claims that ${seal.importedFrom.eventCount} events were imported, but no event before it carries an origin: the import is a claim the log does not prove`,
      );
    }
    const problem = importMismatch(seal.importedFrom, this.importedFromAt(view, seal.importedFrom.exportedAt));
    return problem ? at('provenance', `the import seal does not recompute: ${problem}`) : undefined;
  }

  private checkSignature(event: StoredEvent, seal: SealData, hash: string, at: (reason: BreakReason, message: string) => BrokenEvent): BrokenEvent | undefined {
    if (seal.signer) {
      const problem = signatureProblem(seal.signer, hash, signatureOf(event));
      if (problem) return at('signature', problem);
    }
    if (this.trustedFingerprint && event.position >= (this.options.signedFrom ?? 0n)) {
      if (!seal.signer) return at('signature', `the seal is not signed; every seal must be signed by ${this.trustedFingerprint}`);
      if (seal.signer.fingerprint !== this.trustedFingerprint) {
        return at('signature', `the seal is signed by ${seal.signer.fingerprint}, not by the trusted key ${this.trustedFingerprint}`);
      }
    }
    return undefined;
  }

  private firstTagMismatch(sealed: Uint32Array, actual: Uint32Array, tagStart: number, seal: StoredEvent, view: number): BrokenEvent | undefined {
    const n = Math.min(sealed.length, actual.length);
    for (let i = 0; i < n; i++) {
      if (sealed[i] !== actual[i]) return this.sealedEntryBreak(tagStart + i, seal, view);
    }
    return undefined;
  }

  /** A seal's entry tags point at the first event whose position, id or recorded time is not what was sealed. */
  private sealedEntryBreak(index: number, seal: StoredEvent, view: number): BrokenEvent {
    return {
      stream: null,
      revision: null,
      id: null,
      position: this.positions.at(index - this.positionsStart) as bigint,
      reason: 'sealed-entry',
      message: `the event is not as ${seal.stream}@${seal.revision} (position ${seal.position}) sealed it${where(view)}: it is the first sealed event whose entry (position, id, recorded time, chain hash) no longer recomputes — it was re-timed, renumbered, given another id or rewritten and re-hashed, or an event just before it was removed or inserted`,
    };
  }
}

function homesOf(event: StoredEvent, origins: readonly OriginEntry[]): Home[] {
  const homes: Home[] = [{ position: event.position, recordedAtMs: event.recordedAt.getTime() }];
  for (let i = origins.length - 1; i >= 0; i--) homes.push({ position: origins[i]!.position, recordedAtMs: origins[i]!.recordedAt.getTime() });
  return homes;
}

function importMismatch(claimed: ImportedFrom, actual: ImportedFrom): string | undefined {
  if (claimed.eventCount !== actual.eventCount) return `it says ${claimed.eventCount} events were imported; ${actual.eventCount} carry an origin`;
  if (claimed.digest !== actual.digest) return `it says the imported events end with seal ${claimed.digest ?? 'none'}; they end with ${actual.digest ?? 'none'}`;
  if (claimed.lastPosition !== actual.lastPosition) return `it says the export ended at position ${claimed.lastPosition ?? 'none'}; the origins end at ${actual.lastPosition ?? 'none'}`;
  if (claimed.logHash !== actual.logHash) return `it says the export’s log hash is ${claimed.logHash}; the origins recompute ${actual.logHash}`;
  return undefined;
}

/** Completes a break that names an event by position only (see `sealed-entry`), reading that event back. */
export async function nameBroken(
  broken: BrokenEvent | null,
  lookup: (position: bigint) => Promise<Pick<StoredEvent, 'stream' | 'revision' | 'id'> | undefined>,
): Promise<BrokenEvent | null> {
  if (!broken || broken.id !== null || broken.position === null || broken.reason !== 'sealed-entry') return broken;
  const event = await lookup(broken.position).catch(() => undefined);
  return event ? { ...broken, stream: event.stream, revision: event.revision, id: event.id } : broken;
}

/** Verifies a whole log given as an async iterable of stored events in global order. */
export async function verifyLog(
  events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
  options: VerifierOptions & { lookup?: (position: bigint) => Promise<StoredEvent | undefined> } = {},
): Promise<{ ok: boolean; broken: BrokenEvent | null; summary: VerifySummary }> {
  const verifier = new LogVerifier(options);
  try {
    for await (const event of events) {
      if (verifier.push(event)) break;
    }
  } catch (error) {
    if (!(error instanceof LogReadError)) throw error;
    verifier.fail({ stream: null, revision: null, id: null, position: null, reason: 'unreadable', message: error.message });
  }
  const lookup =
    options.lookup ?? (Array.isArray(events) ? async (position: bigint) => (events as StoredEvent[]).find((e) => e.position === position) : undefined);
  let broken = verifier.finish() ?? null;
  if (lookup) broken = await nameBroken(broken, lookup);
  return { ok: broken === null, broken, summary: verifier.summary() };
}

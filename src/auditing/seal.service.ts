import { Inject, Injectable } from '@nestjs/common';
import { KeyObject, createPublicKey } from 'node:crypto';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ConcurrencyError } from '../event-store/event-store.errors';
import { EVENT_STORE, EventStore, StoredEvent } from '../event-store/event-store.port';
import { GENESIS_HASH } from '../events/envelope';
import { CLOCK, Clock } from '../time/clock';
import { LogReadError, headOf, readLog } from '../event-store/log-reader';
import { BrokenEvent, LogNotSealable, LogVerifier, SealCheck, VerifierOptions, VerifySummary, nameBroken } from './log-verifier';
import { ImportedFrom, ParsedDigest, SEAL_STREAM, SealData, chainLinkOf, formatDigest, parseDigest, readSealData, sealEvent, signerOf } from './seal';
import { SqliteProbeResult, probeSqliteFileAside } from './sqlite-probe';
import { CHAIN_HASH_AHEAD, chainHashAheadOf } from './chain-hash-ahead';

/** Called as verification reads the log: the position reached, events checked, and the head it reads up to. */
export type ProgressListener = (position: bigint, checked: number, head: bigint | null) => void;

export interface DigestCheck {
  readonly digest: string;
  /**
   * `found`: the log contains the seal unchanged and every event up to it verified. `not-found`: verification
   * reached the end of the log and the seal is not in it. `not-checked`: verification stopped at a break first.
   */
  readonly outcome: 'found' | 'not-found' | 'not-checked';
  readonly found: boolean;
  /** The seal the digest names, as found in this log. */
  readonly seal: SealCheck | null;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly store: LedgerConfig['store'];
  /** The head when verification started: events appended later are left for the next run. */
  readonly headPosition: bigint | null;
  readonly summary: VerifySummary;
  readonly broken: BrokenEvent | null;
  readonly digest: DigestCheck | null;
  /** After a break: the positions verification did not check (after the break, up to the head), else null. */
  readonly notChecked: { readonly after: bigint | null; readonly upTo: bigint | null } | null;
  /** The embedded store's file checks (positions issued without gaps, tail not cut). */
  readonly file: { readonly rows: number; readonly highWaterMark: bigint | null } | null;
  readonly elapsedMs: number;
}

export interface SealRecord {
  readonly digest: string;
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: Date;
  readonly hash: string;
  readonly data: SealData;
  readonly actor: string | null;
}

/** The log did not verify, so nothing was sealed (or imported). */
export class LedgerNotVerified extends Error {
  override readonly name = 'LedgerNotVerified';
  constructor(readonly report: VerifyReport) {
    super(`the ledger does not verify: ${report.broken?.message ?? 'unknown'}`);
  }
}

export class NothingToSeal extends Error {
  override readonly name = 'NothingToSeal';
  constructor() {
    super('the ledger is empty: there is nothing to seal');
  }
}

export class DigestFormatError extends Error {
  override readonly name = 'DigestFormatError';
  constructor(text: string) {
    super(`"${text}" is not a digest: expected <sealedPosition>:<eventCount>:<64 hex digits>, as \`ledger digest\` prints it`);
  }
}

const SEAL_ATTEMPTS = 3;

/**
 * Verification and seals over the store port, for the CLI and the HTTP API: `verify` recomputes every chain and
 * seal (plus, on the embedded store, the file's own position bookkeeping) and names the first broken event;
 * `seal` appends a seal over all stream heads to `seal-ledger`; `latestSeal` is what `ledger digest` prints.
 */
@Injectable()
export class SealService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(options: { digest?: string; onProgress?: ProgressListener } & VerifierOptions = {}): Promise<VerifyReport> {
    const wanted = options.digest === undefined ? undefined : parseDigest(options.digest);
    if (options.digest !== undefined && !wanted) throw new DigestFormatError(options.digest);
    const scan = await this.scan(options.onProgress, options);
    const { verifier } = scan;
    verifier.finish();
    let broken = firstOf(verifier.firstBroken ?? null, scan.probe?.finding ?? null);
    broken = await nameBroken(broken, (position) => this.eventAt(position));
    const summary = verifier.summary();
    let digest: DigestCheck | null = null;
    if (wanted) {
      digest = broken ? digestNotChecked(wanted, summary, broken) : checkDigest(wanted, summary);
      if (!digest.found && !broken) broken = digestBreak(wanted, summary, digest.message);
    }
    return {
      ok: broken === null,
      store: this.config.store,
      headPosition: scan.head,
      summary,
      broken,
      digest,
      notChecked: broken ? { after: broken.position, upTo: scan.head } : null,
      file: scan.probe ? { rows: scan.probe.rows, highWaterMark: scan.probe.highWaterMark } : null,
      elapsedMs: scan.elapsedMs,
    };
  }

  /**
   * Verifies the log and appends a seal over the state it verified. Refuses (LedgerNotVerified) when the log does
   * not verify: a seal never vouches for a broken log. Retries when another seal lands first.
   */
  async seal(options: {
    actor: string;
    importedFrom?: ImportedFrom;
    /** When the export was written (import-log), recorded in the seal that closes an import. */
    exportedAt?: string | null;
    /** Ed25519 private key: the seal is signed and names the key's fingerprint. */
    signingKey?: KeyObject;
    onProgress?: ProgressListener;
  }): Promise<SealRecord> {
    const signer = options.signingKey ? signerOf(createPublicKey(options.signingKey)) : undefined;
    for (let attempt = 1; ; attempt++) {
      const scan = await this.scan(options.onProgress);
      const probeBreak = scan.probe?.finding ?? null;
      if (scan.head === null) throw new NothingToSeal();
      let sealed: ReturnType<LogVerifier['sealData']>;
      try {
        if (probeBreak) throw new LogNotSealable(probeBreak.message, probeBreak);
        sealed = scan.verifier.sealData({ importedFrom: options.importedFrom, exportedAt: options.exportedAt ?? null, signer });
      } catch (error) {
        if (!(error instanceof LogNotSealable)) throw error;
        scan.verifier.finish();
        const broken = await nameBroken(firstOf(error.broken ?? scan.verifier.firstBroken ?? null, probeBreak), (position) => this.eventAt(position));
        throw new LedgerNotVerified({
          ok: false,
          store: this.config.store,
          headPosition: scan.head,
          summary: scan.verifier.summary(),
          broken: broken ?? { stream: null, revision: null, id: null, position: null, reason: 'seal', message: error.message },
          digest: null,
          notChecked: { after: broken?.position ?? null, upTo: scan.head },
          file: scan.probe ? { rows: scan.probe.rows, highWaterMark: scan.probe.highWaterMark } : null,
          elapsedMs: scan.elapsedMs,
        });
      }
      const revision = sealed.sealRevision === null ? 0n : sealed.sealRevision + 1n;
      const { hash, ...event } = sealEvent({
        data: sealed.data,
        revision,
        prevHash: sealed.sealPrevHash ?? GENESIS_HASH,
        actor: options.actor,
        issuedAt: this.clock.now(),
        signingKey: options.signingKey,
      });
      try {
        const appended = await this.store.append(SEAL_STREAM, [event], sealed.sealRevision ?? 'no_stream');
        const [stored] = await this.store.readStream(SEAL_STREAM, { fromRevision: revision, maxCount: 1 });
        return {
          digest: formatDigest(sealed.data, hash),
          id: event.id,
          stream: SEAL_STREAM,
          revision,
          position: appended.position,
          recordedAt: stored?.recordedAt ?? this.clock.now(),
          hash,
          data: sealed.data,
          actor: options.actor,
        };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= SEAL_ATTEMPTS) throw error;
      }
    }
  }

  /** The latest seal as stored (not verified: run `verify` for that), or null when the ledger was never sealed. */
  async latestSeal(): Promise<SealRecord | null> {
    const [event] = await this.store.readStream(SEAL_STREAM, { direction: 'backwards', maxCount: 1 });
    return event ? sealRecordOf(event) : null;
  }

  private async eventAt(position: bigint): Promise<StoredEvent | undefined> {
    const [event] = await this.store.readAll({ fromPosition: position, inclusive: true, maxCount: 1 });
    return event && event.position === position ? event : undefined;
  }

  private async scan(onProgress?: ProgressListener, options: VerifierOptions = {}) {
    const started = Date.now();
    const probing: Promise<SqliteProbeResult> | null = this.config.store === 'sqlite' ? probeSqliteFileAside(this.config.sqliteFile) : null;
    // Don't leave a rejection unhandled while the log is read; it is awaited below.
    probing?.catch(() => undefined);
    const head = (await headOf(this.store));
    const verifier = new LogVerifier(options);
    if (head !== null) {
      try {
        // Lazy: the verifier parses each event's metadata, and its data only when the read-ahead thread could not
        // hash the event (an unreadable one is named by the file check, and fails its hash here).
        for await (const event of readLog(this.store, { upTo: head, deriveAhead: CHAIN_HASH_AHEAD, lazy: true })) {
          const broken = verifier.push(event, chainHashAheadOf(event));
          if (onProgress && (verifier.checked % 500 === 0 || event.position === head)) onProgress(event.position, verifier.checked, head);
          if (broken) break;
        }
      } catch (error) {
        if (!(error instanceof LogReadError)) throw error;
        verifier.fail({ stream: null, revision: null, id: null, position: null, reason: 'unreadable', message: error.message });
      }
    }
    const probe = probing ? await probing : null;
    return { verifier, probe, head, elapsedMs: Date.now() - started };
  }
}

/**
 * The earlier of a break found in the log (a) and one found by the file check (b), by position; a break without a
 * position (an unreadable event) comes last, and on the same position the file's finding, which says why, wins.
 */
function firstOf(a: BrokenEvent | null, b: BrokenEvent | null): BrokenEvent | null {
  if (!a) return b;
  if (!b) return a;
  if (a.position === null) return b;
  if (b.position === null) return a;
  return b.position <= a.position ? b : a;
}

function digestText(wanted: ParsedDigest): string {
  return `${wanted.sealedPosition}:${wanted.eventCount}:${wanted.sealHash}${wanted.fingerprint ? `:${wanted.fingerprint}` : ''}`;
}

/** After a break nothing is said of the digest but that it was not checked (the seal may lie beyond the break). */
function digestNotChecked(wanted: ParsedDigest, summary: VerifySummary, broken: BrokenEvent): DigestCheck {
  return {
    digest: digestText(wanted),
    outcome: 'not-checked',
    found: false,
    seal: null,
    message: `verification stopped at the first break (${broken.position === null ? 'the log' : `position ${broken.position}`}, after ${summary.events} events), before it could prove this seal`,
  };
}

function checkDigest(wanted: ParsedDigest, summary: VerifySummary): DigestCheck {
  const digest = digestText(wanted);
  const notFound = (seal: SealCheck | null, message: string): DigestCheck => ({ digest, outcome: 'not-found', found: false, seal, message });
  const seal = summary.seals.find((s) => s.hash === wanted.sealHash) ?? null;
  if (seal) {
    if (seal.data.sealedPosition !== wanted.sealedPosition || seal.data.eventCount !== wanted.eventCount) {
      return notFound(seal, `the seal with this hash seals position ${seal.data.sealedPosition} (${seal.data.eventCount} events), not what the digest says`);
    }
    if (wanted.fingerprint && seal.signedBy !== wanted.fingerprint) {
      return notFound(seal, `the digest names a seal signed by ${wanted.fingerprint}, but the log’s seal is ${seal.signedBy ? `signed by ${seal.signedBy}` : 'not signed'}`);
    }
    const imported = seal.status === 'imported' ? ' (made in the store the log was imported from, recomputed from the restored events’ original positions and recorded times)' : '';
    return {
      digest,
      outcome: 'found',
      found: true,
      seal,
      message: `the log contains this seal unchanged at ${seal.stream}@${seal.revision} (position ${seal.position})${imported} and every event after it verifies`,
    };
  }
  const samePlace = summary.seals.find((s) => s.data.sealedPosition === wanted.sealedPosition && s.data.eventCount === wanted.eventCount);
  if (samePlace) {
    return notFound(samePlace, `the log’s seal of position ${wanted.sealedPosition} has hash ${samePlace.hash}, not the digest’s ${wanted.sealHash}: the sealed history was rewritten`);
  }
  const sealedPosition = BigInt(wanted.sealedPosition);
  const laterSeal = summary.seals.some((s) => BigInt(s.data.sealedPosition) >= sealedPosition);
  if (!laterSeal) {
    return {
      digest,
      outcome: 'not-found',
      found: false,
      seal: null,
      message: `the log holds no seal of position ${wanted.sealedPosition} or later (it ends at position ${summary.lastPosition ?? 'none'} with ${summary.events} events): it was rolled back or truncated to before that seal`,
    };
  }
  return notFound(null, `no seal in the log has hash ${wanted.sealHash}: the sealed history was replaced or rewritten`);
}

function digestBreak(wanted: ParsedDigest, summary: VerifySummary, message: string): BrokenEvent {
  const seal = summary.seals.find((s) => s.data.sealedPosition === wanted.sealedPosition && s.data.eventCount === wanted.eventCount);
  if (seal) return { stream: seal.stream, revision: seal.revision, id: seal.id, position: seal.position, reason: 'digest', message };
  return { stream: null, revision: null, id: null, position: BigInt(wanted.sealedPosition), reason: 'digest', message };
}

export function sealRecordOf(event: StoredEvent): SealRecord {
  const read = readSealData(event.data);
  const link = chainLinkOf(event);
  if (!read.ok || !link) throw new Error(`${event.stream}@${event.revision} is not a well-formed seal${read.ok ? '' : `: ${read.problem}`}`);
  return {
    digest: formatDigest(read.seal, link.hash),
    id: event.id,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
    hash: link.hash,
    data: read.seal,
    actor: typeof event.metadata.actor === 'string' ? event.metadata.actor : null,
  };
}

import { Inject, Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { EVENT_STORE, EventStore, EventToAppend, ExpectedRevision, StoredEvent } from '../event-store/event-store.port';
import { CLOCK, Clock } from '../time/clock';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ExportFormatError,
  ExportHeader,
  decodeEvent,
  decodeHeader,
  encodeEvent,
  encodeHeader,
} from './export-format';
import { headOf, readLog } from '../event-store/log-reader';
import { BrokenEvent, LogVerifier, VerifySummary } from './log-verifier';
import { ImportedFrom, SEAL_STREAM, withOrigin } from './seal';
import { ProgressListener, SealRecord, SealService, sealRecordOf } from './seal.service';

export interface ExportResult {
  readonly eventCount: number;
  readonly lastPosition: bigint | null;
  readonly latestSeal: string | null;
}

export interface ImportResult {
  readonly eventCount: number;
  readonly streams: number;
  readonly appends: number;
  /** The export's own latest seal, carried over unchanged. */
  readonly originalDigest: string | null;
  /** The seal appended after the import; its data records where the log came from. */
  readonly seal: SealRecord;
  readonly header: ExportHeader;
}

/** The export file does not verify: nothing was imported. */
export class ExportNotVerified extends Error {
  override readonly name = 'ExportNotVerified';
  constructor(
    readonly broken: BrokenEvent,
    /** Line of the export holding the broken event (the header is line 1), when known. */
    readonly line: number | null,
    readonly summary: VerifySummary,
  ) {
    super(`the export does not verify${line ? ` (line ${line})` : ''}: ${broken.message}`);
  }
}

export class StoreNotEmpty extends Error {
  override readonly name = 'StoreNotEmpty';
  constructor(position: bigint) {
    super(`import-log restores into an empty store only, and this one holds events (the first at position ${position}); use a new data directory or database`);
  }
}

/** Progress of `importLog`: verifying the file, appending its events, then verifying the restored log to seal it. */
export type ImportProgressListener = (phase: 'verify' | 'append' | 'seal', position: bigint, events: number, head: bigint | null) => void;

/** Largest batch written by one append while importing (events of one stream, consecutive in the log). */
const MAX_BATCH_EVENTS = 100;
const MAX_BATCH_BYTES = 512 * 1024;

async function* exportLines(file: string): AsyncGenerator<{ text: string; line: number }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim().length === 0) continue;
    yield { text, line };
  }
}

/**
 * `export`: the whole log as NDJSON (a header line, then one stored event per line with its position, recorded
 * time, metadata and hashes). `import-log`: restores such a file into an empty store — after verifying the file
 * itself, chains and seals against its own positions and recorded times — appending in the original global order
 * with the original ids, each event's export position and recorded time kept in `metadata.chain.origins` (so
 * `verify` recomputes the export's seals from the restored events), then seals the restored log; that seal's
 * `importedFrom` states what the origins recompute.
 */
@Injectable()
export class LogTransferService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly seals: SealService,
  ) {}

  async export(write: (chunk: string) => Promise<void> | void, options: { onProgress?: ProgressListener } = {}): Promise<ExportResult> {
    const head = (await headOf(this.store));
    // First pass: count, so the header can say how many events follow.
    let eventCount = 0;
    let lastSeal: StoredEvent | null = null;
    if (head !== null) {
      for await (const _event of readLog(this.store, { upTo: head })) eventCount++;
    }
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: this.clock.now().toISOString(),
      eventCount,
      lastPosition: head === null ? null : head.toString(),
      store: this.config.store,
    };
    await write(`${encodeHeader(header)}\n`);
    let written = 0;
    let chunk: string[] = [];
    if (head !== null) {
      for await (const event of readLog(this.store, { upTo: head })) {
        chunk.push(encodeEvent(event));
        written++;
        if (chunk.length >= 1000) {
          await write(`${chunk.join('\n')}\n`);
          chunk = [];
          options.onProgress?.(event.position, written, head);
        }
        if (event.stream === SEAL_STREAM) lastSeal = event;
      }
    }
    if (chunk.length > 0) await write(`${chunk.join('\n')}\n`);
    if (head !== null) options.onProgress?.(head, written, head);
    if (written !== eventCount) throw new Error(`the log changed during the export (${eventCount} events counted, ${written} written)`);
    let latestSeal: string | null = null;
    try {
      latestSeal = lastSeal ? sealRecordOf(lastSeal).digest : null;
    } catch {
      latestSeal = null; // a malformed seal is exported as it is; `verify` names it
    }
    return { eventCount, lastPosition: head, latestSeal };
  }

  /** Reads and verifies an export; throws ExportFormatError or ExportNotVerified. */
  async verifyExport(file: string, onProgress?: ProgressListener): Promise<{ header: ExportHeader; summary: VerifySummary }> {
    let header: ExportHeader | undefined;
    const verifier = new LogVerifier();
    let events = 0;
    let lastLine = 0;
    const lineOf = new Map<bigint, number>();
    for await (const { text, line } of exportLines(file)) {
      lastLine = line;
      if (!header) {
        header = decodeHeader(text, line);
        continue;
      }
      const event = decodeEvent(text, line);
      events++;
      lineOf.set(event.position, line);
      const broken = verifier.push(event);
      if (broken) throw new ExportNotVerified(broken, broken.position === null ? null : (lineOf.get(broken.position) ?? null), verifier.summary());
      if (onProgress && events % 500 === 0) onProgress(event.position, events, header.lastPosition === null ? null : BigInt(header.lastPosition));
      if (lineOf.size > 200_000) lineOf.clear();
    }
    if (!header) throw new ExportFormatError(1, 'the file is empty');
    const broken = verifier.finish();
    if (broken) throw new ExportNotVerified(broken, broken.position === null ? null : (lineOf.get(broken.position) ?? null), verifier.summary());
    if (events !== header.eventCount) {
      throw new ExportFormatError(lastLine, `the header announces ${header.eventCount} events but the file holds ${events}: it was truncated or extended`);
    }
    const summary = verifier.summary();
    const last = summary.lastPosition === null ? null : summary.lastPosition.toString();
    if (last !== header.lastPosition) {
      throw new ExportFormatError(lastLine, `the header says the log ends at position ${header.lastPosition ?? 'none'}, the file ends at ${last ?? 'none'}`);
    }
    return { header, summary };
  }

  async importLog(file: string, options: { actor: string; signingKey?: KeyObject; onProgress?: ImportProgressListener }): Promise<ImportResult> {
    const progress = options.onProgress;
    const { header, summary } = await this.verifyExport(file, progress && ((position, events, head) => progress('verify', position, events, head)));
    if (summary.lastPosition !== null) progress?.('verify', summary.lastPosition, summary.events, summary.lastPosition);
    const [existing] = await this.store.readAll({ maxCount: 1 });
    if (existing) throw new StoreNotEmpty(existing.position);
    if (summary.events === 0) throw new ExportFormatError(1, 'the export holds no events: there is nothing to import');

    const head = header.lastPosition === null ? null : BigInt(header.lastPosition);
    let appends = 0;
    let imported = 0;
    let batch: StoredEvent[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const first = batch[0]!;
      const expected: ExpectedRevision = first.revision === 0n ? 'no_stream' : first.revision - 1n;
      // Each event keeps where and when the exporting store held it, so the seals made there recompute here.
      const events: EventToAppend[] = batch.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: withOrigin(e.metadata, e.position, e.recordedAt) }));
      await this.store.append(first.stream, events, expected);
      appends++;
      imported += batch.length;
      progress?.('append', batch[batch.length - 1]!.position, imported, head);
      batch = [];
      batchBytes = 0;
    };
    let seenHeader = false;
    for await (const { text, line } of exportLines(file)) {
      if (!seenHeader) {
        seenHeader = true;
        continue;
      }
      const event = decodeEvent(text, line);
      const last = batch[batch.length - 1];
      if (last && (last.stream !== event.stream || batch.length >= MAX_BATCH_EVENTS || batchBytes + text.length > MAX_BATCH_BYTES)) {
        await flush();
      }
      batch.push(event);
      batchBytes += text.length;
    }
    await flush();
    if (imported !== summary.events) throw new Error(`the export changed while it was imported (${summary.events} verified, ${imported} appended)`);

    const importedFrom: ImportedFrom = {
      digest: summary.latestSeal ? summary.latestSeal.digest : null,
      eventCount: summary.events,
      lastPosition: header.lastPosition,
      logHash: summary.logHash,
      exportedAt: header.exportedAt,
    };
    const seal = await this.seals.seal({
      actor: options.actor,
      importedFrom,
      exportedAt: header.exportedAt,
      signingKey: options.signingKey,
      onProgress: progress && ((position, events, sealHead) => progress('seal', position, events, sealHead)),
    });
    return { eventCount: imported, streams: summary.streams, appends, originalDigest: importedFrom.digest, seal, header };
  }
}

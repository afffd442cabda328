import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../event-store/worker-script';
import { BrokenEvent } from './log-verifier';

interface ProbeRow {
  position: bigint;
  id: string;
  stream: string;
  revision: bigint;
  recorded_at: string;
  data_ok: bigint;
  metadata_ok: bigint;
}

export interface SqliteProbeResult {
  /** The first anomaly in position order, if any. */
  readonly finding: BrokenEvent | null;
  readonly rows: number;
  readonly lastPosition: bigint | null;
  /** The highest position SQLite ever issued to the table (sqlite_sequence). */
  readonly highWaterMark: bigint | null;
}

/**
 * Checks what only the embedded store's file can tell, reading it directly in one read transaction:
 * - positions are SQLite AUTOINCREMENT row ids, issued from 1 and never reused, and a failed write rolls its ids
 *   back: so the stored positions must be exactly 1, 2, …, n. A gap is a deleted event; an unexpected position is
 *   an inserted one;
 * - SQLite remembers the highest id it ever issued (sqlite_sequence): when it is above the last stored position,
 *   events were cut from the tail; a stored position above it was never issued;
 * - each row's data and metadata are valid JSON, and its recorded time is a canonical ISO 8601 instant, as the
 *   store writes them (a changed byte that the store would read back without error is left to the hash checks).
 * The file is opened read-only alongside the store's own connection.
 */
export function probeSqliteFile(file: string): SqliteProbeResult {
  if (!existsSync(file)) return { finding: null, rows: 0, lastPosition: null, highWaterMark: null };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    return db.transaction(() => scan(db))();
  } finally {
    db.close();
  }
}

const WORKER = workerScript(__filename, 'sqlite-probe.worker');

/**
 * probeSqliteFile on a thread of its own, so the file check (a second full pass over the rows) runs beside the
 * hash checks instead of before them: at a million events it took a tenth of verify's time on the main thread.
 */
export function probeSqliteFileAside(file: string): Promise<SqliteProbeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER.file, { workerData: file, execArgv: WORKER.execArgv });
    let answered = false;
    worker.once('message', (result: SqliteProbeResult) => {
      answered = true;
      resolve(result);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the file check stopped (exit code ${code}) before it answered`));
    });
  });
}

function scan(db: Database.Database): SqliteProbeResult {
  const sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get() as { seq: bigint } | undefined;
  const highWaterMark = sequence ? BigInt(sequence.seq) : null;
  const rows = db
    .prepare(
      'SELECT position, id, stream, revision, recorded_at, json_valid(data) AS data_ok, json_valid(metadata) AS metadata_ok FROM events ORDER BY position',
    )
    .iterate() as IterableIterator<ProbeRow>;

  let expected = 1n;
  let count = 0;
  let lastPosition: bigint | null = null;
  let finding: BrokenEvent | null = null;
  for (const row of rows) {
    count++;
    const at = (reason: BrokenEvent['reason'], message: string): BrokenEvent => ({
      stream: row.stream,
      revision: BigInt(row.revision),
      id: row.id,
      position: BigInt(row.position),
      reason,
      message,
    });
    const position = BigInt(row.position);
    if (!finding) {
      if (highWaterMark !== null && position > highWaterMark) {
        finding = at('position-gap', `position ${position} is above the highest the store ever issued (${highWaterMark}): the event was inserted or moved`);
      } else if (position > expected) {
        const missing = position - 1n === expected ? `position ${expected} is` : `positions ${expected}–${position - 1n} are`;
        finding = at('position-gap', `${missing} missing before this event: an event was deleted (SQLite never reuses or skips a position)`);
      } else if (position < expected) {
        finding = at('position-gap', `position ${position} was never issued in order by the store: an event was inserted`);
      } else if (row.data_ok !== 1n || row.metadata_ok !== 1n) {
        finding = at('unreadable', `the stored ${row.data_ok !== 1n ? 'data' : 'metadata'} is not valid JSON`);
      } else if (!isCanonicalInstant(row.recorded_at)) {
        finding = at('recorded-at', `the stored recorded time ${JSON.stringify(row.recorded_at)} is not an instant the store writes`);
      }
    }
    expected = position + 1n;
    lastPosition = position;
  }
  if (!finding && highWaterMark !== null && (lastPosition === null || highWaterMark > lastPosition)) {
    const from = (lastPosition ?? 0n) + 1n;
    finding = {
      stream: null,
      revision: null,
      id: null,
      position: from,
      reason: 'truncated',
      message: `the store issued positions up to ${highWaterMark} but the log ends at ${lastPosition ?? 'nothing'}: ${
        from === highWaterMark ? `the event at position ${from} was` : `the events at positions ${from}–${highWaterMark} were`
      } cut from the tail`,
    };
  }
  return { finding, rows: count, lastPosition, highWaterMark };
}

function isCanonicalInstant(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}

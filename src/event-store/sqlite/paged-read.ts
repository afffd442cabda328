import { Worker } from 'node:worker_threads';
import { StoredEvent, StoredJsonBytes } from '../event-store.port';
import { LazyJsonEvent } from '../text-stored-event';

/**
 * Catching up on a large log, reading rows out of SQLite and turning their text into JavaScript strings took
 * as long as folding them. A PagedReader does that part on a worker thread, with its own read-only connection,
 * one page ahead of the reader: each page comes back as one buffer of UTF-8 text and a few typed arrays,
 * moved (not copied) between threads. Events read from a page decode their fields when asked, and a reader
 * that keeps events' text (the read model's entity table) can keep the page's buffer itself (StoredJsonBytes).
 */

/** Per row: where id, data, metadata and stream end in the page's bytes (the row starts where the last row ended). */
const ENDS = 4;

// Plain JavaScript: a worker is evaluated as is, with no TypeScript loader (tests run the sources).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// Columns in the order the store reads them: position, id, stream, revision, type, data, metadata, recorded_at.
const select = db.prepare(workerData.sql).raw(true).safeIntegers(true);
const types = [];
const typeCodes = new Map();
parentPort.on('message', (request) => {
  try {
    const rows = select.all(request.after, request.limit);
    let room = 0;
    for (const row of rows) room += row[1].length + row[2].length + row[5].length + row[6].length;
    const bytes = Buffer.allocUnsafeSlow(Math.max(1, room * 3));
    const ends = new Int32Array(rows.length * ${ENDS});
    const positions = new BigInt64Array(rows.length);
    const revisions = new Float64Array(rows.length);
    const recordedAt = new Float64Array(rows.length);
    const typeOf = new Int32Array(rows.length);
    let used = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      used += bytes.write(row[1], used);
      ends[i * ${ENDS}] = used;
      used += bytes.write(row[5], used);
      ends[i * ${ENDS} + 1] = used;
      used += bytes.write(row[6], used);
      ends[i * ${ENDS} + 2] = used;
      used += bytes.write(row[2], used);
      ends[i * ${ENDS} + 3] = used;
      positions[i] = row[0];
      revisions[i] = Number(row[3]);
      recordedAt[i] = Date.parse(row[7]);
      let type = typeCodes.get(row[4]);
      if (type === undefined) {
        type = types.length;
        types.push(row[4]);
        typeCodes.set(row[4], type);
      }
      typeOf[i] = type;
    }
    // The text as long as it is, not as long as it could have been (3 bytes a character).
    const text = Buffer.allocUnsafeSlow(Math.max(1, used));
    bytes.copy(text, 0, 0, used);
    const page = { count: rows.length, bytes: text.buffer, ends, positions, revisions, recordedAt, typeOf, types };
    parentPort.postMessage(page, [text.buffer, ends.buffer, positions.buffer, revisions.buffer, recordedAt.buffer, typeOf.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: error.message });
  }
});
`;

interface PageMessage {
  readonly count: number;
  readonly bytes: ArrayBuffer;
  readonly ends: Int32Array;
  readonly positions: BigInt64Array;
  readonly revisions: Float64Array;
  readonly recordedAt: Float64Array;
  readonly typeOf: Int32Array;
  readonly types: string[];
}

class Page {
  readonly bytes: Buffer;
  readonly types: string[];

  constructor(
    readonly message: PageMessage,
    intern: (type: string) => string,
  ) {
    this.bytes = Buffer.from(message.bytes);
    this.types = message.types.map(intern);
  }

  start(row: number): number {
    return row === 0 ? 0 : this.message.ends[row * ENDS - 1]!;
  }

  end(row: number, field: number): number {
    return this.message.ends[row * ENDS + field]!;
  }
}

/** An event of a page: its fields are decoded from the page when first read. */
class PagedEvent extends LazyJsonEvent implements StoredJsonBytes {
  private decodedStream: string | undefined;

  constructor(
    private readonly page: Page,
    private readonly row: number,
  ) {
    super();
  }

  get bytes(): Buffer {
    return this.page.bytes;
  }

  get idStart(): number {
    return this.page.start(this.row);
  }

  get idEnd(): number {
    return this.page.end(this.row, 0);
  }

  get dataEnd(): number {
    return this.page.end(this.row, 1);
  }

  get metadataEnd(): number {
    return this.page.end(this.row, 2);
  }

  get id(): string {
    return this.page.bytes.toString('utf8', this.idStart, this.idEnd);
  }

  get stream(): string {
    return (this.decodedStream ??= this.page.bytes.toString('utf8', this.metadataEnd, this.page.end(this.row, 3)));
  }

  get type(): string {
    return this.page.types[this.page.message.typeOf[this.row]!]!;
  }

  get position(): bigint {
    return this.page.message.positions[this.row]!;
  }

  get revision(): bigint {
    return BigInt(this.page.message.revisions[this.row]!);
  }

  get recordedAt(): Date {
    return new Date(this.page.message.recordedAt[this.row]!);
  }

  get dataText(): string {
    return this.page.bytes.toString('utf8', this.idEnd, this.dataEnd);
  }

  get metadataText(): string {
    return this.page.bytes.toString('utf8', this.dataEnd, this.metadataEnd);
  }
}

/** Reads the log in pages on a worker thread, always one page ahead of what was asked for. */
export class PagedReader {
  private readonly worker: Worker;
  private pending: { resolve: (events: StoredEvent[]) => void; reject: (error: Error) => void } | null = null;
  private ahead: Promise<StoredEvent[]> | null = null;
  private failed: Error | null = null;

  /** `sql` reads a page: the events after its first parameter, as many as its second, in log order. */
  constructor(
    file: string,
    sql: string,
    private readonly pageSize: number,
    private readonly intern: (type: string) => string,
  ) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sql, driver: require.resolve('better-sqlite3') } });
    this.worker.on('message', (message: PageMessage | { error: string }) => {
      const pending = this.pending;
      this.pending = null;
      if (!pending) return;
      if ('error' in message) pending.reject(new Error(message.error));
      else {
        const page = new Page(message, this.intern);
        const events = new Array<StoredEvent>(message.count);
        for (let row = 0; row < message.count; row++) events[row] = new PagedEvent(page, row);
        pending.resolve(events);
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`catch-up reader stopped (exit code ${code})`)));
  }

  /** The page after `after` (exclusive; null = from the start); starts reading the next one meanwhile. */
  async next(after: bigint | null): Promise<StoredEvent[]> {
    const page = await (this.ahead ?? this.request(after));
    this.ahead = page.length === this.pageSize ? this.request(page[page.length - 1]!.position) : null;
    // The request ahead fails on its own if the worker stops; whoever asks for it next sees that.
    this.ahead?.catch(() => undefined);
    return page;
  }

  async close(): Promise<void> {
    this.failed ??= new Error('catch-up reader closed');
    await this.worker.terminate();
  }

  private request(after: bigint | null): Promise<StoredEvent[]> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ after: after ?? 0n, limit: this.pageSize });
    });
  }

  private fail(error: Error): void {
    this.failed ??= error;
    this.pending?.reject(this.failed);
    this.pending = null;
  }
}

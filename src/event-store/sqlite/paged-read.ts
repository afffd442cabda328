import { Worker } from 'node:worker_threads';
import { workerScript } from '../worker-script';
import { StoredEvent } from '../event-store.port';
import { DerivedAhead, StoredJsonBytes } from '../read-ahead';
import { LazyJsonEvent } from '../text-stored-event';
import { ENDS, PageCredit, PageMessage, PagedReadWorkerData, StartRead } from './paged-read.protocol';

/**
 * Catching up on a large log, reading rows out of SQLite and turning their text into JavaScript strings took
 * as long as folding them. A PagedReader does that part on a worker thread, with its own read-only connection,
 * pages ahead of the reader: each page comes back as one buffer of UTF-8 text and a few typed arrays,
 * moved (not copied) between threads. Events read from a page decode their fields when asked, and a reader
 * that keeps events' text (the read model's entity table) can keep the page's buffer itself (StoredJsonBytes).
 * A subscriber's DeriveAhead runs there too, and its result comes with the page's events (DerivedAhead).
 */

const WORKER = workerScript(__filename, 'paged-read.worker');

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
class PagedEvent extends LazyJsonEvent implements StoredJsonBytes, DerivedAhead {
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

  get derivedPage(): unknown {
    return this.page.message.derived;
  }

  get derivedRow(): number {
    return this.row;
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

/**
 * Reads the log forwards in pages on a worker thread, up to PAGES_AHEAD pages ahead of the reader: folding a
 * page takes longer or shorter than reading the next, and one page ahead left either thread waiting for the
 * other. Pages are a few megabytes at most. A reader reads one read at a time; once one has ended (its last
 * page, short, was taken), it can start another on the same thread, which has its code loaded and compiled.
 */
export class PagedReader {
  private readonly worker: Worker;
  private read = 0;
  private ended = true;
  private ready: (StoredEvent[] | Error)[] = [];
  private waiting: { resolve: (events: StoredEvent[]) => void; reject: (error: Error) => void } | null = null;
  private failed: Error | null = null;

  /** `sql` reads a page: the events after its first parameter, as many as its second, in log order. */
  constructor(
    file: string,
    sql: string,
    private readonly pageSize: number,
    private readonly intern: (type: string) => string,
  ) {
    const workerData: PagedReadWorkerData = { file, sql, pageSize };
    this.worker = new Worker(WORKER.file, { workerData, execArgv: WORKER.execArgv });
    this.worker.on('message', (message: PageMessage | { read: number; error: string }) => {
      if (message.read !== this.read) return;
      this.deliver('error' in message ? new Error(message.error) : this.eventsOf(message));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`catch-up reader stopped (exit code ${code})`)));
  }

  /** Whether the last read has ended (or none began) and the reader still works: it can start another. */
  get idle(): boolean {
    return this.ended && this.failed === null;
  }

  /**
   * Starts reading the events after `after` (null: from the start), with the subscriber's DeriveAhead module
   * (a path) run on each page, or none.
   */
  start(after: bigint | null, derive: string | null): void {
    if (!this.idle) throw new Error('a paged reader reads one read at a time');
    this.read++;
    this.ended = false;
    this.worker.ref();
    this.ready = [];
    const start: StartRead = { read: this.read, after: after ?? 0n, derive, pages: PAGES_AHEAD };
    this.worker.postMessage(start);
  }

  /** The next page of the read; one shorter than the page size is its last. */
  next(): Promise<StoredEvent[]> {
    const page = this.ready.shift();
    if (page !== undefined) return page instanceof Error ? Promise.reject(page) : Promise.resolve(this.taken(page));
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve: (events) => resolve(this.taken(events)), reject };
    });
  }

  async close(): Promise<void> {
    this.failed ??= new Error('catch-up reader closed');
    await this.worker.terminate();
  }

  private taken(page: StoredEvent[]): StoredEvent[] {
    if (page.length < this.pageSize) {
      this.ended = true;
      // Between reads the thread does not keep the process alive.
      this.worker.unref();
    } else this.worker.postMessage({ read: this.read, pages: 1 } satisfies PageCredit);
    return page;
  }

  private eventsOf(message: PageMessage): StoredEvent[] {
    const page = new Page(message, this.intern);
    const events = new Array<StoredEvent>(message.count);
    for (let row = 0; row < message.count; row++) events[row] = new PagedEvent(page, row);
    return events;
  }

  private deliver(page: StoredEvent[] | Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) this.ready.push(page);
    else if (page instanceof Error) waiting.reject(page);
    else waiting.resolve(page);
  }

  private fail(error: Error): void {
    this.failed ??= error;
    this.waiting?.reject(this.failed);
    this.waiting = null;
  }
}

const PAGES_AHEAD = 3;

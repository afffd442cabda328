import Database, { Statement } from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Observable } from 'rxjs';
import { InternedStrings } from '../../domain/interned-strings';
import { assertAppendable, firstRevisionFor, missingPrerequisite, revisionMatches } from '../append-guards';
import { ConcurrencyError, DuplicateEventError, PrerequisiteNotAppended, isAppendRefusal } from '../event-store.errors';
import { DeclaresReadAhead, DeriveAhead, READ_AHEAD, ReadAheadCapable, ReadAheadOptions } from '../read-ahead';
import { TextStoredEvent } from '../text-stored-event';
import { PagedReader } from './paged-read';
import {
  AllFilter,
  AppendOutcome,
  AppendRequest,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  StoreHealth,
  StoredEvent,
  SubscribeToAllOptions,
  SubscriptionMessage,
} from '../event-store.port';

export interface SqliteEventStoreOptions {
  /** Path of the database file; its directory is created when missing. */
  readonly file: string;
  /** How often a subscription looks for events appended by another process (ms). */
  readonly pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing (ms). */
  readonly busyTimeoutMs?: number;
  /**
   * A subscription further behind the head than this many positions catches up through a PagedReader (a
   * worker thread reading ahead); closer, it reads on the main thread (a worker takes some milliseconds to start).
   */
  readonly pagedCatchUpAfter?: number;
}

const EVENT_COLUMNS = 'position, id, stream, revision, type, data, metadata, recorded_at';
const SUBSCRIPTION_PAGE = 1000;
const CATCH_UP_PAGE = 2000;
const READER_KEPT_MS = 30_000;
const PAGE_AFTER = `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`;
const NO_LIMIT = -1;
const ID_LOOKUP_CHUNK = 500;
const CACHED_STREAMS = 10_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream, revision)
  );
  CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
`;

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged append has been
 * fsynced and survives a crash. Positions are SQLite's AUTOINCREMENT row ids: never reused, so a deleted row
 * leaves a gap that verification can see. Several processes may open the same file; writes take the write
 * lock up front (BEGIN IMMEDIATE) so the revision check and the insert are one atomic step.
 */
export class SqliteEventStore implements EventStore, ReadAheadCapable, DeclaresReadAhead {
  private readonly appended = new EventEmitter();
  private readonly statements = new Map<string, Statement>();
  private readonly eventStatements = new Map<string, Statement>();
  private readonly pollIntervalMs: number;
  private readonly pagedCatchUpAfter: number;
  /** Paged readers reading, and the one kept between catch-ups. */
  private readonly readers = new Set<PagedReader>();
  private keptReader: { reader: PagedReader; timer: NodeJS.Timeout } | null = null;
  private closed = false;
  /**
   * Whole streams as last read (a command reads its own stream and those it references, mostly the same few
   * sources and parties), kept while no other connection has committed (PRAGMA data_version) and dropped for
   * each stream this connection appends to.
   */
  private readonly streams = new Map<string, StoredEvent[]>();
  private streamsVersion: unknown = null;
  /** Called inside appendMany's transaction, where a nested better-sqlite3 transaction is a savepoint. */
  private readonly appendInSavepoint: (stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, recordedAt: string) => AppendResult;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    options: SqliteEventStoreOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.pagedCatchUpAfter = options.pagedCatchUpAfter ?? 50_000;
    this.appended.setMaxListeners(0);
    this.appendInSavepoint = db.transaction((stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, recordedAt: string) =>
      this.appendInTransaction(stream, events, expected, recordedAt),
    );
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    mkdirSync(dirname(options.file), { recursive: true });
    const db = new Database(options.file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.exec(SCHEMA);
    return new SqliteEventStore(db, options.file, options);
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(stream, events, expected);
    const result = this.db.transaction(() => this.appendInTransaction(stream, events, expected, this.commitTime())).immediate();
    if (!result.idempotent) this.appended.emit('appended');
    return result;
  }

  /**
   * Every request in one immediate transaction, so one commit and one fsync cover them all. Each request runs
   * in its own savepoint: a refused one is rolled back alone and the others go on. A failure of SQLite itself
   * (disk full, I/O error) rolls back the whole transaction and rejects, leaving nothing appended.
   */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    const outcomes: (AppendOutcome | undefined)[] = new Array(requests.length);
    const valid: number[] = [];
    for (const [index, request] of requests.entries()) {
      try {
        assertAppendable(request.stream, request.events, request.expectedRevision);
        valid.push(index);
      } catch (error) {
        outcomes[index] = { ok: false, error: error as Error };
      }
    }
    let wrote = false;
    if (valid.length > 0) {
      this.db
        .transaction(() => {
          const recordedAt = this.commitTime();
          for (const index of valid) {
            const request = requests[index]!;
            const missing = missingPrerequisite(request, index, outcomes);
            if (missing !== undefined) {
              outcomes[index] = { ok: false, error: new PrerequisiteNotAppended(request.stream, missing) };
              continue;
            }
            try {
              const result = this.appendInSavepoint(request.stream, request.events, request.expectedRevision, recordedAt);
              outcomes[index] = { ok: true, result };
              if (!result.idempotent) wrote = true;
            } catch (error) {
              if (!isAppendRefusal(error)) throw error;
              outcomes[index] = { ok: false, error: error as Error };
            }
          }
        })
        .immediate();
    }
    if (wrote) this.appended.emit('appended');
    return outcomes as AppendOutcome[];
  }


  private appendInTransaction(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, recordedAt: string): AppendResult {
    this.streams.delete(stream);
    const retried = this.findRetry(stream, events, expected);
    if (retried) return retried;

    const head = this.statement('SELECT MAX(revision) AS revision FROM events WHERE stream = ?').get(stream) as {
      revision: bigint | null;
    };
    const actual = head.revision;
    if (!revisionMatches(expected, actual)) throw new ConcurrencyError(stream, expected, actual);

    const insert = this.statement(
      'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    let revision = actual === null ? -1n : actual;
    let position = 0n;
    for (const event of events) {
      revision += 1n;
      const info = insert.run(
        event.id.toLowerCase(),
        stream,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = BigInt(info.lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position, idempotent: false };
  }

  /**
   * A batch whose ids are all stored, consecutively, where this append would have put them is a retry: answer
   * with the original result. Any other overlap with stored ids is neither a retry nor a new write.
   */
  private findRetry(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): AppendResult | null {
    const ids = events.map((event) => event.id.toLowerCase());
    const rows: { id: string; stream: string; revision: bigint; position: bigint }[] = [];
    // One lookup per chunk of ids keeps large batches under SQLite's bound-parameter limit.
    for (let from = 0; from < ids.length; from += ID_LOOKUP_CHUNK) {
      const chunk = ids.slice(from, from + ID_LOOKUP_CHUNK);
      const sql = `SELECT id, stream, revision, position FROM events WHERE id IN (${chunk.map(() => '?').join(', ')})`;
      rows.push(...(this.statement(sql).all(...chunk) as typeof rows));
    }
    if (rows.length === 0) return null;
    if (rows.length < events.length) {
      throw new DuplicateEventError(stream, ids, `${rows.length} of ${events.length} events are already stored`);
    }
    const byId = new Map(rows.map((row) => [row.id, row]));
    const found = ids.map((id) => byId.get(id));
    const first = found[0]!;
    const consecutive = found.every((row, index) => row!.stream === stream && row!.revision === first.revision + BigInt(index));
    const expectedFirst = firstRevisionFor(expected);
    const samePlace = expectedFirst === undefined || expectedFirst === first.revision;
    if (!consecutive || !samePlace) {
      throw new DuplicateEventError(
        stream,
        ids,
        `the events are already stored at ${first.stream}@${first.revision}, not where this append would put them`,
      );
    }
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position, idempotent: true };
  }

  /** Commit time, never earlier than the last stored event's, so recorded time is ordered like positions. */
  private commitTime(): string {
    const last = this.statement('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').get() as
      | { recorded_at: string }
      | undefined;
    const now = new Date().toISOString();
    return last && last.recorded_at > now ? last.recorded_at : now;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? NO_LIMIT;
    if (options.fromRevision === undefined) {
      if (!backwards && limit === NO_LIMIT) return this.wholeStream(stream).slice();
      const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT ?`;
      return this.rows(sql, [stream, limit]);
    }
    const sql = backwards
      ? `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`
      : `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`;
    return this.rows(sql, [stream, options.fromRevision, limit]);
  }

  private wholeStream(stream: string): StoredEvent[] {
    const version = this.statement('PRAGMA data_version').pluck().get();
    if (version !== this.streamsVersion) {
      this.streams.clear();
      this.streamsVersion = version;
    }
    let events = this.streams.get(stream);
    if (!events) {
      events = this.rows(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? ORDER BY revision ASC LIMIT ?`, [stream, NO_LIMIT]);
      if (this.streams.size >= CACHED_STREAMS) this.streams.delete(this.streams.keys().next().value!);
      this.streams.set(stream, events);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readAllNow(options);
  }

  private readAllNow(options: ReadAllOptions): StoredEvent[] {
    const backwards = options.direction === 'backwards';
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.fromPosition !== undefined) {
      const op = backwards ? (options.inclusive ? '<=' : '<') : options.inclusive ? '>=' : '>';
      where.push(`position ${op} ?`);
      params.push(options.fromPosition);
    }
    this.addFilter(options.filter, where, params);
    const sql =
      `SELECT ${EVENT_COLUMNS} FROM events` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ?`;
    params.push(options.maxCount ?? NO_LIMIT);
    return this.rows(sql, params);
  }

  private addFilter(filter: AllFilter | undefined, where: string[], params: unknown[]): void {
    if (filter?.streamPrefixes?.length) {
      // substr comparison rather than LIKE: stream names may contain LIKE's wildcards.
      where.push(`(${filter.streamPrefixes.map(() => 'substr(stream, 1, ?) = ?').join(' OR ')})`);
      for (const prefix of filter.streamPrefixes) params.push(prefix.length, prefix);
    }
    if (filter?.eventTypes?.length) {
      where.push(`type IN (${filter.eventTypes.map(() => '?').join(', ')})`);
      params.push(...filter.eventTypes);
    }
  }

  /** It reads ahead on a worker thread (a getter, so a store made from this one by Object.create declares itself). */
  get [READ_AHEAD](): ReadAheadCapable {
    return this;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Observable<SubscriptionMessage> {
    return this.subscribe(options, null);
  }

  subscribeToAllAhead(options: SubscribeToAllOptions, derive: DeriveAhead): Observable<SubscriptionMessage> {
    return this.subscribe(options, derive.module);
  }

  /** A catch-up subscription; a catch-up in pages runs the `derive` module (a path) on each, when given one. */
  private subscribe(options: SubscribeToAllOptions, derive: string | null): Observable<SubscriptionMessage> {
    return new Observable<SubscriptionMessage>((subscriber) => {
      let checkpoint = options.fromPosition;
      let caughtUp = false;
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let next: NodeJS.Immediate | undefined;
      let wake = false;
      let paging = false;

      const schedule = (delayMs: number) => {
        // A pending immediate or a paged read is a catch-up in progress: it reads whatever was appended meanwhile.
        if (stopped || timer || next || paging) return;
        timer = setTimeout(pump, delayMs);
      };
      // Appends in this process wake the subscription at once; other processes' appends are found by polling.
      const onAppended = () => {
        wake = true;
        if (timer) {
          clearTimeout(timer);
          timer = undefined;
        }
        schedule(0);
      };
      const pump = () => {
        timer = undefined;
        next = undefined;
        if (stopped) return;
        wake = false;
        try {
          const page = this.readAllNow({ fromPosition: checkpoint, maxCount: SUBSCRIPTION_PAGE, filter: options.filter });
          const head = page.length < SUBSCRIPTION_PAGE ? this.headPosition() : null;
          for (const event of page) {
            if (stopped) return;
            subscriber.next({ kind: 'event', event });
            checkpoint = event.position;
          }
          if (page.length === SUBSCRIPTION_PAGE) {
            // Yield to the event loop between pages so a long catch-up does not starve the process (an
            // immediate, not a timer: a timer waits at least a millisecond, a second per million events).
            next = setImmediate(pump);
            return;
          }
          if (!caughtUp && !stopped) {
            caughtUp = true;
            subscriber.next({ kind: 'caught-up', position: head });
          }
          schedule(wake ? 0 : this.pollIntervalMs);
        } catch (error) {
          if (!stopped && !this.closed) subscriber.error(error);
        }
      };

      // Far behind the head, catch up through a worker reading ahead, then go on as below.
      const catchUpInPages = async () => {
        const reader = this.takeReader();
        try {
          reader.start(checkpoint ?? null, derive);
          for (;;) {
            const page = await reader.next();
            for (const event of page) {
              if (stopped) return;
              subscriber.next({ kind: 'event', event });
              checkpoint = event.position;
            }
            if (page.length < CATCH_UP_PAGE) break;
          }
        } catch (error) {
          if (!stopped && !this.closed) subscriber.error(error);
          return;
        } finally {
          paging = false;
          await this.releaseReader(reader);
        }
        schedule(0);
      };

      this.appended.on('appended', onAppended);
      const head = options.filter ? null : this.headPosition();
      if (head !== null && this.file !== ':memory:' && head - (checkpoint ?? 0n) > BigInt(this.pagedCatchUpAfter)) {
        paging = true;
        void catchUpInPages();
      } else schedule(0);
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        if (next) clearImmediate(next);
        this.appended.off('appended', onAppended);
      };
    });
  }

  async *readAhead(options: ReadAheadOptions): AsyncGenerator<StoredEvent[]> {
    if (this.file === ':memory:') {
      // The reader thread opens the file by name; an in-memory store has none.
      for (let after = options.after; ; ) {
        const page = this.readAllNow({ fromPosition: after ?? undefined, maxCount: CATCH_UP_PAGE });
        if (page.length > 0) yield page;
        if (page.length < CATCH_UP_PAGE) return;
        after = page[page.length - 1]!.position;
      }
    }
    const reader = this.takeReader();
    try {
      reader.start(options.after, options.deriveAhead?.module ?? null);
      for (;;) {
        const page = await reader.next();
        if (page.length > 0) yield page;
        if (page.length < CATCH_UP_PAGE) return;
      }
    } finally {
      await this.releaseReader(reader);
    }
  }

  /** A paged reader: the one kept from the last catch-up, or a new one. */
  private takeReader(): PagedReader {
    const kept = this.keptReader;
    this.keptReader = null;
    if (kept) clearTimeout(kept.timer);
    const reader = kept?.reader ?? new PagedReader(this.file, PAGE_AFTER, CATCH_UP_PAGE, (type) => eventTypes.of(type));
    this.readers.add(reader);
    return reader;
  }

  /**
   * A reader whose read ended is kept for a while: starting a thread and compiling its code costs about a
   * tenth of a second, as much as reading a hundred thousand events, and catch-ups come in runs (a rebuild, a
   * resubscription). One stopped mid-read may still have pages coming, and is closed.
   */
  private async releaseReader(reader: PagedReader): Promise<void> {
    this.readers.delete(reader);
    if (reader.idle && !this.closed && !this.keptReader) {
      const timer = setTimeout(() => {
        if (this.keptReader?.reader !== reader) return;
        this.keptReader = null;
        void reader.close();
      }, READER_KEPT_MS);
      timer.unref();
      this.keptReader = { reader, timer };
      return;
    }
    await reader.close();
  }

  private headPosition(): bigint | null {
    const row = this.statement('SELECT MAX(position) AS position FROM events').get() as { position: bigint | null };
    return row.position;
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { store: 'sqlite', ok: false, detail: 'store is closed', lastPosition: null };
    try {
      const mode = this.db.pragma('journal_mode', { simple: true });
      return { store: 'sqlite', ok: true, detail: `${this.file} (journal_mode=${String(mode)})`, lastPosition: this.headPosition() };
    } catch (error) {
      return { store: 'sqlite', ok: false, detail: (error as Error).message, lastPosition: null };
    }
  }

  /** SQLite's own consistency check of the file (pages, indexes, constraints). */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.removeAllListeners();
    const kept = this.keptReader;
    this.keptReader = null;
    if (kept) clearTimeout(kept.timer);
    await Promise.all([...this.readers, ...(kept ? [kept.reader] : [])].map((reader) => reader.close()));
    this.db.close();
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      // Positions and revisions are 64-bit: read them as bigint so nothing is rounded.
      if (statement.reader) statement.safeIntegers(true);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs a `SELECT ${EVENT_COLUMNS} FROM events …` and reads its rows as arrays (columns in table order): replays read millions. */
  private rows(sql: string, params: unknown[]): StoredEvent[] {
    let statement = this.eventStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).safeIntegers(true).raw(true);
      this.eventStatements.set(sql, statement);
    }
    const rows = statement.all(...params) as EventColumns[];
    const events = new Array<StoredEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = toStoredEvent(rows[i]!);
    return events;
  }
}

/** An events row read raw, in the order of EVENT_COLUMNS. */
type EventColumns = [bigint, string, string, bigint, string, string, string, string];

/** Event types are a small vocabulary: one string for each, not one per event read. */
const eventTypes = new InternedStrings();

function toStoredEvent(row: EventColumns): StoredEvent {
  return new TextStoredEvent(row[1], row[2], row[3], row[0], new Date(row[7]), eventTypes.of(row[4]), row[5], row[6]);
}

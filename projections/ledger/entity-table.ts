import { JsonObject, StoredEvent } from '../../src/event-store/event-store.port';
import { storedJsonBytesOf } from '../../src/event-store/read-ahead';
import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { StoredJsonText, TextStoredEvent, storedJsonTextOf } from '../../src/event-store/text-stored-event';
import { lastIndexWhere } from '../columnar/binary-search';
import { BigInt64Column, Float64Column, Int32Column } from '../columnar/columns';
import type { StreamOrdinals } from '../columnar/ordinals';
import { StreamNumbers } from '../columnar/stream-numbers';
import { Utf8Arena } from '../columnar/utf8-arena';
import { BelievedFact, EntityRecord, Fact, FactRows, IndexedEntity, kindOfStream } from './fact-record';

const NONE = -1;

/**
 * Every event the read model has folded, one row each in log order, and every entity's facts as links between
 * rows: a fact row links to its stream's next fact, to the corrections of it and to its retraction. Rows are
 * typed-array columns and the events' text sits in an arena, so a rebuild of a million events makes almost no
 * objects for the garbage collector to copy and trace; a fact becomes an object (Fact, EntityRecord) only when
 * a query reads it, and an entity's current record is kept until its stream changes.
 *
 * Nothing is ever changed in place, only appended, and everything a row links to comes after it in the log, so
 * the ledger as known at any earlier position is this same table read up to the last row at or before that
 * position (EntitiesKnownAt): no snapshot and no fold. Old views stay true while the table grows, as long as
 * every event folded in lies past the table's head.
 */
export class EntityTable implements FactRows {
  // Streams, numbered in the order first seen.
  private readonly streamNumbers = new StreamNumbers();
  private readonly names: string[] = this.streamNumbers.names;
  private readonly kinds: string[] = [];
  private readonly firstFact = new Int32Column(16);
  private readonly lastFact = new Int32Column(16);
  /** The last row that changed the stream's entity. */
  private readonly lastChange = new Int32Column(16);
  private readonly records: (EntityRecord | undefined)[] = [];
  private streamsWithFacts = 0;
  /** Stream numbers for the valid-time index; a stream it names first (what a renewal renews) is numbered with no fact. */
  readonly streams: StreamOrdinals = { names: this.names, of: (name) => this.ordinalOf(name) };

  // Rows, one per event folded.
  private readonly positions = new BigInt64Column();
  private readonly recordedAtMs = new Float64Column(16);
  private readonly revisions = new Float64Column(16);
  private readonly streamOf = new Int32Column(16);
  private readonly typeOf = new Int32Column(16);
  private readonly typeNames: string[] = [];
  private readonly typeCodes = new Map<string, number>();
  private readonly arena = new Utf8Arena();
  private readonly chunkOf = new Int32Column(16);
  private readonly textStart = new Int32Column(16);
  private readonly idEnd = new Int32Column(16);
  private readonly dataEnd = new Int32Column(16);
  private readonly textEnd = new Int32Column(16);
  /** Fact rows: the stream's next fact. Amendment rows: the next correction of the same fact. */
  private readonly next = new Int32Column(16);
  /** Fact rows: the first and last correction of the fact, and its retraction. */
  private readonly firstCorrection = new Int32Column(16);
  private readonly lastCorrection = new Int32Column(16);
  private readonly retraction = new Int32Column(16);
  /** Parsed JSON kept once a query has read it (a full scan would otherwise parse every fact per request). */
  private readonly parsedData: (JsonObject | undefined)[] = [];
  private readonly parsedMetadata: (JsonObject | undefined)[] = [];
  /** The event folded last: its data is parsed already when the valid-time index reads it. */
  private lastEvent: StoredEvent | null = null;

  /** Position of the last event folded in; null while none is. */
  head: bigint | null = null;

  /** Streams that hold at least one fact. */
  get size(): number {
    return this.streamsWithFacts;
  }

  /** Events folded in. */
  get rowCount(): number {
    return this.positions.length;
  }

  get lastRow(): number {
    return this.positions.length - 1;
  }

  /**
   * Folds one event in and returns the ordinal of the stream whose entity it changed, or NONE (-1) when it
   * changed none: an amendment of a fact the table does not hold, a second retraction. A fact leaves the state
   * once: retracting it again changes nothing (the write side refuses it; a log written otherwise keeps the
   * first retraction, which is when the ledger stopped believing the fact).
   */
  fold(event: StoredEvent): number {
    if (this.head !== null && event.position <= this.head) {
      throw new RangeError(`events fold in log order: position ${event.position} does not come after ${this.head}`);
    }
    const ordinal = this.ordinalOf(event.stream);
    const row = this.appendRow(event, ordinal);
    this.head = event.position;
    this.lastEvent = event;

    const type = event.type;
    if (type === FACT_CORRECTED || type === FACT_RETRACTED) {
      const target = this.factById(ordinal, event.data.eventId);
      if (target === NONE) return NONE;
      if (type === FACT_RETRACTED) {
        if (this.retraction.get(target) !== NONE) return NONE;
        this.retraction.set(target, row);
      } else {
        const last = this.lastCorrection.get(target);
        if (last === NONE) this.firstCorrection.set(target, row);
        else this.next.set(last, row);
        this.lastCorrection.set(target, row);
      }
    } else {
      const last = this.lastFact.get(ordinal);
      if (last === NONE) {
        this.firstFact.set(ordinal, row);
        this.streamsWithFacts++;
      } else this.next.set(last, row);
      this.lastFact.set(ordinal, row);
    }
    this.lastChange.set(ordinal, row);
    this.records[ordinal] = undefined;
    return ordinal;
  }

  private ordinalOf(stream: string): number {
    const known = this.streamNumbers.size;
    const ordinal = this.streamNumbers.numberOf(stream);
    if (ordinal === known) {
      this.kinds.push(kindOfStream(stream));
      this.firstFact.push(NONE);
      this.lastFact.push(NONE);
      this.lastChange.push(NONE);
      this.records.push(undefined);
    }
    return ordinal;
  }

  private appendRow(event: StoredEvent, ordinal: number): number {
    const bytes = storedJsonBytesOf(event);
    if (bytes) {
      // The store read the text into a buffer already: keep that buffer rather than copy it.
      this.chunkOf.push(this.arena.adopt(bytes.bytes));
      this.textStart.push(bytes.idStart);
      this.idEnd.push(bytes.idEnd);
      this.dataEnd.push(bytes.dataEnd);
      this.textEnd.push(bytes.metadataEnd);
    } else this.writeText(event);

    let type = this.typeCodes.get(event.type);
    if (type === undefined) {
      type = this.typeNames.length;
      this.typeCodes.set(event.type, type);
      this.typeNames.push(event.type);
    }
    this.typeOf.push(type);
    this.streamOf.push(ordinal);
    this.recordedAtMs.push(event.recordedAt.getTime());
    this.revisions.push(Number(event.revision));
    this.next.push(NONE);
    this.firstCorrection.push(NONE);
    this.lastCorrection.push(NONE);
    this.retraction.push(NONE);
    this.parsedData.push(undefined);
    this.parsedMetadata.push(undefined);
    return this.positions.push(event.position);
  }

  private writeText(event: StoredEvent): void {
    const text: StoredJsonText = storedJsonTextOf(event) ?? {
      dataText: JSON.stringify(event.data),
      metadataText: JSON.stringify(event.metadata),
    };
    const arena = this.arena;
    arena.reserve(event.id.length + text.dataText.length + text.metadataText.length);
    this.chunkOf.push(arena.chunk);
    this.textStart.push(arena.offset);
    this.idEnd.push(arena.put(event.id));
    this.dataEnd.push(arena.put(text.dataText));
    this.textEnd.push(arena.put(text.metadataText));
  }

  /** The row of the stream's fact recorded by the event `eventId`, or NONE. */
  private factById(ordinal: number, eventId: unknown): number {
    if (typeof eventId !== 'string') return NONE;
    for (let row = this.firstFact.get(ordinal); row !== NONE; row = this.next.get(row)) {
      if (this.eventIdAt(row) === eventId) return row;
    }
    return NONE;
  }

  // What a fact read from the table is made of (see Fact).

  eventIdAt(row: number): string {
    return this.arena.text(this.chunkOf.get(row), this.textStart.get(row), this.idEnd.get(row));
  }

  typeAt(row: number): string {
    return this.typeNames[this.typeOf.get(row)]!;
  }

  streamOrdinalAt(row: number): number {
    return this.streamOf.get(row);
  }

  streamAt(row: number): string {
    return this.names[this.streamOf.get(row)]!;
  }

  revisionAt(row: number): bigint {
    return BigInt(this.revisions.get(row));
  }

  positionAt(row: number): bigint {
    return this.positions.get(row);
  }

  recordedAtMsAt(row: number): number {
    return this.recordedAtMs.get(row);
  }

  /** The event's data as recorded. `keep`: keep it parsed for later reads (a query), or not (the index). */
  dataAt(row: number, keep: boolean): JsonObject {
    return this.jsonAt(row, keep, 'data', this.parsedData, this.idEnd, this.dataEnd);
  }

  metadataAt(row: number, keep: boolean): JsonObject {
    return this.jsonAt(row, keep, 'metadata', this.parsedMetadata, this.dataEnd, this.textEnd);
  }

  private jsonAt(
    row: number,
    keep: boolean,
    field: 'data' | 'metadata',
    parsed: (JsonObject | undefined)[],
    starts: Int32Column,
    ends: Int32Column,
  ): JsonObject {
    const kept = parsed[row];
    if (kept !== undefined) return kept;
    const value =
      row === this.lastRow && this.lastEvent
        ? this.lastEvent[field]
        : (JSON.parse(this.arena.text(this.chunkOf.get(row), starts.get(row), ends.get(row))) as JsonObject);
    if (keep) parsed[row] = value;
    return value;
  }

  /** The corrections of the fact at `row` recorded up to row `bound`, in order. */
  correctionsOf(row: number, bound: number): number[] {
    const rows: number[] = [];
    for (let c = this.firstCorrection.get(row); c !== NONE && c <= bound; c = this.next.get(c)) rows.push(c);
    return rows;
  }

  /** The row retracting the fact at `row` if recorded up to row `bound`, or NONE. */
  retractionOf(row: number, bound: number): number {
    const retraction = this.retraction.get(row);
    return retraction <= bound ? retraction : NONE;
  }

  /** The event at `row` as the store handed it over. */
  eventAt(row: number): TextStoredEvent {
    const chunk = this.chunkOf.get(row);
    return new TextStoredEvent(
      this.eventIdAt(row),
      this.streamAt(row),
      this.revisionAt(row),
      this.positionAt(row),
      new Date(this.recordedAtMsAt(row)),
      this.typeAt(row),
      this.arena.text(chunk, this.idEnd.get(row), this.dataEnd.get(row)),
      this.arena.text(chunk, this.dataEnd.get(row), this.textEnd.get(row)),
    );
  }

  /** The row of the last event at or before `position` (NONE: before the first; null: before everything). */
  rowAtOrBefore(position: bigint | null): number {
    return position === null ? NONE : lastIndexWhere(this.positions.length, (row) => this.positions.get(row) <= position);
  }

  /** The row of the last event recorded at or before `ms` (epoch milliseconds), or NONE. */
  rowRecordedBy(ms: number): number {
    return lastIndexWhere(this.recordedAtMs.length, (row) => this.recordedAtMs.get(row) <= ms);
  }

  // Entities.

  get streamCount(): number {
    return this.names.length;
  }

  ordinalOfStream(stream: string): number {
    return this.streamNumbers.find(stream);
  }

  streamKind(ordinal: number): string {
    return this.kinds[ordinal]!;
  }

  /** Whether the stream's first fact is the one at `row`: the entity as known at `row` is that fact alone. */
  isFirstFact(ordinal: number, row: number): boolean {
    return this.firstFact.get(ordinal) === row;
  }

  /**
   * The entity of stream `ordinal` as known at row `bound`, or undefined when it had no fact by then. The
   * current record is kept until the stream changes.
   */
  recordOf(ordinal: number, bound: number): EntityRecord | undefined {
    const first = this.firstFact.get(ordinal);
    if (first === NONE || first > bound) return undefined;
    const lastChange = this.lastChange.get(ordinal);
    if (lastChange <= bound) return (this.records[ordinal] ??= this.makeRecord(ordinal, lastChange));
    return this.makeRecord(ordinal, bound);
  }

  private makeRecord(ordinal: number, bound: number): EntityRecord {
    const facts: Fact[] = [];
    for (let row = this.firstFact.get(ordinal); row !== NONE && row <= bound; row = this.next.get(row)) {
      facts.push(new Fact(this, row, bound));
    }
    return { stream: this.names[ordinal]!, kind: this.kinds[ordinal]!, facts };
  }

  /** The entity of stream `ordinal` as known at row `bound` as the valid-time index reads it, or undefined when it had no fact by then. */
  indexedEntityOf(ordinal: number, bound: number): IndexedEntity | undefined {
    const first = this.firstFact.get(ordinal);
    if (first === NONE || first > bound) return undefined;
    const facts: BelievedFact[] = [];
    for (let row = first; row !== NONE && row <= bound; row = this.next.get(row)) facts.push(new BelievedFact(this, row, bound));
    return { stream: this.names[ordinal]!, kind: this.kinds[ordinal]!, facts };
  }

  /** Streams with a fact by row `bound`. */
  countStreamsAt(bound: number): number {
    if (bound >= this.lastRow) return this.streamsWithFacts;
    const first = this.firstFact.array;
    let count = 0;
    for (let ordinal = 0; ordinal < this.names.length; ordinal++) {
      const row = first[ordinal]!;
      if (row !== NONE && row <= bound) count++;
    }
    return count;
  }

  /** The entities as known at `position` (null: before the first event). */
  knownAt(position: bigint | null): EntitiesKnownAt {
    return new EntitiesKnownAt(this, position);
  }

  /** A table of its own holding what this one knew at `position`: for a fold that branches off an old state. */
  copyKnownAt(position: bigint | null): EntityTable {
    const copy = new EntityTable();
    const bound = this.rowAtOrBefore(position);
    for (let row = 0; row <= bound; row++) copy.fold(this.eventAt(row));
    return copy;
  }
}

/** The ledger's entities as known at one position: what every projection reads. */
export class EntitiesKnownAt {
  /** The last row of the table this view sees (-1: none). */
  readonly lastRow: number;
  private counted: number | undefined;

  constructor(
    readonly table: EntityTable,
    /** Null: before the first event (no entity yet). */
    readonly position: bigint | null,
  ) {
    this.lastRow = table.rowAtOrBefore(position);
  }

  get(stream: string): EntityRecord | undefined {
    const ordinal = this.table.ordinalOfStream(stream);
    return ordinal === NONE ? undefined : this.table.recordOf(ordinal, this.lastRow);
  }

  /** Entities in the order their streams were first seen. */
  *values(): IterableIterator<EntityRecord> {
    const table = this.table;
    // Streams first seen after the bound have no fact by then; recordOf says so.
    const streams = table.streamCount;
    for (let ordinal = 0; ordinal < streams; ordinal++) {
      const record = table.recordOf(ordinal, this.lastRow);
      if (record !== undefined) yield record;
    }
  }

  *keys(): IterableIterator<string> {
    for (const entity of this.values()) yield entity.stream;
  }

  get size(): number {
    return (this.counted ??= this.table.countStreamsAt(this.lastRow));
  }
}

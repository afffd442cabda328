import { EntityRecord, entityAsKnownAt } from './fact-record';

/**
 * Every entity's current record, in the order its stream was first seen, for the fold to change in place. A
 * record keeps its whole history (facts, corrections and retraction, each with the position it was recorded
 * at), so the ledger as known at any earlier position is a view of this same table (EntitiesKnownAt) and needs
 * neither a snapshot nor a fold: what was recorded later sits at later positions, which the view leaves out.
 * Old views stay true while the table grows, as long as every event folded in lies past the table's head.
 */
export class EntityTable {
  private readonly ordinals = new Map<string, number>();
  private readonly records: (EntityRecord | undefined)[] = [];
  private count = 0;
  /** Position of the last event folded in; null while none is. */
  head: bigint | null = null;

  /** A table of these records (in this order) with `head` as the position they reflect. */
  static of(records: Iterable<EntityRecord>, head: bigint | null): EntityTable {
    const table = new EntityTable();
    for (const record of records) table.setAt(table.ordinalOf(record.stream), record);
    table.head = head;
    return table;
  }

  get size(): number {
    return this.count;
  }

  /** Where `stream`'s record is kept (one lookup of the name for a read and a write). */
  ordinalOf(stream: string): number {
    let ordinal = this.ordinals.get(stream);
    if (ordinal === undefined) {
      ordinal = this.records.length;
      this.ordinals.set(stream, ordinal);
      this.records.push(undefined);
    }
    return ordinal;
  }

  at(ordinal: number): EntityRecord | undefined {
    return this.records[ordinal];
  }

  setAt(ordinal: number, record: EntityRecord): void {
    if (this.records[ordinal] === undefined) this.count++;
    this.records[ordinal] = record;
  }

  get(stream: string): EntityRecord | undefined {
    const ordinal = this.ordinals.get(stream);
    return ordinal === undefined ? undefined : this.records[ordinal];
  }

  *values(): IterableIterator<EntityRecord> {
    for (const record of this.records) if (record !== undefined) yield record;
  }

  /** The entities as known at `position` (null: before the first event). */
  knownAt(position: bigint | null): EntitiesKnownAt {
    return new EntitiesKnownAt(this, position);
  }

  /** A table of its own holding what this one knew at `position`: for a fold that branches off an old state. */
  copyKnownAt(position: bigint | null): EntityTable {
    return EntityTable.of(this.knownAt(position).values(), position);
  }
}

/** The position of the last event that changed a record. */
function lastChangeOf(record: EntityRecord): bigint {
  let last = -1n;
  for (const fact of record.facts) {
    if (fact.position > last) last = fact.position;
    const corrections = fact.corrections;
    const corrected = corrections.length > 0 ? corrections[corrections.length - 1]!.position : -1n;
    if (corrected > last) last = corrected;
    if (fact.retraction && fact.retraction.position > last) last = fact.retraction.position;
  }
  return last;
}

/** The ledger's entities as known at one position: what every projection reads. */
export class EntitiesKnownAt {
  private counted: number | undefined;

  constructor(
    readonly table: EntityTable,
    /** Null: before the first event (no entity yet). */
    readonly position: bigint | null,
  ) {}

  get(stream: string): EntityRecord | undefined {
    const record = this.table.get(stream);
    return record === undefined ? undefined : this.asKnown(record);
  }

  /** Entities in the order their streams were first seen. */
  *values(): IterableIterator<EntityRecord> {
    for (const record of this.table.values()) {
      const known = this.asKnown(record);
      if (known !== undefined) yield known;
    }
  }

  *keys(): IterableIterator<string> {
    for (const entity of this.values()) yield entity.stream;
  }

  get size(): number {
    if (this.position !== null && this.table.head !== null && this.position >= this.table.head) return this.table.size;
    if (this.counted === undefined) {
      let count = 0;
      for (const _ of this.values()) count++;
      this.counted = count;
    }
    return this.counted;
  }

  private asKnown(record: EntityRecord): EntityRecord | undefined {
    const position = this.position;
    if (position === null) return undefined;
    if (lastChangeOf(record) <= position) return record;
    const known = entityAsKnownAt(record, position);
    return known.facts.length > 0 ? known : undefined;
  }
}

import { List } from 'immutable';
import type { EntityRecord } from './ledger-state';

/**
 * The ledger's entities by stream name, persistent: a version kept as a snapshot never changes, and the next
 * version shares everything the events since did not touch.
 *
 * Entities sit in a persistent vector (immutable.js List) at the ordinal their stream got when it was first
 * seen; the ordinals are shared by every version descended from one empty map and only ever grow. Most events
 * open a new stream, which appends at the vector's tail, so a snapshot every thousand events costs little, and
 * no lookup hashes a string in JavaScript (a hash map keyed by stream name copied a random path per new stream
 * after each snapshot and kept those copies for good).
 *
 * `asMutable` gives a transient to fold a run of events into; `asImmutable` ends it (immutable.js semantics).
 */
export class EntityMap {
  private constructor(
    /** Stream name → ordinal; shared by the whole lineage, append-only. */
    private readonly ordinals: Map<string, number>,
    private records: List<EntityRecord | undefined>,
    private count: number,
    private readonly transient: boolean,
  ) {}

  static empty(): EntityMap {
    return new EntityMap(new Map(), List(), 0, false);
  }

  /** A map of these entities (in this order), with a lineage of its own. */
  static of(entities: Iterable<EntityRecord>): EntityMap {
    let map = EntityMap.empty().asMutable();
    for (const entity of entities) map = map.set(entity.stream, entity);
    return map.asImmutable();
  }

  get size(): number {
    return this.count;
  }

  get(stream: string): EntityRecord | undefined {
    const ordinal = this.ordinals.get(stream);
    return ordinal === undefined ? undefined : this.records.get(ordinal);
  }

  /** Entities in the order their streams were first seen. */
  *values(): IterableIterator<EntityRecord> {
    for (const entity of this.records) if (entity !== undefined) yield entity;
  }

  *keys(): IterableIterator<string> {
    for (const entity of this.values()) yield entity.stream;
  }

  /** Where `stream`'s entity is kept, for `at` and `setAt` (one lookup of the name for a read and a write). */
  ordinalOf(stream: string): number {
    let ordinal = this.ordinals.get(stream);
    if (ordinal === undefined) {
      ordinal = this.ordinals.size;
      this.ordinals.set(stream, ordinal);
    }
    return ordinal;
  }

  at(ordinal: number): EntityRecord | undefined {
    return this.records.get(ordinal);
  }

  set(stream: string, entity: EntityRecord): EntityMap {
    return this.setAt(this.ordinalOf(stream), entity);
  }

  /** This map with `entity` at `ordinal`: itself, changed in place, when transient. */
  setAt(ordinal: number, entity: EntityRecord): EntityMap {
    const added = this.records.get(ordinal) === undefined ? 1 : 0;
    const records = this.records.set(ordinal, entity);
    if (!this.transient) return new EntityMap(this.ordinals, records, this.count + added, false);
    this.records = records;
    this.count += added;
    return this;
  }

  asMutable(): EntityMap {
    return new EntityMap(this.ordinals, this.records.asMutable(), this.count, true);
  }

  asImmutable(): EntityMap {
    return this.transient ? new EntityMap(this.ordinals, this.records.asImmutable(), this.count, false) : this;
  }
}

import { JsonObject } from '../src/event-store/event-store.port';
import { InternedStrings } from '../src/domain/interned-strings';
import { applyChanges } from '../src/events/facts';
import type { EntityTable } from './entity-map';

/**
 * What the ledger holds of each entity: its facts as believed, each with the corrections and retraction that
 * shaped that belief, every one with the position it was recorded at. Records are read from the entity table,
 * which keeps every event they are made of, so the entity as known at any earlier position is read from it too.
 */

export interface CitationView {
  readonly sourceId: string;
  readonly quote: string;
  readonly note?: string;
  /** The quote's offsets in its source's text, kept when the fact was recorded (absent on older events). */
  readonly start?: number;
  readonly end?: number;
}

export interface Amendment {
  readonly eventId: string;
  readonly position: bigint;
  readonly recordedAt: string;
  readonly actor: string | null;
  readonly reason: string;
  readonly sources: readonly CitationView[];
}

export interface Correction extends Amendment {
  readonly changes: JsonObject;
  /** The data as believed before this correction. */
  readonly before: JsonObject;
}

export interface FactRecord {
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: string;
  readonly actor: string | null;
  /** The data as first recorded. */
  readonly recorded: JsonObject;
  /** The data as believed now: every correction applied. */
  readonly data: JsonObject;
  readonly sources: readonly CitationView[];
  readonly corrections: readonly Correction[];
  readonly retraction: Amendment | null;
}

export interface EntityRecord {
  readonly stream: string;
  /** The stream's kind: the part before the first dash (`agreement`, `office`, …). */
  readonly kind: string;
  readonly facts: readonly FactRecord[];
}

function citationsOf(metadata: JsonObject): CitationView[] {
  const sources = metadata.sources;
  if (!Array.isArray(sources)) return [];
  return sources.flatMap((source) => {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) return [];
    const { sourceId, quote, note, start, end } = source;
    if (typeof sourceId !== 'string' || typeof quote !== 'string') return [];
    const view: { sourceId: string; quote: string; note?: string; start?: number; end?: number } = { sourceId, quote };
    if (typeof note === 'string') view.note = note;
    if (typeof start === 'number' && typeof end === 'number') Object.assign(view, { start, end });
    return [view];
  });
}

function actorOf(metadata: JsonObject): string | null {
  return typeof metadata.actor === 'string' ? metadata.actor : null;
}

// One string per kind, not one per entity.
const kinds = new InternedStrings();

export function kindOfStream(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : kinds.of(stream.slice(0, dash));
}

/**
 * A fact as a query reads it: a view of its event's row in the entity table as known at row `bound` (the
 * corrections and retraction recorded by then). The event's JSON stays text in the table until read, and is
 * kept parsed once a query has read it.
 */
export class Fact implements FactRecord {
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly corrections: readonly Correction[];
  readonly retraction: Amendment | null;
  readonly #table: EntityTable;
  readonly #row: number;
  #believed: JsonObject | undefined;

  constructor(table: EntityTable, row: number, bound: number) {
    this.#table = table;
    this.#row = row;
    this.eventId = table.eventIdAt(row);
    this.type = table.typeAt(row);
    this.stream = table.streamAt(row);
    this.revision = table.revisionAt(row);
    this.position = table.positionAt(row);
    const corrections = table.correctionsOf(row, bound);
    if (corrections.length === 0) this.corrections = NO_CORRECTIONS;
    else {
      let believed = this.recorded;
      this.corrections = corrections.map((c): Correction => {
        const amendment = amendmentAt(table, c);
        const changes = changesAt(table, c, true);
        const correction = { ...amendment, changes, before: believed };
        believed = applyChanges(believed, changes);
        return correction;
      });
      this.#believed = believed;
    }
    const retraction = table.retractionOf(row, bound);
    this.retraction = retraction < 0 ? null : amendmentAt(table, retraction);
  }

  get recordedAt(): string {
    return new Date(this.#table.recordedAtMsAt(this.#row)).toISOString();
  }

  get recorded(): JsonObject {
    return this.#table.dataAt(this.#row, true);
  }

  get data(): JsonObject {
    return this.#believed ?? this.recorded;
  }

  get actor(): string | null {
    return actorOf(this.#table.metadataAt(this.#row, true));
  }

  get sources(): readonly CitationView[] {
    return citationsOf(this.#table.metadataAt(this.#row, true));
  }
}

const NO_CORRECTIONS: readonly Correction[] = Object.freeze([]);

/**
 * A fact as the valid-time index reads it, as known at row `bound`: its type, whether it was retracted, and its
 * data as believed, parsed when read. Nothing else of the fact is decoded (no ids, sources or amendments).
 */
export class BelievedFact {
  readonly type: string;
  /** The retracting row, or null. */
  readonly retraction: number | null;
  readonly #table: EntityTable;
  readonly #row: number;
  readonly #bound: number;

  constructor(table: EntityTable, row: number, bound: number) {
    this.#table = table;
    this.#row = row;
    this.#bound = bound;
    this.type = table.typeAt(row);
    const retraction = table.retractionOf(row, bound);
    this.retraction = retraction < 0 ? null : retraction;
  }

  get data(): JsonObject {
    const table = this.#table;
    let believed = table.dataAt(this.#row, false);
    for (const c of table.correctionsOf(this.#row, this.#bound)) believed = applyChanges(believed, changesAt(table, c, false));
    return believed;
  }
}

/** The changes a correction at `row` makes to the fact it corrects. */
function changesAt(table: EntityTable, row: number, keep: boolean): JsonObject {
  return (table.dataAt(row, keep).changes ?? {}) as JsonObject;
}

function amendmentAt(table: EntityTable, row: number): Amendment {
  const metadata = table.metadataAt(row, true);
  const reason = table.dataAt(row, true).reason;
  return {
    eventId: table.eventIdAt(row),
    position: table.positionAt(row),
    recordedAt: new Date(table.recordedAtMsAt(row)).toISOString(),
    actor: actorOf(metadata),
    reason: typeof reason === 'string' ? reason : '',
    sources: citationsOf(metadata),
  };
}

/** Every citation that supports the fact as now believed: the original ones and those of its corrections. */
export function supportingSources(fact: FactRecord): CitationView[] {
  return [...fact.sources, ...fact.corrections.flatMap((c) => c.sources)];
}

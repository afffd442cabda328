import { JsonObject } from '../../src/event-store/event-store.port';
import { InternedStrings } from '../../src/domain/interned-strings';
import type { FactEvent } from '../../src/events/event-catalogue';
import { applyChanges } from '../../src/events/facts';
import type { CitationView } from './citation.view';

export type { CitationView };

/**
 * What the ledger holds of each entity: its facts as believed, each with the corrections and retraction that
 * shaped that belief, every one with the position it was recorded at. Records are read from the entity table,
 * which keeps every event they are made of, so the entity as known at any earlier position is read from it too.
 */

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

/** What a fact is read from: the rows of the entity table (EntityTable), one per event folded. */
export interface FactRows {
  eventIdAt(row: number): string;
  typeAt(row: number): string;
  streamAt(row: number): string;
  revisionAt(row: number): bigint;
  positionAt(row: number): bigint;
  recordedAtMsAt(row: number): number;
  /** The event's data as recorded. `keep`: keep it parsed for later reads (a query), or not (the index). */
  dataAt(row: number, keep: boolean): JsonObject;
  metadataAt(row: number, keep: boolean): JsonObject;
  /** The corrections of the fact at `row` recorded up to row `bound`, in order. */
  correctionsOf(row: number, bound: number): number[];
  /** The row retracting the fact at `row` if recorded up to row `bound`, or -1. */
  retractionOf(row: number, bound: number): number;
}

/** What the valid-time index reads of an entity (an EntityRecord is one; the live model passes a lighter view). */
export interface IndexedEntity {
  readonly stream: string;
  readonly kind: string;
  readonly facts: readonly IndexedFact[];
}

export interface IndexedFact {
  readonly type: string;
  /** The data as believed: every correction applied. */
  readonly data: JsonObject;
  /** Null unless retracted. */
  readonly retraction: unknown;
}

/** The type strings of facts: every event of the catalogue but corrections and retractions. */
export type FactType = FactEvent['type'];
type FactDataByType = { [E in FactEvent as E['type']]: E['data'] };
export type FactDataOf<T extends FactType> = FactDataByType[T];

/**
 * The fact's data as the event catalogue declares it for `type`, or undefined for a fact of another type. The
 * recorder validated the data against the catalogue's class for its type before it was stored, and a
 * correction changes values, never shapes (the recorder validates the corrected data too).
 */
export function dataOf<T extends FactType>(fact: { readonly type: string; readonly data: JsonObject }, type: T): FactDataOf<T> | undefined {
  if (fact.type !== type) return undefined;
  const data: object = fact.data;
  return data as FactDataOf<T>;
}

/** The entity's first fact of `type` that still stands (not retracted), with its data as the catalogue types it. */
export function standingFact<T extends FactType>(entity: EntityRecord, type: T): { readonly fact: FactRecord; readonly data: FactDataOf<T> } | undefined {
  for (const fact of entity.facts) {
    if (fact.retraction) continue;
    const data = dataOf(fact, type);
    if (data) return { fact, data };
  }
  return undefined;
}

function citationsOf(metadata: JsonObject): CitationView[] {
  const sources = metadata.sources;
  if (!Array.isArray(sources)) return [];
  return sources.flatMap((source) => {
    if (typeof source !== 'object' || source === null || Array.isArray(source)) return [];
    const { sourceId, quote, note, claim, start, end } = source;
    if (typeof sourceId !== 'string' || typeof quote !== 'string') return [];
    const view: { sourceId: string; quote: string; note?: string; claim?: JsonObject; start?: number; end?: number } = { sourceId, quote };
    if (typeof note === 'string') view.note = note;
    if (typeof claim === 'object' && claim !== null && !Array.isArray(claim)) view.claim = claim;
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
  readonly #table: FactRows;
  readonly #row: number;
  #believed: JsonObject | undefined;

  constructor(table: FactRows, row: number, bound: number) {
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
export class BelievedFact implements IndexedFact {
  readonly type: string;
  /** The retracting row, or null. */
  readonly retraction: number | null;
  readonly #table: FactRows;
  readonly #row: number;
  readonly #bound: number;

  constructor(table: FactRows, row: number, bound: number) {
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
function changesAt(table: FactRows, row: number, keep: boolean): JsonObject {
  return (table.dataAt(row, keep).changes ?? {}) as JsonObject;
}

function amendmentAt(table: FactRows, row: number): Amendment {
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

import { JsonObject, StoredEvent, storedJsonTextOf } from '../src/event-store/event-store.port';
import { FACT_RETRACTED } from '../src/events/fact-amended.events';
import { InternedStrings } from '../src/domain/interned-strings';
import { applyChanges } from '../src/events/facts';
import { PlacedPair, Utf8Arena } from './utf8-arena';

/**
 * What the ledger holds of each entity: its facts as believed, each with the corrections and retraction that
 * shaped that belief, every one with the position it was recorded at. A record keeps its whole history, so the
 * entity as known at any earlier position is derived from it (entityAsKnownAt).
 */

export interface CitationView {
  readonly sourceId: string;
  readonly quote: string;
  readonly note?: string;
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
    const { sourceId, quote, note } = source;
    if (typeof sourceId !== 'string' || typeof quote !== 'string') return [];
    return [typeof note === 'string' ? { sourceId, quote, note } : { sourceId, quote }];
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

/** What a fact record is made of, as the checkpoint codec stores it: the event's JSON as text. */
export interface FactParts {
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: Date;
  readonly recordedJson: string;
  readonly metadataJson: string;
  /** The data as believed after the corrections; null while there are none. */
  readonly believed: JsonObject | null;
  readonly corrections: readonly Correction[];
  readonly retraction: Amendment | null;
}

type FactIdentity = Omit<FactParts, 'recordedAt' | 'recordedJson' | 'metadataJson'> & { readonly recordedAtMs: number };

/** A fact's JSON: its text in the arena (data from start to middle, metadata from middle to end), or values. */
type HeldJson = PlacedPair | { readonly recorded: JsonObject; readonly metadata: JsonObject };

// One arena per process: each fact holds its chunk, so a chunk lives exactly as long as some fact in it does.
const arena = new Utf8Arena();

/**
 * A fact as the read model holds it. The ledger holds every fact it has folded, so a fact keeps its event's
 * JSON as UTF-8 text off the heap (see Utf8Arena) and parses it when a query first reads it; a rebuild reads
 * most facts' data only through the valid-time index, which does not keep what it parses (peekData).
 */
class Fact implements FactRecord {
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly corrections: readonly Correction[];
  readonly retraction: Amendment | null;
  private readonly recordedAtMs: number;
  private readonly believed: JsonObject | null;
  private readonly chunk: Buffer | null;
  private readonly start: number;
  private readonly middle: number;
  private readonly end: number;
  private recordedValue: JsonObject | undefined;
  private metadataValue: JsonObject | undefined;

  constructor(identity: FactIdentity, json: HeldJson) {
    this.eventId = identity.eventId;
    this.type = identity.type;
    this.stream = identity.stream;
    this.revision = identity.revision;
    this.position = identity.position;
    this.corrections = identity.corrections;
    this.retraction = identity.retraction;
    this.recordedAtMs = identity.recordedAtMs;
    this.believed = identity.believed;
    if ('chunk' in json) {
      this.chunk = json.chunk;
      this.start = json.start;
      this.middle = json.middle;
      this.end = json.end;
      this.recordedValue = undefined;
      this.metadataValue = undefined;
    } else {
      this.chunk = null;
      this.start = this.middle = this.end = 0;
      this.recordedValue = json.recorded;
      this.metadataValue = json.metadata;
    }
  }

  get recordedAt(): string {
    return new Date(this.recordedAtMs).toISOString();
  }

  get recorded(): JsonObject {
    return (this.recordedValue ??= this.parse(this.start, this.middle));
  }

  get data(): JsonObject {
    return this.believed ?? this.recorded;
  }

  /** The data as believed; parsed for this read only, when it is still text (nothing kept). */
  peekData(): JsonObject {
    return this.believed ?? this.recordedValue ?? this.parse(this.start, this.middle);
  }

  get actor(): string | null {
    return actorOf(this.metadata);
  }

  get sources(): readonly CitationView[] {
    return citationsOf(this.metadata);
  }

  private get metadata(): JsonObject {
    return (this.metadataValue ??= this.parse(this.middle, this.end));
  }

  private parse(from: number, to: number): JsonObject {
    return JSON.parse(this.chunk!.toString('utf8', from, to)) as JsonObject;
  }

  private identity(): FactIdentity {
    const { eventId, type, stream, revision, position, recordedAtMs, believed, corrections, retraction } = this;
    return { eventId, type, stream, revision, position, recordedAtMs, believed, corrections, retraction };
  }

  toParts(): FactParts {
    const { recordedAtMs, ...identity } = this.identity();
    const text = (from: number, to: number, value: JsonObject | undefined) =>
      this.chunk ? this.chunk.toString('utf8', from, to) : JSON.stringify(value);
    return {
      ...identity,
      recordedAt: new Date(recordedAtMs),
      recordedJson: text(this.start, this.middle, this.recordedValue),
      metadataJson: text(this.middle, this.end, this.metadataValue),
    };
  }

  revised(change: Partial<Pick<FactParts, 'believed' | 'corrections' | 'retraction'>>): Fact {
    const { chunk, start, middle, end } = this;
    const json: HeldJson = chunk ? { chunk, start, middle, end } : { recorded: this.recorded, metadata: this.metadata };
    return new Fact({ ...this.identity(), ...change }, json);
  }
}

/**
 * A fact's data as believed, without keeping it parsed: for what is derived once per version of a fact and kept
 * in its own form (the valid-time index), so a rebuild does not hold every commitment's data as objects.
 */
export function peekData(fact: FactRecord): JsonObject {
  return fact instanceof Fact ? fact.peekData() : fact.data;
}

export function factFromParts(parts: FactParts): FactRecord {
  const { recordedAt, recordedJson, metadataJson, ...identity } = parts;
  return new Fact({ ...identity, recordedAtMs: recordedAt.getTime() }, arena.writePair(recordedJson, metadataJson));
}

export function partsOfFact(fact: FactRecord): FactParts {
  return (fact as Fact).toParts();
}

const NO_CORRECTIONS: readonly Correction[] = Object.freeze([]);

/** The fact an event records; `stream` is the entity's own name string (one per stream, not one per event). */
export function factOf(event: StoredEvent, stream: string): FactRecord {
  const text = storedJsonTextOf(event);
  const identity: FactIdentity = {
    eventId: event.id,
    type: event.type,
    stream,
    revision: event.revision,
    position: event.position,
    recordedAtMs: event.recordedAt.getTime(),
    believed: null,
    corrections: NO_CORRECTIONS,
    retraction: null,
  };
  return new Fact(identity, text ? arena.writePair(text.dataText, text.metadataText) : { recorded: event.data, metadata: event.metadata });
}

function amendmentOf(event: StoredEvent): Amendment {
  return {
    eventId: event.id,
    position: event.position,
    recordedAt: event.recordedAt.toISOString(),
    actor: actorOf(event.metadata),
    reason: typeof event.data.reason === 'string' ? event.data.reason : '',
    sources: citationsOf(event.metadata),
  };
}

/**
 * The fact with a correction or retraction event applied. A fact leaves the state once: retracting it again
 * changes nothing (the write side refuses it; a log written otherwise keeps the first retraction, which is
 * when the ledger stopped believing the fact).
 */
export function amend(fact: FactRecord, event: StoredEvent): FactRecord {
  return amended(fact as Fact, event);
}

function amended(fact: Fact, event: StoredEvent): Fact {
  if (event.type === FACT_RETRACTED) return fact.retraction ? fact : fact.revised({ retraction: amendmentOf(event) });
  const changes = (event.data.changes ?? {}) as JsonObject;
  const correction: Correction = { ...amendmentOf(event), changes, before: fact.data };
  return fact.revised({ believed: applyChanges(fact.data, changes), corrections: [...fact.corrections, correction] });
}

/**
 * An entity as the ledger knew it at `position`: the facts recorded by then, each with the corrections and
 * retraction recorded by then and the data as believed then. Entity records keep their whole history, so this
 * needs no events.
 */
export function entityAsKnownAt(entity: EntityRecord, position: bigint): EntityRecord {
  const facts: FactRecord[] = [];
  for (const fact of entity.facts) {
    if (fact.position > position) continue;
    const later = fact.corrections.findIndex((c) => c.position > position);
    const retraction = fact.retraction && fact.retraction.position <= position ? fact.retraction : null;
    if (later < 0 && retraction === fact.retraction) facts.push(fact);
    else {
      const believedThen = later < 0 ? {} : { believed: later === 0 ? null : fact.corrections[later]!.before };
      const correctionsThen = later < 0 ? fact.corrections : fact.corrections.slice(0, later);
      facts.push((fact as Fact).revised({ ...believedThen, corrections: correctionsThen, retraction }));
    }
  }
  return { stream: entity.stream, kind: entity.kind, facts };
}

/** Every citation that supports the fact as now believed: the original ones and those of its corrections. */
export function supportingSources(fact: FactRecord): CitationView[] {
  return [...fact.sources, ...fact.corrections.flatMap((c) => c.sources)];
}

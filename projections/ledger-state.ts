import { Map as ImmutableMap } from 'immutable';
import type { JsonObject, StoredEvent } from '../src/event-store/event-store.port';
import { FACT_CORRECTED, FACT_RETRACTED } from '../src/events/fact-amended.events';
import { applyChanges } from '../src/events/facts';

/**
 * The state every read model queries: each entity's facts as believed after the events folded so far, with the
 * corrections and retraction that shaped that belief. Valid time is left to the queries (any date D is a
 * filter); recorded time is which events were folded (a state folded to position P is the ledger as known at P).
 *
 * Pure and persistent: `evolve` never mutates its input, so a state kept as a snapshot stays as it was.
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

export interface LedgerState {
  /** Position of the last event folded in, null before the first. */
  readonly position: bigint | null;
  readonly recordedAt: string | null;
  readonly eventCount: number;
  readonly entities: ImmutableMap<string, EntityRecord>;
}

export function initialLedgerState(): LedgerState {
  return { position: null, recordedAt: null, eventCount: 0, entities: ImmutableMap() };
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

export function kindOfStream(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
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

function amend(fact: FactRecord, event: StoredEvent): FactRecord {
  if (event.type === FACT_RETRACTED) return { ...fact, retraction: amendmentOf(event) };
  const changes = (event.data.changes ?? {}) as JsonObject;
  const correction: Correction = { ...amendmentOf(event), changes, before: fact.data };
  return { ...fact, data: applyChanges(fact.data, changes), corrections: [...fact.corrections, correction] };
}

/**
 * Folds one event into an entity map and returns the map and the entity the event changed (null when it
 * changed none). `entities` may be a transient (asMutable) map: the live model folds into one between
 * snapshots, which is what keeps a rebuild from copying the map on every event.
 */
export function foldEvent(
  entities: ImmutableMap<string, EntityRecord>,
  event: StoredEvent,
  recordedAt: string,
): { entities: ImmutableMap<string, EntityRecord>; changed: EntityRecord | null } {
  const entity = entities.get(event.stream);

  if (event.type === FACT_CORRECTED || event.type === FACT_RETRACTED) {
    if (!entity) return { entities, changed: null };
    const targetId = event.data.eventId;
    const index = entity.facts.findIndex((fact) => fact.eventId === targetId);
    if (index < 0) return { entities, changed: null };
    const facts = entity.facts.slice();
    facts[index] = amend(facts[index]!, event);
    const changed: EntityRecord = { stream: entity.stream, kind: entity.kind, facts };
    return { entities: entities.set(event.stream, changed), changed };
  }

  const fact: FactRecord = {
    eventId: event.id,
    type: event.type,
    stream: event.stream,
    revision: event.revision,
    position: event.position,
    recordedAt,
    actor: actorOf(event.metadata),
    recorded: event.data,
    data: event.data,
    sources: citationsOf(event.metadata),
    corrections: [],
    retraction: null,
  };
  const changed: EntityRecord = entity
    ? { stream: entity.stream, kind: entity.kind, facts: [...entity.facts, fact] }
    : { stream: event.stream, kind: kindOfStream(event.stream), facts: [fact] };
  return { entities: entities.set(event.stream, changed), changed };
}

/** Folds one stored event into the state. Events of unknown types only advance the position. */
export function evolve(state: LedgerState, event: StoredEvent): LedgerState {
  const recordedAt = event.recordedAt.toISOString();
  const { entities } = foldEvent(state.entities, event, recordedAt);
  return { position: event.position, recordedAt, eventCount: state.eventCount + 1, entities };
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
      facts.push({
        ...fact,
        data: later < 0 ? fact.data : fact.corrections[later]!.before,
        corrections: later < 0 ? fact.corrections : fact.corrections.slice(0, later),
        retraction,
      });
    }
  }
  return { stream: entity.stream, kind: entity.kind, facts };
}

export const ledgerProjection = { name: 'ledger', initialState: initialLedgerState, evolve } as const;

/** Every citation that supports the fact as now believed: the original ones and those of its corrections. */
export function supportingSources(fact: FactRecord): CitationView[] {
  return [...fact.sources, ...fact.corrections.flatMap((c) => c.sources)];
}

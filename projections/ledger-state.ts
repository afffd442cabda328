import { StoredEvent } from '../src/event-store/event-store.port';
import { FACT_CORRECTED, FACT_RETRACTED } from '../src/events/fact-amended.events';
import { EntitiesKnownAt, EntityTable } from './entity-map';
import { EntityRecord, amend, factOf, kindOfStream } from './fact-record';

export * from './fact-record';

/**
 * The state every read model queries: each entity's facts as believed after the events folded so far, with the
 * corrections and retraction that shaped that belief. Valid time is left to the queries (any date D is a
 * filter); recorded time is which events were folded (a state folded to position P is the ledger as known at P).
 *
 * A state never changes once made: its entities are a view of an entity table bounded at its position, and
 * what is folded later is recorded at later positions, which the view does not see (see EntityTable).
 */

export interface LedgerState {
  /** Position of the last event folded in, null before the first. */
  readonly position: bigint | null;
  readonly recordedAt: string | null;
  readonly eventCount: number;
  readonly entities: EntitiesKnownAt;
}

export function initialLedgerState(): LedgerState {
  return { position: null, recordedAt: null, eventCount: 0, entities: new EntityTable().knownAt(null) };
}

/**
 * Folds one event into an entity table, in place, and returns the entity it changed (null when it changed
 * none: an amendment of a fact the table does not hold, a second retraction).
 */
export function foldEvent(table: EntityTable, event: StoredEvent): EntityRecord | null {
  // Streams never seen get a place too; nothing is stored there unless set.
  const ordinal = table.ordinalOf(event.stream);
  const entity = table.at(ordinal);
  table.head = event.position;

  if (event.type === FACT_CORRECTED || event.type === FACT_RETRACTED) {
    if (!entity) return null;
    const targetId = event.data.eventId;
    const index = entity.facts.findIndex((fact) => fact.eventId === targetId);
    if (index < 0) return null;
    const fact = amend(entity.facts[index]!, event);
    if (fact === entity.facts[index]) return null;
    const facts = entity.facts.slice();
    facts[index] = fact;
    const changed: EntityRecord = { stream: entity.stream, kind: entity.kind, facts };
    table.setAt(ordinal, changed);
    return changed;
  }

  // A stream's facts share its name with the entity: one string per stream, not one per event.
  const fact = factOf(event, entity ? entity.stream : event.stream);
  const changed: EntityRecord = entity
    ? { stream: entity.stream, kind: entity.kind, facts: [...entity.facts, fact] }
    : { stream: event.stream, kind: kindOfStream(event.stream), facts: [fact] };
  table.setAt(ordinal, changed);
  return changed;
}

/**
 * Folds one stored event into the state and returns the next one; the given state stays as it was. The fold
 * goes into the state's own table when the state is that table's latest (the usual case, which costs only what
 * the event changes), otherwise into a copy of what the state knew. Events come in log order.
 */
export function evolve(state: LedgerState, event: StoredEvent): LedgerState {
  const { table, position } = state.entities;
  if (position !== null && event.position <= position) {
    throw new RangeError(`events fold in log order: position ${event.position} does not come after ${position}`);
  }
  const into = position === table.head ? table : table.copyKnownAt(position);
  foldEvent(into, event);
  const recordedAt = event.recordedAt.toISOString();
  return { position: event.position, recordedAt, eventCount: state.eventCount + 1, entities: into.knownAt(event.position) };
}

export const ledgerProjection = { name: 'ledger', initialState: initialLedgerState, evolve } as const;

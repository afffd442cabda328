import { StoredEvent } from '../../src/event-store/event-store.port';
import { EntitiesKnownAt, EntityTable } from './entity-table';

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
  into.fold(event);
  const recordedAt = event.recordedAt.toISOString();
  return { position: event.position, recordedAt, eventCount: state.eventCount + 1, entities: into.knownAt(event.position) };
}

export const ledgerProjection = { name: 'ledger', initialState: initialLedgerState, evolve } as const;

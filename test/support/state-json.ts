import { Amendment, FactRecord, LedgerState } from '../../projections/ledger/ledger-state';

const amendmentJson = (a: Amendment) => ({ ...a, position: a.position.toString() });

function factJson(fact: FactRecord) {
  return {
    eventId: fact.eventId,
    type: fact.type,
    stream: fact.stream,
    revision: fact.revision.toString(),
    position: fact.position.toString(),
    recordedAt: fact.recordedAt,
    actor: fact.actor,
    recorded: fact.recorded,
    data: fact.data,
    sources: fact.sources,
    corrections: fact.corrections.map(amendmentJson),
    retraction: fact.retraction ? amendmentJson(fact.retraction) : null,
  };
}

/** Everything a query can read of a state, as plain JSON: two states that give the same are the same to every read model. */
export function stateJson(state: LedgerState) {
  return {
    position: state.position?.toString() ?? null,
    recordedAt: state.recordedAt,
    eventCount: state.eventCount,
    size: state.entities.size,
    entities: [...state.entities.values()].map((entity) => ({ stream: entity.stream, kind: entity.kind, facts: entity.facts.map(factJson) })),
  };
}

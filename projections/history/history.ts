import { LedgerState } from '../ledger/ledger-state';
import { describeCitations } from '../sources/sourced-citations';
import type { EntityHistory, HistoryEntry } from './history.view';

export type { EntityHistory, HistoryEntry } from './history.view';

/**
 * The history of one entity as the ledger knew it: each fact as first recorded, each correction with what was
 * believed before and after, each retraction — when it was recorded, by whom, on which sources.
 */

/** Null when the stream holds nothing (as known at this state). */
export function historyOf(state: LedgerState, stream: string): EntityHistory | null {
  const entity = state.entities.get(stream);
  if (!entity) return null;
  const entries: HistoryEntry[] = [];
  for (const fact of entity.facts) {
    entries.push({
      change: 'recorded',
      position: fact.position,
      recordedAt: fact.recordedAt,
      actor: fact.actor,
      eventId: fact.eventId,
      type: fact.type,
      data: fact.recorded,
      sources: describeCitations(state, fact.sources),
    });
    for (const correction of fact.corrections) {
      entries.push({
        change: 'corrected',
        position: correction.position,
        recordedAt: correction.recordedAt,
        actor: correction.actor,
        eventId: correction.eventId,
        correctedEventId: fact.eventId,
        type: fact.type,
        changes: correction.changes,
        before: correction.before,
        reason: correction.reason,
        sources: describeCitations(state, correction.sources),
      });
    }
    if (fact.retraction) {
      entries.push({
        change: 'retracted',
        position: fact.retraction.position,
        recordedAt: fact.retraction.recordedAt,
        actor: fact.retraction.actor,
        eventId: fact.retraction.eventId,
        retractedEventId: fact.eventId,
        type: fact.type,
        reason: fact.retraction.reason,
        sources: describeCitations(state, fact.retraction.sources),
      });
    }
  }
  entries.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  return {
    stream,
    entries,
    current: entity.facts.map((f) => ({ eventId: f.eventId, type: f.type, data: f.data, retracted: f.retraction !== null })),
  };
}

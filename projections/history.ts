import type { JsonObject } from '../src/event-store/event-store.port';
import { LedgerState } from './ledger-state';
import { SourcedCitation, describeCitations } from './sources';

/**
 * The history of one entity as the ledger knew it: each fact as first recorded, each correction with what was
 * believed before and after, each retraction — when it was recorded, by whom, on which sources.
 */

export type HistoryEntry =
  | {
      readonly change: 'recorded';
      readonly position: bigint;
      readonly recordedAt: string;
      readonly actor: string | null;
      readonly eventId: string;
      readonly type: string;
      readonly data: JsonObject;
      readonly sources: SourcedCitation[];
    }
  | {
      readonly change: 'corrected';
      readonly position: bigint;
      readonly recordedAt: string;
      readonly actor: string | null;
      readonly eventId: string;
      readonly correctedEventId: string;
      readonly type: string;
      readonly changes: JsonObject;
      readonly before: JsonObject;
      readonly reason: string;
      readonly sources: SourcedCitation[];
    }
  | {
      readonly change: 'retracted';
      readonly position: bigint;
      readonly recordedAt: string;
      readonly actor: string | null;
      readonly eventId: string;
      readonly retractedEventId: string;
      readonly type: string;
      readonly reason: string;
      readonly sources: SourcedCitation[];
    };

export interface EntityHistory {
  readonly stream: string;
  readonly entries: HistoryEntry[];
  /** Each fact as believed now (corrections applied), retracted ones marked. */
  readonly current: { eventId: string; type: string; data: JsonObject; retracted: boolean }[];
}

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

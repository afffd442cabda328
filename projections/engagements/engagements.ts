import { Certainty, happenedBy, partialDate } from '../../src/domain/partial-date';
import { DIALOGUE_HELD, DialogueHeldData } from '../../src/events/dialogue-held.event';
import { CitationView, EntityRecord, LedgerState, standingFact, supportingSources } from '../ledger/ledger-state';
import { byValidTime } from '../ledger/ordering';
import type { EngagementItem, FollowUpView } from './engagements.view';

export type { EngagementItem, FollowUpStatus, FollowUpView } from './engagements.view';

/**
 * Engagements (dialogues, meetings, forums, launch events) held by valid date D, with the follow-ups each
 * promised and whether a later engagement, held by D, fulfilled them.
 */

/** Which engagement held by D fulfils each promised follow-up (`<engagement>#<outcome index>`). */
export function fulfilmentsAt(state: LedgerState, asOf: string, into = new Map<string, string>()): Map<string, string> {
  for (const entity of state.entities.values()) {
    const data = heldBy(entity, asOf)?.data;
    for (const f of data?.fulfils ?? []) into.set(`${f.engagement}#${f.outcomeIndex}`, entity.stream);
  }
  return into;
}

function heldBy(entity: EntityRecord, asOf: string): { data: DialogueHeldData; certainty: Exclude<Certainty, 'none'> } | null {
  if (entity.kind !== 'engagement') return null;
  const held = standingFact(entity, DIALOGUE_HELD);
  if (!held) return null;
  const certainty = happenedBy(held.data.from, asOf);
  return certainty === 'none' ? null : { data: held.data, certainty };
}

/**
 * Engagements held by D. A later engagement may fulfil a follow-up of any other: `fulfilments` (from
 * fulfilmentsAt over the whole state) lets a caller list part of the entities at a time.
 */
export function engagementsAt(state: LedgerState, asOf: string, fulfilments = fulfilmentsAt(state, asOf)): EngagementItem[] {
  const held: { id: string; data: DialogueHeldData; certainty: Exclude<Certainty, 'none'>; sources: CitationView[] }[] = [];
  for (const entity of state.entities.values()) {
    const found = heldBy(entity, asOf);
    if (!found) continue;
    held.push({ id: entity.stream, ...found, sources: entity.facts.filter((f) => !f.retraction).flatMap(supportingSources) });
  }
  const items = held.map(({ id, data, certainty, sources }): EngagementItem => {
    const followUps: FollowUpView[] = data.outcomes.flatMap((outcome, outcomeIndex) => {
      if (!outcome.followUp) return [];
      const fulfilledBy = fulfilments.get(`${id}#${outcomeIndex}`) ?? null;
      const expectedBy = outcome.followUp.expectedBy ?? null;
      const overdue = expectedBy !== null && partialDate(expectedBy).latest < asOf;
      return [
        {
          outcomeIndex,
          description: outcome.followUp.description,
          expectedPlace: outcome.followUp.expectedPlace ?? null,
          expectedBy,
          status: fulfilledBy ? 'fulfilled' : overdue ? 'overdue' : 'pending',
          fulfilledBy,
        },
      ];
    });
    return { ...data, id, certainty, followUps, fulfils: data.fulfils ?? [], sources };
  });
  return byValidTime(items, (item) => item.from, (item) => item.id);
}

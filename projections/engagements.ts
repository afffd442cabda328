import { Certainty, happenedBy, partialDate } from '../src/domain/partial-date';
import { CitationView, LedgerState, supportingSources } from './ledger-state';
import { EntityRecord } from './fact-record';
import { byValidTime } from './ordering';

/**
 * Engagements (dialogues, meetings, forums, launch events) held by valid date D, with the follow-ups each
 * promised and whether a later engagement, held by D, fulfilled them.
 */

export interface DialogueHeldLike {
  engagementId: string;
  kind: string;
  title: { en: string; ar?: string };
  sequence?: number;
  place?: { city: string; country: string; venue?: string };
  virtual?: boolean;
  from: string;
  to?: string;
  organisers: string[];
  participants: { name: string; role?: string; partyId?: string; capacity?: string }[];
  topics: string[];
  outcomes: { description: string; followUp?: { description: string; expectedPlace?: string; expectedBy?: string } }[];
  fulfils?: { engagement: string; outcomeIndex: number }[];
}

export type FollowUpStatus = 'fulfilled' | 'pending' | 'overdue';

export interface FollowUpView {
  readonly outcomeIndex: number;
  readonly description: string;
  readonly expectedPlace: string | null;
  readonly expectedBy: string | null;
  readonly status: FollowUpStatus;
  readonly fulfilledBy: string | null;
}

export interface EngagementItem extends Omit<DialogueHeldLike, 'fulfils'> {
  readonly id: string;
  readonly certainty: Exclude<Certainty, 'none'>;
  readonly followUps: FollowUpView[];
  readonly fulfils: { engagement: string; outcomeIndex: number }[];
  readonly sources: readonly CitationView[];
}

/** Which engagement held by D fulfils each promised follow-up (`<engagement>#<outcome index>`). */
export function fulfilmentsAt(state: LedgerState, asOf: string, into = new Map<string, string>()): Map<string, string> {
  for (const entity of state.entities.values()) {
    const data = heldBy(entity, asOf)?.data;
    for (const f of data?.fulfils ?? []) into.set(`${f.engagement}#${f.outcomeIndex}`, entity.stream);
  }
  return into;
}

function heldBy(entity: EntityRecord, asOf: string): { data: DialogueHeldLike; certainty: Certainty } | null {
  if (entity.kind !== 'engagement') return null;
  const fact = entity.facts.find((f) => f.type === 'DialogueHeld' && !f.retraction);
  if (!fact) return null;
  const data = fact.data as unknown as DialogueHeldLike;
  const certainty = happenedBy(data.from, asOf);
  return certainty === 'none' ? null : { data, certainty };
}

/**
 * Engagements held by D. A later engagement may fulfil a follow-up of any other: `fulfilments` (from
 * fulfilmentsAt over the whole state) lets a caller list part of the entities at a time.
 */
export function engagementsAt(state: LedgerState, asOf: string, fulfilments = fulfilmentsAt(state, asOf)): EngagementItem[] {
  const held: { id: string; data: DialogueHeldLike; certainty: Certainty; sources: CitationView[] }[] = [];
  for (const entity of state.entities.values()) {
    const found = heldBy(entity, asOf);
    if (!found) continue;
    held.push({ id: entity.stream, ...found, sources: entity.facts.filter((f) => !f.retraction).flatMap(supportingSources) });
  }
  const items = held
    .map(({ id, data, certainty, sources }) => {
      const followUps: FollowUpView[] = data.outcomes.flatMap((outcome, outcomeIndex) => {
        if (!outcome.followUp) return [];
        const fulfilledBy = fulfilments.get(`${id}#${outcomeIndex}`) ?? null;
        const expectedBy = outcome.followUp.expectedBy ?? null;
        const overdue = expectedBy !== null && partialDate(expectedBy).latest < asOf;
        return [{
          outcomeIndex,
          description: outcome.followUp.description,
          expectedPlace: outcome.followUp.expectedPlace ?? null,
          expectedBy,
          status: fulfilledBy ? 'fulfilled' : overdue ? 'overdue' : 'pending',
          fulfilledBy,
        }];
      });
      return {
        ...data,
        id,
        certainty: certainty === 'certain' ? 'certain' : 'possible',
        followUps,
        fulfils: data.fulfils ?? [],
        sources,
      } as EngagementItem;
    });
  return byValidTime(items, (item) => item.from, (item) => item.id);
}

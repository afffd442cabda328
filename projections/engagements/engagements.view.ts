import type { Certainty } from '../../src/domain/partial-date';
import type { DialogueHeldData } from '../../src/events/dialogue-held.event';
import type { CitationView } from '../ledger/citation.view';

/** What the engagements view answers (types only). */

export type FollowUpStatus = 'fulfilled' | 'pending' | 'overdue';

export interface FollowUpView {
  readonly outcomeIndex: number;
  readonly description: string;
  readonly expectedPlace: string | null;
  readonly expectedBy: string | null;
  readonly status: FollowUpStatus;
  readonly fulfilledBy: string | null;
}

/** The engagement as held (its DialogueHeld data, as believed) and what came of it by D. */
export interface EngagementItem extends Omit<DialogueHeldData, 'fulfils'> {
  readonly id: string;
  readonly certainty: Exclude<Certainty, 'none'>;
  readonly followUps: FollowUpView[];
  readonly fulfils: { engagement: string; outcomeIndex: number }[];
  readonly sources: readonly CitationView[];
}

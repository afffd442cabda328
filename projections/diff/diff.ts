import type { AgreementItem } from '../agreements/agreements.view';
import { agreementsAt } from '../agreements/agreements';
import type { CommitmentItem } from '../commitments/commitments.view';
import { commitmentsAt } from '../commitments/commitments';
import type { EngagementItem } from '../engagements/engagements.view';
import { engagementsAt } from '../engagements/engagements';
import { LedgerState } from '../ledger/ledger-state';
import type { OfficeItem } from '../offices/offices.view';
import { officesAt } from '../offices/offices';
import type { ProgrammeItem } from '../programmes/programmes.view';
import { programmesAt } from '../programmes/programmes';
import type { AgreementSummary, CommitmentSummary, EngagementSummary, ModelDiff, OfficeSummary, ProgrammeSummary, StateDiff } from './diff.view';

export type * from './diff.view';

/**
 * What changed in the partnership's state between two valid dates, as known at one recorded time: per view, the
 * items added, removed and changed, an item compared by its summary (what the diff says of it).
 */

export const commitmentSummary = ({ id, status, certainty }: CommitmentItem): CommitmentSummary => ({ id, status, certainty });
export const agreementSummary = ({ id, kind, certainty }: AgreementItem): AgreementSummary => ({ id, kind, certainty });
export const officeSummary = ({ id, certainty }: OfficeItem): OfficeSummary => ({ id, certainty });
export const engagementSummary = ({ id, certainty, followUps }: EngagementItem): EngagementSummary => ({
  id,
  certainty,
  followUps: followUps.map((f) => `${f.outcomeIndex}:${f.status}`).join(','),
});
export const programmeSummary = ({ id, certainty }: ProgrammeItem): ProgrammeSummary => ({ id, certainty });

/** One view's changes between two dates, each list cut to `limit` items (in the later date's order), with its total. */
export function diffBy<T extends { readonly id: string }>(before: readonly T[], after: readonly T[], limit = Number.POSITIVE_INFINITY): ModelDiff<T> {
  const was = new Map(before.map((item) => [item.id, item]));
  const now = new Set(after.map((item) => item.id));
  const diff: ModelDiff<T> = { added: [], removed: [], changed: [], totals: { added: 0, removed: 0, changed: 0 } };
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const item of after) {
    const old = was.get(item.id);
    if (!old) {
      if (added++ < limit) diff.added.push(item);
    } else if (JSON.stringify(old) !== JSON.stringify(item) && changed++ < limit) diff.changed.push({ id: item.id, before: old, after: item });
  }
  for (const item of before) if (!now.has(item.id) && removed++ < limit) diff.removed.push(item);
  return { ...diff, totals: { added, removed, changed } };
}

/** Every change between two valid dates (the server's /api/diff builds the same lists a page at a time). */
export function diffBetween(state: LedgerState, from: string, to: string, limit = Number.POSITIVE_INFINITY): StateDiff {
  const commitments = (day: string) => commitmentsAt(state, { asOf: day }).items.map(commitmentSummary);
  const agreements = (day: string) => agreementsAt(state, day).map(agreementSummary);
  const offices = (day: string) => officesAt(state, day).map(officeSummary);
  const engagements = (day: string) => engagementsAt(state, day).map(engagementSummary);
  const programmes = (day: string) => programmesAt(state, day).map(programmeSummary);
  return {
    from,
    to,
    commitments: diffBy(commitments(from), commitments(to), limit),
    agreements: diffBy(agreements(from), agreements(to), limit),
    offices: diffBy(offices(from), offices(to), limit),
    engagements: diffBy(engagements(from), engagements(to), limit),
    programmes: diffBy(programmes(from), programmes(to), limit),
  };
}

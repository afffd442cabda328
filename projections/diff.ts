import { agreementsAt } from './agreements';
import { commitmentsAt } from './commitments';
import { engagementsAt } from './engagements';
import { LedgerState } from './ledger-state';
import { officesAt } from './offices';
import { programmesAt } from './programmes';

/** What changed in the partnership's state between two valid dates, as known at one recorded time. */

export interface ModelDiff<Summary> {
  readonly added: Summary[];
  readonly removed: Summary[];
  readonly changed: { id: string; before: Summary; after: Summary }[];
}

export interface StateDiff {
  readonly from: string;
  readonly to: string;
  readonly commitments: ModelDiff<{ id: string; status: string; certainty: string }>;
  /** Every agreement signed, with or without money. */
  readonly agreements: ModelDiff<{ id: string; kind: string; certainty: string }>;
  readonly offices: ModelDiff<{ id: string; certainty: string }>;
  readonly engagements: ModelDiff<{ id: string; certainty: string; followUps: string }>;
  readonly programmes: ModelDiff<{ id: string; certainty: string }>;
}

function diffBy<T extends { id: string }>(before: T[], after: T[]): ModelDiff<T> {
  const was = new Map(before.map((item) => [item.id, item]));
  const now = new Map(after.map((item) => [item.id, item]));
  return {
    added: after.filter((item) => !was.has(item.id)),
    removed: before.filter((item) => !now.has(item.id)),
    changed: after
      .filter((item) => was.has(item.id) && JSON.stringify(was.get(item.id)) !== JSON.stringify(item))
      .map((item) => ({ id: item.id, before: was.get(item.id)!, after: item })),
  };
}

export function diffBetween(state: LedgerState, from: string, to: string): StateDiff {
  const commitments = (day: string) =>
    commitmentsAt(state, { asOf: day }).items.map(({ id, status, certainty }) => ({ id, status, certainty }));
  const agreements = (day: string) => agreementsAt(state, day).map(({ id, kind, certainty }) => ({ id, kind, certainty }));
  const offices = (day: string) => officesAt(state, day).map(({ id, certainty }) => ({ id, certainty }));
  const engagements = (day: string) =>
    engagementsAt(state, day).map(({ id, certainty, followUps }) => ({
      id,
      certainty,
      followUps: followUps.map((f) => `${f.outcomeIndex}:${f.status}`).join(','),
    }));
  const programmes = (day: string) => programmesAt(state, day).map(({ id, certainty }) => ({ id, certainty }));
  return {
    from,
    to,
    commitments: diffBy(commitments(from), commitments(to)),
    agreements: diffBy(agreements(from), agreements(to)),
    offices: diffBy(offices(from), offices(to)),
    engagements: diffBy(engagements(from), engagements(to)),
    programmes: diffBy(programmes(from), programmes(to)),
  };
}

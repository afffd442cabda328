import { partialDateDays } from '../../src/domain/partial-date';
import { encodeCursor } from '../columnar/paging';
import { LedgerState } from '../ledger/ledger-state';
import { CommitmentsQuery, commitmentsAt } from './commitments';
import { perYearOf, totalsOf } from './commitments.rules';
import type { CommitmentItem, CommitmentsView } from './commitments.view';

/** Which partnership: a donor, a recipient, or both. */
export interface PartyFilter {
  readonly donorId?: string;
  readonly recipientId?: string;
}

const sortDayOf = (item: CommitmentItem) => partialDateDays(item.occurredOn).earliest;

function isAfter(item: CommitmentItem, cursor: { day: number; stream: string }): boolean {
  const day = sortDayOf(item);
  return day > cursor.day || (day === cursor.day && item.id > cursor.stream);
}

/**
 * Commitments between the parties asked for, at valid date D: the items commitmentsAt lists, kept when they match,
 * with totals and per-year rows counted over those items by the commitments rules (totalsOf, perYearOf), and pages
 * cut in the same order with the same cursors.
 */
export function commitmentsOfParties(state: LedgerState, query: CommitmentsQuery & PartyFilter): CommitmentsView {
  const all = commitmentsAt(state, { asOf: query.asOf, includeRetracted: query.includeRetracted });
  const matching = all.items.filter(
    (item) => (query.donorId === undefined || item.donorId === query.donorId) && (query.recipientId === undefined || item.recipientId === query.recipientId),
  );
  const after = query.page?.after;
  const rest = after ? matching.filter((item) => isAfter(item, after)) : matching;
  const limit = query.page?.limit;
  const items = limit === undefined ? rest : rest.slice(0, limit);
  const last = items[items.length - 1];
  const more = limit !== undefined && rest.length > limit;
  return {
    items,
    page: { total: matching.length, limit: limit ?? null, next: more && last ? encodeCursor({ day: sortDayOf(last), stream: last.id }) : null },
    totals: totalsOf(matching),
    perYear: perYearOf(matching),
  };
}

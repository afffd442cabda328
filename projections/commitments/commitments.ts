import { fromMinorUnits } from '../../src/domain/money';
import { dayNumber } from '../../src/domain/partial-date';
import { PageRequest } from '../columnar/paging';
import { LedgerState } from '../ledger/ledger-state';
import { indexOf, knownPositionOf } from '../valid-time/indexed-state';
import { ValidTimeIndex } from '../valid-time/valid-time-index';
import { commitmentFactOf } from './commitment-terms';
import { CurrencyTotals } from './commitments.fast';
import { commitmentItem } from './commitments.rules';
import type { CommitmentItem, CommitmentsView, MoneyTotal } from './commitments.view';

export type { CommitmentItem, CommitmentKind, CommitmentStatus, CommitmentsView, MoneyTotal } from './commitments.view';

/**
 * Commitments at valid date D, as the API answers them: the index (commitments.fast.ts, derived once per entity
 * version) finds, counts and totals the items; only the page of items returned is built from the entity records,
 * by the same function as the rules (commitmentItem).
 */

export interface CommitmentsQuery {
  /** Valid date D, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** Also list retracted commitments (status "retracted"); by default a retracted fact is gone from state. */
  readonly includeRetracted?: boolean;
  /** Which items to list; totals and per-year rows always cover every item. All items when absent. */
  readonly page?: PageRequest;
}

/** Commitments as known at the state's position, at valid date D. */
export function commitmentsAt(state: LedgerState, query: CommitmentsQuery, index: ValidTimeIndex = indexOf(state)): CommitmentsView {
  const day = query.asOf;
  const scan = index.commitments.scan(knownPositionOf(state), dayNumber(day), query.includeRetracted ?? false, query.page ?? {});
  const items = scan.items.map((row): CommitmentItem => {
    const entity = state.entities.get(row.stream)!;
    return commitmentItem(entity, commitmentFactOf(entity)!, row, day);
  });
  const totals = (sums: Map<string, CurrencyTotals>): MoneyTotal[] =>
    [...sums.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, { total, active, activeCertain }]) => ({
        currency,
        total: fromMinorUnits(total, currency),
        active: fromMinorUnits(active, currency),
        activeCertain: fromMinorUnits(activeCertain, currency),
      }));
  const perYear = [...scan.perYear.values()]
    .sort((a, b) => a.year - b.year || a.currency.localeCompare(b.currency))
    .map((row) => ({
      year: row.year,
      currency: row.currency,
      commitments: fromMinorUnits(row.commitments, row.currency),
      pledges: fromMinorUnits(row.pledges, row.currency),
    }));
  return { items, page: scan.page, totals: { commitments: totals(scan.commitments), pledges: totals(scan.pledges) }, perYear };
}

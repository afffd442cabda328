import { add } from './money.js';
import type { CommitmentItem, CommitmentsView } from './types.js';

/**
 * Amounts per calendar year: exactly the ledger's own rows (`perYear` of /api/commitments), so the page and the
 * API give one answer. A commitment or pledge with no yearly schedule has no amount in any year (the ledger holds
 * no yearly split for it, and the page does not invent one): it is listed beside the table with its total and
 * period instead.
 */

export type Series = 'commitments' | 'pledges';

const SERIES: readonly Series[] = ['commitments', 'pledges'];

export interface YearRow {
  readonly year: number;
  readonly currency: string;
  readonly amounts: Record<Series, string>;
}

export interface PerYear {
  readonly rows: YearRow[];
  readonly series: Series[];
  /** Counted in the totals but in no year: no yearly schedule is recorded. */
  readonly unscheduled: CommitmentItem[];
}

export function perYearOf(view: CommitmentsView): PerYear {
  const rows = new Map<string, YearRow>();
  for (const line of view.perYear) {
    const key = `${line.year}|${line.currency}`;
    const found = rows.get(key) ?? { year: line.year, currency: line.currency, amounts: { commitments: '0.00', pledges: '0.00' } };
    found.amounts.commitments = add(found.amounts.commitments, line.commitments.amount);
    found.amounts.pledges = add(found.amounts.pledges, line.pledges.amount);
    rows.set(key, found);
  }
  const unscheduled = view.items.filter((item) => item.status !== 'retracted' && item.status !== 'superseded' && item.schedule.length === 0);
  const sorted = [...rows.values()].sort((a, b) => a.year - b.year || a.currency.localeCompare(b.currency));
  const series = SERIES.filter((s) => sorted.some((r) => Number(r.amounts[s]) !== 0));
  return { rows: sorted, series, unscheduled };
}

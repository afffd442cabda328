import { parsePartial } from './dates.js';
import { add, evenShare } from './money.js';
import type { CommitmentItem, CommitmentsView } from './types.js';

/**
 * Amounts per calendar year. Scheduled amounts are the ledger's own (`perYear`). A commitment or pledge with a
 * period but no per-year schedule is shown as an even spread over the years of its period, in a series of its
 * own and labelled as such: the ledger holds no yearly split for it. One with neither is listed apart.
 */

export type Series = 'commitments' | 'commitmentsSpread' | 'pledges' | 'pledgesSpread';

export const SERIES_LABELS: Record<Series, string> = {
  commitments: 'Commitments, by schedule',
  commitmentsSpread: 'Commitments without a yearly schedule (total ÷ years of the period)',
  pledges: 'Pledges (not commitments), by schedule',
  pledgesSpread: 'Pledges without a yearly schedule (total ÷ years of the period)',
};

/** Legend labels: short enough for a phone's width; the table's headers and the caption say the rest. */
export const SERIES_SHORT: Record<Series, string> = {
  commitments: 'Commitments',
  commitmentsSpread: 'Commitments, no yearly schedule',
  pledges: 'Pledges',
  pledgesSpread: 'Pledges, no yearly schedule',
};

export interface YearRow {
  readonly year: number;
  readonly currency: string;
  readonly amounts: Record<Series, string>;
}

export interface PerYear {
  readonly rows: YearRow[];
  readonly series: Series[];
  /** Counted in the totals but placed in no year: no period and no schedule. */
  readonly unplaced: CommitmentItem[];
}

const zero = (): Record<Series, string> => ({ commitments: '0.00', commitmentsSpread: '0.00', pledges: '0.00', pledgesSpread: '0.00' });

function periodYears(period: { from: string; to: string }): number[] | null {
  const from = parsePartial(period.from);
  const to = parsePartial(period.to);
  if (!from || !to) return null;
  const first = Number(from.earliest.slice(0, 4));
  const last = Number(to.latest.slice(0, 4));
  if (last < first) return null;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export function perYearOf(view: CommitmentsView): PerYear {
  const rows = new Map<string, { year: number; currency: string; amounts: Record<Series, string> }>();
  const row = (year: number, currency: string) => {
    const key = `${year}|${currency}`;
    let found = rows.get(key);
    if (!found) rows.set(key, (found = { year, currency, amounts: zero() }));
    return found;
  };
  for (const line of view.perYear) {
    const r = row(line.year, line.currency);
    r.amounts.commitments = add(r.amounts.commitments, line.commitments.amount);
    r.amounts.pledges = add(r.amounts.pledges, line.pledges.amount);
  }
  const unplaced: CommitmentItem[] = [];
  for (const item of view.items) {
    if (item.status === 'retracted' || item.status === 'superseded' || item.schedule.length > 0) continue;
    const years = item.period ? periodYears(item.period) : null;
    if (!years) {
      unplaced.push(item);
      continue;
    }
    const share = evenShare(item.total.amount, years.length);
    const series: Series = item.kind === 'commitment' ? 'commitmentsSpread' : 'pledgesSpread';
    for (const year of years) {
      const r = row(year, item.total.currency);
      r.amounts[series] = add(r.amounts[series], share);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.year - b.year || a.currency.localeCompare(b.currency));
  const series = (Object.keys(SERIES_LABELS) as Series[]).filter((s) => sorted.some((r) => Number(r.amounts[s]) !== 0));
  return { rows: sorted, series, unplaced };
}

import { fromMinorUnits, toMinorUnits } from '../src/domain/money';
import { CommitmentItem, CommitmentsQuery, CommitmentsView, MoneyTotal } from './commitments';
import { commitmentsAt } from './commitments';
import { LedgerState } from './ledger-state';
import { dayRange, encodeCursor } from './valid-time-index';

/** Which partnership: a donor, a recipient, or both. */
export interface PartyFilter {
  readonly donorId?: string;
  readonly recipientId?: string;
}

const sortDayOf = (item: CommitmentItem) => dayRange(item.occurredOn)[0];

function isAfter(item: CommitmentItem, cursor: { day: number; stream: string }): boolean {
  const day = sortDayOf(item);
  return day > cursor.day || (day === cursor.day && item.id > cursor.stream);
}

function addTo(sums: Map<string, bigint>, key: string, amount: bigint): void {
  sums.set(key, (sums.get(key) ?? 0n) + amount);
}

/**
 * Commitments between the parties asked for, at valid date D: the items commitmentsAt lists, kept when they match,
 * with totals and per-year rows counted over those items by the same rules as the index (totals over what is not
 * retracted, `active` over what is active, per-year schedules of what is neither retracted nor superseded), and
 * pages cut in the same order with the same cursors.
 */
export function commitmentsOfParties(state: LedgerState, query: CommitmentsQuery & PartyFilter): CommitmentsView {
  const all = commitmentsAt(state, { asOf: query.asOf, includeRetracted: query.includeRetracted });
  const matching = all.items.filter(
    (item) => (query.donorId === undefined || item.donorId === query.donorId) && (query.recipientId === undefined || item.recipientId === query.recipientId),
  );

  const totals = { commitments: new Map<string, bigint>(), pledges: new Map<string, bigint>() };
  const active = { commitments: new Map<string, bigint>(), pledges: new Map<string, bigint>() };
  const activeCertain = { commitments: new Map<string, bigint>(), pledges: new Map<string, bigint>() };
  const perYear = new Map<string, { year: number; currency: string; commitments: bigint; pledges: bigint }>();
  for (const item of matching) {
    if (item.status === 'retracted') continue;
    const side = item.kind === 'pledge' ? 'pledges' : 'commitments';
    const amount = toMinorUnits(item.total);
    addTo(totals[side], item.total.currency, amount);
    if (item.status === 'active') addTo(active[side], item.total.currency, amount);
    if (item.status === 'active' && item.certainty === 'certain') addTo(activeCertain[side], item.total.currency, amount);
    if (item.status === 'superseded') continue;
    for (const row of item.schedule) {
      const key = `${row.year} ${row.amount.currency}`;
      const sums = perYear.get(key) ?? { year: row.year, currency: row.amount.currency, commitments: 0n, pledges: 0n };
      sums[side] += toMinorUnits(row.amount);
      perYear.set(key, sums);
    }
  }
  const moneyTotals = (side: 'commitments' | 'pledges'): MoneyTotal[] =>
    [...totals[side].entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, total]) => ({
        currency,
        total: fromMinorUnits(total, currency),
        active: fromMinorUnits(active[side].get(currency) ?? 0n, currency),
        activeCertain: fromMinorUnits(activeCertain[side].get(currency) ?? 0n, currency),
      }));

  const after = query.page?.after;
  const rest = after ? matching.filter((item) => isAfter(item, after)) : matching;
  const limit = query.page?.limit;
  const items = limit === undefined ? rest : rest.slice(0, limit);
  const last = items[items.length - 1];
  const more = limit !== undefined && rest.length > limit;
  return {
    items,
    page: { total: matching.length, limit: limit ?? null, next: more && last ? encodeCursor({ day: sortDayOf(last), stream: last.id }) : null },
    totals: { commitments: moneyTotals('commitments'), pledges: moneyTotals('pledges') },
    perYear: [...perYear.values()]
      .sort((a, b) => a.year - b.year || a.currency.localeCompare(b.currency))
      .map((row) => ({
        year: row.year,
        currency: row.currency,
        commitments: fromMinorUnits(row.commitments, row.currency),
        pledges: fromMinorUnits(row.pledges, row.currency),
      })),
  };
}

import { MoneyValue, fromMinorUnits, toMinorUnits } from '../src/domain/money';
import { Certainty } from '../src/domain/partial-date';
import { PeriodSpan, PeriodValue, periodSpan } from '../src/domain/period';
import { FactClaim, claimsOf } from './claims';
import { indexOf, knownPositionOf } from './indexed-state';
import { CitationView, EntityRecord, LedgerState, supportingSources } from './ledger-state';
import { CommitmentStatus, CurrencyTotals, PageInfo, PageRequest, commitmentFactOf, dayNumber, dayRange } from './valid-time-index';

/**
 * Commitments at valid date D: every agreement with a financial commitment and every pledge or renewal,
 * with its status at D. Pledges (non-binding announcements, in the FTS/IATI sense) are totalled apart from
 * commitments and never summed into them.
 */

export type CommitmentKind = 'pledge' | 'commitment';
export type { CommitmentStatus };

export interface CommitmentItem {
  readonly id: string;
  readonly kind: CommitmentKind;
  readonly recordedAs: string;
  readonly title: string | null;
  readonly donorId: string;
  readonly recipientId: string;
  readonly total: MoneyValue;
  readonly period: PeriodValue | null;
  /** Every possible period: the earliest and latest day it may start and end (null without a period). */
  readonly periodSpan: PeriodSpan | null;
  readonly schedule: readonly { year: number; amount: MoneyValue }[];
  /** The amount scheduled for D's calendar year, when a schedule says. */
  readonly scheduledForYear: { year: number; amount: MoneyValue } | null;
  readonly purposes: readonly string[];
  readonly occurredOn: string;
  readonly status: CommitmentStatus;
  /** "possible" when a partial date straddles D, so the status may not hold yet. */
  readonly certainty: Exclude<Certainty, 'none'>;
  readonly renews: string | null;
  readonly renewedBy: readonly string[];
  readonly disbursed: MoneyValue;
  readonly sources: readonly CitationView[];
  /** Values its sources give other than those adopted: the commitment is disputed while this is not empty. */
  readonly claims: readonly FactClaim[];
}

export interface MoneyTotal {
  readonly currency: string;
  readonly total: MoneyValue;
  /** Active at D in some possible reading of the dates. */
  readonly active: MoneyValue;
  /** Of which active at D for certain (signed for certain, D inside every possible period). */
  readonly activeCertain: MoneyValue;
}

export interface CommitmentsView {
  readonly items: CommitmentItem[];
  readonly page: PageInfo;
  readonly totals: { readonly commitments: MoneyTotal[]; readonly pledges: MoneyTotal[] };
  readonly perYear: { year: number; currency: string; commitments: MoneyValue; pledges: MoneyValue }[];
}

export interface CommitmentsQuery {
  /** Valid date D, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** Also list retracted commitments (status "retracted"); by default a retracted fact is gone from state. */
  readonly includeRetracted?: boolean;
  /** Which items to list; totals and per-year rows always cover every item. All items when absent. */
  readonly page?: PageRequest;
}

/** What was certainly disbursed by `day` (YYYYMMDD), in the commitment's currency. */
function disbursedBy(entity: EntityRecord, currency: string, day: number): MoneyValue {
  let minor = 0n;
  for (const fact of entity.facts) {
    if (fact.type !== 'ContributionDisbursed' || fact.retraction) continue;
    if (dayRange(fact.data.occurredOn as string)[1] > day) continue;
    const amount = fact.data.amount as unknown as MoneyValue;
    if (amount.currency === currency) minor += toMinorUnits(amount);
  }
  return fromMinorUnits(minor, currency);
}

/**
 * Commitments as known at the state's position, at valid date D. The index (derived once per entity version)
 * finds, counts and totals the items; only the page of items returned is built from the entity records.
 */
export function commitmentsAt(state: LedgerState, query: CommitmentsQuery, index = indexOf(state)): CommitmentsView {
  const day = query.asOf;
  const dayValue = dayNumber(day);
  const scan = index.scanCommitments(knownPositionOf(state), dayValue, query.includeRetracted ?? false, query.page ?? {});
  const year = Number(day.slice(0, 4));
  const items = scan.items.map((row): CommitmentItem => {
    const entity = state.entities.get(row.stream)!;
    const { fact, terms, renews, pledge } = commitmentFactOf(entity)!;
    const data = fact.data;
    const schedule = terms.schedule ?? [];
    const thisYear = schedule.find((entry) => entry.year === year);
    return {
      id: row.stream,
      kind: pledge ? 'pledge' : 'commitment',
      recordedAs: fact.type,
      title: (data.title as { en?: string } | undefined)?.en ?? null,
      donorId: terms.donorId,
      recipientId: terms.recipientId,
      total: terms.total,
      period: terms.period ?? null,
      periodSpan: terms.period ? periodSpan(terms.period, data.occurredOn as string) : null,
      schedule,
      scheduledForYear: thisYear ? { year, amount: thisYear.amount } : null,
      purposes: terms.purposes ?? (terms.purpose ? [terms.purpose] : []),
      occurredOn: data.occurredOn as string,
      status: row.status,
      certainty: row.certainty,
      renews,
      renewedBy: row.renewedBy,
      disbursed: disbursedBy(entity, terms.total.currency, dayValue),
      sources: entity.facts.filter((f) => !f.retraction).flatMap(supportingSources),
      claims: entity.facts.filter((f) => !f.retraction).flatMap(claimsOf),
    };
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

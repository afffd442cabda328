import { MoneyValue, fromMinorUnits, toMinorUnits } from '../../src/domain/money';
import { Certainty, dayNumber, happenedBy, partialDateDays } from '../../src/domain/partial-date';
import { periodSpan } from '../../src/domain/period';
import { CONTRIBUTION_DISBURSED } from '../../src/events/contribution-disbursed.event';
import { NEVER } from '../columnar/step-sums';
import { EntityRecord, LedgerState, dataOf } from '../ledger/ledger-state';
import { byValidTime } from '../ledger/ordering';
import { evidenceOf } from '../ledger/claims';
import { CommitmentFact, commitmentFactOf, purposesOf } from './commitment-terms';
import type { CommitmentItem, CommitmentKind, CommitmentStatus, CommitmentsView, MoneyTotal, PerYearTotal } from './commitments.view';

/**
 * The commitments view, defined directly: every agreement with a financial commitment and every pledge or
 * renewal, with its status at valid date D worked out from the partial dates on each query. Pledges
 * (non-binding announcements, in the FTS/IATI sense) are totalled apart from commitments and never summed into
 * them. The index (commitments.fast.ts) answers the same from rows derived once per entity version, applying the
 * same status rules to its columns; test/projections/commitments holds the two to the same answers.
 *
 * Days in the rules are day numbers (YYYYMMDD, see partialDateDays): the order of the days, no parsing.
 */

/**
 * A renewal with a period supersedes what it renews once it is signed and its period has begun: from the later
 * of its earliest possible signing and its period's earliest possible start. A retracted renewal, or one without
 * a period, supersedes nothing (NEVER).
 */
export function supersededFrom(retracted: boolean | number, hasPeriod: boolean | number, signedEarliest: number, periodStartEarliest: number): number {
  return retracted || !hasPeriod ? NEVER : Math.max(signedEarliest, periodStartEarliest);
}

/**
 * The status on `day` of a commitment signed by then and not retracted. Before every possible start of its
 * period a commitment is upcoming, after every possible end completed; in between active (in some possible
 * period) unless superseded. Without a period a commitment is active from its signing until superseded. A
 * pledge is only announced until its period begins.
 */
export function statusOn(
  pledge: boolean | number,
  hasPeriod: boolean | number,
  periodStartEarliest: number,
  periodEndLatest: number,
  day: number,
  superseded: boolean,
): CommitmentStatus {
  if (!hasPeriod) return superseded ? 'superseded' : pledge ? 'announced' : 'active';
  if (day < periodStartEarliest) return pledge ? 'announced' : 'upcoming';
  if (day > periodEndLatest) return 'completed';
  return superseded ? 'superseded' : 'active';
}

/** Whether a commitment active on `day` is so for certain: signed for certain, and `day` inside every possible period. */
export function certainlyActive(signedLatest: number, hasPeriod: boolean | number, periodStartLatest: number, periodEndEarliest: number, day: number): boolean {
  return signedLatest <= day && (!hasPeriod || (periodStartLatest <= day && day <= periodEndEarliest));
}

/** What was certainly disbursed by `day`, in the commitment's currency. */
export function disbursedBy(entity: EntityRecord, currency: string, day: number): MoneyValue {
  let minor = 0n;
  for (const fact of entity.facts) {
    if (fact.retraction) continue;
    const disbursement = dataOf(fact, CONTRIBUTION_DISBURSED);
    if (!disbursement || partialDateDays(disbursement.occurredOn).latest > day) continue;
    if (disbursement.amount.currency === currency) minor += toMinorUnits(disbursement.amount);
  }
  return fromMinorUnits(minor, currency);
}

/** A commitment's status at D, how sure it is, and the renewals signed by then. */
export interface CommitmentStatusAt {
  readonly status: CommitmentStatus;
  readonly certainty: 'certain' | 'possible';
  readonly renewedBy: readonly string[];
}

/** The item the view lists for an entity's commitment fact, with its status at `asOf`. */
export function commitmentItem(entity: EntityRecord, commitment: CommitmentFact, at: CommitmentStatusAt, asOf: string): CommitmentItem {
  const { fact, terms, occurredOn } = commitment;
  const schedule = terms.schedule ?? [];
  const year = Number(asOf.slice(0, 4));
  const thisYear = schedule.find((entry) => entry.year === year);
  return {
    id: entity.stream,
    kind: commitment.pledge ? 'pledge' : 'commitment',
    recordedAs: fact.type,
    title: commitment.title,
    donorId: terms.donorId,
    recipientId: terms.recipientId,
    total: terms.total,
    period: terms.period ?? null,
    periodSpan: terms.period ? periodSpan(terms.period, occurredOn) : null,
    schedule,
    scheduledForYear: thisYear ? { year, amount: thisYear.amount } : null,
    purposes: purposesOf(terms),
    occurredOn,
    status: at.status,
    certainty: at.certainty,
    renews: commitment.renews,
    renewedBy: at.renewedBy,
    disbursed: disbursedBy(entity, terms.total.currency, dayNumber(asOf)),
    ...evidenceOf(entity.facts),
  };
}

interface Candidate extends CommitmentFact {
  readonly entity: EntityRecord;
}

const worst = (...values: Certainty[]): Certainty => (values.includes('none') ? 'none' : values.includes('possible') ? 'possible' : 'certain');

/** The day a renewal supersedes what it renews from (NEVER: it does not). */
function supersedesFrom(renewal: Candidate): number {
  const { terms, occurredOn } = renewal;
  const periodStart = terms.period ? dayNumber(periodSpan(terms.period, occurredOn).startEarliest) : 0;
  return supersededFrom(renewal.fact.retraction !== null, terms.period !== undefined, partialDateDays(occurredOn).earliest, periodStart);
}

/** `signed`: whether the commitment itself had been made by `asOf`, as the caller already worked out. */
function statusAt(candidate: Candidate, renewals: readonly Candidate[], asOf: string, signed: Certainty): { status: CommitmentStatus; certainty: Certainty } {
  const day = dayNumber(asOf);
  const { terms, occurredOn } = candidate;
  const span = terms.period ? periodSpan(terms.period, occurredOn) : null;
  // Superseded certainly once some renewal that supersedes it by now was certainly signed.
  const superseding = renewals.filter((r) => supersedesFrom(r) <= day);
  const supersession: Certainty = superseding.some((r) => happenedBy(r.occurredOn, asOf) === 'certain') ? 'certain' : 'possible';
  const status = statusOn(candidate.pledge, span !== null, span ? dayNumber(span.startEarliest) : 0, span ? dayNumber(span.endLatest) : NEVER, day, superseding.length > 0);
  if (status === 'superseded') return { status, certainty: worst(signed, supersession) };
  if (status !== 'active') return { status, certainty: signed };
  const signedLatest = partialDateDays(occurredOn).latest;
  const certain = certainlyActive(signedLatest, span !== null, span ? dayNumber(span.startLatest) : 0, span ? dayNumber(span.endEarliest) : NEVER, day);
  return { status, certainty: certain ? 'certain' : 'possible' };
}

export interface CommitmentsRulesQuery {
  /** Valid date D, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** Also list retracted commitments (status "retracted"); by default a retracted fact is gone from state. */
  readonly includeRetracted?: boolean;
}

/** Every commitment as known at the state's position, at valid date D, with totals and per-year rows (no paging). */
export function commitmentsByRules(state: LedgerState, query: CommitmentsRulesQuery): Omit<CommitmentsView, 'page'> {
  const asOf = query.asOf;
  const candidates: Candidate[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'agreement' && entity.kind !== 'pledge') continue;
    const commitment = commitmentFactOf(entity);
    if (commitment && (!commitment.fact.retraction || query.includeRetracted)) candidates.push({ entity, ...commitment });
  }
  const renewalsOf = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.renews && !c.fact.retraction) renewalsOf.set(c.renews, [...(renewalsOf.get(c.renews) ?? []), c]);
  }

  const items: CommitmentItem[] = [];
  for (const candidate of candidates) {
    const signed = happenedBy(candidate.occurredOn, asOf);
    if (signed === 'none') continue;
    const renewals = (renewalsOf.get(candidate.entity.stream) ?? []).filter((r) => happenedBy(r.occurredOn, asOf) !== 'none');
    const { status, certainty } = candidate.fact.retraction
      ? { status: 'retracted' as const, certainty: 'certain' as const }
      : statusAt(candidate, renewals, asOf, signed);
    const renewedBy = byValidTime(renewals, (r) => r.occurredOn, (r) => r.entity.stream).map((r) => r.entity.stream);
    items.push(commitmentItem(candidate.entity, candidate, { status, certainty: certainty === 'none' ? 'possible' : certainty, renewedBy }, asOf));
  }
  const ordered = byValidTime(items, (item) => item.occurredOn, (item) => item.id);
  return { items: ordered, totals: totalsOf(ordered), perYear: perYearOf(ordered) };
}

/**
 * Totals per currency, commitments apart from pledges: every item not retracted in `total`, those active at D in
 * `active`, those certainly active in `activeCertain`.
 */
export function totalsOf(items: readonly CommitmentItem[]): CommitmentsView['totals'] {
  const sum = (kind: CommitmentKind): MoneyTotal[] => {
    const byCurrency = new Map<string, { total: bigint; active: bigint; activeCertain: bigint }>();
    for (const item of items) {
      if (item.kind !== kind || item.status === 'retracted') continue;
      const entry = byCurrency.get(item.total.currency) ?? { total: 0n, active: 0n, activeCertain: 0n };
      const minor = toMinorUnits(item.total);
      entry.total += minor;
      if (item.status === 'active') entry.active += minor;
      if (item.status === 'active' && item.certainty === 'certain') entry.activeCertain += minor;
      byCurrency.set(item.total.currency, entry);
    }
    return [...byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, { total, active, activeCertain }]) => ({
        currency,
        total: fromMinorUnits(total, currency),
        active: fromMinorUnits(active, currency),
        activeCertain: fromMinorUnits(activeCertain, currency),
      }));
  };
  return { commitments: sum('commitment'), pledges: sum('pledge') };
}

/** Per-year schedules, by year and currency: what is signed by D and neither retracted nor superseded. */
export function perYearOf(items: readonly CommitmentItem[]): PerYearTotal[] {
  const rows = new Map<string, { year: number; currency: string; commitments: bigint; pledges: bigint }>();
  for (const item of items) {
    if (item.status === 'retracted' || item.status === 'superseded') continue;
    for (const { year, amount } of item.schedule) {
      const key = `${year}|${amount.currency}`;
      const row = rows.get(key) ?? { year, currency: amount.currency, commitments: 0n, pledges: 0n };
      if (item.kind === 'commitment') row.commitments += toMinorUnits(amount);
      else row.pledges += toMinorUnits(amount);
      rows.set(key, row);
    }
  }
  return [...rows.values()]
    .sort((a, b) => a.year - b.year || a.currency.localeCompare(b.currency))
    .map((row) => ({
      year: row.year,
      currency: row.currency,
      commitments: fromMinorUnits(row.commitments, row.currency),
      pledges: fromMinorUnits(row.pledges, row.currency),
    }));
}

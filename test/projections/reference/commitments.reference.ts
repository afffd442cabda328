/**
 * The first, direct definition of the commitments view: every item materialised and its status worked out
 * from the partial dates on each query. Kept as the oracle the indexed query is checked against.
 */
import type { JsonObject } from '../../../src/event-store/event-store.port';
import { MoneyValue, fromMinorUnits, toMinorUnits } from '../../../src/domain/money';
import { Certainty, happenedBy } from '../../../src/domain/partial-date';
import { periodSpan } from '../../../src/domain/period';
import { EntityRecord, FactRecord, LedgerState, supportingSources } from '../../../projections/ledger-state';
import { byValidTime } from '../../../projections/ordering';
import { claimsOf } from '../../../projections/claims';
import type {
  CommitmentItem,
  CommitmentKind,
  CommitmentStatus,
  CommitmentsView as IndexedCommitmentsView,
  MoneyTotal,
} from '../../../projections/commitments';
import type { Terms } from '../../../projections/valid-time-index';

/**
 * Commitments at valid date D: every agreement with a financial commitment and every pledge or renewal,
 * with its status at D. Pledges (non-binding announcements, in the FTS/IATI sense) are totalled apart from
 * commitments and never summed into them.
 */

type CommitmentsView = Omit<IndexedCommitmentsView, 'page'>;

interface Candidate {
  readonly entity: EntityRecord;
  readonly fact: FactRecord;
  readonly kind: CommitmentKind;
  readonly terms: Terms;
  readonly renews: string | null;
}

function candidateOf(entity: EntityRecord): Candidate | null {
  const fact = entity.facts.find((f) => f.type === 'AgreementSigned' || f.type === 'PledgeMade' || f.type === 'PledgeRenewed');
  if (!fact) return null;
  const data = fact.data as JsonObject;
  if (fact.type === 'AgreementSigned') {
    if (!data.commitment) return null;
    return { entity, fact, kind: 'commitment', terms: data.commitment as unknown as Terms, renews: null };
  }
  const kind: CommitmentKind = fact.type === 'PledgeRenewed' && data.kind === 'commitment' ? 'commitment' : 'pledge';
  return { entity, fact, kind, terms: data as unknown as Terms, renews: typeof data.renews === 'string' ? data.renews : null };
}

const worst = (...values: Certainty[]): Certainty =>
  values.includes('none') ? 'none' : values.includes('possible') ? 'possible' : 'certain';

/** `signed`: whether the commitment itself had been made by `day`, as the caller already worked out. */
function statusAt(
  candidate: Candidate,
  renewals: Candidate[],
  day: string,
  signed: Certainty,
): { status: CommitmentStatus; certainty: Certainty } {
  const period = candidate.terms.period && periodSpan(candidate.terms.period, candidate.fact.data.occurredOn as string);
  // Superseded certainly once some renewal whose period has begun was certainly signed.
  const started = renewals
    .filter((r) => r.terms.period && day >= periodSpan(r.terms.period, r.fact.data.occurredOn as string).startEarliest)
    .map((r) => happenedBy(r.fact.data.occurredOn as string, day))
    .filter((c) => c !== 'none');
  const renewalStarted: Certainty | undefined = started.length === 0 ? undefined : started.includes('certain') ? 'certain' : 'possible';
  if (!period) {
    if (renewalStarted) return { status: 'superseded', certainty: worst(signed, renewalStarted) };
    return { status: candidate.kind === 'commitment' ? 'active' : 'announced', certainty: signed };
  }
  // Before every possible start, after every possible end; between, active in some possible period, and for
  // certain only inside every one of them.
  if (day < period.startEarliest) {
    return { status: candidate.kind === 'commitment' ? 'upcoming' : 'announced', certainty: signed };
  }
  if (day > period.endLatest) return { status: 'completed', certainty: signed };
  if (renewalStarted) return { status: 'superseded', certainty: worst(signed, renewalStarted) };
  const inEvery = day >= period.startLatest && day <= period.endEarliest;
  return { status: 'active', certainty: inEvery ? signed : worst(signed, 'possible') };
}

function disbursedBy(candidate: Candidate, day: string): MoneyValue {
  const currency = candidate.terms.total.currency;
  let minor = 0n;
  for (const fact of candidate.entity.facts) {
    if (fact.type !== 'ContributionDisbursed' || fact.retraction) continue;
    if (happenedBy(fact.data.occurredOn as string, day) !== 'certain') continue;
    const amount = fact.data.amount as unknown as MoneyValue;
    if (amount.currency === currency) minor += toMinorUnits(amount);
  }
  return fromMinorUnits(minor, currency);
}

export interface CommitmentsQuery {
  /** Valid date D, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** Also list retracted commitments (status "retracted"); by default a retracted fact is gone from state. */
  readonly includeRetracted?: boolean;
}

export function referenceCommitmentsAt(state: LedgerState, query: CommitmentsQuery): CommitmentsView {
  const day = query.asOf;
  const candidates: Candidate[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'agreement' && entity.kind !== 'pledge') continue;
    const candidate = candidateOf(entity);
    if (candidate && (!candidate.fact.retraction || query.includeRetracted)) candidates.push(candidate);
  }
  const renewalsOf = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.renews && !c.fact.retraction) renewalsOf.set(c.renews, [...(renewalsOf.get(c.renews) ?? []), c]);
  }

  const items: CommitmentItem[] = [];
  for (const candidate of candidates) {
    const known = happenedBy(candidate.fact.data.occurredOn as string, day);
    if (known === 'none') continue;
    const renewals = (renewalsOf.get(candidate.entity.stream) ?? []).filter(
      (r) => happenedBy(r.fact.data.occurredOn as string, day) !== 'none',
    );
    const { status, certainty } = candidate.fact.retraction
      ? { status: 'retracted' as const, certainty: 'certain' as const }
      : statusAt(candidate, renewals, day, known);
    const schedule = candidate.terms.schedule ?? [];
    const year = Number(day.slice(0, 4));
    const thisYear = schedule.find((row) => row.year === year);
    const data = candidate.fact.data;
    const title = (data.title as { en?: string } | undefined)?.en ?? null;
    items.push({
      id: candidate.entity.stream,
      kind: candidate.kind,
      recordedAs: candidate.fact.type,
      title,
      donorId: candidate.terms.donorId,
      recipientId: candidate.terms.recipientId,
      total: candidate.terms.total,
      period: candidate.terms.period ?? null,
      periodSpan: candidate.terms.period ? periodSpan(candidate.terms.period, data.occurredOn as string) : null,
      schedule,
      scheduledForYear: thisYear ? { year, amount: thisYear.amount } : null,
      purposes: candidate.terms.purposes ?? (candidate.terms.purpose ? [candidate.terms.purpose] : []),
      occurredOn: data.occurredOn as string,
      status,
      certainty: certainty === 'none' ? 'possible' : certainty,
      renews: candidate.renews,
      renewedBy: byValidTime(renewals, (r) => r.fact.data.occurredOn as string, (r) => r.entity.stream).map((r) => r.entity.stream),
      disbursed: disbursedBy(candidate, day),
      sources: candidate.entity.facts.filter((f) => !f.retraction).flatMap(supportingSources),
      claims: candidate.entity.facts.filter((f) => !f.retraction).flatMap(claimsOf),
    });
  }
  const ordered = byValidTime(items, (item) => item.occurredOn, (item) => item.id);
  return { items: ordered, totals: totalsOf(ordered), perYear: perYearOf(ordered) };
}

function totalsOf(items: CommitmentItem[]): CommitmentsView['totals'] {
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

function perYearOf(items: CommitmentItem[]): CommitmentsView['perYear'] {
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

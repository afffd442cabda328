import type { JsonObject } from '../../src/event-store/event-store.port';
import { toMinorUnits } from '../../src/domain/money';
import { dayNumber, partialDateDays } from '../../src/domain/partial-date';
import { periodSpan } from '../../src/domain/period';
import { AGREEMENT_SIGNED, Commitment } from '../../src/events/agreement-signed.event';
import { PLEDGE_MADE, PLEDGE_RENEWED, PledgeMadeData, PledgeRenewedData } from '../../src/events/pledge.events';
import { NEVER } from '../columnar/step-sums';
import { EntityRecord, FactRecord, IndexedEntity, dataOf } from '../ledger/fact-record';

/**
 * How a commitment-bearing fact (an agreement with money, a pledge, a renewal) is read: the terms it states, as
 * the event catalogue types them, and what the valid-time index derives from them.
 */

export const COMMITMENT_FACTS: ReadonlySet<string> = new Set([AGREEMENT_SIGNED, PLEDGE_MADE, PLEDGE_RENEWED]);

/** The terms a commitment fact states: an agreement's `commitment`, or the pledge or renewal itself. */
export type Terms = Commitment | PledgeMadeData | PledgeRenewedData;

/** How a commitment fact is to be read. */
export interface CommitmentReading {
  /** A pledge is an announcement (FTS/IATI sense), totalled apart from commitments. */
  readonly pledge: boolean;
  readonly terms: Terms;
  /** The stream a renewal renews; null for anything else. */
  readonly renews: string | null;
  /** When the fact happened (signed, announced). */
  readonly occurredOn: string;
  /** An agreement's English title; null for a pledge. */
  readonly title: string | null;
}

/** How a fact with this type and data (as believed) is read; null for an agreement that commits to nothing or any other fact. */
export function commitmentReadingOf(fact: { readonly type: string; readonly data: JsonObject }): CommitmentReading | null {
  const agreement = dataOf(fact, AGREEMENT_SIGNED);
  if (agreement) {
    if (!agreement.commitment) return null;
    return { pledge: false, terms: agreement.commitment, renews: null, occurredOn: agreement.occurredOn, title: agreement.title.en };
  }
  const renewal = dataOf(fact, PLEDGE_RENEWED);
  // A renewal restated as binding counts as a commitment; pledges are announcements (FTS/IATI sense).
  if (renewal) return { pledge: renewal.kind !== 'commitment', terms: renewal, renews: renewal.renews, occurredOn: renewal.occurredOn, title: null };
  const pledge = dataOf(fact, PLEDGE_MADE);
  return pledge ? { pledge: true, terms: pledge, renews: null, occurredOn: pledge.occurredOn, title: null } : null;
}

/** What the commitment says it is for: an agreement's purposes, a pledge's purpose. */
export function purposesOf(terms: Terms): readonly string[] {
  if ('purposes' in terms) return terms.purposes ?? [];
  return 'purpose' in terms && terms.purpose ? [terms.purpose] : [];
}

/** The commitment fact of an agreement or pledge stream, and how it is to be read. */
export interface CommitmentFact extends CommitmentReading {
  readonly fact: FactRecord;
}

/** The first commitment-bearing fact of an entity (retracted or not), as the commitments view reads it. */
export function commitmentFactOf(entity: EntityRecord): CommitmentFact | null {
  const fact = entity.facts.find((f) => COMMITMENT_FACTS.has(f.type));
  if (!fact) return null;
  const reading = commitmentReadingOf(fact);
  return reading && { fact, ...reading };
}

/** What the index derives from an agreement or pledge: the terms of its first commitment fact, as believed. */
export interface CommitmentTerms {
  readonly pledge: boolean;
  readonly retracted: boolean;
  readonly knownFrom: number;
  readonly knownCertain: number;
  readonly hasPeriod: boolean;
  /** The earliest day the period may start and the latest it may end: active at D in some possible period. */
  readonly periodFrom: number;
  readonly periodTo: number;
  /** The latest possible start and earliest possible end: active at D in every possible period. */
  readonly periodCertainFrom: number;
  readonly periodCertainTo: number;
  readonly currency: string;
  readonly amount: bigint;
  readonly renews: string | null;
  readonly schedule: readonly { year: number; currency: string; amount: bigint }[];
}

export function commitmentTermsOf(entity: IndexedEntity): CommitmentTerms | null {
  const fact = entity.facts.find((f) => COMMITMENT_FACTS.has(f.type));
  return fact ? commitmentTermsOfFact(fact, fact.retraction !== null) : null;
}

/** The terms stated by a commitment fact with this data (as believed), or null when it states none. */
export function commitmentTermsOfFact(fact: { readonly type: string; readonly data: JsonObject }, retracted: boolean): CommitmentTerms | null {
  const reading = commitmentReadingOf(fact);
  if (!reading) return null;
  const { terms, occurredOn } = reading;
  const known = partialDateDays(occurredOn);
  const span = terms.period ? periodSpan(terms.period, occurredOn) : null;
  return {
    pledge: reading.pledge,
    retracted,
    knownFrom: known.earliest,
    knownCertain: known.latest,
    hasPeriod: span !== null,
    periodFrom: span ? dayNumber(span.startEarliest) : 0,
    periodTo: span ? dayNumber(span.endLatest) : NEVER,
    periodCertainFrom: span ? dayNumber(span.startLatest) : 0,
    periodCertainTo: span ? dayNumber(span.endEarliest) : NEVER,
    currency: terms.total.currency,
    amount: toMinorUnits(terms.total),
    renews: reading.renews,
    schedule: (terms.schedule ?? []).map((row) => ({ year: row.year, currency: row.amount.currency, amount: toMinorUnits(row.amount) })),
  };
}

export const sameCommitmentTerms = (a: CommitmentTerms, b: CommitmentTerms) =>
  a.pledge === b.pledge &&
  a.retracted === b.retracted &&
  a.knownFrom === b.knownFrom &&
  a.knownCertain === b.knownCertain &&
  a.hasPeriod === b.hasPeriod &&
  a.periodFrom === b.periodFrom &&
  a.periodTo === b.periodTo &&
  a.periodCertainFrom === b.periodCertainFrom &&
  a.periodCertainTo === b.periodCertainTo &&
  a.currency === b.currency &&
  a.amount === b.amount &&
  a.renews === b.renews &&
  a.schedule.length === b.schedule.length &&
  a.schedule.every((row, i) => row.year === b.schedule[i]!.year && row.currency === b.schedule[i]!.currency && row.amount === b.schedule[i]!.amount);

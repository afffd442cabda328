import type { MoneyValue } from '../../src/domain/money';
import type { Certainty } from '../../src/domain/partial-date';
import type { PeriodSpan, PeriodValue } from '../../src/domain/period';
import type { PageInfo } from '../columnar/paging';
import type { CitationView, FactClaim } from '../ledger/citation.view';

/** What the commitments view answers (types only: the auditor's page imports them too). */

export type CommitmentKind = 'pledge' | 'commitment';

export type CommitmentStatus = 'announced' | 'upcoming' | 'active' | 'completed' | 'superseded' | 'retracted';

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

export interface PerYearTotal {
  readonly year: number;
  readonly currency: string;
  readonly commitments: MoneyValue;
  readonly pledges: MoneyValue;
}

export interface CommitmentsView {
  readonly items: CommitmentItem[];
  readonly page: PageInfo;
  readonly totals: { readonly commitments: MoneyTotal[]; readonly pledges: MoneyTotal[] };
  readonly perYear: PerYearTotal[];
}

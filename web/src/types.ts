/** Shapes of the ledger's read API (see projections/*.ts). Bigints arrive as strings. */

export interface Money {
  readonly amount: string;
  readonly currency: string;
}

export type Certainty = 'certain' | 'possible';

export interface Citation {
  readonly sourceId: string;
  readonly quote: string;
  readonly note?: string;
}

export interface SourcedCitation extends Citation {
  readonly title: string | null;
  readonly publisher: string | null;
  readonly publishedOn: string | null;
  readonly language: string | null;
  readonly document: string | null;
  readonly url: string | null;
}

export interface ReadEnvelope {
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly position: string | null;
}

export interface CommitmentItem {
  readonly id: string;
  readonly kind: 'pledge' | 'commitment';
  readonly recordedAs: string;
  readonly title: string | null;
  readonly donorId: string;
  readonly recipientId: string;
  readonly total: Money;
  /** As recorded: both ends, or a duration from a start (the signing when no `from`). */
  readonly period: { from?: string; to?: string; duration?: string; bounds?: 'whole' | 'within' } | null;
  /** Every possible period: the earliest and latest day each end may fall on. */
  readonly periodSpan: { startEarliest: string; startLatest: string; endEarliest: string; endLatest: string } | null;
  readonly schedule: readonly { year: number; amount: Money }[];
  readonly scheduledForYear: { year: number; amount: Money } | null;
  readonly purposes: readonly string[];
  readonly occurredOn: string;
  readonly status: 'announced' | 'upcoming' | 'active' | 'completed' | 'superseded' | 'retracted';
  readonly certainty: Certainty;
  readonly renews: string | null;
  readonly renewedBy: readonly string[];
  readonly disbursed: Money;
  readonly sources: readonly Citation[];
}

export interface MoneyTotal {
  readonly currency: string;
  readonly total: Money;
  readonly active: Money;
}

export interface CommitmentsView {
  readonly items: readonly CommitmentItem[];
  readonly totals: { readonly commitments: readonly MoneyTotal[]; readonly pledges: readonly MoneyTotal[] };
  readonly perYear: readonly { year: number; currency: string; commitments: Money; pledges: Money }[];
}

export interface OfficeItem {
  readonly id: string;
  readonly officeId: string;
  readonly name: { en: string; ar?: string };
  readonly city: string;
  readonly country: string;
  readonly operatorId: string;
  readonly hostAgreement: string | null;
  readonly mandate: string | null;
  readonly openedOn: string;
  readonly openedOnPrecision: string;
  readonly closedOn: string | null;
  readonly certainty: Certainty;
  readonly sources: readonly Citation[];
}

export interface EngagementItem {
  readonly id: string;
  readonly title: { en: string; ar?: string };
  readonly from: string;
  readonly certainty: Certainty;
}

export interface ProgrammeItem {
  readonly id: string;
  readonly name: { en: string; ar?: string };
  readonly launchedOn: string;
  readonly certainty: Certainty;
}

export interface StateResponse extends ReadEnvelope {
  readonly events: number;
  readonly commitments: CommitmentsView;
  readonly offices: readonly OfficeItem[];
  readonly engagements: readonly EngagementItem[];
  readonly programmes: readonly ProgrammeItem[];
}

export interface TimelineEntry {
  readonly stream: string;
  readonly eventId: string;
  readonly type: string;
  readonly validTime: string;
  readonly certainty: Certainty;
  readonly summary: string;
  /** The fact's data as believed at the read's recorded time. */
  readonly data?: JsonObject;
  readonly corrected: boolean;
  readonly recordedAt: string;
  readonly position: string;
  readonly sources: readonly SourcedCitation[];
}

export interface TimelineResponse extends ReadEnvelope {
  readonly timeline: readonly TimelineEntry[];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

interface HistoryBase {
  readonly position: string;
  readonly recordedAt: string;
  readonly actor: string | null;
  readonly eventId: string;
  readonly type: string;
  readonly sources: readonly SourcedCitation[];
}

export type HistoryEntry =
  | (HistoryBase & { readonly change: 'recorded'; readonly data: JsonObject })
  | (HistoryBase & {
      readonly change: 'corrected';
      readonly correctedEventId: string;
      readonly changes: JsonObject;
      readonly before: JsonObject;
      readonly reason: string;
    })
  | (HistoryBase & { readonly change: 'retracted'; readonly retractedEventId: string; readonly reason: string });

export interface HistoryResponse extends ReadEnvelope {
  readonly history: {
    readonly stream: string;
    readonly entries: readonly HistoryEntry[];
    readonly current: readonly { eventId: string; type: string; data: JsonObject; retracted: boolean }[];
  };
}

export interface ModelDiff<Summary> {
  readonly added: readonly Summary[];
  readonly removed: readonly Summary[];
  readonly changed: readonly { id: string; before: Summary; after: Summary }[];
}

export interface DiffResponse extends ReadEnvelope {
  readonly diff: {
    readonly from: string;
    readonly to: string;
    readonly commitments: ModelDiff<{ id: string; status: string; certainty: string }>;
    readonly offices: ModelDiff<{ id: string; certainty: string }>;
    readonly engagements: ModelDiff<{ id: string; certainty: string; followUps: string }>;
    readonly programmes: ModelDiff<{ id: string; certainty: string }>;
  };
}

export interface StoredEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: string;
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface EventsResponse {
  readonly position: string | null;
  readonly events: readonly StoredEvent[];
}

export interface Party {
  readonly en: string;
  readonly ar?: string;
}

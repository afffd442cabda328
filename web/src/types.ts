/**
 * Shapes of the ledger's read API. The views are the projections' own types (projections/views.ts, imported
 * type-only: nothing of them reaches the page at run time), in their JSON form: bigints arrive as strings.
 */
import type * as V from '../../projections/views';

export type JsonValue = V.JsonValue;
export type JsonObject = V.JsonObject;

export type Money = V.Json<V.MoneyValue>;

export type Certainty = 'certain' | 'possible';

export type Citation = V.Json<V.CitationView>;
export type SourcedCitation = V.Json<V.SourcedCitation>;

export interface ReadEnvelope {
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly position: string | null;
}

export type CommitmentItem = V.Json<V.CommitmentItem>;
export type MoneyTotal = V.Json<V.MoneyTotal>;
export type CommitmentsView = V.Json<V.CommitmentsView>;
export type OfficeItem = V.Json<V.OfficeItem>;

/**
 * What the page reads of an engagement. The engagements view's own type rests on the event catalogue's data
 * classes (decorated, with server-side imports), which the page's compiler does not read.
 */
export interface EngagementItem {
  readonly id: string;
  readonly title: { en: string; ar?: string };
  readonly from: string;
  readonly certainty: Certainty;
}

export type ProgrammeItem = V.Json<V.ProgrammeItem>;

export interface StateResponse extends ReadEnvelope {
  readonly events: number;
  readonly commitments: CommitmentsView;
  readonly offices: readonly OfficeItem[];
  readonly engagements: readonly EngagementItem[];
  readonly programmes: readonly ProgrammeItem[];
}

export type TimelineEntry = V.Json<V.TimelineEntry>;

export interface TimelineResponse extends ReadEnvelope {
  readonly timeline: readonly TimelineEntry[];
}

export type HistoryEntry = V.Json<V.HistoryEntry>;

export interface HistoryResponse extends ReadEnvelope {
  readonly history: V.Json<V.EntityHistory>;
}

export type ModelDiff<Summary> = V.ModelDiff<Summary>;

export interface DiffResponse extends ReadEnvelope {
  readonly diff: V.Json<V.StateDiff>;
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

/**
 * The view types the read API answers, in one place and with no runtime code: the auditor's page (web/src/types.ts)
 * imports them, type-only, in their JSON form (Json<T>). Each is declared once, in its read model's *.view.ts.
 */

export type { MoneyValue } from '../src/domain/money';
import type { JsonValue } from '../src/domain/json';

export type { JsonObject, JsonValue } from '../src/domain/json';
export type { PeriodSpan, PeriodValue } from '../src/domain/period';
export type { PageInfo } from './columnar/paging';
export type { CitationView } from './ledger/citation.view';
export type { SourceCitation, SourceDocument, SourceItem, SourcedCitation } from './sources/sources.view';
export type { CommitmentItem, CommitmentKind, CommitmentStatus, CommitmentsView, MoneyTotal, PerYearTotal } from './commitments/commitments.view';
export type { OfficeItem, OfficesView } from './offices/offices.view';
export type { AgreementItem } from './agreements/agreements.view';
export type { ProgrammeItem } from './programmes/programmes.view';
export type { TimelineEntry } from './timeline/timeline.view';
export type { EntityHistory, HistoryEntry } from './history/history.view';
export type { AgreementSummary, CommitmentSummary, EngagementSummary, ModelDiff, OfficeSummary, ProgrammeSummary, StateDiff } from './diff/diff.view';

/** A view as it arrives over HTTP: every bigint a decimal string (src/http/json-answer.interceptor.ts). */
export type Json<T> = T extends JsonValue
  ? T
  : T extends bigint
    ? string
    : T extends readonly (infer Item)[]
      ? readonly Json<Item>[]
      : T extends object
        ? { readonly [K in keyof T]: Json<T[K]> }
        : T;

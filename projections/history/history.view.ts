import type { JsonObject } from '../../src/domain/json';
import type { SourcedCitation } from '../sources/sources.view';

/** What the history of one entity answers (types only). */

export type HistoryEntry =
  | {
      readonly change: 'recorded';
      readonly position: bigint;
      readonly recordedAt: string;
      readonly actor: string | null;
      readonly eventId: string;
      readonly type: string;
      readonly data: JsonObject;
      readonly sources: SourcedCitation[];
    }
  | {
      readonly change: 'corrected';
      readonly position: bigint;
      readonly recordedAt: string;
      readonly actor: string | null;
      readonly eventId: string;
      readonly correctedEventId: string;
      readonly type: string;
      readonly changes: JsonObject;
      readonly before: JsonObject;
      readonly reason: string;
      readonly sources: SourcedCitation[];
    }
  | {
      readonly change: 'retracted';
      readonly position: bigint;
      readonly recordedAt: string;
      readonly actor: string | null;
      readonly eventId: string;
      readonly retractedEventId: string;
      readonly type: string;
      readonly reason: string;
      readonly sources: SourcedCitation[];
    };

export interface EntityHistory {
  readonly stream: string;
  readonly entries: HistoryEntry[];
  /** Each fact as believed now (corrections applied), retracted ones marked. */
  readonly current: { eventId: string; type: string; data: JsonObject; retracted: boolean }[];
}


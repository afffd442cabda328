import type { JsonObject } from '../../src/domain/json';
import type { Certainty } from '../../src/domain/partial-date';
import type { SourcedCitation } from '../sources/sources.view';
import type { FactClaim } from '../ledger/citation.view';

/** What the timeline answers (types only). */

/** Every fact that happened by valid date D, oldest first, each with the sources it rests on. */

export interface TimelineEntry {
  readonly stream: string;
  readonly eventId: string;
  readonly type: string;
  readonly validTime: string;
  readonly certainty: Exclude<Certainty, 'none'>;
  readonly summary: string;
  /** The fact's data as believed at the read's recorded time, so a reader can say it in its own words and language. */
  readonly data: JsonObject;
  readonly corrected: boolean;
  readonly recordedAt: string;
  readonly position: bigint;
  readonly sources: SourcedCitation[];
  /** Values its sources give other than those adopted: the fact is disputed while this is not empty. */
  readonly claims: FactClaim[];
}

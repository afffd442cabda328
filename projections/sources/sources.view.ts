import type { JsonObject } from '../../src/domain/json';
import type { CitationView } from '../ledger/citation.view';

/** What the sources views answer, and the citations every view carries (types only). */

/** A citation with what an auditor needs to find the words: the document, its publisher and language. */
export interface SourcedCitation extends CitationView {
  readonly title: string | null;
  readonly publisher: string | null;
  readonly publishedOn: string | null;
  readonly language: string | null;
  readonly document: string | null;
  readonly url: string | null;
}

export interface SourceItem {
  readonly sourceId: string;
  readonly title: string;
  readonly titleEn?: string;
  readonly publisher: string;
  readonly publishedOn?: string;
  readonly language: string;
  readonly url?: string;
  readonly kind: string;
  readonly document?: string;
  /** Null only for a source registered before the ledger held documents. */
  readonly contentSha256: string | null;
  /** The text's length in UTF-16 code units, the unit of every citation's offsets; null without text. */
  readonly length: number | null;
  /** How many facts (still standing) cite it, in their own citations or their corrections'. */
  readonly citedBy: number;
  readonly position: bigint;
  readonly recordedAt: string;
}

export interface SourceCitation {
  /** The stream of the fact the citation supports. */
  readonly stream: string;
  /** The event that carries the citation: the fact itself, or a correction of it. */
  readonly eventId: string;
  readonly type: string;
  /** For a correction's citation, the fact it corrects. */
  readonly corrects?: string;
  /** Its index in that event's citations (`sources.<index>` of the command that recorded it). */
  readonly citationIndex: number;
  readonly quote: string;
  readonly note?: string;
  /** What this source says where it disagrees with the fact as recorded (field path → value). */
  readonly claim?: JsonObject;
  /** Offsets into the source's text (UTF-16 code units): `text.slice(start, end)` is what the quote matched. */
  readonly start: number | null;
  readonly end: number | null;
  readonly position: bigint;
}

export interface SourceDocument {
  readonly source: SourceItem;
  /** NFC, as registered; null only for a source registered before the ledger held documents. */
  readonly text: string | null;
  readonly citations: SourceCitation[];
}

import type { JsonObject } from '../../src/domain/json';

/** A fact's citation of a source, as the views answer it (types only: the auditor's page imports them too). */
export interface CitationView {
  readonly sourceId: string;
  readonly quote: string;
  readonly note?: string;
  /** Values this source gives that differ from the fact as recorded (field path → value). */
  readonly claim?: JsonObject;
  /** The quote's offsets in its source's text, kept when the fact was recorded (absent on older events). */
  readonly start?: number;
  readonly end?: number;
}


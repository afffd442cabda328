import type { JsonObject, JsonValue } from '../../src/domain/json';

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


/**
 * A value a cited source gives for one of the fact's fields, other than the value the fact holds as believed at
 * the read's recorded time: what makes the fact disputed there.
 */
export interface FactClaim {
  /** The field path the claim is about (`occurredOn`, `commitment.period`). */
  readonly field: string;
  /** What the source gives. */
  readonly claimed: JsonValue;
  /** What the fact holds (null when it holds nothing there). */
  readonly adopted: JsonValue | null;
  readonly sourceId: string;
}

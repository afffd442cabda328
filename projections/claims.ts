import { JsonValue } from '../src/event-store/event-store.port';
import { canonicalJson } from '../src/events/canonical-json';
import { valueAt } from '../src/events/facts';
import { FactRecord, supportingSources } from './fact-record';

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

/**
 * The claims still standing against a fact: those of its citations and of its corrections' citations whose value
 * differs from the value now adopted. A correction that adopts a claimed value settles that claim, so the same
 * fact reads disputed before the correction and not after it, while a claim the correction did not adopt stays.
 */
export function claimsOf(fact: FactRecord): FactClaim[] {
  const claims: FactClaim[] = [];
  for (const citation of supportingSources(fact)) {
    if (!citation.claim) continue;
    for (const [field, claimed] of Object.entries(citation.claim)) {
      const adopted = valueAt(fact.data, field) ?? null;
      if (canonicalJson(adopted) !== canonicalJson(claimed)) claims.push({ field, claimed, adopted, sourceId: citation.sourceId });
    }
  }
  return claims;
}

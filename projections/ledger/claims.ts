import { canonicalJson } from '../../src/events/canonical-json';
import { valueAt } from '../../src/events/facts';
import type { FactClaim } from './citation.view';
import { FactRecord, supportingSources } from './fact-record';

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

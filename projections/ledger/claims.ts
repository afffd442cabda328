import { canonicalJson } from '../../src/events/canonical-json';
import { valueAt } from '../../src/events/facts';
import type { CitationView, FactClaim } from './citation.view';
import { FactRecord, supportingSources } from './fact-record';

/**
 * The claims still standing against a fact: those of its citations and of its corrections' citations whose value
 * differs from the value now adopted. A correction that adopts a claimed value settles that claim, so the same
 * fact reads disputed before the correction and not after it, while a claim the correction did not adopt stays.
 */
export function claimsOf(fact: FactRecord, citations: readonly CitationView[] = supportingSources(fact)): FactClaim[] {
  const claims: FactClaim[] = [];
  for (const citation of citations) {
    if (!citation.claim) continue;
    for (const [field, claimed] of Object.entries(citation.claim)) {
      const adopted = valueAt(fact.data, field) ?? null;
      if (canonicalJson(adopted) !== canonicalJson(claimed)) claims.push({ field, claimed, adopted, sourceId: citation.sourceId });
    }
  }
  return claims;
}

/**
 * What an entity's standing (unretracted) facts rest on and the claims still standing against them, each fact's
 * citations decoded once for both: a list answer builds this for every item on its page.
 */
export function evidenceOf(facts: readonly FactRecord[]): { sources: CitationView[]; claims: FactClaim[] } {
  const sources: CitationView[] = [];
  const claims: FactClaim[] = [];
  for (const fact of facts) {
    if (fact.retraction) continue;
    const cited = supportingSources(fact);
    sources.push(...cited);
    claims.push(...claimsOf(fact, cited));
  }
  return { sources, claims };
}

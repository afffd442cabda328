import type { JsonObject } from '../../src/event-store/event-store.port';
import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { COMMITMENT_FACTS, CommitmentTerms, commitmentTermsOfFact } from '../commitments/commitment-terms';
import { OFFICE_FACTS, OfficeTerms, officeTermsOfFirstFact } from '../offices/office-terms';

/** Event types that can change what the indexes derive from an entity. */
const INDEXED_TYPES: ReadonlySet<string> = new Set([...COMMITMENT_FACTS, ...OFFICE_FACTS, FACT_CORRECTED, FACT_RETRACTED]);

/** Whether an event of `type` on a stream of `kind` can change what the index derives (it reads no other kind). */
export function isIndexed(kind: string, type: string): boolean {
  return (kind === 'agreement' || kind === 'pledge' || kind === 'office') && INDEXED_TYPES.has(type);
}

export type IndexedTerms = { readonly kind: 'commitment'; readonly terms: CommitmentTerms | null } | { readonly kind: 'office'; readonly terms: OfficeTerms | null };

/**
 * What the index derives from an entity whose only fact is one of `type` with this data: what `update` would
 * derive from it, read from the fact alone (no record to make, no corrections or retraction to apply).
 * `undefined` when the index keeps nothing of the stream's kind.
 */
export function firstFactTerms(kind: string, type: string, data: JsonObject): IndexedTerms | undefined {
  if (kind === 'agreement' || kind === 'pledge') {
    return { kind: 'commitment', terms: COMMITMENT_FACTS.has(type) ? commitmentTermsOfFact({ type, data }, false) : null };
  }
  if (kind !== 'office') return undefined;
  return { kind: 'office', terms: officeTermsOfFirstFact({ type, data }) };
}


import { InvariantViolated } from '../domain/errors';
import { CitationJson } from '../events/envelope';
import { Fact } from '../events/facts';
import { SOURCE_REGISTERED } from '../events/source-registered.event';
import { TextSpan, locateQuote } from '../domain/document-text';

/** A citation as stored: the quote's place in its document's text kept beside it. */
export type ProvenCitation = CitationJson & TextSpan;

export const CITATION_RULES = {
  registered: 'citation.source-must-be-registered',
  holdsText: 'citation.source-must-hold-text',
  quoteOccurs: 'citation.quote-must-occur-in-source',
} as const;

/**
 * Proves citation `index` against what its source's stream holds: the source is registered (not retracted), holds
 * its document's text, and the quote occurs in that text. Pure; throws InvariantViolated naming the citation's
 * index, the source and the rule, else returns the citation with the quote's offsets.
 */
export function proveCitation(citation: CitationJson, index: number, sourceFacts: readonly Fact[]): ProvenCitation {
  const field = `sources.${index}`;
  const registered = sourceFacts.find((fact) => fact.type === SOURCE_REGISTERED && !fact.retracted);
  if (!registered || registered.type !== SOURCE_REGISTERED) {
    throw new InvariantViolated(
      CITATION_RULES.registered,
      `${field}.sourceId must name a registered source; source-${citation.sourceId} holds none`,
      `${field}.sourceId`,
    );
  }
  const text = registered.data.text;
  if (text === undefined) {
    throw new InvariantViolated(
      CITATION_RULES.holdsText,
      `citation ${index}: source ${citation.sourceId} was registered without its document's text, so no quote can be proven against it`,
      `${field}.sourceId`,
    );
  }
  const span = locateQuote(text, citation.quote);
  if (span === null) {
    throw new InvariantViolated(
      CITATION_RULES.quoteOccurs,
      `citation ${index}: the quote does not occur in source ${citation.sourceId} (compared after NFC and whitespace collapsing only)`,
      `${field}.quote`,
    );
  }
  // Offsets come last, so a stored citation reads sourceId, quote, note, then where the quote is.
  return { ...citation, start: span.start, end: span.end };
}

/** Proves every citation of a command, in order, reading each source's stream once. */
export async function proveCitations(
  citations: readonly CitationJson[],
  readFacts: (stream: string) => Promise<readonly Fact[]>,
): Promise<ProvenCitation[]> {
  const proven: ProvenCitation[] = [];
  for (const [index, citation] of citations.entries()) {
    proven.push(proveCitation(citation, index, await readFacts(`source-${citation.sourceId}`)));
  }
  return proven;
}

import { SOURCE_REGISTERED } from '../../src/events/source-registered.event';
import { CitationView, LedgerState, dataOf } from '../ledger/ledger-state';
import type { SourcedCitation } from './sources.view';

export type { SourcedCitation } from './sources.view';

/** Each citation with what an auditor needs to find the words: the document, its publisher and language. */
export function describeCitations(state: LedgerState, citations: readonly CitationView[]): SourcedCitation[] {
  return citations.map((citation) => {
    const registration = state.entities.get(`source-${citation.sourceId}`)?.facts.find((f) => f.type === SOURCE_REGISTERED);
    const source = registration && dataOf(registration, SOURCE_REGISTERED);
    return {
      ...citation,
      title: source?.title ?? null,
      publisher: source?.publisher ?? null,
      publishedOn: source?.publishedOn ?? null,
      language: source?.language ?? null,
      document: source?.document ?? null,
      url: source?.url ?? null,
    };
  });
}

import { CitationView, LedgerState } from './ledger-state';

/** A citation with what an auditor needs to find the words: the document, its publisher and language. */
export interface SourcedCitation extends CitationView {
  readonly title: string | null;
  readonly publisher: string | null;
  readonly publishedOn: string | null;
  readonly language: string | null;
  readonly document: string | null;
  readonly url: string | null;
}

export function describeCitations(state: LedgerState, citations: readonly CitationView[]): SourcedCitation[] {
  return citations.map((citation) => {
    const source = state.entities.get(`source-${citation.sourceId}`)?.facts.find((f) => f.type === 'SourceRegistered');
    const data = source?.data ?? {};
    const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
    return {
      ...citation,
      title: text('title'),
      publisher: text('publisher'),
      publishedOn: text('publishedOn'),
      language: text('language'),
      document: text('document'),
      url: text('url'),
    };
  });
}

import { FACT_CORRECTED } from '../../src/events/fact-amended.events';
import { SOURCE_REGISTERED, SourceRegisteredData } from '../../src/events/source-registered.event';
import { locateQuote } from '../../src/domain/document-text';
import { CitationView, EntityRecord, FactRecord, LedgerState, standingFact } from '../ledger/ledger-state';
import type { SourceCitation, SourceDocument, SourceItem } from './sources.view';

export type { SourceCitation, SourceDocument, SourceItem } from './sources.view';

/**
 * The sources read side: every source document the ledger holds, and for one document its text and every
 * citation of it, as known at the state's position. Only facts that still stand count: a retracted fact (with
 * its corrections) no longer rests on anything, so its citations leave the list.
 */

/** The source's registration, if it still stands. */
function registrationOf(entity: EntityRecord): { readonly fact: FactRecord; readonly data: SourceRegisteredData } | undefined {
  return standingFact(entity, SOURCE_REGISTERED);
}

/** The field as a property when the data has it: the answer leaves out what the source does not say. */
function optional<K extends 'titleEn' | 'publishedOn' | 'url' | 'document'>(data: SourceRegisteredData, key: K): Partial<Pick<SourceRegisteredData, K>> {
  const value = data[key];
  return value === undefined ? {} : ({ [key]: value } as Partial<Pick<SourceRegisteredData, K>>);
}

function itemOf({ fact, data: d }: { readonly fact: FactRecord; readonly data: SourceRegisteredData }, citedBy: number): SourceItem {
  return {
    sourceId: d.sourceId,
    title: d.title,
    ...optional(d, 'titleEn'),
    publisher: d.publisher,
    ...optional(d, 'publishedOn'),
    language: d.language,
    ...optional(d, 'url'),
    kind: d.kind,
    ...optional(d, 'document'),
    contentSha256: d.contentSha256 ?? null,
    length: d.text === undefined ? null : d.text.length,
    citedBy,
    position: fact.position,
    recordedAt: fact.recordedAt,
  };
}

/** Each standing fact with the events whose citations support it: the fact's own, then each correction's. */
function* citingEvents(state: LedgerState): Generator<{ fact: FactRecord; eventId: string; type: string; position: bigint; sources: readonly CitationView[] }> {
  for (const entity of state.entities.values()) {
    for (const fact of entity.facts) {
      if (fact.retraction !== null) continue;
      yield { fact, eventId: fact.eventId, type: fact.type, position: fact.position, sources: fact.sources };
      for (const correction of fact.corrections) {
        yield { fact, eventId: correction.eventId, type: FACT_CORRECTED, position: correction.position, sources: correction.sources };
      }
    }
  }
}

/** Every source known at the state, in the order they were registered, each with how many facts cite it. */
export function sourcesAt(state: LedgerState): SourceItem[] {
  const citing = new Map<string, Set<string>>();
  for (const { fact, sources } of citingEvents(state)) {
    for (const { sourceId } of sources) {
      let facts = citing.get(sourceId);
      if (!facts) citing.set(sourceId, (facts = new Set()));
      facts.add(fact.eventId);
    }
  }
  const items: SourceItem[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'source') continue;
    const registered = registrationOf(entity);
    if (registered) items.push(itemOf(registered, citing.get(registered.data.sourceId)?.size ?? 0));
  }
  return items.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}

/** One source's document and every citation of it, or null when no such source is known at the state. */
export function sourceDocumentAt(state: LedgerState, sourceId: string): SourceDocument | null {
  const entity = state.entities.get(`source-${sourceId}`);
  const registered = entity && registrationOf(entity);
  if (!registered) return null;
  const text = registered.data.text ?? null;
  const citations: SourceCitation[] = [];
  const facts = new Set<string>();
  for (const { fact, eventId, type, position, sources } of citingEvents(state)) {
    sources.forEach((citation, citationIndex) => {
      if (citation.sourceId !== sourceId) return;
      facts.add(fact.eventId);
      // Citations recorded before offsets were kept are located now, by the same rule the recorder applies.
      const span =
        citation.start !== undefined && citation.end !== undefined
          ? { start: citation.start, end: citation.end }
          : text === null
            ? null
            : locateQuote(text, citation.quote);
      citations.push({
        stream: fact.stream,
        eventId,
        type,
        ...(type === FACT_CORRECTED ? { corrects: fact.eventId } : {}),
        citationIndex,
        quote: citation.quote,
        ...(citation.note !== undefined ? { note: citation.note } : {}),
        ...(citation.claim !== undefined ? { claim: citation.claim } : {}),
        start: span?.start ?? null,
        end: span?.end ?? null,
        position,
      });
    });
  }
  citations.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.citationIndex - b.citationIndex));
  return { source: itemOf(registered, facts.size), text, citations };
}

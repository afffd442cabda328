import { JsonObject } from '../src/event-store/event-store.port';
import { locateQuote } from '../src/registering-sources/document-text';
import { CitationView, FactRecord, LedgerState } from './ledger-state';

/**
 * The sources read side: every source document the ledger holds, and for one document its text and every
 * citation of it, as known at the state's position. Only facts that still stand count: a retracted fact (with
 * its corrections) no longer rests on anything, so its citations leave the list.
 */

export interface SourceItem {
  readonly sourceId: string;
  readonly title: string;
  readonly titleEn?: string;
  readonly publisher: string;
  readonly publishedOn?: string;
  readonly language: string;
  readonly url?: string;
  readonly kind: string;
  readonly document?: string;
  /** Null only for a source registered before the ledger held documents. */
  readonly contentSha256: string | null;
  /** The text's length in UTF-16 code units, the unit of every citation's offsets; null without text. */
  readonly length: number | null;
  /** How many facts (still standing) cite it, in their own citations or their corrections'. */
  readonly citedBy: number;
  readonly position: bigint;
  readonly recordedAt: string;
}

export interface SourceCitation {
  /** The stream of the fact the citation supports. */
  readonly stream: string;
  /** The event that carries the citation: the fact itself, or a correction of it. */
  readonly eventId: string;
  readonly type: string;
  /** For a correction's citation, the fact it corrects. */
  readonly corrects?: string;
  /** Its index in that event's citations (`sources.<index>` of the command that recorded it). */
  readonly citationIndex: number;
  readonly quote: string;
  readonly note?: string;
  /** Offsets into the source's text (UTF-16 code units): `text.slice(start, end)` is what the quote matched. */
  readonly start: number | null;
  readonly end: number | null;
  readonly position: bigint;
}

export interface SourceDocument {
  readonly source: SourceItem;
  /** NFC, as registered; null only for a source registered before the ledger held documents. */
  readonly text: string | null;
  readonly citations: SourceCitation[];
}

const SOURCE_REGISTERED = 'SourceRegistered';

function registrationOf(facts: readonly FactRecord[]): FactRecord | undefined {
  return facts.find((fact) => fact.type === SOURCE_REGISTERED && fact.retraction === null);
}

function optional(data: JsonObject, key: string): Record<string, string> {
  const value = data[key];
  return typeof value === 'string' ? { [key]: value } : {};
}

function itemOf(fact: FactRecord, citedBy: number): SourceItem {
  const d = fact.data;
  const text = typeof d.text === 'string' ? d.text : null;
  return {
    sourceId: String(d.sourceId),
    title: String(d.title),
    ...optional(d, 'titleEn'),
    publisher: String(d.publisher),
    ...optional(d, 'publishedOn'),
    language: String(d.language),
    ...optional(d, 'url'),
    kind: String(d.kind),
    ...optional(d, 'document'),
    contentSha256: typeof d.contentSha256 === 'string' ? d.contentSha256 : null,
    length: text === null ? null : text.length,
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
        yield { fact, eventId: correction.eventId, type: 'FactCorrected', position: correction.position, sources: correction.sources };
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
    const registered = registrationOf(entity.facts);
    if (registered) items.push(itemOf(registered, citing.get(String(registered.data.sourceId))?.size ?? 0));
  }
  return items.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}

/** One source's document and every citation of it, or null when no such source is known at the state. */
export function sourceDocumentAt(state: LedgerState, sourceId: string): SourceDocument | null {
  const entity = state.entities.get(`source-${sourceId}`);
  const registered = entity && registrationOf(entity.facts);
  if (!registered) return null;
  const text = typeof registered.data.text === 'string' ? registered.data.text : null;
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
        ...(type === 'FactCorrected' ? { corrects: fact.eventId } : {}),
        citationIndex,
        quote: citation.quote,
        ...(citation.note !== undefined ? { note: citation.note } : {}),
        start: span?.start ?? null,
        end: span?.end ?? null,
        position,
      });
    });
  }
  citations.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.citationIndex - b.citationIndex));
  return { source: itemOf(registered, facts.size), text, citations };
}

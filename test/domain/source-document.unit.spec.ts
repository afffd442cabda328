import { amendFactDecider } from '../../src/correcting-facts/amend-fact.decider';
import { SOURCE_REGISTERED } from '../../src/events/source-registered.event';
import { documentTextProblem, locateQuote } from '../../src/domain/document-text';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

const SOURCE_EVENT = '00000000-0000-4000-8000-00000000000a';
const registered = { id: SOURCE_EVENT, type: SOURCE_REGISTERED, data: dataOf(json.source()) };
const correct = (changes: Record<string, unknown>) => ({
  type: 'correct-fact' as const,
  data: payload.correct({ stream: 'source-article-000', eventId: SOURCE_EVENT, changes }),
});

describe("a source's document", () => {
  const spec = deciderSpec(amendFactDecider);

  it('cannot be corrected: its text and hash are immutable, a new version is a new source', () => {
    spec.given([registered]).when(correct({ text: 'نص آخر' })).thenThrows({ rule: 'source.document-is-immutable', field: 'changes.text' });
    spec.given([registered]).when(correct({ contentSha256: 'b'.repeat(64) })).thenThrows({ rule: 'source.document-is-immutable', field: 'changes.contentSha256' });
  });

  it('may have its description corrected', () => {
    const changes = { publisher: 'Qatar News Agency (QNA)' };
    spec
      .given([registered])
      .when(correct(changes))
      .then([{ type: 'FactCorrected', data: { eventId: SOURCE_EVENT, eventType: SOURCE_REGISTERED, changes, reason: 'The public record gives the day' } }]);
  });

  it('locates a quote by NFC and whitespace collapsing only, with offsets into the text as held', () => {
    const text = 'أولاً\n\nوقعت  دولة قطر\tاتفاقية.';
    expect(locateQuote(text, ' وقعت دولة قطر اتفاقية ')).toEqual({ start: 7, end: text.length - 1 });
    expect(locateQuote(text, 'وقعت دولة قطر اتفاقيه')).toBeNull();
    expect(locateQuote(text, '   ')).toBeNull();
  });

  it('names the first rule a text breaks', () => {
    expect(documentTextProblem('نص')).toBeNull();
    expect(documentTextProblem(' ')?.rule).toBe('isText');
    expect(documentTextProblem('a\ud800b')?.rule).toBe('isUtf8');
    expect(documentTextProblem('\ud83d\ude00 emoji is fine')).toBeNull();
    expect(documentTextProblem('e\u0301')?.rule).toBe('isNfc');
  });
});

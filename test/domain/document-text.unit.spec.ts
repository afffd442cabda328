import fc from 'fast-check';
import { isWhitespace, locateQuote } from '../../src/domain/document-text';

/** The quote rule written plainly (whitespace by the regular expression, a fresh collapse every time). */
function locateByDefinition(text: string, quote: string): { start: number; end: number } | null {
  const collapse = (value: string) => {
    let out = '';
    const from: number[] = [];
    let inSpace = false;
    for (let i = 0; i < value.length; i++) {
      const space = /\s/u.test(value[i]!);
      if (!space || !inSpace) {
        out += space ? ' ' : value[i]!;
        from.push(i);
      }
      inSpace = space;
    }
    return { text: out, from };
  };
  const needle = collapse(quote.normalize('NFC')).text.trim();
  if (needle.length === 0) return null;
  const haystack = collapse(text);
  const at = haystack.text.indexOf(needle);
  return at < 0 ? null : { start: haystack.from[at]!, end: haystack.from[at + needle.length - 1]! + 1 };
}

describe('document text: whitespace and quotes, the fast forms against their definitions', () => {
  it('counts as whitespace exactly the code units \\s matches', () => {
    const differing: number[] = [];
    for (let code = 0; code <= 0xffff; code++) if (isWhitespace(code) !== /\s/u.test(String.fromCharCode(code))) differing.push(code);
    expect(differing).toEqual([]);
  });

  it('locates any quote where the definition does, in documents with runs of every kind of whitespace', () => {
    const piece = fc.oneof(fc.constantFrom(' ', '  ', '\n', '\t', '\u00a0', '\u3000', ' \n ', 'دولة', 'قطر', 'UN', '،', 'a'), fc.string({ maxLength: 3 }));
    const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (document, a, b) => {
        const from = document.length === 0 ? 0 : a % document.length;
        const quote = document.slice(from, from + (b % 12));
        expect(locateQuote(document, quote)).toEqual(locateByDefinition(document, quote));
        expect(locateQuote(document, `${quote}\u2003x`)).toEqual(locateByDefinition(document, `${quote}\u2003x`));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers the same for a document proven against many times (kept collapsed) as for a fresh one', () => {
    const document = 'عقد أمس /الثلاثاء/\n\n  الحوار   الاستراتيجي الأول';
    const first = locateQuote(document, 'الحوار الاستراتيجي');
    for (let i = 0; i < 100; i++) locateQuote(`other document ${i}`, 'document');
    expect(locateQuote(document, 'الحوار الاستراتيجي')).toEqual(first);
    expect(first).toEqual(locateByDefinition(document, 'الحوار الاستراتيجي'));
    expect(document.slice(first!.start, first!.end)).toBe('الحوار   الاستراتيجي');
  });
});

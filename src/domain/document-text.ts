import { createHash } from 'node:crypto';

/**
 * A source's document text and where a quote sits in it. Pure functions: the registration checks the text with
 * them, the recording path proves each citation's quote against the text with them, and the read side uses the
 * offsets they found.
 */

/**
 * Largest document, in UTF-8 bytes. A SourceRegistered event carries its text, so the event must fit the HTTP body
 * limit (256 kB) with the rest of the payload, and stays far below EventStoreDB's default 1 MiB append limit.
 */
export const MAX_DOCUMENT_BYTES = 192 * 1024;

export interface TextProblem {
  readonly rule: 'isUtf8' | 'isNfc' | 'maxDocumentBytes' | 'isText';
  readonly message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `text` cannot be a document's text, or null. A JSON string can hold a lone surrogate, which no UTF-8 byte
 * sequence encodes; bytes that were not UTF-8 arrive decoded as U+FFFD (the body parser's and Node's replacement),
 * so that character marks a document that was not valid UTF-8 where it came from.
 */
export function documentTextProblem(text: unknown): TextProblem | null {
  if (typeof text !== 'string' || text.trim().length === 0) return { rule: 'isText', message: 'text must be the document’s non-blank text' };
  if (LONE_SURROGATE.test(text) || text.includes('\uFFFD')) {
    return { rule: 'isUtf8', message: 'text must be valid UTF-8 (it holds a lone surrogate or U+FFFD, the mark of bytes that were not UTF-8)' };
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) {
    return { rule: 'maxDocumentBytes', message: `text must be at most ${MAX_DOCUMENT_BYTES} bytes of UTF-8; it is ${bytes}` };
  }
  if (text !== text.normalize('NFC')) return { rule: 'isNfc', message: 'text must be in Unicode normalization form NFC' };
  return null;
}

/** The content hash a document's text is registered with: SHA-256 of its UTF-8 bytes, lower-case hex. */
export function sha256OfText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Offsets into a document's text, in UTF-16 code units (JavaScript string indices): `text.slice(start, end)`. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

const WHITESPACE = /\s/u;

/** `text` with each run of whitespace as one space, and for each of its characters the offset it came from. */
function collapsed(text: string): { readonly text: string; readonly from: readonly number[] } {
  let out = '';
  const from: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (WHITESPACE.test(ch)) {
      if (!inSpace) {
        out += ' ';
        from.push(i);
      }
      inSpace = true;
    } else {
      out += ch;
      from.push(i);
      inSpace = false;
    }
  }
  return { text: out, from };
}

/** A quote compared as the rule says: NFC, whitespace runs collapsed to one space, ends trimmed. Nothing else. */
export function normalisedQuote(quote: string): string {
  return collapsed(quote.normalize('NFC')).text.trim();
}

/**
 * Where `quote` first occurs in `text` after NFC and whitespace collapsing only, as offsets into `text` itself
 * (which is NFC already: registration refuses anything else); null when it does not occur. Case, diacritics and
 * punctuation must match: an auditor must find these very words in the document.
 */
export function locateQuote(text: string, quote: string): TextSpan | null {
  const needle = normalisedQuote(quote);
  if (needle.length === 0) return null;
  const haystack = collapsed(text);
  const at = haystack.text.indexOf(needle);
  if (at < 0) return null;
  return { start: haystack.from[at]!, end: haystack.from[at + needle.length - 1]! + 1 };
}

/** Fields of a SourceRegistered that a correction may not touch: the document is immutable, a new version is a new source. */
export const IMMUTABLE_SOURCE_FIELDS = ['text', 'contentSha256'] as const;

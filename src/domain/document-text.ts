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

/**
 * Whether a UTF-16 code unit is whitespace as JavaScript's `\s` has it (WhiteSpace and LineTerminator: the
 * Unicode Space_Separator characters, tab, vertical tab, form feed, BOM, and the four line terminators). Written
 * out because testing each character of a document against the regular expression was most of proving a quote.
 * test/domain/document-text.unit.spec.ts holds it to `\s` over every code unit.
 */
export function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

interface Collapsed {
  readonly text: string;
  readonly from: Int32Array;
}

/** `text` with each run of whitespace as one space, and for each of its characters the offset it came from. */
function collapsed(text: string): Collapsed {
  let out = '';
  const from = new Int32Array(text.length);
  let length = 0;
  let inSpace = false;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (isWhitespace(text.charCodeAt(i))) {
      if (!inSpace) {
        out += text.slice(runStart, i) + ' ';
        from[length++] = i;
      }
      inSpace = true;
    } else {
      if (inSpace) runStart = i;
      from[length++] = i;
      inSpace = false;
    }
  }
  if (!inSpace) out += text.slice(runStart);
  return { text: out, from: from.subarray(0, length) };
}

/**
 * Documents are immutable and few, and every citation of every command is proven against one: each document's
 * collapsed form is kept, the most recently used first, for the documents cited most.
 */
const collapsedDocuments = new Map<string, Collapsed>();
const KEPT_DOCUMENTS = 32;

function collapsedDocument(text: string): Collapsed {
  let found = collapsedDocuments.get(text);
  if (found !== undefined) {
    collapsedDocuments.delete(text);
  } else {
    found = collapsed(text);
    if (collapsedDocuments.size >= KEPT_DOCUMENTS) collapsedDocuments.delete(collapsedDocuments.keys().next().value!);
  }
  collapsedDocuments.set(text, found);
  return found;
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
  const haystack = collapsedDocument(text);
  const at = haystack.text.indexOf(needle);
  if (at < 0) return null;
  return { start: haystack.from[at]!, end: haystack.from[at + needle.length - 1]! + 1 };
}

/** Fields of a SourceRegistered that a correction may not touch: the document is immutable, a new version is a new source. */
export const IMMUTABLE_SOURCE_FIELDS = ['text', 'contentSha256'] as const;

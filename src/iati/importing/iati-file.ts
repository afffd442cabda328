import { XMLParser } from 'fast-xml-parser';
import { FieldError, ValidationFailed } from '../../domain/errors';

/** Largest IATI file an import takes: 10,000 transactions of a typical publisher are about 10 MB. */
export const IATI_FILE_LIMIT_BYTES = 32 * 1024 * 1024;

/** A parsed element: attributes as `@_name`, text as `#text`, children by name (repeatable ones as arrays). */
export type XmlNode = { readonly [key: string]: unknown };

const REPEATED = new Set([
  'iati-activity',
  'narrative',
  'participating-org',
  'activity-date',
  'budget',
  'transaction',
  'document-link',
  'description',
  'title',
  'related-activity',
]);

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

export interface IatiFile {
  readonly text: string;
  readonly sha256: string;
  readonly root: XmlNode;
  /** Line (1-based) of a character offset. */
  lineAt(offset: number): number;
}

/** The raw text of a parsed element, and its first line, from the offsets the parser kept. */
export function sourceOf(file: IatiFile, node: XmlNode): { xml: string; line: number } | null {
  const meta = (node as Record<symbol, { startIndex?: number; endIndex?: number } | undefined>)[META];
  if (meta?.startIndex === undefined || meta.endIndex === undefined) return null;
  return { xml: file.text.slice(meta.startIndex, meta.endIndex), line: file.lineAt(meta.startIndex) };
}

function refuse(errors: FieldError[]): never {
  throw new ValidationFailed(errors);
}

/** Line of the first match of a pattern, for naming where a refused construct is. */
function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Checks what must hold before any parser or validator reads the bytes: the size limit, UTF-8, and no document
 * type declaration. IATI files need no DTD; refusing one refuses every entity declaration, so no entity can expand
 * (the "billion laughs") and none can point outside the file.
 */
export function checkIatiBytes(bytes: Buffer, limit = IATI_FILE_LIMIT_BYTES): string {
  if (bytes.length > limit) {
    refuse([{ field: 'file', rule: 'maxSize', message: `the file has ${bytes.length} bytes; an IATI import takes at most ${limit}` }]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse([{ field: 'file', rule: 'isUtf8', message: 'the file must be UTF-8 encoded XML' }]);
  }
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(text);
  if (doctype) {
    refuse([
      {
        field: `line ${lineOf(text, doctype.index)}`,
        rule: 'noDocumentTypeDeclaration',
        message: `a document type declaration (${doctype[0]}) is refused: an IATI activity file needs none, and its entities could expand without bound`,
      },
    ]);
  }
  return text;
}

/** Parses text that has passed checkIatiBytes and the schema. Values stay strings: amounts are never floats. */
export function parseIatiText(text: string, sha256: string): IatiFile {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    alwaysCreateTextNode: true,
    trimValues: true,
    // Only XML's five predefined entities and character references remain (checkIatiBytes refused any DTD).
    processEntities: true,
    htmlEntities: false,
    captureMetaData: true,
    isArray: (name) => REPEATED.has(name),
  });
  const root = parser.parse(text) as XmlNode;
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  return { text, sha256, root, lineAt };
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

export function textOf(node: XmlNode | undefined): string {
  const value = node?.['#text'];
  return typeof value === 'string' ? value : '';
}

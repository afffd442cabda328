import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationFailed } from '../domain/errors';

/** Where a fixtures directory keeps the documents its register-source entries name. */
export const DOCUMENTS_DIR = 'sources';

/**
 * A register-source payload with its document's text read from `<fixtures>/sources/<document>` when the entry
 * names a document and carries no text, so fixture files stay readable and the text still goes through every
 * check a registration gets (hash, NFC, UTF-8, size). Bytes that are not UTF-8 are read as U+FFFD, which the text
 * rule refuses. Any other payload is returned as it is.
 */
export function withDocumentText(command: string, payload: unknown, fixturesDir: string): unknown {
  if (command !== 'register-source' || typeof payload !== 'object' || payload === null) return payload;
  const { document, text } = payload as { document?: unknown; text?: unknown };
  if (typeof document !== 'string' || text !== undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(document)) return payload;
  let read: string;
  try {
    read = readFileSync(join(fixturesDir, DOCUMENTS_DIR, document), 'utf8');
  } catch {
    throw new ValidationFailed([
      { field: 'document', rule: 'documentExists', message: `${DOCUMENTS_DIR}/${document} must exist beside the fixture files` },
    ]);
  }
  return { ...payload, text: read };
}

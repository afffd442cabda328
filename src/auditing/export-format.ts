import { JsonObject, StoredEvent } from '../event-store/event-store.port';
import { StoredEventJson, storedEventJson } from '../event-store/stored-event-json';

export const EXPORT_FORMAT = 'partnership-ledger-export';
export const EXPORT_VERSION = 1;

/** The first line of an export. */
export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: string;
  readonly eventCount: number;
  /** Global position of the last exported event in the store it came from. */
  readonly lastPosition: string | null;
  /** The store it came from: `sqlite` or `eventstoredb`. */
  readonly store: string;
}

/** One line per stored event, bigints as decimal strings. */
/** One line of the export per stored event. */
export type ExportedEvent = StoredEventJson;

export class ExportFormatError extends Error {
  override readonly name = 'ExportFormatError';
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

export function encodeHeader(header: ExportHeader): string {
  return JSON.stringify(header);
}

export function encodeEvent(event: StoredEvent): string {
  return JSON.stringify(storedEventJson(event));
}

const DIGITS = /^\d{1,20}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function decodeHeader(text: string, line = 1): ExportHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExportFormatError(line, `the header is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value) || value.format !== EXPORT_FORMAT) {
    throw new ExportFormatError(line, `not a ${EXPORT_FORMAT} file (the first line must be its header)`);
  }
  if (value.version !== EXPORT_VERSION) throw new ExportFormatError(line, `export version ${String(value.version)} is not supported (only ${EXPORT_VERSION})`);
  if (typeof value.eventCount !== 'number' || !Number.isSafeInteger(value.eventCount) || value.eventCount < 0) {
    throw new ExportFormatError(line, 'the header’s eventCount is not a count');
  }
  if (typeof value.exportedAt !== 'string' || Number.isNaN(Date.parse(value.exportedAt))) {
    throw new ExportFormatError(line, 'the header’s exportedAt is not a timestamp');
  }
  if (value.lastPosition !== null && (typeof value.lastPosition !== 'string' || !DIGITS.test(value.lastPosition))) {
    throw new ExportFormatError(line, 'the header’s lastPosition is not a position');
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: value.exportedAt,
    eventCount: value.eventCount,
    lastPosition: value.lastPosition as string | null,
    store: typeof value.store === 'string' ? value.store : 'unknown',
  };
}

export function decodeEvent(text: string, line: number): StoredEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExportFormatError(line, `not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new ExportFormatError(line, 'not a JSON object');
  const { position, stream, revision, id, type, recordedAt, data, metadata } = value;
  if (typeof position !== 'string' || !DIGITS.test(position)) throw new ExportFormatError(line, 'position is not a decimal string');
  if (typeof revision !== 'string' || !DIGITS.test(revision)) throw new ExportFormatError(line, 'revision is not a decimal string');
  if (typeof stream !== 'string' || stream.length === 0) throw new ExportFormatError(line, 'stream is missing');
  if (typeof id !== 'string' || id.length === 0) throw new ExportFormatError(line, 'id is missing');
  if (typeof type !== 'string' || type.length === 0) throw new ExportFormatError(line, 'type is missing');
  if (typeof recordedAt !== 'string') throw new ExportFormatError(line, 'recordedAt is missing');
  if (!isObject(data)) throw new ExportFormatError(line, 'data is not an object');
  if (!isObject(metadata)) throw new ExportFormatError(line, 'metadata is not an object');
  return {
    position: BigInt(position),
    stream,
    revision: BigInt(revision),
    id,
    type,
    recordedAt: new Date(recordedAt),
    data: data as JsonObject,
    metadata: metadata as JsonObject,
  };
}

import { JsonObject, StoredEvent } from './event-store.port';

/**
 * The JSON of a stored event as the store keeps it, offered by stores that keep text (SQLite). A reader that
 * holds on to many events (the read model holds every fact) keeps the text, which the garbage collector never
 * has to trace, and parses it when a query reads it.
 */
export interface StoredJsonText {
  readonly dataText: string;
  readonly metadataText: string;
}

/** The event's stored JSON text, when its store offers it. */
export function storedJsonTextOf(event: StoredEvent): StoredJsonText | null {
  const text = event as Partial<StoredJsonText>;
  return typeof text.dataText === 'string' && typeof text.metadataText === 'string' ? (text as StoredJsonText) : null;
}

/**
 * A stored event that holds its JSON as text and parses it when first read: a replay reads millions of
 * events and most of their data only later, if ever (see StoredJsonText).
 */
export abstract class LazyJsonEvent implements StoredEvent, StoredJsonText {
  abstract readonly id: string;
  abstract readonly stream: string;
  abstract readonly revision: bigint;
  abstract readonly position: bigint;
  abstract readonly recordedAt: Date;
  abstract readonly type: string;
  abstract readonly dataText: string;
  abstract readonly metadataText: string;
  private parsedData: JsonObject | undefined = undefined;
  private parsedMetadata: JsonObject | undefined = undefined;

  get data(): JsonObject {
    return (this.parsedData ??= JSON.parse(this.dataText) as JsonObject);
  }

  get metadata(): JsonObject {
    return (this.parsedMetadata ??= JSON.parse(this.metadataText) as JsonObject);
  }

  /** Serialised as the plain event it stands for (the raw log route and the CLI print events). */
  toJSON(): StoredEvent {
    const { id, stream, revision, position, recordedAt, type, data, metadata } = this;
    return { id, stream, revision, position, recordedAt, type, data, metadata };
  }
}

export class TextStoredEvent extends LazyJsonEvent {
  constructor(
    readonly id: string,
    readonly stream: string,
    readonly revision: bigint,
    readonly position: bigint,
    readonly recordedAt: Date,
    readonly type: string,
    readonly dataText: string,
    readonly metadataText: string,
  ) {
    super();
  }
}

import { JsonObject, StoredEvent, StoredJsonText } from './event-store.port';

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

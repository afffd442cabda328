import { JsonObject, StoredEvent } from './event-store.port';

/** A stored event as JSON: positions and revisions as decimal strings, the recorded time as ISO 8601. */
export interface StoredEventJson {
  readonly position: string;
  readonly stream: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** The one JSON shape of a stored event, shared by the raw-log route and the export file. */
export function storedEventJson(event: StoredEvent): StoredEventJson {
  return {
    position: event.position.toString(),
    stream: event.stream,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
}

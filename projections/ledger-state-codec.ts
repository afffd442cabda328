import { TextStoredEvent } from '../src/event-store/text-stored-event';
import { EntityTable } from './entity-map';
import { LedgerState } from './ledger-state';

/**
 * A LedgerState as plain JSON, for checkpoints kept on disk: the events it was folded from, in log order,
 * each with its JSON as the store keeps it (text). Decoding folds them again into a table of its own, which
 * is what the state is made of (see EntityTable): the checkpoint holds no derived data that could disagree
 * with the events, and every position and commit time, so recorded-time answers need nothing from the store.
 */

/** 3: the events folded (2 held entity records). A checkpoint of another format is rebuilt. */
export const CHECKPOINT_FORMAT = 3;

export interface CheckpointHeader {
  readonly format: number;
  readonly position: string | null;
  readonly recordedAt: string | null;
  readonly eventCount: number;
}

export interface EncodedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: string;
  readonly position: string;
  readonly recordedAt: string;
  readonly type: string;
  /** The event's data and metadata as JSON text, as the store keeps them. */
  readonly data: string;
  readonly metadata: string;
}

export interface EncodedLedgerState extends CheckpointHeader {
  readonly events: EncodedEvent[];
}

export function checkpointHeaderOf(state: LedgerState): CheckpointHeader {
  return {
    format: CHECKPOINT_FORMAT,
    position: state.position?.toString() ?? null,
    recordedAt: state.recordedAt,
    eventCount: state.eventCount,
  };
}

/** The events a state was folded from, encoded one by one (a checkpoint of a large ledger is streamed). */
export function* encodedEventsOf(state: LedgerState): Generator<EncodedEvent> {
  const { table, lastRow } = state.entities;
  for (let row = 0; row <= lastRow; row++) {
    const event = table.eventAt(row);
    yield {
      id: event.id,
      stream: event.stream,
      revision: event.revision.toString(),
      position: event.position.toString(),
      recordedAt: event.recordedAt.toISOString(),
      type: event.type,
      data: event.dataText,
      metadata: event.metadataText,
    };
  }
}

export function encodeLedgerState(state: LedgerState): EncodedLedgerState {
  return { ...checkpointHeaderOf(state), events: [...encodedEventsOf(state)] };
}

/** The state a checkpoint holds; throws when the header and the events disagree (the model is then rebuilt). */
export function decodeLedgerState(header: CheckpointHeader, events: Iterable<EncodedEvent>): LedgerState {
  if (header.format !== CHECKPOINT_FORMAT) throw new Error(`Unknown checkpoint format ${header.format}`);
  const table = new EntityTable();
  for (const encoded of events) {
    const { id, stream, revision, position, recordedAt, type, data, metadata } = encoded;
    table.fold(new TextStoredEvent(id, stream, BigInt(revision), BigInt(position), new Date(recordedAt), type, data, metadata));
  }
  const position = header.position === null ? null : BigInt(header.position);
  if (table.head !== position || table.rowCount !== header.eventCount) {
    throw new Error(`checkpoint says ${header.eventCount} events up to ${header.position} but holds ${table.rowCount} up to ${table.head}`);
  }
  return { position, recordedAt: header.recordedAt, eventCount: header.eventCount, entities: table.knownAt(position) };
}

import * as grpc from '@grpc/grpc-js';
import type { Message } from 'google-protobuf';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as WellKnownEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  BadRequest,
  Empty,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  StreamIdentifier,
  Timeout,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { ExpectedRevision, LogRecord, expectedVersionNumber } from './in-memory-log';

/**
 * Conversions between the in-memory log and EventStoreDB's wire messages, and the three shapes
 * errors take on the wire (response fields, packed google.rpc.Status, trailers).
 *
 * uint64/int64 fields are generated with jstype = JS_STRING: revisions and positions travel as
 * decimal strings and are never squeezed through a JS number.
 */

/** The server's default MaxAppendSize (1 MiB). */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

export const REQUIRED_METADATA = ['type', 'content-type'] as const;

export function decodeStreamName(identifier: StreamIdentifier | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

export function encodeStreamName(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
}

/** Accepts both UUID encodings a client may send; returns the canonical lower-case string. */
export function parseUuid(uuid: UUID | undefined): string | null {
  if (!uuid) {
    return null;
  }
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    if (!structured) {
      return null;
    }
    const most = BigInt.asUintN(64, BigInt(structured.getMostSignificantBits()));
    const least = BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits()));
    const hex = most.toString(16).padStart(16, '0') + least.toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.hasString() ? uuid.getString().toLowerCase() : null;
}

/** Structured UUIDs carry the RFC 4122 bytes as two *signed* int64 halves, as the server's Uuid.ToDto does. */
export function encodeUuid(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) {
    return uuid.setString(id);
  }
  const hex = id.replace(/-/g, '');
  const most = BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`));
  const least = BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`));
  return uuid.setStructured(
    new UUID.Structured().setMostSignificantBits(most.toString(10)).setLeastSignificantBits(least.toString(10)),
  );
}

export function toRecordedEvent(record: LogRecord, structuredUuid: boolean): ReadResp.ReadEvent.RecordedEvent {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(encodeUuid(record.id, structuredUuid))
    .setStreamIdentifier(encodeStreamName(record.streamName))
    .setStreamRevision(record.revision.toString(10))
    .setPreparePosition(record.position.toString(10))
    .setCommitPosition(record.position.toString(10))
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('created', record.createdTicks.toString(10));
  // The server keeps only an is-json flag, so any other content type reads back as octet-stream.
  metadata.set('content-type', record.isJson ? 'application/json' : 'application/octet-stream');
  return recorded;
}

/**
 * `withCommitPosition` mirrors the server: the ReadEvent-level commit position is set for `$all`
 * reads/subscriptions and live subscription events, but not for events read from a stream's index.
 */
export function toReadResp(record: LogRecord, structuredUuid: boolean, withCommitPosition: boolean): ReadResp {
  const readEvent = new ReadResp.ReadEvent().setEvent(toRecordedEvent(record, structuredUuid));
  if (withCommitPosition) {
    readEvent.setCommitPosition(record.position.toString(10));
  } else {
    readEvent.setNoPosition(new Empty());
  }
  return new ReadResp().setEvent(readEvent);
}

export function checkpointResp(position: bigint): ReadResp {
  return new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint().setCommitPosition(position.toString(10)).setPreparePosition(position.toString(10)),
  );
}

// ---------------------------------------------------------------------------------------------
// Errors as gRPC status + trailers (Append, Read, Delete, Tombstone)
// ---------------------------------------------------------------------------------------------

function statusWithTrailers(code: grpc.status, details: string, trailers: Record<string, string>): grpc.StatusObject {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) {
    metadata.set(key, value);
  }
  return { code, details, metadata };
}

/** The client's StreamDeletedError reads `stream-name` unguarded, so it is always sent. */
export function streamDeletedStatus(streamName: string): grpc.StatusObject {
  return statusWithTrailers(grpc.status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': streamName,
  });
}

/**
 * Only Delete and Tombstone report a wrong expected version this way (appends use the response body).
 * `expected-version` is the server's long (-2 any, -1 no stream, -4 stream exists); the client BigInt()s it.
 */
export function wrongExpectedVersionStatus(
  operation: string,
  streamName: string,
  expected: ExpectedRevision,
  currentRevision: bigint,
): grpc.StatusObject {
  const expectedVersion = expectedVersionNumber(expected).toString(10);
  const actualVersion = currentRevision.toString(10);
  return statusWithTrailers(
    grpc.status.FAILED_PRECONDITION,
    `${operation} failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expectedVersion}, Actual version: ${actualVersion}`,
    {
      exception: 'wrong-expected-version',
      'stream-name': streamName,
      'expected-version': expectedVersion,
      'actual-version': actualVersion,
    },
  );
}

export function maxAppendSizeExceededStatus(maxAppendSize: number): grpc.StatusObject {
  return statusWithTrailers(grpc.status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': maxAppendSize.toString(10),
  });
}

export function missingMetadataStatus(property: string): grpc.StatusObject {
  return statusWithTrailers(grpc.status.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': REQUIRED_METADATA.join(','),
  });
}

export function invalidArgumentStatus(details: string): grpc.StatusObject {
  return { code: grpc.status.INVALID_ARGUMENT, details, metadata: new grpc.Metadata() };
}

// ---------------------------------------------------------------------------------------------
// Errors as packed google.rpc.Status (BatchAppend)
// ---------------------------------------------------------------------------------------------

/**
 * The client unpacks `details` by type name without checking it is set, so every status carries
 * details; the type URL is `type.googleapis.com/<full proto name>`, which is what Any.unpack matches on.
 */
function packedStatus(code: Code, message: string, detail: Message, typeName: string): Status {
  const details = new Any();
  details.pack(detail.serializeBinary(), typeName);
  return new Status().setCode(code).setMessage(message).setDetails(details);
}

export function wrongExpectedVersionPackedStatus(expected: ExpectedRevision, currentRevision: bigint): Status {
  const detail = new WrongExpectedVersion();
  if (currentRevision < 0n) {
    detail.setCurrentNoStream(new WellKnownEmpty());
  } else {
    detail.setCurrentStreamRevision(currentRevision.toString(10));
  }
  switch (expected.kind) {
    case 'any':
      detail.setExpectedAny(new WellKnownEmpty());
      break;
    case 'no_stream':
      detail.setExpectedNoStream(new WellKnownEmpty());
      break;
    case 'stream_exists':
      detail.setExpectedStreamExists(new WellKnownEmpty());
      break;
    case 'exact':
      detail.setExpectedStreamPosition(expected.revision.toString(10));
      break;
  }
  return packedStatus(Code.ALREADY_EXISTS, 'WrongExpectedVersion', detail, 'event_store.client.WrongExpectedVersion');
}

export function streamDeletedPackedStatus(streamName: string): Status {
  const detail = new StreamDeleted().setStreamIdentifier(encodeStreamName(streamName));
  return packedStatus(Code.NOT_FOUND, 'StreamDeleted', detail, 'event_store.client.StreamDeleted');
}

export function maxAppendSizeExceededPackedStatus(maxAppendSize: number): Status {
  const detail = new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize);
  return packedStatus(
    Code.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    detail,
    'event_store.client.MaximumAppendSizeExceeded',
  );
}

export function badRequestPackedStatus(message: string): Status {
  const detail = new BadRequest().setMessage(message);
  return packedStatus(Code.INVALID_ARGUMENT, 'BadRequest', detail, 'event_store.client.BadRequest');
}

// ---------------------------------------------------------------------------------------------
// Cluster and load answers (RpcExceptions in the server: LeaderInfo, ServerNotReady, ServerTooBusy, Timeout)
// ---------------------------------------------------------------------------------------------

/** A node that is not the leader, asked for something that needs one: NotFound + the leader's endpoint. */
export function notLeaderStatus(leader: { host: string; port: number }): grpc.StatusObject {
  return statusWithTrailers(grpc.status.NOT_FOUND, 'Leader info available', {
    exception: 'not-leader',
    'leader-endpoint-host': leader.host,
    'leader-endpoint-port': String(leader.port),
  });
}

export function notReadyStatus(): grpc.StatusObject {
  return statusWithTrailers(grpc.status.UNAVAILABLE, 'Server Is Not Ready', {});
}

export function tooBusyStatus(): grpc.StatusObject {
  return statusWithTrailers(grpc.status.UNAVAILABLE, 'Server Is Too Busy', {});
}

/** A commit (or forward) timeout: the write may still complete. */
export function timeoutStatus(): grpc.StatusObject {
  return statusWithTrailers(grpc.status.DEADLINE_EXCEEDED, 'Operation timed out', {});
}

export function connectionDroppedStatus(): grpc.StatusObject {
  return statusWithTrailers(grpc.status.UNAVAILABLE, 'Connection dropped', {});
}

/** BatchAppend's per-batch timeout; the client turns it into DeadlineExceededError. */
export function timeoutPackedStatus(): Status {
  return packedStatus(Code.DEADLINE_EXCEEDED, 'Timeout', new Timeout(), 'event_store.client.Timeout');
}

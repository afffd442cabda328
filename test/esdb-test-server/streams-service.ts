import * as grpc from '@grpc/grpc-js';
import type { Map as ProtoMap } from 'google-protobuf';
import { Empty as WellKnownEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { randomUUID } from 'node:crypto';
import { AllStreamPosition, Empty, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import {
  AllFrom,
  DELETED_STREAM_REVISION,
  Direction,
  DeleteOutcome,
  ExpectedRevision,
  InMemoryLog,
  LogRecord,
  ProposedEvent,
  RecordFilter,
  StreamFrom,
  matchesFilter,
} from './in-memory-log';
import { AppendFault, NodeBehaviour } from './cluster';
import { OpenCalls } from './open-calls';
import {
  REQUIRED_METADATA,
  badRequestPackedStatus,
  checkpointResp,
  connectionDroppedStatus,
  decodeStreamName,
  encodeStreamName,
  invalidArgumentStatus,
  maxAppendSizeExceededPackedStatus,
  maxAppendSizeExceededStatus,
  missingMetadataStatus,
  notLeaderStatus,
  notReadyStatus,
  parseUuid,
  streamDeletedPackedStatus,
  streamDeletedStatus,
  timeoutPackedStatus,
  timeoutStatus,
  toReadResp,
  tooBusyStatus,
  wrongExpectedVersionPackedStatus,
  wrongExpectedVersionStatus,
} from './protocol';

/** The server's ReadBatchSize: the search window of a filtered subscription when the client asks for `count`. */
const DEFAULT_MAX_SEARCH_WINDOW = 32;

/** The server's default write timeout (WriteTimeoutMs), used when a batch carries no deadline. */
const DEFAULT_WRITE_TIMEOUT_MS = 2_000;

export interface StreamsServiceDependencies {
  readonly log: InMemoryLog;
  readonly calls: OpenCalls;
  readonly maxAppendSize: number;
  readonly node: NodeBehaviour;
}

/** The client sends `requires-leader: true` when the caller set `requiresLeader`. */
function requiresLeader(metadata: grpc.Metadata): boolean {
  return metadata.get('requires-leader')[0] === 'true';
}

type ReadCall = grpc.ServerWritableStream<ReadReq, ReadResp>;

interface ParsedFilter {
  readonly filter: RecordFilter;
  /** Events considered (matching or not) between two checkpoints: multiplier × search window, as on the server. */
  readonly checkpointInterval: number;
}

/** AppendReq.ProposedMessage and BatchAppendReq.ProposedMessage have the same shape but no common type. */
interface ProposedMessageLike {
  getId(): UUID | undefined;
  getMetadataMap(): ProtoMap<string, string>;
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

type ProposedParse =
  | { readonly kind: 'ok'; readonly event: ProposedEvent; readonly size: number }
  | { readonly kind: 'missing_metadata'; readonly property: string }
  | { readonly kind: 'missing_id' };

class RequestError extends Error {
  constructor(readonly status: grpc.StatusObject) {
    super(status.details);
  }
}

export function createStreamsService(deps: StreamsServiceDependencies): IStreamsServer {
  const { log, calls, maxAppendSize, node } = deps;

  /**
   * What this node can read: committed records past its readable point are not there yet. They are always a
   * suffix of the log, so reading everything and dropping them keeps counts and directions right.
   */
  const visibleStream = (streamName: string, direction: Direction, from: StreamFrom, maxCount: number) => {
    if (node.instant) return log.readStream(streamName, direction, from, maxCount);
    const result = log.readStream(streamName, direction, from, Number.MAX_SAFE_INTEGER);
    if (result.kind !== 'events') return result;
    const records = result.records.filter((record) => node.isVisible(record.position)).slice(0, maxCount);
    if (records.length === 0) {
      const first = log.readStream(streamName, 'forwards', 'start', 1);
      if (first.kind === 'events' && first.records[0] && !node.isVisible(first.records[0].position)) return { kind: 'not_found' as const };
    }
    return { kind: 'events' as const, records };
  };
  const lastVisiblePosition = (): bigint | null => {
    if (node.instant) return log.lastPosition;
    return visibleAll('backwards', 'end', 1, null)[0]?.position ?? null;
  };
  const lastVisibleRevision = (streamName: string): bigint => {
    if (node.instant) return log.lastRevision(streamName);
    const result = visibleStream(streamName, 'backwards', 'end', 1);
    return result.kind === 'events' && result.records[0] ? result.records[0].revision : -1n;
  };
  const visibleAll = (direction: Direction, from: AllFrom, maxCount: number, filter: RecordFilter | null) => {
    if (node.instant) return log.readAll(direction, from, maxCount, filter);
    return log.readAll(direction, from, Number.MAX_SAFE_INTEGER, filter)
      .filter((record) => node.isVisible(record.position))
      .slice(0, maxCount);
  };

  const read = (call: ReadCall): void => {
    try {
      const refused = node.admit('read', requiresLeader(call.metadata));
      if (refused) throw new RequestError(refused);
      const options = call.request.getOptions();
      if (!options) {
        throw new RequestError(invalidArgumentStatus('ReadReq.options is required'));
      }
      const structuredUuid =
        options.getUuidOption()?.getContentCase() === ReadReq.Options.UUIDOption.ContentCase.STRUCTURED;
      const direction: Direction =
        options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
      const filter = parseFilter(options);
      const subscription = options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION;

      switch (options.getStreamOptionCase()) {
        case ReadReq.Options.StreamOptionCase.STREAM: {
          const streamOptions = options.getStream();
          const streamName = decodeStreamName(streamOptions?.getStreamIdentifier());
          const from = streamFrom(streamOptions);
          if (filter) {
            throw new RequestError(invalidArgumentStatus('Reads of a single stream cannot be filtered'));
          }
          if (subscription) {
            subscribeToStream(call, streamName, from, structuredUuid);
          } else {
            readStream(call, streamName, direction, from, parseCount(options.getCount()), structuredUuid);
          }
          return;
        }
        case ReadReq.Options.StreamOptionCase.ALL: {
          const from = allFrom(options.getAll());
          if (typeof from === 'bigint' && !log.isReadablePosition(from)) {
            // What a node answers when asked to read from inside a record or past the end of the log.
            throw new RequestError(invalidArgumentStatus('Trying to read from an invalid position.'));
          }
          if (subscription) {
            subscribeToAll(call, from, filter, structuredUuid);
          } else {
            const records = visibleAll(direction, from, parseCount(options.getCount()), filter?.filter ?? null);
            for (const record of records) {
              write(call, toReadResp(record, structuredUuid, true));
            }
            call.end();
          }
          return;
        }
        default:
          throw new RequestError(invalidArgumentStatus('ReadReq.options needs a stream or all'));
      }
    } catch (error) {
      failCall(call, error);
    }
  };

  const readStream = (
    call: ReadCall,
    streamName: string,
    direction: Direction,
    from: StreamFrom,
    maxCount: number,
    structuredUuid: boolean,
  ): void => {
    const result = visibleStream(streamName, direction, from, maxCount);
    switch (result.kind) {
      case 'deleted':
        throw new RequestError(streamDeletedStatus(streamName));
      case 'not_found':
        // A missing stream is a message, not an error status: the client turns it into StreamNotFoundError.
        write(
          call,
          new ReadResp().setStreamNotFound(
            new ReadResp.StreamNotFound().setStreamIdentifier(encodeStreamName(streamName)),
          ),
        );
        call.end();
        return;
      case 'events':
        for (const record of result.records) {
          write(call, toReadResp(record, structuredUuid, false));
        }
        call.end();
        return;
    }
  };

  /**
   * History, caught-up and the switch to live happen in one synchronous step,
   * so no append can fall between the replay and the live listener.
   */
  const subscribeToStream = (call: ReadCall, streamName: string, from: StreamFrom, structuredUuid: boolean): void => {
    if (log.isTombstoned(streamName)) {
      throw new RequestError(streamDeletedStatus(streamName));
    }
    // Subscriptions start *after* the given revision, unlike reads.
    const after = from === 'start' ? null : from === 'end' ? lastVisibleRevision(streamName) : from;
    const history = from === 'end' ? [] : log.streamHistoryAfter(streamName, after).filter((r) => node.isVisible(r.position));

    write(call, confirmation());
    for (const record of history) {
      write(call, toReadResp(record, structuredUuid, false));
    }
    write(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));

    const stop = watch(call, (records) => {
      for (const record of records) {
        if (record.streamName !== streamName) {
          continue;
        }
        if (record.revision === DELETED_STREAM_REVISION && record.type === '$streamDeleted') {
          stop();
          failCall(call, new RequestError(streamDeletedStatus(streamName)));
          return;
        }
        if (after === null || record.revision > after) {
          write(call, toReadResp(record, structuredUuid, true));
        }
      }
    });
  };

  const subscribeToAll = (
    call: ReadCall,
    from: AllFrom,
    filter: ParsedFilter | null,
    structuredUuid: boolean,
  ): void => {
    const after = from === 'start' ? null : from === 'end' ? lastVisiblePosition() : from;
    const history = from === 'end' ? [] : log.allHistoryAfter(after).filter((r) => node.isVisible(r.position));
    let considered = 0;

    const deliver = (record: LogRecord): void => {
      if (!filter || matchesFilter(filter.filter, record)) {
        write(call, toReadResp(record, structuredUuid, true));
      }
      if (filter) {
        considered++;
        if (considered >= filter.checkpointInterval) {
          considered = 0;
          write(call, checkpointResp(record.position));
        }
      }
    };

    write(call, confirmation());
    for (const record of history) {
      deliver(record);
    }
    write(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));

    watch(call, (records) => {
      for (const record of records) {
        if (after === null || record.position > after) {
          deliver(record);
        }
      }
    });
  };

  /** Registers a live listener that lives until the client cancels or the server stops. */
  const watch = (call: ReadCall, onRecords: (records: readonly LogRecord[]) => void): (() => void) => {
    const unlisten = node.onVisible((records) => {
      try {
        onRecords(records);
      } catch (error) {
        stop();
        failCall(call, error);
      }
    });
    const stop = (): void => {
      unlisten();
      untrack();
    };
    const untrack = calls.add('subscription', () => {
      unlisten();
      failCall(
        call,
        new RequestError({
          code: grpc.status.UNAVAILABLE,
          details: 'Server is shutting down.',
          metadata: new grpc.Metadata(),
        }),
      );
    });
    call.on('cancelled', stop);
    call.on('close', stop);
    return stop;
  };

  const append: IStreamsServer['append'] = (call, callback) => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let settled = false;

    const settle = (error: grpc.StatusObject | null, response?: AppendResp): void => {
      if (settled) {
        return;
      }
      settled = true;
      untrack();
      if (error) {
        callback(error);
      } else {
        callback(null, response);
      }
    };
    const untrack = calls.add('append', () =>
      settle({ code: grpc.status.UNAVAILABLE, details: 'Server is shutting down.', metadata: new grpc.Metadata() }),
    );

    const fail = (status: grpc.StatusObject): void => settle(status);
    call.on(
      'data',
      guarded((request: AppendReq) => {
        if (settled) {
          return;
        }
        if (!options) {
          options = request.getOptions();
          if (!options) {
            settle(invalidArgumentStatus('The first AppendReq must carry options'));
          }
          return;
        }
        const message = request.getProposedMessage();
        if (!message) {
          settle(invalidArgumentStatus('AppendReq after the options must carry a proposed message'));
          return;
        }
        const parsed = parseProposedMessage(message);
        switch (parsed.kind) {
          case 'missing_metadata':
            settle(missingMetadataStatus(parsed.property));
            return;
          case 'missing_id':
            settle(invalidArgumentStatus('Proposed message has no id'));
            return;
          case 'ok':
            size += parsed.size;
            if (size > maxAppendSize) {
              settle(maxAppendSizeExceededStatus(maxAppendSize));
              return;
            }
            events.push(parsed.event);
        }
      }, fail),
    );

    call.on(
      'end',
      guarded(() => {
        if (settled) {
          return;
        }
        if (!options) {
          settle(invalidArgumentStatus('AppendReq options were never sent'));
          return;
        }
        const streamName = decodeStreamName(options.getStreamIdentifier());
        const expected = parseExpected(options.getExpectedStreamRevisionCase(), options.getRevision());
        if (!expected) {
          settle(invalidArgumentStatus('AppendReq.options has no expected stream revision'));
          return;
        }
        const refused = node.admit('write', requiresLeader(call.metadata));
        if (refused) {
          settle(refused);
          return;
        }
        // A repeat of a write the leader has committed but cannot read yet is dropped: the caller's deadline
        // ends the call (grpc-js cancels it here, which settles it).
        if (node.committedButUnreadable(events.map((event) => event.id))) return;
        const fault = node.takeAppendFault(streamName);
        const before = faultBeforeCommit(fault, node);
        if (before) {
          settle(before);
          return;
        }
        const outcome = log.append(streamName, expected, events);
        if (fault === 'timeout-after-commit') {
          settle(timeoutStatus());
          return;
        }
        if (fault === 'drop-after-commit') {
          settle(connectionDroppedStatus());
          return;
        }
        switch (outcome.kind) {
          case 'stream_deleted':
            settle(streamDeletedStatus(streamName));
            return;
          case 'wrong_expected_version':
            settle(
              null,
              new AppendResp().setWrongExpectedVersion(appendWrongExpectedVersion(expected, outcome.currentRevision)),
            );
            return;
          case 'success': {
            const success = new AppendResp.Success();
            if (outcome.currentRevision < 0n) {
              success.setNoStream(new Empty());
            } else {
              success.setCurrentRevision(outcome.currentRevision.toString(10));
            }
            if (outcome.position === null) {
              success.setNoPosition(new Empty());
            } else {
              success.setPosition(
                new AppendResp.Position()
                  .setCommitPosition(outcome.position.toString(10))
                  .setPreparePosition(outcome.position.toString(10)),
              );
            }
            settle(null, new AppendResp().setSuccess(success));
            return;
          }
        }
      }, fail),
    );

    call.on('cancelled', () => {
      settled = true;
      untrack();
    });
  };

  const batchAppend: IStreamsServer['batchAppend'] = (call) => {
    interface PendingBatch {
      readonly streamName: string;
      readonly expected: ExpectedRevision;
      readonly events: ProposedEvent[];
      /** When the batch's own deadline passes (ms since the epoch). */
      readonly deadline: number;
      size: number;
    }
    const pending = new Map<string, PendingBatch>();

    const untrack = calls.add('batch-append', () => {
      if (!call.writableEnded) {
        call.end();
      }
    });
    const respond = (correlation: UUID, streamName: string, fill: (response: BatchAppendResp) => void): void => {
      const response = new BatchAppendResp()
        .setCorrelationId(correlation)
        .setStreamIdentifier(encodeStreamName(streamName));
      fill(response);
      if (!call.cancelled && !call.writableEnded) {
        call.write(response);
      }
    };

    // Like the server, an unexpected failure ends the whole BatchAppend stream.
    const fail = (status: grpc.StatusObject): void => {
      untrack();
      if (!call.cancelled && !call.writableEnded) {
        call.emit('error', status);
      }
    };
    call.on(
      'data',
      guarded((request: BatchAppendReq) => {
        const correlation = request.getCorrelationId();
        const correlationId = parseUuid(correlation);
        if (!correlation || !correlationId) {
          // Without a correlation id no answer could ever be matched by the client.
          return;
        }
        const options = request.getOptions();
        if (options && !pending.has(correlationId)) {
          const streamName = decodeStreamName(options.getStreamIdentifier());
          const expected = parseExpected(options.getExpectedStreamPositionCase(), options.getStreamPosition());
          if (!expected) {
            respond(correlation, streamName, (r) =>
              r.setError(badRequestPackedStatus('Missing expected stream position')),
            );
            return;
          }
          const deadline = options.getDeadline()?.toDate().getTime() ?? Date.now() + DEFAULT_WRITE_TIMEOUT_MS;
          pending.set(correlationId, { streamName, expected, events: [], size: 0, deadline });
        }
        const batch = pending.get(correlationId);
        if (!batch) {
          return;
        }
        for (const message of request.getProposedMessagesList()) {
          const parsed = parseProposedMessage(message);
          if (parsed.kind !== 'ok') {
            pending.delete(correlationId);
            const reason = parsed.kind === 'missing_id' ? 'Proposed message has no id' : `Missing ${parsed.property}`;
            respond(correlation, batch.streamName, (r) => r.setError(badRequestPackedStatus(reason)));
            return;
          }
          batch.size += parsed.size;
          batch.events.push(parsed.event);
        }
        if (batch.size > maxAppendSize) {
          pending.delete(correlationId);
          respond(correlation, batch.streamName, (r) => r.setError(maxAppendSizeExceededPackedStatus(maxAppendSize)));
          return;
        }
        if (!request.getIsFinal()) {
          return;
        }
        pending.delete(correlationId);

        // NotLeader, not ready and too busy end the whole BatchAppend call with the status (the client then
        // fails every batch in flight on it and looks for the leader again).
        const refused = node.admit('write', requiresLeader(call.metadata));
        if (refused) {
          fail(refused);
          return;
        }
        if (node.committedButUnreadable(batch.events.map((event) => event.id))) {
          // Dropped by the leader; the batch's own deadline answers it, as the server's timeout does.
          const timer = setTimeout(
            () => respond(correlation, batch.streamName, (r) => r.setError(timeoutPackedStatus())),
            Math.max(0, batch.deadline - Date.now()),
          );
          const clear = () => clearTimeout(timer);
          call.once('cancelled', clear);
          call.once('end', clear);
          return;
        }
        const fault = node.takeAppendFault(batch.streamName);
        const before = faultBeforeCommit(fault, node);
        if (before) {
          fail(before);
          return;
        }
        const outcome = log.append(batch.streamName, batch.expected, batch.events);
        if (fault === 'timeout-after-commit') {
          respond(correlation, batch.streamName, (r) => r.setError(timeoutPackedStatus()));
          return;
        }
        if (fault === 'drop-after-commit') {
          fail(connectionDroppedStatus());
          return;
        }
        respond(correlation, batch.streamName, (response) => {
          switch (outcome.kind) {
            case 'stream_deleted':
              response.setError(streamDeletedPackedStatus(batch.streamName));
              return;
            case 'wrong_expected_version':
              response.setError(wrongExpectedVersionPackedStatus(batch.expected, outcome.currentRevision));
              return;
            case 'success': {
              const success = new BatchAppendResp.Success();
              if (outcome.currentRevision < 0n) {
                success.setNoStream(new WellKnownEmpty());
              } else {
                success.setCurrentRevision(outcome.currentRevision.toString(10));
              }
              if (outcome.position === null) {
                success.setNoPosition(new WellKnownEmpty());
              } else {
                success.setPosition(
                  new AllStreamPosition()
                    .setCommitPosition(outcome.position.toString(10))
                    .setPreparePosition(outcome.position.toString(10)),
                );
              }
              response.setSuccess(success);
              return;
            }
          }
        });
      }, fail),
    );

    call.on('end', () => {
      untrack();
      if (!call.writableEnded) {
        call.end();
      }
    });
    call.on('cancelled', untrack);
    call.on('error', untrack);
  };

  /** Delete and tombstone differ only in what the log does, their name in errors and the response class. */
  const removeStream =
    <Response>(
      name: 'Delete' | 'Tombstone',
      remove: (streamName: string, expected: ExpectedRevision) => DeleteOutcome,
      respond: (position: string) => Response,
    ) =>
    (call: { request: { getOptions(): StreamRemovalOptions | undefined } }, callback: grpc.sendUnaryData<Response>) =>
      guarded(
        () => {
          const options = call.request.getOptions();
          const streamName = decodeStreamName(options?.getStreamIdentifier());
          const expected = options ? parseExpected(options.getExpectedStreamRevisionCase(), options.getRevision()) : null;
          if (!expected) {
            callback(invalidArgumentStatus(`${name}Req.options has no expected stream revision`));
            return;
          }
          const outcome = remove(streamName, expected);
          switch (outcome.kind) {
            case 'stream_deleted':
              callback(streamDeletedStatus(streamName));
              return;
            case 'wrong_expected_version':
              callback(wrongExpectedVersionStatus(name, streamName, expected, outcome.currentRevision));
              return;
            case 'success':
              callback(null, respond(outcome.position.toString(10)));
              return;
          }
        },
        (status) => callback(status),
      )();

  const deleteStream: IStreamsServer['delete'] = removeStream(
    'Delete',
    (streamName, expected) => log.softDelete(streamName, expected),
    (position) => new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(position).setPreparePosition(position)),
  );

  const tombstone: IStreamsServer['tombstone'] = removeStream(
    'Tombstone',
    (streamName, expected) => log.tombstone(streamName, expected),
    (position) => new TombstoneResp().setPosition(new TombstoneResp.Position().setCommitPosition(position).setPreparePosition(position)),
  );

  return { read, append, batchAppend, delete: deleteStream, tombstone };
}

/** The status an injected fault answers with before anything is committed, or null when it commits first. */
function faultBeforeCommit(fault: AppendFault | null, node: { leaderEndpoint(): { host: string; port: number } }): grpc.StatusObject | null {
  switch (fault) {
    case 'not-ready':
      return notReadyStatus();
    case 'not-leader':
      return notLeaderStatus(node.leaderEndpoint());
    case 'too-busy':
      return tooBusyStatus();
    case 'drop-before-commit':
      return connectionDroppedStatus();
    default:
      return null;
  }
}

function confirmation(): ReadResp {
  return new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()));
}

function write(call: ReadCall, response: ReadResp): void {
  if (!call.cancelled && !call.writableEnded && !call.destroyed) {
    call.write(response);
  }
}

/** Ends a server stream with a status; grpc-js turns an emitted 'error' into the call's final status. */
function failCall(call: ReadCall, error: unknown): void {
  if (call.cancelled || call.writableEnded || call.destroyed) {
    return;
  }
  call.emit('error', toStatus(error));
}

function toStatus(error: unknown): grpc.StatusObject {
  return error instanceof RequestError
    ? error.status
    : {
        code: grpc.status.UNKNOWN,
        details: error instanceof Error ? error.message : String(error),
        metadata: new grpc.Metadata(),
      };
}

/** Handlers run inside grpc-js event emitters, where a throw would bring the whole test process down. */
/** What a delete or tombstone request's options share. */
type StreamRemovalOptions = Pick<DeleteReq.Options, 'getStreamIdentifier' | 'getExpectedStreamRevisionCase' | 'getRevision'>;

function guarded<A extends unknown[]>(
  handler: (...args: A) => void,
  onError: (status: grpc.StatusObject) => void,
): (...args: A) => void {
  return (...args) => {
    try {
      handler(...args);
    } catch (error) {
      onError(toStatus(error));
    }
  };
}

/** Counts are uint64 strings; the client sends Number.MAX_SAFE_INTEGER when it wants "all". */
function parseCount(count: string): number {
  const value = BigInt(count || '0');
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function streamFrom(options: ReadReq.Options.StreamOptions | undefined): StreamFrom {
  switch (options?.getRevisionOptionCase()) {
    case ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION:
      return BigInt(options.getRevision());
    case ReadReq.Options.StreamOptions.RevisionOptionCase.END:
      return 'end';
    default:
      return 'start';
  }
}

/** Only the commit half is used: every record here has prepare == commit. */
function allFrom(options: ReadReq.Options.AllOptions | undefined): AllFrom {
  switch (options?.getAllOptionCase()) {
    case ReadReq.Options.AllOptions.AllOptionCase.POSITION:
      return BigInt(options.getPosition()?.getCommitPosition() ?? '0');
    case ReadReq.Options.AllOptions.AllOptionCase.END:
      return 'end';
    default:
      return 'start';
  }
}

function parseFilter(options: ReadReq.Options): ParsedFilter | null {
  if (options.getFilterOptionCase() !== ReadReq.Options.FilterOptionCase.FILTER) {
    return null;
  }
  const filterOptions = options.getFilter();
  if (!filterOptions) {
    return null;
  }
  const onStreamName = filterOptions.getFilterCase() === ReadReq.Options.FilterOptions.FilterCase.STREAM_IDENTIFIER;
  const expression = onStreamName ? filterOptions.getStreamIdentifier() : filterOptions.getEventType();
  if (!expression) {
    throw new RequestError(invalidArgumentStatus('Filter needs a stream identifier or an event type expression'));
  }
  let regex: RegExp | null = null;
  if (expression.getRegex()) {
    try {
      regex = new RegExp(expression.getRegex());
    } catch {
      throw new RequestError(invalidArgumentStatus(`Invalid filter regex ${expression.getRegex()}`));
    }
  }
  const multiplier = filterOptions.getCheckpointintervalmultiplier();
  if (multiplier <= 0) {
    throw new RequestError(invalidArgumentStatus('checkpointIntervalMultiplier must be greater than 0'));
  }
  const window =
    filterOptions.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX
      ? filterOptions.getMax()
      : DEFAULT_MAX_SEARCH_WINDOW;
  return {
    filter: { on: onStreamName ? 'stream_name' : 'event_type', regex, prefixes: expression.getPrefixList() },
    checkpointInterval: multiplier * Math.max(window, 1),
  };
}

/** Append, Delete and Tombstone number their oneof cases alike (2 revision, 3 no stream, 4 any, 5 exists); so does BatchAppend. */
function parseExpected(kase: number, revision: string): ExpectedRevision | null {
  switch (kase) {
    case 2:
      return { kind: 'exact', revision: BigInt(revision) };
    case 3:
      return { kind: 'no_stream' };
    case 4:
      return { kind: 'any' };
    case 5:
      return { kind: 'stream_exists' };
    default:
      return null;
  }
}

function parseProposedMessage(message: ProposedMessageLike): ProposedParse {
  const metadata = message.getMetadataMap();
  for (const property of REQUIRED_METADATA) {
    if (metadata.get(property) === undefined) {
      return { kind: 'missing_metadata', property };
    }
  }
  const id = parseUuid(message.getId());
  if (!id) {
    return { kind: 'missing_id' };
  }
  const type = metadata.get('type') ?? '';
  const data = Uint8Array.from(message.getData_asU8());
  const customMetadata = Uint8Array.from(message.getCustomMetadata_asU8());
  return {
    kind: 'ok',
    event: { id, type, isJson: metadata.get('content-type') === 'application/json', data, metadata: customMetadata },
    size: data.length + customMetadata.length + Buffer.byteLength(type, 'utf8'),
  };
}

/** Sets the current fields the client reads and the 20.6.0 ones older clients read, as the server does. */
function appendWrongExpectedVersion(
  expected: ExpectedRevision,
  currentRevision: bigint,
): AppendResp.WrongExpectedVersion {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (currentRevision < 0n) {
    wrong.setCurrentNoStream(new Empty());
    wrong.setNoStream2060(new Empty());
  } else {
    wrong.setCurrentRevision(currentRevision.toString(10));
    wrong.setCurrentRevision2060(Number(currentRevision));
  }
  switch (expected.kind) {
    case 'any':
      wrong.setExpectedAny(new Empty());
      wrong.setAny2060(new Empty());
      break;
    case 'stream_exists':
      wrong.setExpectedStreamExists(new Empty());
      wrong.setStreamExists2060(new Empty());
      break;
    case 'no_stream':
      wrong.setExpectedNoStream(new Empty());
      break;
    case 'exact':
      wrong.setExpectedRevision(expected.revision.toString(10));
      wrong.setExpectedRevision2060(Number(expected.revision));
      break;
  }
  return wrong;
}

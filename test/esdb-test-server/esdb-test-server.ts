import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { createGossipService, createServerFeaturesService } from './features-service';
import { InMemoryLog, ProposedEvent } from './in-memory-log';
import { OpenCalls } from './open-calls';
import { DEFAULT_MAX_APPEND_SIZE } from './protocol';
import { createStreamsService } from './streams-service';

/**
 * An in-process stand-in for a single-node, insecure EventStoreDB 23.x/24.x, speaking enough of
 * the gRPC protocol for `@eventstore/db-client` to work against it unchanged.
 * See README.md in this folder for what is (and is not) emulated.
 */
export interface EsdbTestServer {
  /** `esdb://127.0.0.1:<port>?tls=false`, ready for `EventStoreDBClient.connectionString`. */
  readonly connectionString: string;
  readonly port: number;
  /** Ends open calls (subscriptions fail with UNAVAILABLE, as when a real node goes away) and shuts down. */
  stop(): Promise<void>;
  /** Writes a `$`-prefixed system event, interleaving with user events in `$all` as the server's own writes do. */
  appendSystemEvent(stream?: string, type?: string): void;
  /** Subscriptions the server still serves; lets tests check that an unsubscribe reached the server. */
  openSubscriptionCount(): number;
}

export interface EsdbTestServerOptions {
  /** Address to bind and to put in the connection string. Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Per-append byte limit (data + metadata + type). Defaults to the server's 1 MiB. */
  readonly maxAppendSize?: number;
}

const STATS_STREAM = '$stats-127.0.0.1:2113';

export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const host = options.host ?? '127.0.0.1';
  const log = new InMemoryLog({ firstPosition: 0n });
  writeStartupRecords(log);

  const calls = new OpenCalls();
  const server = new grpc.Server();
  let boundPort = 0;
  server.addService(
    StreamsService,
    createStreamsService({ log, calls, maxAppendSize: options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE }),
  );
  server.addService(ServerFeaturesService, createServerFeaturesService());
  server.addService(
    GossipService,
    createGossipService(() => ({ address: host, port: boundPort })),
  );

  boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) {
        reject(error);
      } else {
        resolve(port);
      }
    });
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= shutdown(server, calls);
    return stopping;
  };

  return {
    connectionString: `esdb://${host}:${boundPort}?tls=false`,
    port: boundPort,
    stop,
    appendSystemEvent: (stream = STATS_STREAM, type = '$statsCollected') => {
      const outcome = log.append(stream, { kind: 'any' }, [systemEvent(type, statsPayload())]);
      if (outcome.kind !== 'success') {
        throw new Error(`Could not append system event to ${stream}: ${outcome.kind}`);
      }
    },
    openSubscriptionCount: () => calls.count('subscription'),
  };
}

async function shutdown(server: grpc.Server, calls: OpenCalls): Promise<void> {
  calls.closeAll();
  // Every call has been given its final status, so a graceful shutdown only waits for those to
  // flush; the fallback covers a client that never reads them, so stop() cannot hang a test run.
  await new Promise<void>((resolve) => {
    const fallback = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2_000);
    fallback.unref();
    server.tryShutdown(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}

/**
 * A fresh node's `$all` does not start with user events: the epoch, default metadata and stats
 * come first, and by the time a client writes, the log is about a megabyte long.
 */
function writeStartupRecords(log: InMemoryLog): void {
  const write = (stream: string, type: string, data: unknown): void => {
    log.append(stream, { kind: 'any' }, [systemEvent(type, data)]);
  };
  log.skipTo(1_728n);
  write('$epoch-information', '$epoch-information', {
    epochId: randomUUID(),
    epochNumber: 0,
    epochPosition: 0,
    leaderInstanceId: randomUUID(),
  });
  write('$$$scavenges', '$metadata', { $maxAge: 2_592_000 });
  write('$scavenges', '$scavengeIndexInitialized', {});
  write('$$$settings', '$metadata', { $acl: { $w: '$admins', $r: '$admins' } });
  write('$settings', '$update-default-acl', {
    $userStreamAcl: { $r: '$all', $w: '$all', $d: '$all', $mr: '$all', $mw: '$all' },
    $systemStreamAcl: { $r: '$admins', $w: '$admins', $d: '$admins', $mr: '$admins', $mw: '$admins' },
  });
  write(`$$${STATS_STREAM}`, '$metadata', { $maxAge: 86_400 });
  write(STATS_STREAM, '$statsCollected', statsPayload());
  log.skipTo(1_048_576n);
  write(STATS_STREAM, '$statsCollected', statsPayload());
}

function systemEvent(type: string, data: unknown): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    isJson: true,
    data: Buffer.from(JSON.stringify(data), 'utf8'),
    metadata: new Uint8Array(0),
  };
}

/** Roughly the shape and size of a real `$statsCollected` event, so system records take realistic room in the log. */
function statsPayload(): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    'proc-startTime': new Date().toISOString(),
    'proc-id': process.pid,
    'proc-mem': process.memoryUsage().rss,
    'proc-cpu': 0.5,
    'sys-freeMem': 1_000_000_000,
  };
  for (let i = 0; i < 40; i++) {
    payload[`es-queue-worker-${i}-avgItemsPerSecond`] = 0;
    payload[`es-queue-worker-${i}-length`] = 0;
  }
  return payload;
}

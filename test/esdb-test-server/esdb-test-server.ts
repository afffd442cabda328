import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { createGossipService, createServerFeaturesService } from './features-service';
import { AppendFault, ClusterState } from './cluster';

export type { AppendFault } from './cluster';
import { InMemoryLog, ProposedEvent } from './in-memory-log';
import { OpenCalls } from './open-calls';
import { DEFAULT_MAX_APPEND_SIZE } from './protocol';
import { createStreamsService } from './streams-service';

/**
 * An in-process stand-in for an insecure EventStoreDB 23.x/24.x node, or a three-node cluster, speaking enough of
 * the gRPC protocol for `@eventstore/db-client` to work against it unchanged. By default a single node where an
 * append is readable at once; options and the cluster controls add lag, leader changes and faults.
 * See README.md in this folder for what is (and is not) emulated.
 */
export interface EsdbTestServer {
  /** `esdb://127.0.0.1:<port>?tls=false` (several hosts and `nodePreference=leader` for a cluster). */
  readonly connectionString: string;
  /** The first node's port. */
  readonly port: number;
  /** Ends open calls (subscriptions fail with UNAVAILABLE, as when a real node goes away) and shuts down. */
  stop(): Promise<void>;
  /** Writes a `$`-prefixed system event, interleaving with user events in `$all` as the server's own writes do. */
  appendSystemEvent(stream?: string, type?: string): void;
  /** Subscriptions the server still serves; lets tests check that an unsubscribe reached the server. */
  openSubscriptionCount(): number;
  /** Leader changes and injected faults (README.md: "Cluster, timing and faults"). */
  readonly cluster: EsdbClusterControls;
}

export interface EsdbClusterControls {
  readonly size: number;
  /** The leading node (0-based), or null during an election. */
  leaderIndex(): number | null;
  /** The next appends meet these faults, one each (only appends to streams starting with `streamPrefix`, if given). */
  injectAppendFaults(faults: readonly AppendFault[], options?: { streamPrefix?: string }): void;
  /** Faults injected and not yet met. */
  pendingFaults(): number;
  /** The leader steps down (one node: restarts); the next node leads after `electionMs`. Resolves then. */
  stepDown(electionMs?: number): Promise<void>;
  /** Commits go on, nothing more becomes readable until `resumeVisibility()` (which reveals all at once). */
  pauseVisibility(): void;
  resumeVisibility(): void;
  /** `esdb://host:port?tls=false` of one node, to talk to it alone. */
  nodeConnectionString(index: number): string;
}

export interface EsdbTestServerOptions {
  /** Address to bind and to put in the connection string. Defaults to 127.0.0.1. */
  readonly host?: string;
  /** Per-append byte limit (data + metadata + type). Defaults to the server's 1 MiB. */
  readonly maxAppendSize?: number;
  /** 1 (default) or 3 nodes: a leader and two followers. */
  readonly nodes?: 1 | 3;
  /** Commit → readable on the leader, ms (default 0). */
  readonly visibilityDelayMs?: number;
  /** Further delay before a follower reads a record, ms (default 0). */
  readonly replicationLagMs?: number;
  /** Entries in the leader's committed-events (id) cache; default unbounded. */
  readonly idCacheSize?: number;
  /** The node's clock against this process's, ms (negative: behind); shows in events' `created`. */
  readonly clockSkewMs?: number;
}

const STATS_STREAM = '$stats-127.0.0.1:2113';

export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const host = options.host ?? '127.0.0.1';
  const size = options.nodes ?? 1;
  const log = new InMemoryLog({
    firstPosition: 0n,
    ...(options.idCacheSize !== undefined ? { idCacheSize: options.idCacheSize } : {}),
    ...(options.clockSkewMs !== undefined ? { clockSkewMs: options.clockSkewMs } : {}),
  });
  const cluster = new ClusterState(log, size, {
    visibilityDelayMs: options.visibilityDelayMs ?? 0,
    replicationLagMs: options.replicationLagMs ?? 0,
  });
  writeStartupRecords(log);

  const calls = new OpenCalls();
  const servers: grpc.Server[] = [];
  for (let index = 0; index < size; index++) {
    const server = new grpc.Server();
    server.addService(
      StreamsService,
      createStreamsService({ log, calls, maxAppendSize: options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE, node: cluster.behaviourOf(index) }),
    );
    server.addService(ServerFeaturesService, createServerFeaturesService());
    server.addService(GossipService, createGossipService(() => cluster.memberStates()));
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
    });
    cluster.endpoints.push({ host, port });
    servers.push(server);
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    cluster.stop();
    stopping ??= shutdown(servers, calls);
    return stopping;
  };
  const hosts = cluster.endpoints.map(({ port }) => `${host}:${port}`).join(',');

  return {
    connectionString: size === 1 ? `esdb://${hosts}?tls=false` : `esdb://${hosts}?tls=false&nodePreference=leader`,
    port: cluster.endpoints[0]!.port,
    stop,
    appendSystemEvent: (stream = STATS_STREAM, type = '$statsCollected') => {
      const outcome = log.append(stream, { kind: 'any' }, [systemEvent(type, statsPayload())]);
      if (outcome.kind !== 'success') {
        throw new Error(`Could not append system event to ${stream}: ${outcome.kind}`);
      }
    },
    openSubscriptionCount: () => calls.count('subscription'),
    cluster: {
      size,
      leaderIndex: () => cluster.leaderIndex,
      injectAppendFaults: (faults, faultOptions) => cluster.injectAppendFaults(faults, faultOptions),
      pendingFaults: () => cluster.pendingFaults(),
      stepDown: (electionMs) => cluster.stepDown(electionMs),
      pauseVisibility: () => cluster.pauseVisibility(),
      resumeVisibility: () => cluster.resumeVisibility(),
      nodeConnectionString: (index) => `esdb://${host}:${cluster.endpoints[index]!.port}?tls=false`,
    },
  };
}

async function shutdown(servers: readonly grpc.Server[], calls: OpenCalls): Promise<void> {
  calls.closeAll();
  await Promise.all(servers.map((server) => shutdownOne(server)));
}

async function shutdownOne(server: grpc.Server): Promise<void> {
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

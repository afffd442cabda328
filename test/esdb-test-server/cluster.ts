import * as grpc from '@grpc/grpc-js';
import { InMemoryLog, LogRecord } from './in-memory-log';
import { notLeaderStatus, notReadyStatus } from './protocol';

/**
 * What one node of the simulated cluster knows and answers: which records it can read yet, whether it leads,
 * and which injected fault the next append it takes meets. The log itself (what is committed) is shared:
 * a write counts against expected revisions from the moment the leader commits it, as on a real cluster.
 * README.md explains each behaviour and the real server behaviour it follows.
 */
export interface NodeBehaviour {
  /** True when every committed record is readable here at once (no lag configured): reads skip the filtering. */
  readonly instant: boolean;
  isVisible(position: bigint): boolean;
  /** Records as they become readable on this node, in log order. */
  onVisible(listener: (records: readonly LogRecord[]) => void): () => void;
  /** Null when this node serves the request; otherwise the status it answers with. */
  admit(kind: 'read' | 'write', requiresLeader: boolean): grpc.StatusObject | null;
  /** The fault injected for the next append to this stream (consumed), or null. */
  takeAppendFault(stream: string): AppendFault | null;
  /** Where the leader is (this node when there is none), for a NotLeader answer. */
  leaderEndpoint(): { host: string; port: number };
  /** True when one of these ids is committed but not yet readable on the leader (a repeat the leader drops). */
  committedButUnreadable(ids: readonly string[]): boolean;
}

export type AppendFault =
  /** Commit, then answer DeadlineExceeded ("Operation timed out"). */
  | 'timeout-after-commit'
  /** Answer Unavailable "Server Is Not Ready", commit nothing. */
  | 'not-ready'
  /**
   * Answer NotLeader naming the current leader, commit nothing: a write that reached a node as it lost the
   * leadership (24.10 answers it with the new leader's endpoint, and the client switches to it on the next call).
   */
  | 'not-leader'
  /** Answer Unavailable "Server Is Too Busy", commit nothing. */
  | 'too-busy'
  /** Commit, then drop the connection the append came on (BatchAppend: the whole stream). */
  | 'drop-after-commit'
  /** Drop the connection before committing. */
  | 'drop-before-commit';

export interface ClusterTiming {
  /** Commit → readable on the leader (flush, quorum replication, indexing), ms. */
  readonly visibilityDelayMs: number;
  /** Further delay before a follower can read a record, ms. */
  readonly replicationLagMs: number;
}

interface NodeState {
  readonly index: number;
  visibleUpTo: bigint | null;
  /** Committed batches not yet readable here, in log order. */
  readonly pending: (readonly LogRecord[])[];
  readonly listeners: Set<(records: readonly LogRecord[]) => void>;
}

export class ClusterState {
  private readonly nodes: NodeState[];
  private leader: number | null = 0;
  private readonly faults: { fault: AppendFault; applies: (stream: string) => boolean }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private electionTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private paused = false;
  /** Filled once the nodes are bound. */
  endpoints: { host: string; port: number }[] = [];

  constructor(
    private readonly log: InMemoryLog,
    size: number,
    private readonly timing: ClusterTiming,
  ) {
    this.nodes = Array.from({ length: size }, (_, index) => ({ index, visibleUpTo: null, pending: [], listeners: new Set() }));
    log.onAppended((records) => {
      for (const node of this.nodes) this.replicate(node, records);
    });
  }

  get size(): number {
    return this.nodes.length;
  }

  get leaderIndex(): number | null {
    return this.leader;
  }

  behaviourOf(index: number): NodeBehaviour {
    const node = this.nodes[index]!;
    const instant = this.timing.visibilityDelayMs === 0 && (this.timing.replicationLagMs === 0 || this.nodes.length === 1);
    const cluster = this;
    return {
      get instant() {
        return instant && !cluster.paused;
      },
      isVisible: (position) => node.visibleUpTo !== null && position <= node.visibleUpTo,
      onVisible: (listener) => {
        node.listeners.add(listener);
        return () => node.listeners.delete(listener);
      },
      admit: (kind, requiresLeader) => this.admit(index, kind, requiresLeader),
      leaderEndpoint: () => this.endpoints[this.leader ?? index]!,
      takeAppendFault: (stream) => {
        const at = this.faults.findIndex((f) => f.applies(stream));
        return at < 0 ? null : this.faults.splice(at, 1)[0]!.fault;
      },
      committedButUnreadable: (ids) => {
        if (this.leader === null) return false;
        const leader = this.nodes[this.leader]!;
        return ids.some((id) => {
          const record = this.log.committedRecordOf(id);
          return record !== undefined && (leader.visibleUpTo === null || record.position > leader.visibleUpTo);
        });
      },
    };
  }

  /**
   * The next appends (any node, any client) meet these faults, one each, in order; with `streamPrefix`, only
   * appends to streams starting with it do (claims and other streams pass untouched).
   */
  injectAppendFaults(faults: readonly AppendFault[], options: { streamPrefix?: string } = {}): void {
    const prefix = options.streamPrefix;
    for (const fault of faults) this.faults.push({ fault, applies: (stream) => prefix === undefined || stream.startsWith(prefix) });
  }

  pendingFaults(): number {
    return this.faults.length;
  }

  /**
   * The leader steps down (or, on one node, the node restarts): no node leads for `electionMs`, then the next
   * node leads. The committed-events cache starts empty on the new leader.
   */
  stepDown(electionMs = 50): Promise<void> {
    const previous = this.leader ?? 0;
    this.leader = null;
    this.log.forgetIds();
    if (this.electionTimer) clearTimeout(this.electionTimer);
    return new Promise((resolve) => {
      this.electionTimer = setTimeout(() => {
        this.electionTimer = null;
        if (!this.stopped) this.leader = (previous + 1) % this.nodes.length;
        resolve();
      }, electionMs);
    });
  }

  /** Commits go on, nothing more becomes readable on any node until `resumeVisibility` (a stalled indexer). */
  pauseVisibility(): void {
    this.paused = true;
  }

  resumeVisibility(): void {
    this.paused = false;
    for (const node of this.nodes) {
      const last = node.pending[node.pending.length - 1];
      if (last) this.revealUpTo(node, last);
    }
  }

  /** Gossip's view: which node leads (none during an election). */
  memberStates(): { host: string; port: number; leader: boolean }[] {
    return this.endpoints.map((endpoint, index) => ({ ...endpoint, leader: index === this.leader }));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.electionTimer) clearTimeout(this.electionTimer);
  }

  private admit(index: number, kind: 'read' | 'write', requiresLeader: boolean): grpc.StatusObject | null {
    if (this.leader === index) return null;
    if (kind === 'read' && !requiresLeader) return null;
    // Without a leader, a node can neither forward a write nor name a leader.
    if (this.leader === null) return notReadyStatus();
    // A follower forwards a write that does not require the leader; one that does learns where the leader is.
    if (kind === 'write' && !requiresLeader) return null;
    return notLeaderStatus(this.endpoints[this.leader]!);
  }

  private replicate(node: NodeState, records: readonly LogRecord[]): void {
    const delay = this.timing.visibilityDelayMs + (node.index === (this.leader ?? -1) ? 0 : this.timing.replicationLagMs);
    node.pending.push(records);
    if (this.paused) return;
    if (delay === 0) {
      this.revealUpTo(node, records);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.revealUpTo(node, records);
    }, delay);
    this.timers.add(timer);
  }

  /**
   * Reveals the pending batches up to and including `batch`. A node's lag changes when it becomes leader, so a
   * later batch's timer can fire first: it reveals the earlier ones with it, keeping each node's log in order.
   */
  private revealUpTo(node: NodeState, batch: readonly LogRecord[]): void {
    if (this.stopped || !node.pending.includes(batch)) return;
    for (;;) {
      const records = node.pending.shift()!;
      const last = records[records.length - 1];
      if (last) {
        node.visibleUpTo = last.position;
        for (const listener of [...node.listeners]) listener(records);
      }
      if (records === batch) return;
    }
  }
}

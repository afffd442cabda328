import { LedgerState, evolve, initialLedgerState } from '../../projections/ledger-state';
import { StoredEvent } from '../event-store/event-store.port';

/** Reads the events after `after` (exclusive; null = from the start) up to `upTo` (inclusive), in order. */
export type ReadRange = (after: bigint | null, upTo: bigint) => AsyncIterable<StoredEvent>;

export const SNAPSHOT_EVERY = 1000;

interface RecordedIndex {
  snapshots: LedgerState[];
  positions: bigint[];
  recordedAtMs: number[];
}

const emptyIndex = (): RecordedIndex => ({ snapshots: [], positions: [], recordedAtMs: [] });

/**
 * The live read model on both time axes. Valid time is a filter applied by the queries; recorded time is
 * answered by folding from the nearest snapshot at or before the wanted position. Because `evolve` is
 * persistent, a snapshot is only a reference to a past state: keeping one every thousand events costs what
 * those events changed, not a copy.
 *
 * After a restart from a checkpoint the current state is served at once, and the snapshots and the time index
 * of the history before the checkpoint are rebuilt in the background; recorded-time questions about that
 * history wait for it.
 */
export class TemporalLedger {
  private state: LedgerState = initialLedgerState();
  private index: RecordedIndex = emptyIndex();
  private restoredAt: bigint | null = null;
  private history: Promise<void> = Promise.resolve();

  constructor(private readonly readRange: ReadRange) {}

  get current(): LedgerState {
    return this.state;
  }

  /** Starts from a saved checkpoint instead of the beginning. */
  restore(checkpoint: LedgerState): void {
    this.state = checkpoint;
    this.index = emptyIndex();
    this.restoredAt = checkpoint.position;
    this.history = checkpoint.position === null ? Promise.resolve() : this.rebuildHistory(checkpoint.position);
  }

  /** Resolves once recorded-time answers cover the whole log (at once unless restored from a checkpoint). */
  historyReady(): Promise<void> {
    return this.history;
  }

  /** Folds one event; an event at or before the current position was already applied and is skipped. */
  apply(event: StoredEvent): boolean {
    if (this.state.position !== null && event.position <= this.state.position) return false;
    this.state = evolve(this.state, event);
    record(this.index, this.state, event);
    return true;
  }

  /** The last position recorded at or before `instant`, or null when nothing was recorded by then. */
  async positionAt(instant: Date): Promise<bigint | null> {
    const ms = instant.getTime();
    const first = this.index.recordedAtMs[0];
    if (this.restoredAt !== null && (first === undefined || ms < first)) await this.history;
    const found = lastAtOrBefore(this.index.recordedAtMs, (recordedAt) => recordedAt <= ms);
    return found >= 0 ? this.index.positions[found]! : null;
  }

  /** The ledger as known at `position`: the current state, or a fold from the nearest earlier snapshot. */
  async stateAt(position: bigint | null): Promise<LedgerState> {
    if (position === null) return initialLedgerState();
    if (this.state.position === null || position >= this.state.position) return this.state;
    if (this.restoredAt !== null && position < this.restoredAt) await this.history;
    const { snapshots } = this.index;
    const nearest = lastAtOrBefore(snapshots, (snapshot) => snapshot.position! <= position);
    const base = nearest >= 0 ? snapshots[nearest]! : initialLedgerState();
    let state = base;
    if (base.position === position) return state;
    for await (const event of this.readRange(base.position, position)) state = evolve(state, event);
    return state;
  }

  private async rebuildHistory(upTo: bigint): Promise<void> {
    const rebuilt = emptyIndex();
    let state = initialLedgerState();
    for await (const event of this.readRange(null, upTo)) {
      state = evolve(state, event);
      record(rebuilt, state, event);
    }
    this.index = {
      snapshots: [...rebuilt.snapshots, ...this.index.snapshots],
      positions: [...rebuilt.positions, ...this.index.positions],
      recordedAtMs: [...rebuilt.recordedAtMs, ...this.index.recordedAtMs],
    };
    this.restoredAt = null;
  }
}

/** Index of the last item of an ascending array that satisfies `atOrBefore`, or -1 (binary search). */
function lastAtOrBefore<T>(items: readonly T[], atOrBefore: (item: T) => boolean): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (atOrBefore(items[mid]!)) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function record(index: RecordedIndex, state: LedgerState, event: StoredEvent): void {
  index.positions.push(event.position);
  index.recordedAtMs.push(event.recordedAt.getTime());
  if (state.eventCount % SNAPSHOT_EVERY === 0) index.snapshots.push(state);
}

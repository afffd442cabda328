import { EntityTable } from '../../projections/entity-map';
import { LedgerState, foldEvent } from '../../projections/ledger-state';
import { COMMITMENT_FACTS, OFFICE_FACTS, ValidTimeIndex } from '../../projections/valid-time-index';
import { FACT_CORRECTED, FACT_RETRACTED } from '../events/fact-amended.events';
import { StoredEvent } from '../event-store/event-store.port';

/** Reads the events after `after` (exclusive; null = from the start) up to `upTo` (inclusive), in order. */
export type ReadRange = (after: bigint | null, upTo: bigint) => AsyncIterable<StoredEvent>;

/** Event types that can change what the valid-time index derives from an entity. */
const INDEXED_TYPES = new Set([...COMMITMENT_FACTS, ...OFFICE_FACTS, FACT_CORRECTED, FACT_RETRACTED]);

/**
 * The live read model on both time axes. Valid time is a filter applied by the queries, through the
 * valid-time index kept here event by event. Recorded time is a view: entity records keep their history and
 * the index its row versions, each with the position it was recorded at, so the ledger as known at any
 * position is the same table seen up to that position, with no snapshot and no fold. The position and commit
 * time of every event are kept in order, for "as known at" an instant and for the event count of a past state.
 *
 * After a restart from a checkpoint the current state is served at once; the positions and commit times of
 * the events before the checkpoint are read again in the background, and recorded-time questions wait for them.
 */
export class TemporalLedger {
  private table = new EntityTable();
  private folded = 0;
  private recordedAt: Date | null = null;
  /** The state at the table's head, made when asked for. */
  private latest: LedgerState = { position: null, recordedAt: null, eventCount: 0, entities: this.table.knownAt(null) };
  private positions: bigint[] = [];
  private recordedAtMs: number[] = [];
  private validTime = new ValidTimeIndex();
  private restoredAt: bigint | null = null;
  private history: Promise<void> = Promise.resolve();

  constructor(private readonly readRange: ReadRange) {}

  get current(): LedgerState {
    const head = this.table.head;
    if (this.latest.position !== head) {
      const recordedAt = this.recordedAt?.toISOString() ?? null;
      this.latest = { position: head, recordedAt, eventCount: this.folded, entities: this.table.knownAt(head) };
    }
    return this.latest;
  }

  /** Events folded so far. */
  get eventCount(): number {
    return this.folded;
  }

  /** The valid-time index of every state this ledger has held (rows carry the positions they held at). */
  get validTimeIndex(): ValidTimeIndex {
    return this.validTime;
  }

  /** Starts from a saved checkpoint instead of the beginning. */
  restore(checkpoint: LedgerState): void {
    this.table = checkpoint.entities.table;
    this.table.head = checkpoint.position;
    this.folded = checkpoint.eventCount;
    this.recordedAt = checkpoint.recordedAt === null ? null : new Date(checkpoint.recordedAt);
    this.latest = checkpoint;
    this.validTime = ValidTimeIndex.fromEntities(checkpoint.entities);
    this.positions = [];
    this.recordedAtMs = [];
    this.restoredAt = checkpoint.position;
    this.history = checkpoint.position === null ? Promise.resolve() : this.rebuildHistory(checkpoint.position);
  }

  /** Resolves once recorded-time answers cover the whole log (at once unless restored from a checkpoint). */
  historyReady(): Promise<void> {
    return this.history;
  }

  /** Folds one event; an event at or before the current position was already applied and is skipped. */
  apply(event: StoredEvent): boolean {
    const head = this.table.head;
    if (head !== null && event.position <= head) return false;
    const changed = foldEvent(this.table, event);
    this.folded++;
    this.recordedAt = event.recordedAt;
    if (changed && INDEXED_TYPES.has(event.type)) this.validTime.update(changed, event.position);
    this.positions.push(event.position);
    this.recordedAtMs.push(event.recordedAt.getTime());
    return true;
  }

  /** The last position recorded at or before `instant`, or null when nothing was recorded by then. */
  async positionAt(instant: Date): Promise<bigint | null> {
    const ms = instant.getTime();
    const first = this.recordedAtMs[0];
    if (this.restoredAt !== null && (first === undefined || ms < first)) await this.history;
    const found = lastAtOrBefore(this.recordedAtMs, (recordedAt) => recordedAt <= ms);
    return found >= 0 ? this.positions[found]! : null;
  }

  /** The ledger as known at `position`: the current state, or the table seen up to the last event by then. */
  async stateAt(position: bigint | null): Promise<LedgerState> {
    const head = this.table.head;
    if (position !== null && head !== null && position >= head) return this.current;
    await this.history;
    const found = position === null ? -1 : lastAtOrBefore(this.positions, (p) => p <= position);
    if (found < 0) return { position: null, recordedAt: null, eventCount: 0, entities: this.table.knownAt(null) };
    const at = this.positions[found]!;
    const recordedAt = new Date(this.recordedAtMs[found]!).toISOString();
    return { position: at, recordedAt, eventCount: found + 1, entities: this.table.knownAt(at) };
  }

  /** Reads the positions and commit times of the events up to the checkpoint restored from. */
  private async rebuildHistory(upTo: bigint): Promise<void> {
    const positions: bigint[] = [];
    const recordedAtMs: number[] = [];
    for await (const event of this.readRange(null, upTo)) {
      positions.push(event.position);
      recordedAtMs.push(event.recordedAt.getTime());
    }
    this.positions = [...positions, ...this.positions];
    this.recordedAtMs = [...recordedAtMs, ...this.recordedAtMs];
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

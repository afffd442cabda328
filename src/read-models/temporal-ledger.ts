import { LedgerState, evolve, foldEvent, initialLedgerState } from '../../projections/ledger-state';
import { COMMITMENT_FACTS, OFFICE_FACTS, ValidTimeIndex } from '../../projections/valid-time-index';
import { FACT_CORRECTED, FACT_RETRACTED } from '../events/fact-amended.events';
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

/** Event types that can change what the valid-time index derives from an entity. */
const INDEXED_TYPES = new Set([...COMMITMENT_FACTS, ...OFFICE_FACTS, FACT_CORRECTED, FACT_RETRACTED]);

/**
 * The live read model on both time axes. Valid time is a filter applied by the queries, through the
 * valid-time index kept here event by event; recorded time is answered by folding from the nearest snapshot
 * at or before the wanted position (the index is bitemporal, so it serves that state too). The entity map is
 * persistent, so a snapshot is only a reference to a past state: keeping one every thousand events costs what
 * those events changed, not a copy. Between snapshots the map is folded into as a transient (immutable.js
 * `asMutable`) and frozen again whenever a state leaves this class.
 *
 * After a restart from a checkpoint the current state is served at once, and the snapshots and the time index
 * of the history before the checkpoint are rebuilt in the background; recorded-time questions about that
 * history wait for it.
 */
export class TemporalLedger {
  /** The last state that left this class (frozen); behind the fields below while events are being folded. */
  private state: LedgerState = initialLedgerState();
  /** The entity map being folded into; the one in `state` once frozen. */
  private editing: LedgerState['entities'] | null = null;
  private position: bigint | null = null;
  private recordedAt: Date | null = null;
  private eventCount = 0;
  private index: RecordedIndex = emptyIndex();
  private validTime = new ValidTimeIndex();
  private restoredAt: bigint | null = null;
  private history: Promise<void> = Promise.resolve();

  constructor(private readonly readRange: ReadRange) {}

  get current(): LedgerState {
    this.freeze();
    return this.state;
  }

  /** The valid-time index of every state this ledger has held (rows carry the positions they held at). */
  get validTimeIndex(): ValidTimeIndex {
    return this.validTime;
  }

  /** Starts from a saved checkpoint instead of the beginning. */
  restore(checkpoint: LedgerState): void {
    this.editing = null;
    this.state = checkpoint;
    this.position = checkpoint.position;
    this.recordedAt = checkpoint.recordedAt === null ? null : new Date(checkpoint.recordedAt);
    this.eventCount = checkpoint.eventCount;
    this.validTime = ValidTimeIndex.fromEntities(checkpoint.entities);
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
    if (this.position !== null && event.position <= this.position) return false;
    this.editing ??= this.state.entities.asMutable();
    const { entities, changed } = foldEvent(this.editing, event);
    this.editing = entities;
    this.position = event.position;
    this.recordedAt = event.recordedAt;
    this.eventCount++;
    if (changed && INDEXED_TYPES.has(event.type)) this.validTime.update(changed, event.position);
    record(this.index, event, this.eventCount, () => this.current);
    return true;
  }

  /** Ends the transient: from here on the map in `state` is immutable and a later event copies what it touches. */
  private freeze(): void {
    if (this.state.position === this.position) return;
    this.state = {
      position: this.position,
      recordedAt: this.recordedAt?.toISOString() ?? null,
      eventCount: this.eventCount,
      entities: this.editing ? this.editing.asImmutable() : this.state.entities,
    };
    this.editing = null;
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
    if (this.position === null || position >= this.position) return this.current;
    if (this.restoredAt !== null && position < this.restoredAt) await this.history;
    const { snapshots } = this.index;
    const nearest = lastAtOrBefore(snapshots, (snapshot) => snapshot.position! <= position);
    const base = nearest >= 0 ? snapshots[nearest]! : initialLedgerState();
    if (base.position === position) return base;
    let { position: at, recordedAt, eventCount } = base;
    let entities = base.entities.asMutable();
    let last: StoredEvent | null = null;
    for await (const event of this.readRange(base.position, position)) {
      entities = foldEvent(entities, event).entities;
      last = event;
      eventCount++;
    }
    if (last) {
      at = last.position;
      recordedAt = last.recordedAt.toISOString();
    }
    return { position: at, recordedAt, eventCount, entities: entities.asImmutable() };
  }

  private async rebuildHistory(upTo: bigint): Promise<void> {
    const rebuilt = emptyIndex();
    let state = initialLedgerState();
    for await (const event of this.readRange(null, upTo)) {
      state = evolve(state, event);
      record(rebuilt, event, state.eventCount, () => state);
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

/** Indexes the event's position and commit time; every SNAPSHOT_EVERY events, keeps the (frozen) state too. */
function record(index: RecordedIndex, event: StoredEvent, eventCount: number, snapshot: () => LedgerState): void {
  index.positions.push(event.position);
  index.recordedAtMs.push(event.recordedAt.getTime());
  if (eventCount % SNAPSHOT_EVERY === 0) index.snapshots.push(snapshot());
}

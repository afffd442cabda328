import { EntityTable } from '../../projections/ledger/entity-table';
import { LedgerState } from '../../projections/ledger/ledger-state';
import { FIRST_FACT_TERMS_AHEAD, firstFactTermsOf } from '../../projections/valid-time/first-fact-terms';
import { isIndexed } from '../../projections/valid-time/indexed-terms';
import { ValidTimeIndex } from '../../projections/valid-time/valid-time-index';
import { StoredEvent } from '../event-store/event-store.port';
import { DeriveAhead } from '../event-store/read-ahead';

/**
 * The live read model on both time axes. Valid time is a filter applied by the queries, through the
 * valid-time index kept here event by event. Recorded time is a view: the entity table keeps every event
 * folded, with its position and commit time, and the index its row versions with the positions they held
 * at, so the ledger as known at any position or instant is the same table seen up to that point, with no
 * snapshot and no fold. A checkpoint holds the same events, so a restored model answers both at once.
 */
export class TemporalLedger {
  /**
   * What a reader that feeds a ledger hands to a store that reads ahead, to derive on its reading thread ahead
   * of the fold (see first-fact-terms.ts); a ledger folds events that come without it the same way.
   */
  static readonly deriveAhead: DeriveAhead = FIRST_FACT_TERMS_AHEAD;

  private table = new EntityTable();
  /** The state at the table's head, made when asked for. */
  private latest: LedgerState = { position: null, recordedAt: null, eventCount: 0, entities: this.table.knownAt(null) };
  private validTime = new ValidTimeIndex({ streams: this.table.streams });

  get current(): LedgerState {
    const head = this.table.head;
    if (this.latest.position !== head) {
      const last = this.table.lastRow;
      const recordedAt = last < 0 ? null : new Date(this.table.recordedAtMsAt(last)).toISOString();
      this.latest = { position: head, recordedAt, eventCount: this.table.rowCount, entities: this.table.knownAt(head) };
    }
    return this.latest;
  }

  /** Events folded so far. */
  get eventCount(): number {
    return this.table.rowCount;
  }

  /** The valid-time index of every state this ledger has held (rows carry the positions they held at). */
  get validTimeIndex(): ValidTimeIndex {
    return this.validTime;
  }

  /** Starts from a saved checkpoint instead of the beginning. */
  restore(checkpoint: LedgerState): void {
    const table = checkpoint.entities.table;
    if (checkpoint.position !== table.head || checkpoint.eventCount !== table.rowCount) {
      throw new Error('a checkpoint restores from the latest state of its own table');
    }
    this.table = table;
    this.latest = checkpoint;
    this.validTime = ValidTimeIndex.fromEntities(checkpoint.entities);
  }

  /** Folds one event; an event at or before the current position was already applied and is skipped. */
  apply(event: StoredEvent): boolean {
    const head = this.table.head;
    if (head !== null && event.position <= head) return false;
    const table = this.table;
    const changed = table.fold(event);
    if (changed < 0 || !isIndexed(table.streamKind(changed), event.type)) return true;
    if (table.isFirstFact(changed, table.lastRow)) {
      // Most entities are one fact: read its terms from the event, with no record to make.
      const terms = firstFactTermsOf(table.streamKind(changed), event);
      if (terms) this.validTime.updateTerms(changed, event.position, terms);
    } else {
      const entity = table.indexedEntityOf(changed, table.lastRow);
      if (entity) this.validTime.update(entity, event.position, changed);
    }
    return true;
  }

  /** The last position recorded at or before `instant`, or null when nothing was recorded by then. */
  positionAt(instant: Date): bigint | null {
    const row = this.table.rowRecordedBy(instant.getTime());
    return row >= 0 ? this.table.positionAt(row) : null;
  }

  /** The ledger as known at `position`: the current state, or the table seen up to the last event by then. */
  stateAt(position: bigint | null): LedgerState {
    const head = this.table.head;
    if (position !== null && head !== null && position >= head) return this.current;
    const row = this.table.rowAtOrBefore(position);
    if (row < 0) return { position: null, recordedAt: null, eventCount: 0, entities: this.table.knownAt(null) };
    const at = this.table.positionAt(row);
    const recordedAt = new Date(this.table.recordedAtMsAt(row)).toISOString();
    return { position: at, recordedAt, eventCount: row + 1, entities: this.table.knownAt(at) };
  }
}

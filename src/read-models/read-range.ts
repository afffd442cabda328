import { readLog } from '../event-store/log-reader';
import { EventStore } from '../event-store/event-store.port';
import { ReadRange, SNAPSHOT_EVERY } from './temporal-ledger';

/**
 * The store's global log between two positions. The port reads have no upper bound, so the page size matches
 * the gap usually read: the snapshot interval, for recorded-time folds.
 */
export function readRangeFrom(store: EventStore, pageSize = SNAPSHOT_EVERY): ReadRange {
  return (after, upTo) => readLog(store, { after, upTo, pageSize });
}

import { readLog } from '../event-store/log-reader';
import { EventStore } from '../event-store/event-store.port';
import { ReadRange } from './temporal-ledger';

/** The store's global log between two positions, read in pages of `pageSize` events. */
export function readRangeFrom(store: EventStore, pageSize = 10_000): ReadRange {
  return (after, upTo) => readLog(store, { after, upTo, pageSize });
}

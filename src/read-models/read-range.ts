import { EventStore } from '../event-store/event-store.port';
import { ReadRange, SNAPSHOT_EVERY } from './temporal-ledger';

/**
 * Pages through the store's global log between two positions. The port reads have no upper bound, so the page
 * size should match the gap usually read: the snapshot interval, for recorded-time folds.
 */
export function readRangeFrom(store: EventStore, pageSize = SNAPSHOT_EVERY): ReadRange {
  return async function* (after, upTo) {
    let from = after;
    for (;;) {
      const page = await store.readAll({ fromPosition: from ?? undefined, maxCount: pageSize });
      const within = page.filter((event) => event.position <= upTo);
      if (within.length > 0) yield within;
      if (page.length < pageSize || within.length < page.length) return;
      from = page[page.length - 1]!.position;
    }
  };
}

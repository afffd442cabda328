import { EventStore } from '../event-store/event-store.port';
import { ReadRange } from './temporal-ledger';

const PAGE = 5000;

/** Pages through the store's global log between two positions. */
export function readRangeFrom(store: EventStore): ReadRange {
  return async function* (after, upTo) {
    let from = after;
    for (;;) {
      const page = await store.readAll({ fromPosition: from ?? undefined, maxCount: PAGE });
      const within = page.filter((event) => event.position <= upTo);
      if (within.length > 0) yield within;
      if (page.length < PAGE || within.length < page.length) return;
      from = page[page.length - 1]!.position;
    }
  };
}

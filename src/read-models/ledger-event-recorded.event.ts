import { StoredEvent } from '../event-store/event-store.port';

/** Published on the EventBus for every stored event the live read models follow, in global order. */
export class LedgerEventRecorded {
  constructor(readonly event: StoredEvent) {}
}

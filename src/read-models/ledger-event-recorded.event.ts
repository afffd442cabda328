import { StoredEvent } from '../event-store/event-store.port';

/**
 * Published on the EventBus for each event the live ledger folds once it has caught up, in global order and
 * after the ledger holds it (the ledger itself is fed by the follower directly, not from here).
 */
export class LedgerEventRecorded {
  constructor(readonly event: StoredEvent) {}
}

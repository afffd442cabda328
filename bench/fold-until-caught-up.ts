import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { TemporalLedger } from '../src/read-models/temporal-ledger';

/** What the server's follower does until caught up: follow the store from the start, folding each event into the model. */
export function foldUntilCaughtUp(store: SqliteEventStore, ledger: TemporalLedger): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const subscription = store.subscribeToAllAhead({}, TemporalLedger.deriveAhead).subscribe({
      next: (message) => {
        if (message.kind === 'event') ledger.apply(message.event);
        else {
          subscription.unsubscribe();
          resolve();
        }
      },
      error: reject,
    });
  });
}

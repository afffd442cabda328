import { Test } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { EVENT_STORE, EventStore, SubscribeToAllOptions, SubscriptionMessage } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ApplyRecordedEventHandler } from '../../src/read-models/apply-recorded-event.handler';
import { LedgerFollower } from '../../src/read-models/ledger-follower.service';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { makeTempDir } from '../support/temp-dir';

/** The real embedded store whose first subscription drops after delivering two events, as a lost connection would. */
function droppingFirstSubscription(store: SqliteEventStore): EventStore & { subscriptions: (bigint | undefined)[] } {
  const subscriptions: (bigint | undefined)[] = [];
  return Object.assign(Object.create(store) as EventStore, {
    subscriptions,
    subscribeToAll(options: SubscribeToAllOptions = {}): Observable<SubscriptionMessage> {
      subscriptions.push(options.fromPosition);
      const source = store.subscribeToAll(options);
      if (subscriptions.length > 1) return source;
      return new Observable<SubscriptionMessage>((subscriber) => {
        let delivered = 0;
        const inner = source.subscribe((message) => {
          if (message.kind !== 'event') return;
          subscriber.next(message);
          if (++delivered === 2) subscriber.error(new Error('connection lost'));
        });
        return () => inner.unsubscribe();
      });
    },
  });
}

describe('following the store', () => {
  it('resumes a dropped subscription from the last event applied, missing nothing and applying nothing twice', async () => {
    const dir = makeTempDir('follower');
    const sqlite = SqliteEventStore.open({ file: join(dir.path, 'ledger.sqlite'), pollIntervalMs: 20 });
    const event = (n: number) => ({ id: randomUUID(), type: 'ThingHappened', data: { n }, metadata: {} });
    await sqlite.append('thing-1', [event(1), event(2), event(3)], 'no_stream');
    const store = droppingFirstSubscription(sqlite);
    const live = new LiveLedger();
    const moduleRef = await Test.createTestingModule({
      imports: [CqrsModule],
      providers: [{ provide: EVENT_STORE, useValue: store }, { provide: LiveLedger, useValue: live }, LedgerFollower, ApplyRecordedEventHandler],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const last = await sqlite.append('thing-1', [event(4)], 2n);
      await live.waitFor(last.position);
      expect(live.current.eventCount).toBe(4);
      expect(store.subscriptions).toHaveLength(2);
      const [, second] = store.subscriptions;
      const stored = await sqlite.readStream('thing-1');
      expect(second).toBe(stored[1]!.position);
    } finally {
      await app.close();
      await sqlite.close();
      dir.remove();
    }
  });
});

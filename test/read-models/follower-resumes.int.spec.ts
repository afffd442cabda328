import { Test } from '@nestjs/testing';
import { CqrsModule, EventBus, ofType } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import { EVENT_STORE, SubscribeToAllOptions, SubscriptionMessage } from '../../src/event-store/event-store.port';
import { DeriveAhead } from '../../src/event-store/read-ahead';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { LedgerEventRecorded } from '../../src/read-models/ledger-event-recorded.event';
import { LedgerFollower } from '../../src/read-models/ledger-follower.service';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { makeTempDir } from '../support/temp-dir';

/**
 * The real embedded store whose first subscription drops after delivering two events, as a lost connection
 * would; the port's subscription and the read-ahead one alike.
 */
function droppingFirstSubscription(store: SqliteEventStore): SqliteEventStore & { subscriptions: (bigint | undefined)[] } {
  const subscriptions: (bigint | undefined)[] = [];
  const dropping = (options: SubscribeToAllOptions, source: Observable<SubscriptionMessage>): Observable<SubscriptionMessage> => {
    subscriptions.push(options.fromPosition);
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
  };
  return Object.assign(Object.create(store) as SqliteEventStore, {
    subscriptions,
    subscribeToAll: (options: SubscribeToAllOptions = {}) => dropping(options, store.subscribeToAll(options)),
    subscribeToAllAhead: (options: SubscribeToAllOptions, derive: DeriveAhead) => dropping(options, store.subscribeToAllAhead(options, derive)),
  });
}

/** The follower alone, with the live ledger and an EventBus on which nothing of ours subscribes. */
async function startFollower(store: SqliteEventStore, live: LiveLedger) {
  const moduleRef = await Test.createTestingModule({
    imports: [CqrsModule],
    providers: [{ provide: EVENT_STORE, useValue: store }, { provide: LiveLedger, useValue: live }, LedgerFollower],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const event = (n: number) => ({ id: randomUUID(), type: 'ThingHappened', data: { n }, metadata: {} });

describe('following the store', () => {
  it('resumes a dropped subscription from the last event applied, missing nothing and applying nothing twice', async () => {
    const dir = makeTempDir('follower');
    const sqlite = SqliteEventStore.open({ file: join(dir.path, 'ledger.sqlite'), pollIntervalMs: 20 });
    await sqlite.append('thing-1', [event(1), event(2), event(3)], 'no_stream');
    const store = droppingFirstSubscription(sqlite);
    const live = new LiveLedger();
    const app = await startFollower(store, live);
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

  it('folds live events into the model itself, and publishes each once on the EventBus once the model holds it', async () => {
    const dir = makeTempDir('follower-live');
    const store = SqliteEventStore.open({ file: join(dir.path, 'ledger.sqlite'), pollIntervalMs: 20 });
    await store.append('thing-1', [event(1), event(2)], 'no_stream');
    const live = new LiveLedger();
    const app = await startFollower(store, live);
    const published: { position: bigint; heldAt: bigint | null }[] = [];
    app
      .get(EventBus)
      .pipe(ofType(LedgerEventRecorded))
      .subscribe(({ event: recorded }) => published.push({ position: recorded.position, heldAt: live.current.position }));
    try {
      await live.whenCaughtUp();
      const first = await store.append('thing-1', [event(3)], 1n);
      const second = await store.append('thing-2', [event(4), event(5)], 'no_stream');
      await live.waitFor(second.position);
      expect(live.current.eventCount).toBe(5);
      const secondStream = await store.readStream('thing-2');
      expect(published.map((p) => p.position)).toEqual([first.position, secondStream[0]!.position, second.position]);
      expect(published.every((p) => p.heldAt === p.position)).toBe(true);
    } finally {
      await app.close();
      await store.close();
      dir.remove();
    }
  });
});

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Subscription } from 'rxjs';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { LedgerEventRecorded } from './ledger-event-recorded.event';
import { LiveLedger } from './live-ledger';
import { TemporalLedger } from './temporal-ledger';

const RESUBSCRIBE_AFTER_MS = 1000;

/**
 * Follows the store with a catch-up subscription from the start of the log. The history is folded straight
 * into the live model (at a million events, a round trip through the EventBus per event cost more than the
 * fold); once caught up, each new event is published on the EventBus, where the read-model handlers fold it.
 * A dropped subscription (a store restart, a lost connection) is resumed from the last event applied, so the
 * model never silently stops following. Start-up does not wait for the catch-up: /health reports its progress.
 */
@Injectable()
export class LedgerFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerFollower');
  private subscription: Subscription | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly eventBus: EventBus,
    private readonly live: LiveLedger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const head = await this.store.health().then(
      (health) => health.lastPosition,
      () => null,
    );
    this.follow(this.live.start(head));
  }

  private follow(from: bigint | null): void {
    const options = { fromPosition: from ?? undefined, deriveAhead: TemporalLedger.deriveAhead };
    this.subscription = this.store.subscribeToAll(options).subscribe({
      next: (message) => {
        if (message.kind === 'caught-up') this.live.markCaughtUp();
        else if (this.live.isCaughtUp) this.eventBus.publish(new LedgerEventRecorded(message.event));
        else this.live.apply(message.event);
      },
      error: (error: Error) => {
        if (this.stopped) return;
        this.logger.error(`subscription dropped (${error.message}); resuming in ${RESUBSCRIBE_AFTER_MS} ms`);
        this.retry = setTimeout(() => this.follow(this.live.current.position), RESUBSCRIBE_AFTER_MS);
      },
    });
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.subscription?.unsubscribe();
  }
}

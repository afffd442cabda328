import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Subscription } from 'rxjs';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { LedgerEventRecorded } from './ledger-event-recorded.event';
import { LiveLedger } from './live-ledger';

/**
 * Follows the store with a catch-up subscription from the live model's checkpoint and publishes every event
 * on the EventBus, where the read-model handlers fold it.
 */
@Injectable()
export class LedgerFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerFollower');
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly eventBus: EventBus,
    private readonly live: LiveLedger,
  ) {}

  onApplicationBootstrap(): void {
    const checkpoint = this.live.start();
    this.subscription = this.store.subscribeToAll({ fromPosition: checkpoint ?? undefined }).subscribe({
      next: (message) => {
        if (message.kind === 'event') this.eventBus.publish(new LedgerEventRecorded(message.event));
        else this.live.markCaughtUp();
      },
      error: (error: Error) => this.logger.error(`subscription stopped: ${error.message}`),
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.live.stop();
  }
}

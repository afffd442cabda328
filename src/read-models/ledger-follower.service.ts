import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Subscription } from 'rxjs';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { subscribeToAllDerivingAhead } from '../event-store/read-ahead';
import { LedgerEventRecorded } from './ledger-event-recorded.event';
import { LiveLedger } from './live-ledger';
import { TemporalLedger } from './temporal-ledger';

const RESUBSCRIBE_AFTER_MS = 1000;

/**
 * Follows the store with a catch-up subscription from the start of the log, folding every event straight into
 * the live model it holds: history and live events alike (at a million events, a round trip through the
 * EventBus per event cost more than the fold, and the model needs none). Once caught up, each new event is
 * also published on the EventBus, after the model holds it, for whoever else follows the ledger there. Where
 * the store reads ahead, the catch-up hands it the ledger's derivation (read-ahead.ts). A dropped
 * subscription (a store restart, a lost connection) is resumed from the last event applied, so the model
 * never silently stops following. Start-up does not wait for the catch-up: /health reports its progress.
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
    const messages = subscribeToAllDerivingAhead(this.store, { fromPosition: from ?? undefined }, TemporalLedger.deriveAhead);
    this.subscription = messages.subscribe({
      next: (message) => {
        if (message.kind === 'caught-up') this.live.markCaughtUp();
        else if (this.live.apply(message.event) && this.live.isCaughtUp) this.eventBus.publish(new LedgerEventRecorded(message.event));
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

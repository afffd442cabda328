import { Inject, Injectable } from '@nestjs/common';
import { headOf, readLog } from '../event-store/log-reader';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { LiveLedger } from '../read-models/live-ledger';
import { TemporalLedger } from '../read-models/temporal-ledger';

export interface CatchUpOptions {
  /** Stop after this position, or after the last event recorded at or before this instant. */
  readonly until?: bigint | Date;
  readonly onProgress?: (position: bigint, events: number, head: bigint | null) => void;
}

export interface CatchUpResult {
  readonly events: number;
  readonly position: bigint | null;
  /** The head of the log when the replay started. */
  readonly head: bigint | null;
  /** The first event's position, for progress fractions. */
  readonly first: bigint | null;
  /** Events replayed, by type. */
  readonly types: ReadonlyMap<string, number>;
}

/** The CLI's read model: the same LiveLedger and query handlers as the server, folded from the log on demand. */
export function cliLiveLedger(_store: EventStore): LiveLedger {
  return new LiveLedger();
}

/**
 * Replays the log into the CLI's LiveLedger, from the first event, through the projections (`evolve`), so the
 * QueryBus handlers answer from it exactly as the server's do.
 */
@Injectable()
export class ReadSide {
  private caughtUp: Promise<CatchUpResult> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly live: LiveLedger,
  ) {}

  /** Folds the whole log (once per process). */
  ready(options: Omit<CatchUpOptions, 'until'> = {}): Promise<CatchUpResult> {
    this.caughtUp ??= this.replay(options);
    return this.caughtUp;
  }

  /** Folds the log up to a position or recorded instant (only on a fresh model). */
  async replay(options: CatchUpOptions = {}): Promise<CatchUpResult> {
    if (this.live.current.position !== null) throw new Error('the read model has already been folded in this process');
    const head = (await headOf(this.store));
    let events = 0;
    let first: bigint | null = null;
    const types = new Map<string, number>();
    const until = options.until;
    if (head !== null) {
      for await (const event of readLog(this.store, { upTo: typeof until === 'bigint' && until < head ? until : head, deriveAhead: TemporalLedger.deriveAhead, lazy: true })) {
        if (until instanceof Date && event.recordedAt.getTime() > until.getTime()) break;
        first ??= event.position;
        this.live.apply(event);
        types.set(event.type, (types.get(event.type) ?? 0) + 1);
        events++;
        if (options.onProgress && events % 250 === 0) options.onProgress(event.position, events, head);
      }
    }
    this.live.markCaughtUp();
    const result = { events, position: this.live.current.position, head, first, types };
    this.caughtUp = Promise.resolve(result);
    return result;
  }
}

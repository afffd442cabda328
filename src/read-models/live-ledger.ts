import { Logger } from '@nestjs/common';
import { LedgerState } from '../../projections/ledger-state';
import { ValidTimeIndex } from '../../projections/valid-time-index';
import { StoredEvent } from '../event-store/event-store.port';
import { CheckpointFile } from './checkpoint-file';
import { TemporalLedger } from './temporal-ledger';

export interface LiveLedgerOptions {
  /**
   * Save a checkpoint after this many newly applied events (during catch-up and after), or after half as many
   * events as the model holds when that is more: a checkpoint writes the whole model, so a fixed interval
   * would make catching up on a large log quadratic.
   */
  readonly checkpointEvery: number;
  /** After catching up, save at most this long after the last change (ms). */
  readonly checkpointDelayMs: number;
}

export interface ResolvedKnownAt {
  readonly state: LedgerState;
  /** The position the answer reflects (null: nothing recorded by then). */
  readonly position: bigint | null;
}

/**
 * The read side's single live model: folds what the follower publishes, keeps its checkpoint on disk, and
 * answers "as known at" by position or timestamp.
 */
export class LiveLedger {
  private readonly logger = new Logger('LiveLedger');
  private readonly ledger: TemporalLedger;
  private unsaved = 0;
  private saveTimer: NodeJS.Timeout | undefined;
  private caughtUp = false;
  private readonly waiters: { position: bigint; resolve: () => void }[] = [];
  private caughtUpWaiters: (() => void)[] = [];

  constructor(
    private readonly checkpoint: CheckpointFile | null,
    private readonly options: LiveLedgerOptions,
  ) {
    this.ledger = new TemporalLedger();
  }

  /** Loads the checkpoint, if any, and returns the position to follow the store from. */
  start(): bigint | null {
    const saved = this.checkpoint?.load() ?? null;
    if (saved) {
      this.ledger.restore(saved);
      this.logger.log(`resumed from checkpoint at position ${saved.position} (${saved.eventCount} events)`);
    }
    return saved?.position ?? null;
  }

  get current(): LedgerState {
    return this.ledger.current;
  }

  get validTimeIndex(): ValidTimeIndex {
    return this.ledger.validTimeIndex;
  }

  apply(event: StoredEvent): void {
    if (!this.ledger.apply(event)) return;
    this.unsaved++;
    if (this.caughtUp) this.scheduleSave();
    else if (this.overdue) this.save();
    const position = event.position;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.position <= position) this.waiters.splice(i, 1)[0]!.resolve();
    }
  }

  markCaughtUp(): void {
    if (this.caughtUp) return;
    this.caughtUp = true;
    // Build the current-state sums now, so the first query after start does not pay for them.
    this.validTimeIndex.prepare();
    this.logger.log(`caught up at position ${this.current.position ?? 'none'} (${this.current.eventCount} events)`);
    if (this.unsaved > 0) this.save();
    for (const resolve of this.caughtUpWaiters) resolve();
    this.caughtUpWaiters = [];
  }

  whenCaughtUp(): Promise<void> {
    return this.caughtUp ? Promise.resolve() : new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  /** Resolves once the model has applied the event at `position` (read-your-writes after a command). */
  waitFor(position: bigint): Promise<void> {
    const current = this.current.position;
    if (current !== null && current >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /** The state as known at a position or an instant; the current state when neither is given. */
  async knownAt(knownAt: bigint | Date | undefined): Promise<ResolvedKnownAt> {
    if (knownAt === undefined) return { state: this.current, position: this.current.position };
    const position = knownAt instanceof Date ? this.ledger.positionAt(knownAt) : knownAt;
    const state = this.ledger.stateAt(position);
    return { state, position: state.position };
  }

  save(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.checkpoint || this.unsaved === 0) return;
    this.checkpoint.save(this.current);
    this.unsaved = 0;
  }

  private get overdue(): boolean {
    return this.unsaved >= Math.max(this.options.checkpointEvery, this.ledger.eventCount / 2);
  }

  /**
   * Once caught up, a checkpoint waits for a pause in the writes (each change moves it on): saving writes the
   * whole model on this thread and would stall the commands in flight. Under writes that never pause it is
   * saved once it is overdue anyway.
   */
  private scheduleSave(): void {
    if (this.saveTimer) {
      if (!this.overdue) this.saveTimer.refresh();
      return;
    }
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      try {
        this.save();
      } catch (error) {
        this.logger.error(`checkpoint not saved: ${(error as Error).message}`);
      }
    }, this.options.checkpointDelayMs);
    this.saveTimer.unref();
  }

  stop(): void {
    this.save();
  }
}

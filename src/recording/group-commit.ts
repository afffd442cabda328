import { Inject, Injectable } from '@nestjs/common';
import { AppendRequest, AppendResult, EVENT_STORE, EventStore } from '../event-store/event-store.port';

/** Most requests one commit takes; more wait for the next (bounds a transaction's time and a group's memory). */
export const MAX_GROUP = 1000;

interface Waiting {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive while a commit is in flight, or in the same turn of the event loop, go to
 * the store together in one `appendMany` (on SQLite one transaction, one fsync). Each caller gets its own
 * outcome, and only once the commit that covers its request returned, so an acknowledgement always follows the
 * fsync. With nothing in flight a request is committed on the next turn: a lone command waits for nobody.
 */
@Injectable()
export class GroupCommit {
  private queue: Waiting[] = [];
  private scheduled = false;
  private inFlight = false;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    // An immediate runs after the I/O callbacks of this turn: every request that was ready is in the group.
    setImmediate(() => void this.commit());
  }

  private async commit(): Promise<void> {
    this.scheduled = false;
    const group = this.queue.length <= MAX_GROUP ? this.queue : this.queue.slice(0, MAX_GROUP);
    this.queue = this.queue.length <= MAX_GROUP ? [] : this.queue.slice(MAX_GROUP);
    this.inFlight = true;
    try {
      const outcomes = await this.store.appendMany(group.map((waiting) => waiting.request));
      for (const [index, waiting] of group.entries()) {
        const outcome = outcomes[index]!;
        if (outcome.ok) waiting.resolve(outcome.result);
        else waiting.reject(outcome.error);
      }
    } catch (error) {
      // The store failed as a whole (nothing of the group was committed): every caller hears it.
      for (const waiting of group) waiting.reject(error);
    } finally {
      this.inFlight = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}

import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  UnknownError,
} from '@eventstore/db-client';

/**
 * Which EventStoreDB failures leave an operation worth trying again, and how long to wait before it.
 *
 * - NotLeader: a follower (or a deposed leader) was asked for something that needs the leader; the client
 *   switches to the leader it names on the next call.
 * - Unavailable: not ready (starting, electing), too busy, a dropped connection; the client looks for a node
 *   again on the next call.
 * - DeadlineExceeded / Cancelled: the call ended without an answer; a write may or may not have landed.
 * - Unknown: client 6.2.1 reports a BatchAppend answer it cannot decode this way.
 * - "Failed to discover": no gossip seed answered (the whole cluster is restarting).
 *
 * A write that failed this way has an UNKNOWN outcome: the caller must find out by reading before it reports
 * anything (esdb-event-store.ts does).
 */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof NotLeaderError ||
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof CancelledError ||
    error instanceof UnknownError ||
    (error instanceof Error && error.message.startsWith('Failed to discover'))
  );
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, baseDelayMs: 25, maxDelayMs: 1_000 };

/**
 * Exponential backoff with full jitter, so writers that failed together (a leader loss fails every writer at
 * once) do not all come back at the same instant. `random` is in [0, 1).
 */
export function backoffMs(failedAttempts: number, policy: RetryPolicy, random: number = Math.random()): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A short name for an error in messages (the client's errors often have an empty message). */
export function describeFault(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message ? `${error.constructor.name}: ${error.message}` : error.constructor.name;
}

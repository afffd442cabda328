import { ExpectedRevision } from './event-store.port';

export function describeRevision(revision: ExpectedRevision | bigint | null): string {
  if (revision === null) return 'no stream';
  return typeof revision === 'bigint' ? revision.toString() : revision;
}

/** The stream was not where the writer expected it: someone else appended first. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or null when the stream does not exist. */
    readonly actual: bigint | null,
  ) {
    super(
      `Stream "${stream}" was expected at revision ${describeRevision(expected)} but is at ${describeRevision(actual)}`,
    );
  }
}

/**
 * A batch repeats some already stored events but not all of them, or repeats them at another place:
 * it is neither a clean retry nor a new write, so nothing is appended.
 */
export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';
  constructor(
    readonly stream: string,
    readonly eventIds: readonly string[],
    detail: string,
  ) {
    super(`Append to "${stream}" rejected: ${detail} (event ids ${eventIds.join(', ')})`);
  }
}

/** A request of `appendMany` was decided on an earlier request of the same call, which was not appended. */
export class PrerequisiteNotAppended extends Error {
  override readonly name = 'PrerequisiteNotAppended';
  constructor(
    readonly stream: string,
    readonly prerequisite: number,
  ) {
    super(`Append to "${stream}" not attempted: request ${prerequisite} of the same batch, which it builds on, was not appended`);
  }
}

/** Whether an append failed for a reason of its own (so a batch goes on without it), not because the store did. */
export function isAppendRefusal(error: unknown): boolean {
  return (
    error instanceof ConcurrencyError ||
    error instanceof DuplicateEventError ||
    error instanceof InvalidAppendError ||
    error instanceof PrerequisiteNotAppended
  );
}

/** Bad arguments from the code calling the store (not a client's input error: those are caught earlier). */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}

/** The store cannot be reached or answered unexpectedly. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

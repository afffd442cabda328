import { InvalidAppendError } from './event-store.errors';
import { EventToAppend, ExpectedRevision } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks shared by every adapter, so both reject the same programming errors the same way. */
export function assertAppendable(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): void {
  if (typeof stream !== 'string' || stream.length === 0 || stream.length > 512) {
    throw new InvalidAppendError('stream name must be a non-empty string of at most 512 characters');
  }
  if (stream.startsWith('$')) {
    throw new InvalidAppendError(`stream "${stream}" is reserved: names starting with "$" belong to the store`);
  }
  if (typeof expected === 'bigint' && expected < 0n) {
    throw new InvalidAppendError('expected revision must not be negative');
  }
  if (events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`event id "${event.id}" is not a UUID`);
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new InvalidAppendError(`event id ${event.id} appears twice in one batch`);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
      throw new InvalidAppendError(`event type "${event.type}" must be a non-empty name not starting with "$"`);
    }
  }
}

/** Whether a stream whose last revision is `actual` (null: no stream) satisfies `expected`. */
export function revisionMatches(expected: ExpectedRevision, actual: bigint | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'stream_exists':
      return actual !== null;
    default:
      return actual === expected;
  }
}

/** The revision at which a batch lands when `expected` is honoured: where a retried batch must already be. */
export function firstRevisionFor(expected: ExpectedRevision): bigint | undefined {
  if (expected === 'no_stream') return 0n;
  if (typeof expected === 'bigint') return expected + 1n;
  return undefined;
}

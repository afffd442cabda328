import { InvalidAppendError, PrerequisiteNotAppended, isAppendRefusal } from './event-store.errors';
import { AppendOutcome, AppendRequest, AppendResult, EventToAppend, ExpectedRevision } from './event-store.port';

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

/**
 * The first request named in `request.after` that has no successful outcome yet (a later or missing index counts
 * as not appended): a request decided on another's events is appended only after that one was.
 */
export function missingPrerequisite(request: AppendRequest, index: number, outcomes: readonly (AppendOutcome | undefined)[]): number | undefined {
  return request.after?.find((before) => !(before < index && outcomes[before]?.ok === true));
}

/**
 * `appendMany` for a store that cannot put several appends in one transaction: each request appended in turn,
 * with the same outcomes (each its own, prerequisites honoured). Durable as each single append is.
 */
export async function appendEachInTurn(
  append: (stream: string, events: readonly EventToAppend[], expected: ExpectedRevision) => Promise<AppendResult>,
  requests: readonly AppendRequest[],
): Promise<AppendOutcome[]> {
  const outcomes: AppendOutcome[] = [];
  for (const [index, request] of requests.entries()) {
    const missing = missingPrerequisite(request, index, outcomes);
    if (missing !== undefined) {
      outcomes.push({ ok: false, error: new PrerequisiteNotAppended(request.stream, missing) });
      continue;
    }
    try {
      outcomes.push({ ok: true, result: await append(request.stream, request.events, request.expectedRevision) });
    } catch (error) {
      if (!isAppendRefusal(error)) throw error;
      outcomes.push({ ok: false, error: error as Error });
    }
  }
  return outcomes;
}

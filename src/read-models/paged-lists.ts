import { EntitiesKnownAt } from '../../projections/ledger/entity-table';
import { LedgerState } from '../../projections/ledger/ledger-state';
import { partialDateDays } from '../domain/partial-date';

/**
 * Lists with no index of their own (timeline, engagements, programmes, diff) are built by the projections in one
 * pass over every entity: at 100,000 events the timeline took 1.6 s and its answer was 35 MB. Here the same
 * projections run over a slice of the entities at a time, with a turn of the event loop between slices, and
 * only the page asked for is kept, so no answer is larger than a page and no request blocks the server.
 */

/** Entities per slice: the slowest projection (the timeline) spends about 20 µs per entity. */
export const ENTITIES_PER_SLICE = 250;
/**
 * Slices run back to back for up to this long before the event loop gets a turn: other requests (and /health)
 * wait at most about this long per list being built, whatever the ledger's size.
 */
export const TURN_AFTER_MS = 5;

/** The entities of a view whose streams were first seen between two ordinals (first seen order). */
class EntitySlice extends EntitiesKnownAt {
  constructor(
    private readonly view: EntitiesKnownAt,
    private readonly from: number,
    private readonly to: number,
  ) {
    super(view.table, view.position);
  }

  override get(stream: string) {
    return this.view.get(stream);
  }

  override *values() {
    for (let ordinal = this.from; ordinal < this.to; ordinal++) {
      const record = this.table.recordOf(ordinal, this.lastRow);
      if (record !== undefined) yield record;
    }
  }

  override get size(): number {
    let count = 0;
    for (const _ of this.values()) count++;
    return count;
  }
}

const waiting: (() => void)[] = [];

function releaseOne(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(releaseOne);
}

/**
 * Waits for a turn of the event loop shared by every list being built: one waiter goes on per turn, so however
 * many large answers are in progress, other requests wait for one slice of work at most, not one per answer.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (waiting.length === 1) setImmediate(releaseOne);
  });
}

/** The state cut into slices of entities, each a state the projections read as they read the whole. */
export async function* slicesOf(state: LedgerState, perSlice = ENTITIES_PER_SLICE): AsyncGenerator<LedgerState> {
  const streams = state.entities.table.streamCount;
  let since = performance.now();
  for (let from = 0; from < streams; from += perSlice) {
    if (performance.now() - since >= TURN_AFTER_MS) {
      await nextTurn();
      since = performance.now();
    }
    yield { ...state, entities: new EntitySlice(state.entities, from, Math.min(streams, from + perSlice)) };
  }
}

/** Where an item stands in a list: the earliest day of its valid date, then a tie-breaker. */
export interface ListKey {
  readonly day: number;
  readonly tie: string | bigint;
}

export interface ListPage<T> {
  readonly items: T[];
  readonly page: { readonly total: number; readonly limit: number; readonly next: string | null };
}

const compareKeys = (a: ListKey, b: ListKey) => a.day - b.day || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0);

/** `YYYYMMDD~tie`, as commitments and offices page. */
export const encodeListCursor = (key: ListKey) => `${key.day}~${key.tie}`;

export function dayKey(date: string): number {
  return partialDateDays(date).earliest;
}

/**
 * One page of a list the projections build whole, built a slice at a time: the items after `after`, in key
 * order, at most `limit`, with the total over every item. Memory stays within a slice and a page.
 */
export async function pageOf<T>(
  state: LedgerState,
  list: (slice: LedgerState) => readonly T[],
  keyOf: (item: T) => ListKey,
  request: { readonly limit: number; readonly after?: ListKey },
  perSlice = ENTITIES_PER_SLICE,
): Promise<ListPage<T>> {
  let kept: { item: T; key: ListKey }[] = [];
  let total = 0;
  for await (const slice of slicesOf(state, perSlice)) {
    const items = list(slice);
    total += items.length;
    for (const item of items) {
      const key = keyOf(item);
      if (request.after === undefined || compareKeys(key, request.after) > 0) kept.push({ item, key });
    }
    // One beyond the page says whether a next page exists.
    if (kept.length > request.limit) kept = kept.sort((a, b) => compareKeys(a.key, b.key)).slice(0, request.limit + 1);
  }
  kept.sort((a, b) => compareKeys(a.key, b.key));
  const more = kept.length > request.limit;
  const items = kept.slice(0, request.limit);
  const last = items[items.length - 1];
  return { items: items.map(({ item }) => item), page: { total, limit: request.limit, next: more && last ? encodeListCursor(last.key) : null } };
}

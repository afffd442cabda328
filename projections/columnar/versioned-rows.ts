import { Float64Column, Int32Column } from './columns';
import { PageCursor, PageInfo, PageRequest, encodeCursor } from './paging';

/**
 * Rows that are bitemporal and append-only: a row holds one version of an entity's derived values, believed
 * from position `from` (the event that made it so) until `to` (the event that changed it; +∞ while current).
 * A state known at position P sees exactly the rows with from ≤ P < to, so one table serves the live state and
 * every earlier one, and nothing written is ever changed except a row's `to`, once, when it is superseded.
 */

/** A `to` not yet reached: the row is current. */
export const OPEN = Number.POSITIVE_INFINITY;

/** The rows of one kind of entity: who, when believed, and the entity's current row. */
export class VersionedRows {
  readonly entity = new Int32Column(1024);
  readonly from = new Float64Column(1024);
  readonly to = new Float64Column(1024);
  /** The day a row is first visible in valid time: also the order items are listed in. */
  readonly sortDay = new Int32Column(1024);
  /** Current row of each entity ordinal, or -1. */
  readonly current = new Int32Column(1024);

  get length(): number {
    return this.entity.length;
  }

  currentRow(entity: number): number {
    return entity < this.current.length ? this.current.get(entity) : -1;
  }

  protected open(entity: number, position: number, sortDay: number): number {
    while (this.current.length <= entity) this.current.push(-1);
    const row = this.entity.push(entity);
    this.from.push(position);
    this.to.push(OPEN);
    this.sortDay.push(sortDay);
    this.current.set(entity, row);
    return row;
  }

  close(entity: number, position: number): void {
    const row = this.currentRow(entity);
    if (row < 0) return;
    this.to.set(row, position);
    this.current.set(entity, -1);
  }
}

/** Each entity's current row (-1: none), and the current rows in entity order. */
export function currentRowsOf(rows: VersionedRows, entityCount: number): { rowOf: Int32Array; order: number[] } {
  const rowOf = new Int32Array(entityCount).fill(-1);
  const order: number[] = [];
  for (let e = 0; e < entityCount; e++) {
    const r = rows.currentRow(e);
    if (r < 0) continue;
    rowOf[e] = r;
    order.push(r);
  }
  return { rowOf, order };
}

/**
 * The order items are listed and paged in: the day a row is first visible, then its stream. Made for one query
 * (it holds the columns' arrays as they are now).
 */
export class ListingOrder {
  private readonly days: Int32Array;
  private readonly entities: Int32Array;

  constructor(
    table: VersionedRows,
    private readonly names: readonly string[],
  ) {
    this.days = table.sortDay.array;
    this.entities = table.entity.array;
  }

  readonly compare = (a: number, b: number): number => {
    const byDay = this.days[a]! - this.days[b]!;
    if (byDay !== 0) return byDay;
    const x = this.names[this.entities[a]!]!;
    const y = this.names[this.entities[b]!]!;
    return x < y ? -1 : x > y ? 1 : 0;
  };

  /** Whether a row comes after the cursor. */
  isAfter(row: number, cursor: PageCursor): boolean {
    const day = this.days[row]!;
    return day > cursor.day || (day === cursor.day && this.names[this.entities[row]!]! > cursor.stream);
  }
}

/** The smallest `limit` rows in listing order, kept in a max-heap while rows stream past. */
export class PageSelector {
  private readonly heap: number[] = [];
  /** Matching rows, on every page. */
  total = 0;
  /** Matching rows after the cursor. */
  private remaining = 0;

  constructor(
    private readonly limit: number,
    private readonly order: ListingOrder,
    private readonly after: PageCursor | undefined,
  ) {}

  private before(a: number, b: number): boolean {
    return this.order.compare(a, b) < 0;
  }

  /** Offers a matching row; rows at or before the cursor only count towards the total. */
  offer(row: number): void {
    this.total++;
    if (this.after && !this.order.isAfter(row, this.after)) return;
    this.remaining++;
    const heap = this.heap;
    if (heap.length < this.limit) {
      heap.push(row);
      this.siftUp(heap.length - 1);
    } else if (this.limit > 0 && this.before(row, heap[0]!)) {
      heap[0] = row;
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[parent]!, heap[i]!)) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && this.before(heap[largest]!, heap[left]!)) largest = left;
      if (right < heap.length && this.before(heap[largest]!, heap[right]!)) largest = right;
      if (largest === i) return;
      [heap[largest], heap[i]] = [heap[i]!, heap[largest]!];
      i = largest;
    }
  }

  /** The selected rows in order, and whether more rows follow them. */
  rows(): { rows: number[]; more: boolean } {
    const rows = [...this.heap].sort(this.order.compare);
    return { rows, more: this.remaining > rows.length };
  }
}

/**
 * One page of current rows in (day, stream) order: the base order walked from the cursor, skipping changed
 * entities, merged with the changed entities' current rows.
 */
export function currentPage(
  names: readonly string[],
  table: VersionedRows,
  order: Int32Array,
  changed: Set<number>,
  listed: (row: number) => boolean,
  day: number,
  page: PageRequest,
): { rows: number[]; more: boolean } {
  const limit = page.limit ?? Number.MAX_SAFE_INTEGER;
  const listing = new ListingOrder(table, names);
  let start = 0;
  if (page.after) {
    let high = order.length;
    while (start < high) {
      const mid = (start + high) >> 1;
      if (listing.isAfter(order[mid]!, page.after)) high = mid;
      else start = mid + 1;
    }
  }
  const picked: number[] = [];
  for (let i = start; i < order.length && picked.length <= limit; i++) {
    const r = order[i]!;
    if (table.sortDay.get(r) > day) break;
    if (changed.has(table.entity.get(r)) || !listed(r)) continue;
    picked.push(r);
  }
  for (const e of changed) {
    const r = table.currentRow(e);
    if (r >= 0 && listed(r) && (!page.after || listing.isAfter(r, page.after))) picked.push(r);
  }
  picked.sort(listing.compare);
  return { rows: picked.slice(0, limit), more: picked.length > limit };
}

/** The page's position in the whole list: how many items, and the cursor after its last row. */
export function pageInfo(names: readonly string[], table: VersionedRows, selected: number[], more: boolean, total: number, page: PageRequest): PageInfo {
  const last = selected[selected.length - 1];
  return {
    total,
    limit: page.limit ?? null,
    next: more && last !== undefined ? encodeCursor({ day: table.sortDay.get(last), stream: names[table.entity.get(last)]! }) : null,
  };
}

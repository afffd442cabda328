import { Int32Column } from '../columnar/columns';
import { StreamOrdinals } from '../columnar/ordinals';
import { PageInfo, PageRequest } from '../columnar/paging';
import { NEVER, StepPoints, StepSums } from '../columnar/step-sums';
import { ListingOrder, PageSelector, VersionedRows, currentPage, currentRowsOf, pageInfo } from '../columnar/versioned-rows';
import { OfficeTerms, sameOfficeTerms } from './office-terms';
import { certainlyOpenOn, listedOn } from './offices.rules';

/**
 * The office registry's fast form: each office's opening and closing as day ranges, derived once per version of
 * the entity, in versioned rows (see VersionedRows), so one index serves the live state and every earlier one.
 * Which offices are listed, and which for certain, are the rules of offices.rules.ts applied to the columns.
 */

class OfficeRows extends VersionedRows {
  readonly knownCertain = new Int32Column(1024);
  readonly closedEarliest = new Int32Column(1024);
  readonly closedLatest = new Int32Column(1024);

  append(entity: number, position: number, terms: OfficeTerms): void {
    this.open(entity, position, terms.knownFrom);
    this.knownCertain.push(terms.knownCertain);
    this.closedEarliest.push(terms.closedEarliest);
    this.closedLatest.push(terms.closedLatest);
  }
}

export interface OfficeRowAnswer {
  readonly stream: string;
  readonly certainty: 'certain' | 'possible';
}

/** How many offices are listed on each day (a step function of the day), over the rows current at its build. */
const G_OFFICES = 0;

interface CurrentBase {
  readonly sums: StepSums;
  /** Current rows at the build, in listing order (day, stream). */
  readonly order: Int32Array;
  /** By entity ordinal: its row in the base (-1: none). */
  readonly rowOf: Int32Array;
  /** Entities whose rows changed since the build. */
  readonly changed: Set<number>;
}

export class OfficeIndex {
  private readonly rows = new OfficeRows();
  private base: CurrentBase | null = null;
  /** Position of the last change to any row: a state at or after it sees exactly the current rows. */
  private lastChange = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly streams: StreamOrdinals,
    /** Rebuild the current-state sums once this many entities changed since the last build (plus 1/32 of the rows). */
    private readonly rebuildAfterChanges: number,
  ) {}

  /** Records the terms derived from the stream numbered `ordinal` after the event at `position` (a no-op when unchanged). */
  setTerms(ordinal: number, position: number, terms: OfficeTerms | null): void {
    const rows = this.rows;
    const current = rows.currentRow(ordinal);
    if (current >= 0 && terms && sameOfficeTerms(this.termsAt(current), terms)) return;
    if (current < 0 && !terms) return;
    rows.close(ordinal, position);
    if (terms) rows.append(ordinal, position, terms);
    this.lastChange = Math.max(this.lastChange, position);
    this.base?.changed.add(ordinal);
  }

  private termsAt(row: number): OfficeTerms {
    const rows = this.rows;
    return {
      knownFrom: rows.sortDay.get(row),
      knownCertain: rows.knownCertain.get(row),
      closedEarliest: rows.closedEarliest.get(row),
      closedLatest: rows.closedLatest.get(row),
    };
  }

  private answers(selected: number[], day: number): OfficeRowAnswer[] {
    const rows = this.rows;
    return selected.map((r) => ({
      stream: this.streams.names[rows.entity.get(r)]!,
      certainty: certainlyOpenOn(rows.knownCertain.get(r), rows.closedEarliest.get(r), day) ? 'certain' : 'possible',
    }));
  }

  /** Builds the current-state sums now rather than on the first query (the live model does so once caught up). */
  prepare(): void {
    this.currentBase();
  }

  private currentBase(): CurrentBase | null {
    const base = this.base;
    const changes = base ? base.changed.size : 0;
    const limit = this.rebuildAfterChanges + this.rows.length / 32;
    if (base && changes <= limit) return base.sums.exact ? base : null;
    this.base = this.buildBase();
    return this.base.sums.exact ? this.base : null;
  }

  private buildBase(): CurrentBase {
    const points = new StepPoints();
    const rows = this.rows;
    const { rowOf, order } = currentRowsOf(rows, this.streams.names.length);
    for (const r of order) {
      // Listed from the earliest opening day until the latest closing day (listedOn).
      points.add(G_OFFICES, rows.sortDay.get(r), 1);
      if (rows.closedLatest.get(r) < NEVER) points.add(G_OFFICES, rows.closedLatest.get(r), -1);
    }
    return {
      sums: StepSums.build(points),
      order: Int32Array.from(order.sort(new ListingOrder(rows, this.streams.names).compare)),
      rowOf,
      changed: new Set(),
    };
  }

  private currentOffices(day: number, page: PageRequest): { items: OfficeRowAnswer[]; page: PageInfo } | null {
    const base = this.currentBase();
    if (!base) return null;
    const rows = this.rows;
    let total = base.sums.at(G_OFFICES, day);
    const visible = (r: number) => listedOn(rows.sortDay.get(r), rows.closedLatest.get(r), day);
    for (const e of base.changed) {
      const before = e < base.rowOf.length ? base.rowOf[e]! : -1;
      if (before >= 0 && visible(before)) total--;
      const now = rows.currentRow(e);
      if (now >= 0 && visible(now)) total++;
    }
    const { rows: selected, more } = currentPage(this.streams.names, rows, base.order, base.changed, visible, day, page);
    return { items: this.answers(selected, day), page: pageInfo(this.streams.names, rows, selected, more, total, page) };
  }

  /** Offices known at `known`, opened by valid day `day` and not certainly closed by then. */
  scan(known: number, day: number, page: PageRequest): { items: OfficeRowAnswer[]; page: PageInfo } {
    if (known >= this.lastChange) {
      const fast = this.currentOffices(day, page);
      if (fast) return fast;
    }
    const rows = this.rows;
    const from = rows.from.array;
    const to = rows.to.array;
    const opened = rows.sortDay.array;
    const closedLatest = rows.closedLatest.array;
    const selector = new PageSelector(page.limit ?? Number.MAX_SAFE_INTEGER, new ListingOrder(rows, this.streams.names), page.after);
    for (let r = 0; r < rows.length; r++) {
      if (from[r]! > known || to[r]! <= known || !listedOn(opened[r]!, closedLatest[r]!, day)) continue;
      selector.offer(r);
    }
    const { rows: selected, more } = selector.rows();
    return { items: this.answers(selected, day), page: pageInfo(this.streams.names, rows, selected, more, selector.total, page) };
  }
}

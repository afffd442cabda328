import { Int32Column, Uint8Column } from '../columnar/columns';
import { Amounts, MinorSums } from '../columnar/minor-sums';
import { Ordinals, StreamOrdinals } from '../columnar/ordinals';
import { PageInfo, PageRequest } from '../columnar/paging';
import { NEVER, StepPoints, StepSink, StepSums } from '../columnar/step-sums';
import { ListingOrder, OPEN, PageSelector, VersionedRows, currentPage, currentRowsOf, pageInfo } from '../columnar/versioned-rows';
import { CommitmentTerms, sameCommitmentTerms } from './commitment-terms';
import { certainlyActive, statusOn, supersededFrom } from './commitments.rules';
import type { CommitmentStatus } from './commitments.view';

/**
 * The commitments view's fast form: what its queries need of each agreement and pledge, derived once per version
 * of the entity instead of on every query (partial dates as day numbers, amounts in minor units), in versioned
 * rows (see VersionedRows), so one index serves the live state and every earlier one. Statuses come from the
 * same rules as commitments.rules.ts (statusOn, supersededFrom, certainlyActive), applied to the columns.
 *
 * A query is one pass over the rows with integer comparisons (no parsing, no allocation per row), a bounded
 * heap for the page it returns, and exact money totals (see MinorSums). A query about the live state is answered
 * from step functions summed once (see CurrentBase).
 */

class CommitmentRows extends VersionedRows {
  readonly pledge = new Uint8Column(1024);
  readonly retracted = new Uint8Column(1024);
  readonly knownCertain = new Int32Column(1024);
  readonly hasPeriod = new Uint8Column(1024);
  readonly periodFrom = new Int32Column(1024);
  readonly periodTo = new Int32Column(1024);
  readonly periodCertainFrom = new Int32Column(1024);
  readonly periodCertainTo = new Int32Column(1024);
  readonly currency = new Int32Column(1024);
  readonly amount = new Amounts();
  /** Entity ordinal of the commitment a renewal renews, or -1. */
  readonly renews = new Int32Column(1024);
  /** Rows of renewals, to find what each query's date has superseded without a pass over every row. */
  readonly renewalRows = new Int32Column(256);
  /** Renewal rows by the entity ordinal they renew. */
  readonly renewalsOf = new Map<number, number[]>();
  /** Where each row's schedule entries start (they are contiguous) and how many there are. */
  readonly scheduleStart = new Int32Column(1024);
  readonly scheduleCount = new Int32Column(1024);
  /** Per-year schedule entries: the year, currency and amount of each. */
  readonly scheduleYear = new Int32Column(1024);
  readonly scheduleCurrency = new Int32Column(1024);
  /** (year, currency) of each entry as a small integer, for the per-year sums. */
  readonly scheduleKey = new Int32Column(1024);
  readonly scheduleKeys = new Ordinals();
  readonly scheduleAmount = new Amounts();

  append(entity: number, position: number, terms: CommitmentTerms, ordinals: StreamOrdinals, currencies: Ordinals): void {
    const row = this.open(entity, position, terms.knownFrom);
    this.pledge.push(terms.pledge ? 1 : 0);
    this.retracted.push(terms.retracted ? 1 : 0);
    this.knownCertain.push(terms.knownCertain);
    this.hasPeriod.push(terms.hasPeriod ? 1 : 0);
    this.periodFrom.push(terms.periodFrom);
    this.periodTo.push(terms.periodTo);
    this.periodCertainFrom.push(terms.periodCertainFrom);
    this.periodCertainTo.push(terms.periodCertainTo);
    this.currency.push(currencies.of(terms.currency));
    this.amount.push(row, terms.amount);
    this.renews.push(terms.renews === null ? -1 : ordinals.of(terms.renews));
    if (terms.renews !== null) {
      this.renewalRows.push(row);
      const target = ordinals.of(terms.renews);
      const renewals = this.renewalsOf.get(target);
      if (renewals) renewals.push(row);
      else this.renewalsOf.set(target, [row]);
    }
    this.scheduleStart.push(this.scheduleYear.length);
    this.scheduleCount.push(terms.schedule.length);
    for (const entry of terms.schedule) {
      const index = this.scheduleYear.push(entry.year);
      this.scheduleCurrency.push(currencies.of(entry.currency));
      this.scheduleKey.push(this.scheduleKeys.of(`${entry.year}|${entry.currency}`));
      this.scheduleAmount.push(index, entry.amount);
    }
  }

  /** The day renewal row `r` supersedes what it renews from (NEVER: it does not). */
  supersedesFrom(r: number): number {
    return supersededFrom(this.retracted.get(r), this.hasPeriod.get(r), this.sortDay.get(r), this.periodFrom.get(r));
  }
}

export interface CommitmentRowAnswer {
  readonly stream: string;
  readonly status: CommitmentStatus;
  readonly certainty: 'certain' | 'possible';
  readonly renewedBy: string[];
}

export interface CurrencyTotals {
  readonly total: bigint;
  /** Active at D in some possible reading of its dates. */
  readonly active: bigint;
  /** Of which active at D in every possible reading: signed for certain and inside every possible period. */
  readonly activeCertain: bigint;
}

export interface CommitmentScan {
  readonly items: CommitmentRowAnswer[];
  readonly page: PageInfo;
  readonly commitments: Map<string, CurrencyTotals>;
  readonly pledges: Map<string, CurrencyTotals>;
  /** `year|currency` → scheduled amounts of commitments and pledges counted at D. */
  readonly perYear: Map<string, { year: number; currency: string; commitments: bigint; pledges: bigint }>;
}

/** Groups of the current-state step functions (see CurrentBase). */
const G_COUNT = 0;
const G_RETRACTED = 1;
const gTotal = (sum: number) => 1_000_000 + sum;
const gTotalCount = (sum: number) => 2_000_000 + sum;
const gActive = (sum: number) => 3_000_000 + sum;
const gYear = (sum: number) => 4_000_000 + sum;
const gYearCount = (sum: number) => 5_000_000 + sum;
const gActiveCertain = (sum: number) => 6_000_000 + sum;

/**
 * The current rows (those no later event has superseded) summed once as step functions of the valid day, so
 * a query about the live state costs a binary search per total instead of a pass over every row; the rows
 * changed since are set against it on each query, and past a threshold the base is built again.
 */
interface CurrentBase {
  readonly sums: StepSums;
  /** Current rows at the build, in listing order (day, stream). */
  readonly order: Int32Array;
  /** By entity ordinal: its row in the base (-1: none), and when renewals superseded it then. */
  readonly rowOf: Int32Array;
  readonly supersededFrom: Int32Array;
  /** Entities whose rows (or whose renewals) changed since the build. */
  readonly changed: Set<number>;
}

export class CommitmentIndex {
  private readonly currencies = new Ordinals();
  private readonly rows = new CommitmentRows();
  /** Per entity ordinal, the last scan that found it superseded: no clearing between scans. */
  private supersededIn = new Int32Array(1024);
  private query = 0;
  private base: CurrentBase | null = null;
  /** Position of the last change to any row: a state at or after it sees exactly the current rows. */
  private lastChange = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly streams: StreamOrdinals,
    /** Rebuild the current-state sums once this many entities changed since the last build (plus 1/32 of the rows). */
    private readonly rebuildAfterChanges: number,
  ) {}

  /** Records the terms derived from the stream numbered `ordinal` after the event at `position` (a no-op when unchanged). */
  setTerms(ordinal: number, position: number, terms: CommitmentTerms | null): void {
    const rows = this.rows;
    const current = rows.currentRow(ordinal);
    if (current >= 0 && terms && sameCommitmentTerms(this.termsAt(current), terms)) return;
    if (current < 0 && !terms) return;
    rows.close(ordinal, position);
    if (terms) rows.append(ordinal, position, terms, this.streams, this.currencies);
    this.lastChange = Math.max(this.lastChange, position);
    if (this.base) {
      const changed = this.base.changed;
      changed.add(ordinal);
      // A renewal's terms decide when what it renews is superseded.
      if (current >= 0 && rows.renews.get(current) >= 0) changed.add(rows.renews.get(current));
      const now = rows.currentRow(ordinal);
      if (now >= 0 && rows.renews.get(now) >= 0) changed.add(rows.renews.get(now));
    }
  }

  private termsAt(row: number): CommitmentTerms {
    const rows = this.rows;
    const schedule: CommitmentTerms['schedule'][number][] = [];
    const start = rows.scheduleStart.get(row);
    for (let i = start; i < start + rows.scheduleCount.get(row); i++) {
      schedule.push({
        year: rows.scheduleYear.get(i),
        currency: this.currencies.names[rows.scheduleCurrency.get(i)]!,
        amount: rows.scheduleAmount.get(i),
      });
    }
    const renews = rows.renews.get(row);
    return {
      pledge: rows.pledge.get(row) === 1,
      retracted: rows.retracted.get(row) === 1,
      knownFrom: rows.sortDay.get(row),
      knownCertain: rows.knownCertain.get(row),
      hasPeriod: rows.hasPeriod.get(row) === 1,
      periodFrom: rows.periodFrom.get(row),
      periodTo: rows.periodTo.get(row),
      periodCertainFrom: rows.periodCertainFrom.get(row),
      periodCertainTo: rows.periodCertainTo.get(row),
      currency: this.currencies.names[rows.currency.get(row)]!,
      amount: rows.amount.get(row),
      renews: renews < 0 ? null : this.streams.names[renews]!,
      schedule,
    };
  }

  private nextQuery(): number {
    const size = this.streams.names.length;
    if (this.supersededIn.length < size) {
      const capacity = Math.max(size, this.supersededIn.length * 2);
      this.supersededIn = new Int32Array(capacity);
      this.query = 0;
    }
    return ++this.query;
  }

  /**
   * Commitments and pledges known at position `known` (-1: before the first event) and signed by valid day
   * `day` (YYYYMMDD), with their status at that day. A state at or after the last change is the live one and is
   * answered from the current-state sums; an earlier one by a pass over the rows.
   */
  scan(known: number, day: number, includeRetracted: boolean, page: PageRequest): CommitmentScan {
    if (known >= this.lastChange) {
      const fast = this.currentCommitments(day, includeRetracted, page);
      if (fast) return fast;
    }
    const rows = this.rows;
    const n = rows.length;
    const from = rows.from.array;
    const to = rows.to.array;
    const signedOn = rows.sortDay.array;
    const stamp = this.nextQuery();
    const supersededIn = this.supersededIn;

    const renewalRows = rows.renewalRows.array;
    const renews = rows.renews.array;
    const retracted = rows.retracted.array;
    const hasPeriod = rows.hasPeriod.array;
    const periodFrom = rows.periodFrom.array;
    const periodTo = rows.periodTo.array;
    for (let i = 0; i < rows.renewalRows.length; i++) {
      const r = renewalRows[i]!;
      if (from[r]! > known || to[r]! <= known) continue;
      if (supersededFrom(retracted[r]!, hasPeriod[r]!, signedOn[r]!, periodFrom[r]!) > day) continue;
      supersededIn[renews[r]!] = stamp;
    }

    const entities = rows.entity.array;
    const pledge = rows.pledge.array;
    const currency = rows.currency.array;
    const amounts = rows.amount.column.array;
    const scheduleStart = rows.scheduleStart.array;
    const scheduleCount = rows.scheduleCount.array;
    const scheduleKey = rows.scheduleKey.array;
    const scheduleAmounts = rows.scheduleAmount.column.array;
    // Index currency * 2 + pledge; per year, key * 2 + pledge.
    const totals = new MinorSums(this.currencies.names.length * 2);
    const active = new MinorSums(this.currencies.names.length * 2);
    const activeCertain = new MinorSums(this.currencies.names.length * 2);
    const knownCertain = rows.knownCertain.array;
    const certainFrom = rows.periodCertainFrom.array;
    const certainTo = rows.periodCertainTo.array;
    const perYear = new MinorSums(rows.scheduleKeys.names.length * 2);
    const selector = new PageSelector(page.limit ?? Number.MAX_SAFE_INTEGER, new ListingOrder(rows, this.streams.names), page.after);

    for (let r = 0; r < n; r++) {
      if (from[r]! > known || to[r]! <= known || signedOn[r]! > day) continue;
      const isRetracted = retracted[r] === 1;
      if (isRetracted && !includeRetracted) continue;
      selector.offer(r);
      if (isRetracted) continue;
      const isPledge = pledge[r]!;
      const status = statusOn(isPledge, hasPeriod[r]!, periodFrom[r]!, periodTo[r]!, day, supersededIn[entities[r]!] === stamp);
      const sum = currency[r]! * 2 + isPledge;
      rows.amount.addTo(totals, sum, r, amounts);
      if (status === 'active') {
        rows.amount.addTo(active, sum, r, amounts);
        if (certainlyActive(knownCertain[r]!, hasPeriod[r]!, certainFrom[r]!, certainTo[r]!, day)) rows.amount.addTo(activeCertain, sum, r, amounts);
      }
      // Per-year schedules count what is signed by D and neither superseded nor retracted.
      if (status === 'superseded') continue;
      const start = scheduleStart[r]!;
      const end = start + scheduleCount[r]!;
      for (let i = start; i < end; i++) rows.scheduleAmount.addTo(perYear, scheduleKey[i]! * 2 + isPledge, i, scheduleAmounts);
    }

    const { rows: selected, more } = selector.rows();
    const items = this.answers(selected, day, known);
    const byCurrency = (pledges: boolean) => {
      const result = new Map<string, CurrencyTotals>();
      this.currencies.names.forEach((name, c) => {
        const i = c * 2 + (pledges ? 1 : 0);
        if (totals.has(i)) result.set(name, { total: totals.value(i), active: active.value(i), activeCertain: activeCertain.value(i) });
      });
      return result;
    };
    const perYearRows = new Map<string, { year: number; currency: string; commitments: bigint; pledges: bigint }>();
    rows.scheduleKeys.names.forEach((key, k) => {
      if (!perYear.has(k * 2) && !perYear.has(k * 2 + 1)) return;
      const [year, currencyName] = key.split('|') as [string, string];
      perYearRows.set(key, { year: Number(year), currency: currencyName, commitments: perYear.value(k * 2), pledges: perYear.value(k * 2 + 1) });
    });
    return {
      items,
      page: pageInfo(this.streams.names, rows, selected, more, selector.total, page),
      commitments: byCurrency(false),
      pledges: byCurrency(true),
      perYear: perYearRows,
    };
  }

  private statusOf(r: number, day: number, known: number): Omit<CommitmentRowAnswer, 'stream' | 'renewedBy'> {
    const rows = this.rows;
    if (rows.retracted.get(r)) return { status: 'retracted', certainty: 'certain' };
    const signed = rows.knownCertain.get(r) <= day;
    const supersession = this.supersessionAt(rows.entity.get(r), known, day);
    const status = statusOn(rows.pledge.get(r), rows.hasPeriod.get(r), rows.periodFrom.get(r), rows.periodTo.get(r), day, supersession !== null);
    const certain =
      status === 'active'
        ? certainlyActive(rows.knownCertain.get(r), rows.hasPeriod.get(r), rows.periodCertainFrom.get(r), rows.periodCertainTo.get(r), day)
        : signed && (status !== 'superseded' || supersession === 'certain');
    return { status, certainty: certain ? 'certain' : 'possible' };
  }

  /** The page's rows as answered: status at `day` and the renewals known at `known`. */
  private answers(selected: number[], day: number, known: number): CommitmentRowAnswer[] {
    const rows = this.rows;
    return selected.map((r) => {
      const entity = rows.entity.get(r);
      return { stream: this.streams.names[entity]!, ...this.statusOf(r, day, known), renewedBy: this.renewedBy(entity, known, day) };
    });
  }

  /** Whether renewals known at `known` supersede an entity on `day`: for certain once one of them was certainly signed. */
  private supersessionAt(entity: number, known: number, day: number): 'certain' | 'possible' | null {
    const rows = this.rows;
    let found: 'certain' | 'possible' | null = null;
    for (const r of rows.renewalsOf.get(entity) ?? []) {
      if (rows.from.get(r) > known || rows.to.get(r) <= known || rows.supersedesFrom(r) > day) continue;
      if (rows.knownCertain.get(r) <= day) return 'certain';
      found = 'possible';
    }
    return found;
  }

  /** The first day renewals in force now supersede an entity from (NEVER: none). */
  private supersededFromNow(entity: number): number {
    const rows = this.rows;
    let from = NEVER;
    for (const r of rows.renewalsOf.get(entity) ?? []) {
      if (rows.to.get(r) !== OPEN) continue;
      from = Math.min(from, rows.supersedesFrom(r));
    }
    return from;
  }

  /**
   * What a (non-retracted) commitment row adds to each step function, given the day renewals supersede it
   * from: counted from signing; active over its period (or, without one, from signing, for a commitment)
   * until superseded; its per-year schedule counted except while superseded. The step functions are statusOn
   * and certainlyActive (commitments.rules.ts) laid out over the days.
   */
  private contribute(sink: StepSink, r: number, supersededOn: number, sign: number): void {
    const rows = this.rows;
    const signed = rows.sortDay.get(r);
    const isPledge = rows.pledge.get(r);
    const sum = rows.currency.get(r) * 2 + isPledge;
    const amount = rows.amount.column.get(r) * sign;
    sink(G_COUNT, signed, sign);
    sink(gTotalCount(sum), signed, sign);
    sink(gTotal(sum), signed, amount);
    const periodic = rows.hasPeriod.get(r) === 1;
    const supersededStart = periodic ? Math.max(signed, supersededOn, rows.periodFrom.get(r)) : Math.max(signed, supersededOn);
    const supersededEnd = periodic ? rows.periodTo.get(r) : NEVER - 1;
    let activeStart = NEVER;
    let activeEnd = NEVER - 1;
    if (periodic) {
      activeStart = Math.max(signed, rows.periodFrom.get(r));
      activeEnd = Math.min(rows.periodTo.get(r), supersededStart - 1);
    } else if (!isPledge) {
      activeStart = signed;
      activeEnd = supersededStart - 1;
    }
    if (activeStart <= activeEnd) {
      sink(gActive(sum), activeStart, amount);
      sink(gActive(sum), activeEnd + 1, -amount);
      // Certainly active from the latest possible signing and start to the earliest possible end.
      const certainStart = Math.max(activeStart, rows.knownCertain.get(r), periodic ? rows.periodCertainFrom.get(r) : 0);
      const certainEnd = periodic ? Math.min(activeEnd, rows.periodCertainTo.get(r)) : activeEnd;
      if (certainStart <= certainEnd) {
        sink(gActiveCertain(sum), certainStart, amount);
        sink(gActiveCertain(sum), certainEnd + 1, -amount);
      }
    }
    const start = rows.scheduleStart.get(r);
    for (let i = start; i < start + rows.scheduleCount.get(r); i++) {
      const key = rows.scheduleKey.get(i) * 2 + isPledge;
      const entry = rows.scheduleAmount.column.get(i) * sign;
      sink(gYearCount(key), signed, sign);
      sink(gYear(key), signed, entry);
      if (supersededStart <= supersededEnd) {
        sink(gYearCount(key), supersededStart, -sign);
        sink(gYear(key), supersededStart, -entry);
        sink(gYearCount(key), supersededEnd + 1, sign);
        sink(gYear(key), supersededEnd + 1, entry);
      }
    }
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
    const sink: StepSink = (group, day, delta) => {
      if (day < NEVER) points.add(group, day, delta);
    };
    const entityCount = this.streams.names.length;
    const rows = this.rows;
    const supersededOn = new Int32Array(entityCount).fill(NEVER);
    const { rowOf, order } = currentRowsOf(rows, entityCount);
    for (const r of order) {
      const target = rows.renews.get(r);
      if (target >= 0) supersededOn[target] = Math.min(supersededOn[target]!, rows.supersedesFrom(r));
    }
    for (const r of order) {
      if (rows.retracted.get(r)) sink(G_RETRACTED, rows.sortDay.get(r), 1);
      else this.contribute(sink, r, supersededOn[rows.entity.get(r)]!, 1);
    }
    return {
      sums: StepSums.build(points),
      order: Int32Array.from(order.sort(new ListingOrder(rows, this.streams.names).compare)),
      rowOf,
      supersededFrom: supersededOn,
      changed: new Set(),
    };
  }

  /** The live state's commitments from the base sums and the rows changed since; null when they cannot be exact. */
  private currentCommitments(day: number, includeRetracted: boolean, page: PageRequest): CommitmentScan | null {
    const base = this.currentBase();
    if (!base) return null;
    const rows = this.rows;
    const changes = new Map<number, number>();
    const sink: StepSink = (group, at, delta) => {
      if (at <= day) changes.set(group, (changes.get(group) ?? 0) + delta);
    };
    for (const e of base.changed) {
      const before = e < base.rowOf.length ? base.rowOf[e]! : -1;
      if (before >= 0) {
        if (rows.retracted.get(before)) sink(G_RETRACTED, rows.sortDay.get(before), -1);
        else this.contribute(sink, before, base.supersededFrom[e]!, -1);
      }
      const now = rows.currentRow(e);
      if (now >= 0) {
        if (rows.retracted.get(now)) sink(G_RETRACTED, rows.sortDay.get(now), 1);
        else this.contribute(sink, now, this.supersededFromNow(e), 1);
      }
    }
    let exact = true;
    const value = (group: number) => {
      const result = base.sums.at(group, day) + (changes.get(group) ?? 0);
      if (!Number.isSafeInteger(result)) exact = false;
      return result;
    };
    const commitments = new Map<string, CurrencyTotals>();
    const pledges = new Map<string, CurrencyTotals>();
    this.currencies.names.forEach((currency, c) => {
      for (const pledge of [0, 1]) {
        const sum = c * 2 + pledge;
        if (value(gTotalCount(sum)) <= 0) continue;
        (pledge ? pledges : commitments).set(currency, {
          total: BigInt(value(gTotal(sum))),
          active: BigInt(value(gActive(sum))),
          activeCertain: BigInt(value(gActiveCertain(sum))),
        });
      }
    });
    const perYear = new Map<string, { year: number; currency: string; commitments: bigint; pledges: bigint }>();
    rows.scheduleKeys.names.forEach((key, k) => {
      if (value(gYearCount(k * 2)) <= 0 && value(gYearCount(k * 2 + 1)) <= 0) return;
      const [year, currency] = key.split('|') as [string, string];
      perYear.set(key, { year: Number(year), currency, commitments: BigInt(value(gYear(k * 2))), pledges: BigInt(value(gYear(k * 2 + 1))) });
    });
    const total = value(G_COUNT) + (includeRetracted ? value(G_RETRACTED) : 0);
    if (!exact) return null;
    const listed = (r: number) => rows.sortDay.get(r) <= day && (includeRetracted || !rows.retracted.get(r));
    const { rows: selected, more } = currentPage(this.streams.names, rows, base.order, base.changed, listed, day, page);
    // A state at the last change sees exactly the current rows.
    const items = this.answers(selected, day, this.lastChange);
    return { items, page: pageInfo(this.streams.names, rows, selected, more, total, page), commitments, pledges, perYear };
  }

  /** Renewals of an entity signed by D, as known at `known`. */
  private renewedBy(entity: number, known: number, day: number): string[] {
    const rows = this.rows;
    const found: { day: number; stream: string }[] = [];
    for (const r of rows.renewalsOf.get(entity) ?? []) {
      if (rows.retracted.get(r)) continue;
      if (rows.from.get(r) > known || rows.to.get(r) <= known || rows.sortDay.get(r) > day) continue;
      found.push({ day: rows.sortDay.get(r), stream: this.streams.names[rows.entity.get(r)]! });
    }
    return found.sort((a, b) => a.day - b.day || (a.stream < b.stream ? -1 : 1)).map((r) => r.stream);
  }
}

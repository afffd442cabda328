import type { Map as ImmutableMap } from 'immutable';
import type { JsonObject } from '../src/event-store/event-store.port';
import { MoneyValue, toMinorUnits } from '../src/domain/money';
import { partialDate } from '../src/domain/partial-date';
import { Float64Column, Int32Column, Uint8Column } from './columns';
import { EntityRecord, FactRecord, entityAsKnownAt } from './ledger-state';

/**
 * What the valid-time queries need of each commitment and office, derived once per version of the entity
 * instead of on every query: partial dates as day numbers, amounts in minor units, status change points.
 *
 * Rows are bitemporal and append-only. A row holds one version of an entity's derived terms, believed from
 * position `from` (the event that made it so) until `to` (the event that changed it; +∞ while current). A
 * state known at position P sees exactly the rows with from ≤ P < to, so one index serves the live state and
 * every earlier one, and nothing written is ever changed except a row's `to`, once, when it is superseded.
 *
 * A query is one pass over the rows with integer comparisons (no parsing, no allocation per row), a bounded
 * heap for the page it returns, and exact money totals (see MinorSum).
 */

/** A calendar day `YYYY-MM-DD` as the integer YYYYMMDD: same order, no parsing at query time. */
export function dayNumber(day: string): number {
  return Number(day.slice(0, 4)) * 10000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}

/** Bounds beyond every day: an open period, an office never closed. */
const NEVER = 99_999_999;
const OPEN = Number.POSITIVE_INFINITY;

export const COMMITMENT_FACTS = new Set(['AgreementSigned', 'PledgeMade', 'PledgeRenewed']);
export const OFFICE_FACTS = new Set(['OfficeOpened', 'OfficeClosed']);

export interface Terms {
  readonly donorId: string;
  readonly recipientId: string;
  readonly total: MoneyValue;
  readonly period?: { from: string; to: string };
  readonly schedule?: { year: number; amount: MoneyValue }[];
  readonly purposes?: string[];
  readonly purpose?: string;
}

/** The commitment fact of an agreement or pledge stream, and how it is to be read. */
export interface CommitmentFact {
  readonly fact: FactRecord;
  readonly pledge: boolean;
  readonly terms: Terms;
  readonly renews: string | null;
}

/** The first commitment-bearing fact of an entity (retracted or not), as the commitments view reads it. */
export function commitmentFactOf(entity: EntityRecord): CommitmentFact | null {
  const fact = entity.facts.find((f) => COMMITMENT_FACTS.has(f.type));
  if (!fact) return null;
  const data = fact.data as JsonObject;
  if (fact.type === 'AgreementSigned') {
    if (!data.commitment) return null;
    return { fact, pledge: false, terms: data.commitment as unknown as Terms, renews: null };
  }
  // A renewal restated as binding counts as a commitment; pledges are announcements (FTS/IATI sense).
  const pledge = !(fact.type === 'PledgeRenewed' && data.kind === 'commitment');
  return { fact, pledge, terms: data as unknown as Terms, renews: typeof data.renews === 'string' ? data.renews : null };
}

interface CommitmentTerms {
  readonly pledge: boolean;
  readonly retracted: boolean;
  readonly knownFrom: number;
  readonly knownCertain: number;
  readonly hasPeriod: boolean;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly currency: string;
  readonly amount: bigint;
  readonly renews: string | null;
  readonly schedule: readonly { year: number; currency: string; amount: bigint }[];
}

function commitmentTermsOf(entity: EntityRecord): CommitmentTerms | null {
  const found = commitmentFactOf(entity);
  if (!found) return null;
  const { fact, terms } = found;
  const occurred = partialDate(fact.data.occurredOn as string);
  return {
    pledge: found.pledge,
    retracted: fact.retraction !== null,
    knownFrom: dayNumber(occurred.earliest),
    knownCertain: dayNumber(occurred.latest),
    hasPeriod: terms.period !== undefined,
    // A period covers its bounds whole: "2019 to 2023" runs from 1 Jan 2019 to 31 Dec 2023.
    periodFrom: terms.period ? dayNumber(partialDate(terms.period.from).earliest) : 0,
    periodTo: terms.period ? dayNumber(partialDate(terms.period.to).latest) : NEVER,
    currency: terms.total.currency,
    amount: toMinorUnits(terms.total),
    renews: found.renews,
    schedule: (terms.schedule ?? []).map((row) => ({ year: row.year, currency: row.amount.currency, amount: toMinorUnits(row.amount) })),
  };
}

interface OfficeTerms {
  readonly knownFrom: number;
  readonly knownCertain: number;
  readonly closedEarliest: number;
  readonly closedLatest: number;
}

function officeTermsOf(entity: EntityRecord): OfficeTerms | null {
  const opened = entity.facts.find((f) => f.type === 'OfficeOpened' && !f.retraction);
  if (!opened) return null;
  const closing = entity.facts.find((f) => f.type === 'OfficeClosed' && !f.retraction);
  const open = partialDate(opened.data.occurredOn as string);
  const closed = closing ? partialDate(closing.data.occurredOn as string) : null;
  return {
    knownFrom: dayNumber(open.earliest),
    knownCertain: dayNumber(open.latest),
    closedEarliest: closed ? dayNumber(closed.earliest) : NEVER,
    closedLatest: closed ? dayNumber(closed.latest) : NEVER,
  };
}

/**
 * Money in minor units summed exactly and fast: a float while it is a safe integer, spilling into a bigint
 * before it would round.
 */
export class MinorSum {
  private small = 0;
  private big = 0n;

  add(minor: number): void {
    const next = this.small + minor;
    if (next > Number.MAX_SAFE_INTEGER || next < -Number.MAX_SAFE_INTEGER) {
      this.big += BigInt(this.small);
      this.small = minor;
    } else this.small = next;
  }

  addBig(minor: bigint): void {
    this.big += minor;
  }

  get value(): bigint {
    return this.big + BigInt(this.small);
  }
}

/** Where a row's amount does not fit a safe integer it is kept here, and the column holds NaN. */
class Amounts {
  readonly column = new Float64Column(1024);
  private readonly large = new Map<number, bigint>();

  push(row: number, minor: bigint): void {
    const small = Number(minor);
    if (Number.isSafeInteger(small)) this.column.push(small);
    else {
      this.column.push(Number.NaN);
      this.large.set(row, minor);
    }
  }

  get(row: number): bigint {
    const small = this.column.get(row);
    return Number.isNaN(small) ? this.large.get(row)! : BigInt(small);
  }

  addTo(sum: MinorSum, row: number, values: Float64Array): void {
    const small = values[row]!;
    if (small === small) sum.add(small);
    else sum.addBig(this.large.get(row)!);
  }
}

/** Interns strings (streams, currencies) as small integers. */
class Ordinals {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  of(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  find(name: string): number | undefined {
    return this.ids.get(name);
  }
}

/** The rows of one kind of entity: who, when believed, and the entity's current row. */
class VersionedRows {
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

class CommitmentRows extends VersionedRows {
  readonly pledge = new Uint8Column(1024);
  readonly retracted = new Uint8Column(1024);
  readonly knownCertain = new Int32Column(1024);
  readonly hasPeriod = new Uint8Column(1024);
  readonly periodFrom = new Int32Column(1024);
  readonly periodTo = new Int32Column(1024);
  readonly currency = new Int32Column(1024);
  readonly amount = new Amounts();
  /** Entity ordinal of the commitment a renewal renews, or -1. */
  readonly renews = new Int32Column(1024);
  /** Rows of renewals, to find what each query's date has superseded without a pass over every row. */
  readonly renewalRows = new Int32Column(256);
  /** Per-year schedule entries: the row, year, currency and amount of each. */
  readonly scheduleRow = new Int32Column(1024);
  readonly scheduleYear = new Int32Column(1024);
  readonly scheduleCurrency = new Int32Column(1024);
  readonly scheduleAmount = new Amounts();

  append(entity: number, position: number, terms: CommitmentTerms, ordinals: Ordinals, currencies: Ordinals): void {
    const row = this.open(entity, position, terms.knownFrom);
    this.pledge.push(terms.pledge ? 1 : 0);
    this.retracted.push(terms.retracted ? 1 : 0);
    this.knownCertain.push(terms.knownCertain);
    this.hasPeriod.push(terms.hasPeriod ? 1 : 0);
    this.periodFrom.push(terms.periodFrom);
    this.periodTo.push(terms.periodTo);
    this.currency.push(currencies.of(terms.currency));
    this.amount.push(row, terms.amount);
    this.renews.push(terms.renews === null ? -1 : ordinals.of(terms.renews));
    if (terms.renews !== null) this.renewalRows.push(row);
    for (const entry of terms.schedule) {
      const index = this.scheduleRow.push(row);
      this.scheduleYear.push(entry.year);
      this.scheduleCurrency.push(currencies.of(entry.currency));
      this.scheduleAmount.push(index, entry.amount);
    }
  }
}

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

const sameCommitmentTerms = (a: CommitmentTerms, b: CommitmentTerms) =>
  a.pledge === b.pledge &&
  a.retracted === b.retracted &&
  a.knownFrom === b.knownFrom &&
  a.knownCertain === b.knownCertain &&
  a.hasPeriod === b.hasPeriod &&
  a.periodFrom === b.periodFrom &&
  a.periodTo === b.periodTo &&
  a.currency === b.currency &&
  a.amount === b.amount &&
  a.renews === b.renews &&
  a.schedule.length === b.schedule.length &&
  a.schedule.every((row, i) => row.year === b.schedule[i]!.year && row.currency === b.schedule[i]!.currency && row.amount === b.schedule[i]!.amount);

const sameOfficeTerms = (a: OfficeTerms, b: OfficeTerms) =>
  a.knownFrom === b.knownFrom && a.knownCertain === b.knownCertain && a.closedEarliest === b.closedEarliest && a.closedLatest === b.closedLatest;

/** A page position: items come in (day, stream) order; `after` is the last item already seen. */
export interface PageCursor {
  readonly day: number;
  readonly stream: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return `${cursor.day}~${cursor.stream}`;
}

/** Parses a cursor from a client; null when it is not one. */
export function decodeCursor(text: string): PageCursor | null {
  const match = /^(\d{8})~([a-z0-9][a-z0-9-]{0,199})$/.exec(text);
  return match ? { day: Number(match[1]), stream: match[2]! } : null;
}

export interface PageRequest {
  /** At most this many items; all when absent. */
  readonly limit?: number;
  readonly after?: PageCursor;
}

export interface PageInfo {
  /** Items that match, on every page. */
  readonly total: number;
  readonly limit: number | null;
  /** Cursor for the next page, null on the last. */
  readonly next: string | null;
}

/** The smallest `limit` rows in (day, stream) order, kept in a max-heap while rows stream past. */
class PageSelector {
  private readonly heap: number[] = [];
  /** Matching rows, on every page. */
  total = 0;
  /** Matching rows after the cursor. */
  private remaining = 0;

  constructor(
    private readonly limit: number,
    private readonly days: Int32Array,
    private readonly streamOf: (row: number) => string,
    private readonly after: PageCursor | undefined,
  ) {}

  private before(a: number, b: number): boolean {
    const da = this.days[a]!;
    const db = this.days[b]!;
    return da < db || (da === db && this.streamOf(a) < this.streamOf(b));
  }

  /** Offers a matching row; rows at or before the cursor only count towards the total. */
  offer(row: number): void {
    this.total++;
    const after = this.after;
    if (after) {
      const day = this.days[row]!;
      if (day < after.day || (day === after.day && this.streamOf(row) <= after.stream)) return;
    }
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
    const rows = [...this.heap].sort((a, b) => (this.before(a, b) ? -1 : 1));
    return { rows, more: this.remaining > rows.length };
  }
}

export type CommitmentStatusCode = 'announced' | 'upcoming' | 'active' | 'completed' | 'superseded' | 'retracted';

export interface CommitmentRowAnswer {
  readonly stream: string;
  readonly status: CommitmentStatusCode;
  readonly certainty: 'certain' | 'possible';
  readonly renewedBy: string[];
}

export interface CurrencyTotals {
  readonly total: bigint;
  readonly active: bigint;
}

export interface CommitmentScan {
  readonly items: CommitmentRowAnswer[];
  readonly page: PageInfo;
  readonly commitments: Map<string, CurrencyTotals>;
  readonly pledges: Map<string, CurrencyTotals>;
  /** `year|currency` → scheduled amounts of commitments and pledges counted at D. */
  readonly perYear: Map<string, { year: number; currency: string; commitments: bigint; pledges: bigint }>;
}

export interface OfficeRowAnswer {
  readonly stream: string;
  readonly certainty: 'certain' | 'possible';
}

const ACTIVE = 2;
const SUPERSEDED = 4;
const STATUS_NAMES: CommitmentStatusCode[] = ['announced', 'upcoming', 'active', 'completed', 'superseded', 'retracted'];

export class ValidTimeIndex {
  private readonly streams = new Ordinals();
  private readonly currencies = new Ordinals();
  private readonly commitments = new CommitmentRows();
  private readonly offices = new OfficeRows();
  /** Per entity ordinal, the last query that found it superseded (and whether certainly): no clearing. */
  private supersededIn = new Int32Array(1024);
  private supersededCertain = new Uint8Array(1024);
  private countedIn = new Int32Array(1024);
  private query = 0;

  /** Every version of every entity in a state, as if its events had been folded one by one. */
  static fromEntities(entities: ImmutableMap<string, EntityRecord>): ValidTimeIndex {
    const index = new ValidTimeIndex();
    for (const entity of entities.values()) {
      if (entity.kind !== 'agreement' && entity.kind !== 'pledge' && entity.kind !== 'office') continue;
      const positions = new Set<bigint>();
      for (const fact of entity.facts) {
        positions.add(fact.position);
        for (const correction of fact.corrections) positions.add(correction.position);
        if (fact.retraction) positions.add(fact.retraction.position);
      }
      for (const position of [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        index.update(entityAsKnownAt(entity, position), position);
      }
    }
    return index;
  }

  /** Records the entity as it stands after the event at `position` (a no-op when its derived terms are unchanged). */
  update(entity: EntityRecord, position: bigint): void {
    if (entity.kind === 'agreement' || entity.kind === 'pledge') this.updateCommitment(entity, Number(position));
    else if (entity.kind === 'office') this.updateOffice(entity, Number(position));
  }

  private updateCommitment(entity: EntityRecord, position: number): void {
    const terms = commitmentTermsOf(entity);
    const ordinal = this.streams.of(entity.stream);
    const rows = this.commitments;
    const current = rows.currentRow(ordinal);
    if (current >= 0 && terms && sameCommitmentTerms(this.commitmentTermsAt(current), terms)) return;
    rows.close(ordinal, position);
    if (terms) rows.append(ordinal, position, terms, this.streams, this.currencies);
  }

  private commitmentTermsAt(row: number): CommitmentTerms {
    const rows = this.commitments;
    const schedule: CommitmentTerms['schedule'][number][] = [];
    // Schedule entries of a row are contiguous and appended with it; the current row is usually the last.
    for (let i = rows.scheduleRow.length - 1; i >= 0 && rows.scheduleRow.get(i) >= row; i--) {
      if (rows.scheduleRow.get(i) === row) {
        schedule.unshift({
          year: rows.scheduleYear.get(i),
          currency: this.currencies.names[rows.scheduleCurrency.get(i)]!,
          amount: rows.scheduleAmount.get(i),
        });
      }
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
      currency: this.currencies.names[rows.currency.get(row)]!,
      amount: rows.amount.get(row),
      renews: renews < 0 ? null : this.streams.names[renews]!,
      schedule,
    };
  }

  private updateOffice(entity: EntityRecord, position: number): void {
    const terms = officeTermsOf(entity);
    const ordinal = this.streams.of(entity.stream);
    const rows = this.offices;
    const current = rows.currentRow(ordinal);
    if (
      current >= 0 &&
      terms &&
      sameOfficeTerms(
        {
          knownFrom: rows.sortDay.get(current),
          knownCertain: rows.knownCertain.get(current),
          closedEarliest: rows.closedEarliest.get(current),
          closedLatest: rows.closedLatest.get(current),
        },
        terms,
      )
    ) {
      return;
    }
    rows.close(ordinal, position);
    if (terms) rows.append(ordinal, position, terms);
  }

  private nextQuery(): number {
    const size = this.streams.names.length;
    if (this.supersededIn.length < size) {
      const capacity = Math.max(size, this.supersededIn.length * 2);
      this.supersededIn = new Int32Array(capacity);
      this.supersededCertain = new Uint8Array(capacity);
      this.countedIn = new Int32Array(capacity);
      this.query = 0;
    }
    return ++this.query;
  }

  /**
   * Commitments and pledges known at position `known` (null: before the first event; +∞ for the live state)
   * and signed by valid day `day` (YYYYMMDD), with their status at that day.
   */
  scanCommitments(known: number, day: number, includeRetracted: boolean, page: PageRequest): CommitmentScan {
    const rows = this.commitments;
    const n = rows.length;
    const from = rows.from.array;
    const to = rows.to.array;
    const known_ = rows.sortDay.array;
    const stamp = this.nextQuery();
    const supersededIn = this.supersededIn;
    const supersededCertain = this.supersededCertain;

    // A renewal with a period supersedes what it renews once it is signed and its period has begun.
    const renewalRows = rows.renewalRows.array;
    const renews = rows.renews.array;
    const retracted = rows.retracted.array;
    const hasPeriod = rows.hasPeriod.array;
    const periodFrom = rows.periodFrom.array;
    const periodTo = rows.periodTo.array;
    const knownCertain = rows.knownCertain.array;
    for (let i = 0; i < rows.renewalRows.length; i++) {
      const r = renewalRows[i]!;
      if (from[r]! > known || to[r]! <= known || retracted[r] || !hasPeriod[r]) continue;
      if (known_[r]! > day || periodFrom[r]! > day) continue;
      const target = renews[r]!;
      const certain = knownCertain[r]! <= day ? 1 : 0;
      if (supersededIn[target] !== stamp) {
        supersededIn[target] = stamp;
        supersededCertain[target] = certain;
      } else if (certain) supersededCertain[target] = 1;
    }

    const entities = rows.entity.array;
    const pledge = rows.pledge.array;
    const currency = rows.currency.array;
    const amounts = rows.amount.column.array;
    const currencyCount = this.currencies.names.length;
    const totals = Array.from({ length: currencyCount * 2 }, () => ({ total: new MinorSum(), active: new MinorSum(), seen: false }));
    const countedIn = this.countedIn;
    const streamNames = this.streams.names;
    const selector = new PageSelector(page.limit ?? Number.MAX_SAFE_INTEGER, known_, (row) => streamNames[entities[row]!]!, page.after);

    for (let r = 0; r < n; r++) {
      if (from[r]! > known || to[r]! <= known || known_[r]! > day) continue;
      const isRetracted = retracted[r] === 1;
      if (isRetracted && !includeRetracted) continue;
      selector.offer(r);
      if (isRetracted) continue;
      const entity = entities[r]!;
      const superseded = supersededIn[entity] === stamp;
      let status: number;
      if (!hasPeriod[r]) status = superseded ? SUPERSEDED : pledge[r] ? 0 : ACTIVE;
      else if (day < periodFrom[r]!) status = pledge[r] ? 0 : 1;
      else if (day > periodTo[r]!) status = 3;
      else status = superseded ? SUPERSEDED : ACTIVE;
      if (status !== SUPERSEDED) countedIn[entity] = stamp;
      const sums = totals[currency[r]! * 2 + pledge[r]!]!;
      sums.seen = true;
      rows.amount.addTo(sums.total, r, amounts);
      if (status === ACTIVE) rows.amount.addTo(sums.active, r, amounts);
    }

    // Per-year schedules of everything signed by D and neither superseded nor retracted.
    const perYearSums = new Map<number, { commitments: MinorSum; pledges: MinorSum }>();
    const scheduleRow = rows.scheduleRow.array;
    const scheduleYear = rows.scheduleYear.array;
    const scheduleCurrency = rows.scheduleCurrency.array;
    const scheduleAmounts = rows.scheduleAmount.column.array;
    for (let i = 0; i < rows.scheduleRow.length; i++) {
      const r = scheduleRow[i]!;
      if (countedIn[entities[r]!] !== stamp || from[r]! > known || to[r]! <= known || known_[r]! > day || retracted[r]) continue;
      const key = scheduleYear[i]! * 1024 + scheduleCurrency[i]!;
      let sums = perYearSums.get(key);
      if (!sums) perYearSums.set(key, (sums = { commitments: new MinorSum(), pledges: new MinorSum() }));
      rows.scheduleAmount.addTo(pledge[r] ? sums.pledges : sums.commitments, i, scheduleAmounts);
    }

    const { rows: selected, info } = this.pageInfo(selector, page, known_, (r) => streamNames[entities[r]!]!);
    const items = selected.map((r): CommitmentRowAnswer => {
      const entity = entities[r]!;
      return { stream: streamNames[entity]!, ...this.statusOf(r, day, stamp), renewedBy: this.renewedBy(entity, known, day) };
    });
    const byCurrency = (pledges: boolean) => {
      const result = new Map<string, CurrencyTotals>();
      for (let c = 0; c < currencyCount; c++) {
        const sums = totals[c * 2 + (pledges ? 1 : 0)]!;
        if (sums.seen) result.set(this.currencies.names[c]!, { total: sums.total.value, active: sums.active.value });
      }
      return result;
    };
    const perYear = new Map<string, { year: number; currency: string; commitments: bigint; pledges: bigint }>();
    for (const [key, sums] of perYearSums) {
      const year = Math.floor(key / 1024);
      const currencyName = this.currencies.names[key % 1024]!;
      perYear.set(`${year}|${currencyName}`, { year, currency: currencyName, commitments: sums.commitments.value, pledges: sums.pledges.value });
    }
    return {
      items,
      page: info,
      commitments: byCurrency(false),
      pledges: byCurrency(true),
      perYear,
    };
  }

  private statusOf(r: number, day: number, stamp: number): Omit<CommitmentRowAnswer, 'stream' | 'renewedBy'> {
    const rows = this.commitments;
    if (rows.retracted.get(r)) return { status: 'retracted', certainty: 'certain' };
    const signed = rows.knownCertain.get(r) <= day;
    const entity = rows.entity.get(r);
    const superseded = this.supersededIn[entity] === stamp;
    const pledge = rows.pledge.get(r) === 1;
    const supersededAnswer = () =>
      ({ status: 'superseded', certainty: signed && this.supersededCertain[entity] ? 'certain' : 'possible' }) as const;
    const plain = (status: number) => ({ status: STATUS_NAMES[status]!, certainty: signed ? 'certain' : 'possible' }) as const;
    if (!rows.hasPeriod.get(r)) return superseded ? supersededAnswer() : plain(pledge ? 0 : ACTIVE);
    if (day < rows.periodFrom.get(r)) return plain(pledge ? 0 : 1);
    if (day > rows.periodTo.get(r)) return plain(3);
    return superseded ? supersededAnswer() : plain(ACTIVE);
  }

  /** Renewals of an entity signed by D, as known at `known`. */
  private renewedBy(entity: number, known: number, day: number): string[] {
    const rows = this.commitments;
    const found: { day: number; stream: string }[] = [];
    for (let i = 0; i < rows.renewalRows.length; i++) {
      const r = rows.renewalRows.get(i);
      if (rows.renews.get(r) !== entity || rows.retracted.get(r)) continue;
      if (rows.from.get(r) > known || rows.to.get(r) <= known || rows.sortDay.get(r) > day) continue;
      found.push({ day: rows.sortDay.get(r), stream: this.streams.names[rows.entity.get(r)]! });
    }
    return found.sort((a, b) => a.day - b.day || (a.stream < b.stream ? -1 : 1)).map((r) => r.stream);
  }

  /** Offices known at `known`, opened by valid day `day` and not certainly closed by then. */
  scanOffices(known: number, day: number, page: PageRequest): { items: OfficeRowAnswer[]; page: PageInfo } {
    const rows = this.offices;
    const from = rows.from.array;
    const to = rows.to.array;
    const opened = rows.sortDay.array;
    const closedLatest = rows.closedLatest.array;
    const entities = rows.entity.array;
    const names = this.streams.names;
    const selector = new PageSelector(page.limit ?? Number.MAX_SAFE_INTEGER, opened, (row) => names[entities[row]!]!, page.after);
    for (let r = 0; r < rows.length; r++) {
      if (from[r]! > known || to[r]! <= known || opened[r]! > day || closedLatest[r]! <= day) continue;
      selector.offer(r);
    }
    const { rows: selected, info } = this.pageInfo(selector, page, opened, (r) => names[entities[r]!]!);
    const items = selected.map((r) => ({
      stream: names[entities[r]!]!,
      certainty: rows.knownCertain.get(r) <= day && rows.closedEarliest.get(r) > day ? ('certain' as const) : ('possible' as const),
    }));
    return { items, page: info };
  }

  private pageInfo(selector: PageSelector, page: PageRequest, days: Int32Array, streamOf: (row: number) => string) {
    const { rows, more } = selector.rows();
    const last = rows[rows.length - 1];
    const info: PageInfo = {
      total: selector.total,
      limit: page.limit ?? null,
      next: more && last !== undefined ? encodeCursor({ day: days[last]!, stream: streamOf(last) }) : null,
    };
    return { rows, info };
  }
}

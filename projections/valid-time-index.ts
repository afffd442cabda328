import type { JsonObject } from '../src/event-store/event-store.port';
import { MoneyValue, toMinorUnits } from '../src/domain/money';
import { daysInMonth, partialDate } from '../src/domain/partial-date';
import { PeriodValue, periodSpan } from '../src/domain/period';
import { Float64Column, Int32Column, Uint8Column } from './columns';
import { StepPoints, StepSums } from './step-sums';
import { FACT_CORRECTED, FACT_RETRACTED } from '../src/events/fact-amended.events';
import type { EntitiesKnownAt } from './entity-map';
import { EntityRecord, FactRecord } from './ledger-state';

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
 * heap for the page it returns, and exact money totals (see MinorSums).
 */

/** A calendar day `YYYY-MM-DD` as the integer YYYYMMDD: same order, no parsing at query time. */
export function dayNumber(day: string): number {
  return Number(day.slice(0, 4)) * 10000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}

const PARTIAL_DATE = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])(?:-(\d{2}))?|Q([1-4])))?$/;

/**
 * The first and last day a stored partial date stands for, as day numbers: what `partialDate` says, without
 * building strings (the live model derives these for every commitment and office it folds).
 */
export function dayRange(text: string): [number, number] {
  const match = PARTIAL_DATE.exec(text);
  if (!match || match[1] === '0000' || (match[3] !== undefined && !validDay(match))) {
    const { earliest, latest } = partialDate(text);
    return [dayNumber(earliest), dayNumber(latest)];
  }
  const year = Number(match[1]) * 10000;
  const lastDay = (month: number) => daysInMonth(Number(match[1]), month);
  if (match[4]) {
    const first = (Number(match[4]) - 1) * 3 + 1;
    return [year + first * 100 + 1, year + (first + 2) * 100 + lastDay(first + 2)];
  }
  if (!match[2]) return [year + 101, year + 1231];
  const month = Number(match[2]);
  if (!match[3]) return [year + month * 100 + 1, year + month * 100 + lastDay(month)];
  const day = year + month * 100 + Number(match[3]);
  return [day, day];
}

function validDay(match: RegExpExecArray): boolean {
  const day = Number(match[3]);
  return day >= 1 && day <= daysInMonth(Number(match[1]), Number(match[2]));
}

/** Bounds beyond every day: an open period, an office never closed. */
const NEVER = 99_999_999;
const OPEN = Number.POSITIVE_INFINITY;

export const COMMITMENT_FACTS = new Set(['AgreementSigned', 'PledgeMade', 'PledgeRenewed']);
export const OFFICE_FACTS = new Set(['OfficeOpened', 'OfficeClosed']);
/** Event types that can change what the index derives from an entity. */
const INDEXED_TYPES: ReadonlySet<string> = new Set([...COMMITMENT_FACTS, ...OFFICE_FACTS, FACT_CORRECTED, FACT_RETRACTED]);

/** Whether an event of `type` on a stream of `kind` can change what the index derives (it reads no other kind). */
export function isIndexed(kind: string, type: string): boolean {
  return (kind === 'agreement' || kind === 'pledge' || kind === 'office') && INDEXED_TYPES.has(type);
}

export interface Terms {
  readonly donorId: string;
  readonly recipientId: string;
  readonly total: MoneyValue;
  readonly period?: PeriodValue;
  readonly schedule?: { year: number; amount: MoneyValue }[];
  readonly purposes?: string[];
  readonly purpose?: string;
}

/** The commitment fact of an agreement or pledge stream, and how it is to be read. */
export interface CommitmentFact {
  readonly fact: FactRecord;
  /** The fact's data as it was read. */
  readonly data: JsonObject;
  readonly pledge: boolean;
  readonly terms: Terms;
  readonly renews: string | null;
}

/**
 * The first commitment-bearing fact of an entity (retracted or not), as the commitments view reads it.
 */
export function commitmentFactOf(entity: EntityRecord): CommitmentFact | null {
  const fact = entity.facts.find((f) => COMMITMENT_FACTS.has(f.type));
  if (!fact) return null;
  const data = fact.data;
  const reading = commitmentReadingOf(fact.type, data);
  return reading && { fact, data, ...reading };
}

/** How a commitment fact of type `type` with this data is read; null for an agreement that commits to nothing. */
function commitmentReadingOf(type: string, data: JsonObject): Pick<CommitmentFact, 'pledge' | 'terms' | 'renews'> | null {
  if (type === 'AgreementSigned') {
    if (!data.commitment) return null;
    return { pledge: false, terms: data.commitment as unknown as Terms, renews: null };
  }
  // A renewal restated as binding counts as a commitment; pledges are announcements (FTS/IATI sense).
  const pledge = !(type === 'PledgeRenewed' && data.kind === 'commitment');
  return { pledge, terms: data as unknown as Terms, renews: typeof data.renews === 'string' ? data.renews : null };
}

/** What the index derives from an agreement or pledge: the terms of its first commitment fact, as believed. */
export interface CommitmentTerms {
  readonly pledge: boolean;
  readonly retracted: boolean;
  readonly knownFrom: number;
  readonly knownCertain: number;
  readonly hasPeriod: boolean;
  /** The earliest day the period may start and the latest it may end: active at D in some possible period. */
  readonly periodFrom: number;
  readonly periodTo: number;
  /** The latest possible start and earliest possible end: active at D in every possible period. */
  readonly periodCertainFrom: number;
  readonly periodCertainTo: number;
  readonly currency: string;
  readonly amount: bigint;
  readonly renews: string | null;
  readonly schedule: readonly { year: number; currency: string; amount: bigint }[];
}

/** What the index reads of an entity (an EntityRecord is one; the live model passes a lighter view). */
export interface IndexedEntity {
  readonly stream: string;
  readonly kind: string;
  readonly facts: readonly IndexedFact[];
}

export interface IndexedFact {
  readonly type: string;
  /** The data as believed: every correction applied. */
  readonly data: JsonObject;
  /** Null unless retracted. */
  readonly retraction: unknown;
}

function commitmentTermsOf(entity: IndexedEntity): CommitmentTerms | null {
  const fact = entity.facts.find((f) => COMMITMENT_FACTS.has(f.type));
  return fact ? commitmentTermsOfFact(fact.type, fact.data, fact.retraction !== null) : null;
}

/** The terms stated by a commitment fact with this data (as believed), or null when it states none. */
export function commitmentTermsOfFact(type: string, data: JsonObject, retracted: boolean): CommitmentTerms | null {
  const reading = commitmentReadingOf(type, data);
  if (!reading) return null;
  const { terms } = reading;
  const [knownFrom, knownCertain] = dayRange(data.occurredOn as string);
  const span = terms.period ? periodSpan(terms.period, data.occurredOn as string) : null;
  return {
    pledge: reading.pledge,
    retracted,
    knownFrom,
    knownCertain,
    hasPeriod: span !== null,
    periodFrom: span ? dayNumber(span.startEarliest) : 0,
    periodTo: span ? dayNumber(span.endLatest) : NEVER,
    periodCertainFrom: span ? dayNumber(span.startLatest) : 0,
    periodCertainTo: span ? dayNumber(span.endEarliest) : NEVER,
    currency: terms.total.currency,
    amount: toMinorUnits(terms.total),
    renews: reading.renews,
    schedule: (terms.schedule ?? []).map((row) => ({ year: row.year, currency: row.amount.currency, amount: toMinorUnits(row.amount) })),
  };
}

/** What the index derives from an office: when it opened and when it closed, as day ranges. */
export interface OfficeTerms {
  readonly knownFrom: number;
  readonly knownCertain: number;
  readonly closedEarliest: number;
  readonly closedLatest: number;
}

function officeTermsOf(entity: IndexedEntity): OfficeTerms | null {
  const opened = entity.facts.find((f) => f.type === 'OfficeOpened' && !f.retraction);
  if (!opened) return null;
  const closing = entity.facts.find((f) => f.type === 'OfficeClosed' && !f.retraction);
  const [knownFrom, knownCertain] = dayRange(opened.data.occurredOn as string);
  const [closedEarliest, closedLatest] = closing ? dayRange(closing.data.occurredOn as string) : [NEVER, NEVER];
  return { knownFrom, knownCertain, closedEarliest, closedLatest };
}

/**
 * What the index derives from an entity whose only fact is one of `type` with this data: what `update` would
 * derive from it, read from the fact alone (no record to make, no corrections or retraction to apply).
 * `undefined` when the index keeps nothing of the stream's kind.
 */
export function firstFactTerms(kind: string, type: string, data: JsonObject): IndexedTerms | undefined {
  if (kind === 'agreement' || kind === 'pledge') {
    return { kind: 'commitment', terms: COMMITMENT_FACTS.has(type) ? commitmentTermsOfFact(type, data, false) : null };
  }
  if (kind !== 'office') return undefined;
  if (type !== 'OfficeOpened') return { kind: 'office', terms: null };
  const [knownFrom, knownCertain] = dayRange(data.occurredOn as string);
  return { kind: 'office', terms: { knownFrom, knownCertain, closedEarliest: NEVER, closedLatest: NEVER } };
}

export type IndexedTerms = { readonly kind: 'commitment'; readonly terms: CommitmentTerms | null } | { readonly kind: 'office'; readonly terms: OfficeTerms | null };

/**
 * Sums of money in minor units, exact and fast: each a float while it is a safe integer, spilling into a
 * bigint before it would round. Indexed by a small integer (a currency, a year and currency).
 */
export class MinorSums {
  private small: Float64Array;
  private big: bigint[] = [];
  private touched: Uint8Array;

  constructor(size: number) {
    this.small = new Float64Array(size);
    this.touched = new Uint8Array(size);
  }

  add(i: number, minor: number): void {
    const next = this.small[i]! + minor;
    this.touched[i] = 1;
    if (next <= Number.MAX_SAFE_INTEGER && next >= -Number.MAX_SAFE_INTEGER) this.small[i] = next;
    else {
      this.big[i] = (this.big[i] ?? 0n) + BigInt(this.small[i]!);
      this.small[i] = minor;
    }
  }

  addBig(i: number, minor: bigint): void {
    this.touched[i] = 1;
    this.big[i] = (this.big[i] ?? 0n) + minor;
  }

  /** Whether anything was added at i, even zero. */
  has(i: number): boolean {
    return this.touched[i] === 1;
  }

  value(i: number): bigint {
    return (this.big[i] ?? 0n) + BigInt(this.small[i]!);
  }
}

/** Where an amount does not fit a safe integer it is kept aside, and the column holds NaN. */
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

  addTo(sums: MinorSums, i: number, row: number, values: Float64Array): void {
    const small = values[row]!;
    if (small === small) sums.add(i, small);
    else sums.addBig(i, this.large.get(row)!);
  }
}

/** Numbers for stream names: the index's own, or those of the entity table it is kept beside. */
export interface StreamOrdinals {
  readonly names: readonly string[];
  /** The name's number, given one if it has none. */
  of(name: string): number;
}

/** Interns strings (streams, currencies) as small integers. */
class Ordinals implements StreamOrdinals {
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

/** Each entity's current row (-1: none), and the current rows in entity order. */
function currentRowsOf(rows: VersionedRows, entityCount: number): { rowOf: Int32Array; order: number[] } {
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
  a.periodCertainFrom === b.periodCertainFrom &&
  a.periodCertainTo === b.periodCertainTo &&
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

/**
 * The order items are listed and paged in: the day a row is first visible, then its stream. Made for one query
 * (it holds the columns' arrays as they are now).
 */
class ListingOrder {
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
class PageSelector {
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

export type CommitmentStatus = 'announced' | 'upcoming' | 'active' | 'completed' | 'superseded' | 'retracted';

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

export interface OfficeRowAnswer {
  readonly stream: string;
  readonly certainty: 'certain' | 'possible';
}

const ACTIVE = 2;
const SUPERSEDED = 4;
const STATUS_NAMES: CommitmentStatus[] = ['announced', 'upcoming', 'active', 'completed', 'superseded', 'retracted'];

/** Status at `day` of a commitment signed by then and not retracted, as an index into STATUS_NAMES. */
function statusCode(hasPeriod: number, pledge: number, periodFrom: number, periodTo: number, day: number, superseded: boolean): number {
  if (!hasPeriod) return superseded ? SUPERSEDED : pledge ? 0 : ACTIVE;
  if (day < periodFrom) return pledge ? 0 : 1;
  if (day > periodTo) return 3;
  return superseded ? SUPERSEDED : ACTIVE;
}

/** Groups of the current-state step functions (see CurrentBase). */
const G_COUNT = 0;
const G_RETRACTED = 1;
const G_OFFICES = 2;
const gTotal = (sum: number) => 1_000_000 + sum;
const gTotalCount = (sum: number) => 2_000_000 + sum;
const gActive = (sum: number) => 3_000_000 + sum;
const gYear = (sum: number) => 4_000_000 + sum;
const gYearCount = (sum: number) => 5_000_000 + sum;
const gActiveCertain = (sum: number) => 6_000_000 + sum;

/** Whether a commitment row active at `day` is so for certain: signed for certain, inside every possible period. */
function certainlyActive(knownCertain: number, hasPeriod: number, certainFrom: number, certainTo: number, day: number): boolean {
  return knownCertain <= day && (!hasPeriod || (certainFrom <= day && day <= certainTo));
}

type Sink = (group: number, day: number, delta: number) => void;

/**
 * The current rows (those no later event has superseded) summed once as step functions of the valid day, so
 * a query about the live state costs a binary search per total instead of a pass over every row; the rows
 * changed since are set against it on each query, and past a threshold the base is built again.
 */
interface CurrentBase {
  readonly sums: StepSums;
  /** Current rows at the build, in listing order (day, stream). */
  readonly commitmentOrder: Int32Array;
  readonly officeOrder: Int32Array;
  /** By entity ordinal: its row in the base (-1: none), and when renewals superseded it then. */
  readonly commitmentRowOf: Int32Array;
  readonly officeRowOf: Int32Array;
  readonly supersededFrom: Int32Array;
  /** Entities whose rows (or whose renewals) changed since the build. */
  readonly changedCommitments: Set<number>;
  readonly changedOffices: Set<number>;
}

export interface ValidTimeIndexOptions {
  /** Rebuild the current-state sums once this many entities changed since the last build (plus 1/32 of the rows). */
  readonly rebuildAfterChanges?: number;
  /**
   * Stream numbers to share, so that an update can name its entity by number (the entity table's: the index
   * then neither keeps a second map of every stream nor looks names up). The index's own when absent.
   */
  readonly streams?: StreamOrdinals;
}

export class ValidTimeIndex {
  private readonly streams: StreamOrdinals;
  private readonly currencies = new Ordinals();
  private readonly commitments = new CommitmentRows();
  private readonly offices = new OfficeRows();
  /** Per entity ordinal, the last scan that found it superseded: no clearing between scans. */
  private supersededIn = new Int32Array(1024);
  private query = 0;
  private base: CurrentBase | null = null;
  /** Position of the last change to any row: a state at or after it sees exactly the current rows. */
  private lastChange = Number.NEGATIVE_INFINITY;
  private readonly rebuildAfterChanges: number;

  constructor(options: ValidTimeIndexOptions = {}) {
    this.rebuildAfterChanges = options.rebuildAfterChanges ?? 256;
    this.streams = options.streams ?? new Ordinals();
  }

  /** Every version of every entity in a state, as if its events had been folded one by one. */
  static fromEntities(entities: EntitiesKnownAt): ValidTimeIndex {
    const table = entities.table;
    const index = new ValidTimeIndex({ streams: table.streams });
    for (let row = 0; row <= entities.lastRow; row++) {
      const ordinal = table.streamOrdinalAt(row);
      if (!isIndexed(table.streamKind(ordinal), table.typeAt(row))) continue;
      const entity = table.indexedEntityOf(ordinal, row);
      if (entity) index.update(entity, table.positionAt(row), ordinal);
    }
    return index;
  }

  /**
   * Records the entity as it stands after the event at `position` (a no-op when its derived terms are
   * unchanged). `ordinal`: its stream's number in the index's streams, when the caller knows it.
   */
  update(entity: IndexedEntity, position: bigint, ordinal = this.streams.of(entity.stream)): void {
    if (entity.kind === 'agreement' || entity.kind === 'pledge') this.setCommitmentTerms(ordinal, Number(position), commitmentTermsOf(entity));
    else if (entity.kind === 'office') this.setOfficeTerms(ordinal, Number(position), officeTermsOf(entity));
  }

  /** Records the terms derived from the stream numbered `ordinal` after the event at `position` (see firstFactTerms). */
  updateTerms(ordinal: number, position: bigint, derived: IndexedTerms): void {
    if (derived.kind === 'commitment') this.setCommitmentTerms(ordinal, Number(position), derived.terms);
    else this.setOfficeTerms(ordinal, Number(position), derived.terms);
  }

  private setCommitmentTerms(ordinal: number, position: number, terms: CommitmentTerms | null): void {
    const rows = this.commitments;
    const current = rows.currentRow(ordinal);
    if (current >= 0 && terms && sameCommitmentTerms(this.commitmentTermsAt(current), terms)) return;
    if (current < 0 && !terms) return;
    rows.close(ordinal, position);
    if (terms) rows.append(ordinal, position, terms, this.streams, this.currencies);
    this.lastChange = Math.max(this.lastChange, position);
    if (this.base) {
      const changed = this.base.changedCommitments;
      changed.add(ordinal);
      // A renewal's terms decide when what it renews is superseded.
      if (current >= 0 && rows.renews.get(current) >= 0) changed.add(rows.renews.get(current));
      const now = rows.currentRow(ordinal);
      if (now >= 0 && rows.renews.get(now) >= 0) changed.add(rows.renews.get(now));
    }
  }

  private commitmentTermsAt(row: number): CommitmentTerms {
    const rows = this.commitments;
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

  private setOfficeTerms(ordinal: number, position: number, terms: OfficeTerms | null): void {
    const rows = this.offices;
    const current = rows.currentRow(ordinal);
    if (current >= 0 && terms && sameOfficeTerms(this.officeTermsAt(current), terms)) return;
    if (current < 0 && !terms) return;
    rows.close(ordinal, position);
    if (terms) rows.append(ordinal, position, terms);
    this.lastChange = Math.max(this.lastChange, position);
    this.base?.changedOffices.add(ordinal);
  }

  private officeTermsAt(row: number): OfficeTerms {
    const rows = this.offices;
    return {
      knownFrom: rows.sortDay.get(row),
      knownCertain: rows.knownCertain.get(row),
      closedEarliest: rows.closedEarliest.get(row),
      closedLatest: rows.closedLatest.get(row),
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
  scanCommitments(known: number, day: number, includeRetracted: boolean, page: PageRequest): CommitmentScan {
    if (known >= this.lastChange) {
      const fast = this.currentCommitments(day, includeRetracted, page);
      if (fast) return fast;
    }
    const rows = this.commitments;
    const n = rows.length;
    const from = rows.from.array;
    const to = rows.to.array;
    const signedOn = rows.sortDay.array;
    const stamp = this.nextQuery();
    const supersededIn = this.supersededIn;

    // A renewal with a period supersedes what it renews once it is signed and its period has begun.
    const renewalRows = rows.renewalRows.array;
    const renews = rows.renews.array;
    const retracted = rows.retracted.array;
    const hasPeriod = rows.hasPeriod.array;
    const periodFrom = rows.periodFrom.array;
    const periodTo = rows.periodTo.array;
    for (let i = 0; i < rows.renewalRows.length; i++) {
      const r = renewalRows[i]!;
      if (from[r]! > known || to[r]! <= known || retracted[r] || !hasPeriod[r]) continue;
      if (signedOn[r]! > day || periodFrom[r]! > day) continue;
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
      const status = statusCode(hasPeriod[r]!, isPledge, periodFrom[r]!, periodTo[r]!, day, supersededIn[entities[r]!] === stamp);
      const sum = currency[r]! * 2 + isPledge;
      rows.amount.addTo(totals, sum, r, amounts);
      if (status === ACTIVE) {
        rows.amount.addTo(active, sum, r, amounts);
        if (certainlyActive(knownCertain[r]!, hasPeriod[r]!, certainFrom[r]!, certainTo[r]!, day)) rows.amount.addTo(activeCertain, sum, r, amounts);
      }
      // Per-year schedules count what is signed by D and neither superseded nor retracted.
      if (status === SUPERSEDED) continue;
      const start = scheduleStart[r]!;
      const end = start + scheduleCount[r]!;
      for (let i = start; i < end; i++) rows.scheduleAmount.addTo(perYear, scheduleKey[i]! * 2 + isPledge, i, scheduleAmounts);
    }

    const { rows: selected, more } = selector.rows();
    const items = this.commitmentAnswers(selected, day, known);
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
      page: this.pageInfo(rows, selected, more, selector.total, page),
      commitments: byCurrency(false),
      pledges: byCurrency(true),
      perYear: perYearRows,
    };
  }

  private statusOf(r: number, day: number, known: number): Omit<CommitmentRowAnswer, 'stream' | 'renewedBy'> {
    const rows = this.commitments;
    if (rows.retracted.get(r)) return { status: 'retracted', certainty: 'certain' };
    const signed = rows.knownCertain.get(r) <= day;
    const supersession = this.supersessionAt(rows.entity.get(r), known, day);
    const status = statusCode(rows.hasPeriod.get(r), rows.pledge.get(r), rows.periodFrom.get(r), rows.periodTo.get(r), day, supersession !== null);
    const certain =
      status === ACTIVE
        ? certainlyActive(rows.knownCertain.get(r), rows.hasPeriod.get(r), rows.periodCertainFrom.get(r), rows.periodCertainTo.get(r), day)
        : signed && (status !== SUPERSEDED || supersession === 'certain');
    return { status: STATUS_NAMES[status]!, certainty: certain ? 'certain' : 'possible' };
  }

  /** The page's rows as answered: status at `day` and the renewals known at `known`. */
  private commitmentAnswers(selected: number[], day: number, known: number): CommitmentRowAnswer[] {
    const rows = this.commitments;
    return selected.map((r) => {
      const entity = rows.entity.get(r);
      return { stream: this.streams.names[entity]!, ...this.statusOf(r, day, known), renewedBy: this.renewedBy(entity, known, day) };
    });
  }

  private officeAnswers(selected: number[], day: number): OfficeRowAnswer[] {
    const rows = this.offices;
    return selected.map((r) => ({
      stream: this.streams.names[rows.entity.get(r)]!,
      certainty: rows.knownCertain.get(r) <= day && rows.closedEarliest.get(r) > day ? 'certain' : 'possible',
    }));
  }

  /** Whether renewals known at `known` supersede an entity on `day` (a renewal with a period, signed, period begun). */
  private supersessionAt(entity: number, known: number, day: number): 'certain' | 'possible' | null {
    const rows = this.commitments;
    let found: 'certain' | 'possible' | null = null;
    for (const r of rows.renewalsOf.get(entity) ?? []) {
      if (rows.from.get(r) > known || rows.to.get(r) <= known || rows.retracted.get(r) || !rows.hasPeriod.get(r)) continue;
      if (rows.sortDay.get(r) > day || rows.periodFrom.get(r) > day) continue;
      if (rows.knownCertain.get(r) <= day) return 'certain';
      found = 'possible';
    }
    return found;
  }

  /** The first day renewals in force now supersede an entity from (NEVER: none). */
  private supersededFromNow(entity: number): number {
    const rows = this.commitments;
    let from = NEVER;
    for (const r of rows.renewalsOf.get(entity) ?? []) {
      if (rows.to.get(r) !== OPEN || rows.retracted.get(r) || !rows.hasPeriod.get(r)) continue;
      from = Math.min(from, Math.max(rows.sortDay.get(r), rows.periodFrom.get(r)));
    }
    return from;
  }

  /**
   * What a (non-retracted) commitment row adds to each step function, given the day renewals supersede it
   * from: counted from signing; active over its period (or, without one, from signing, for a commitment)
   * until superseded; its per-year schedule counted except while superseded.
   */
  private contribute(sink: Sink, r: number, supersededFrom: number, sign: number): void {
    const rows = this.commitments;
    const signed = rows.sortDay.get(r);
    const isPledge = rows.pledge.get(r);
    const sum = rows.currency.get(r) * 2 + isPledge;
    const amount = rows.amount.column.get(r) * sign;
    sink(G_COUNT, signed, sign);
    sink(gTotalCount(sum), signed, sign);
    sink(gTotal(sum), signed, amount);
    const periodic = rows.hasPeriod.get(r) === 1;
    const supersededStart = periodic ? Math.max(signed, supersededFrom, rows.periodFrom.get(r)) : Math.max(signed, supersededFrom);
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
    const changes = base ? base.changedCommitments.size + base.changedOffices.size : 0;
    const limit = this.rebuildAfterChanges + (this.commitments.length + this.offices.length) / 32;
    if (base && changes <= limit) return base.sums.exact ? base : null;
    this.base = this.buildBase();
    return this.base.sums.exact ? this.base : null;
  }

  private buildBase(): CurrentBase {
    const points = new StepPoints();
    const sink: Sink = (group, day, delta) => {
      if (day < NEVER) points.add(group, day, delta);
    };
    const entityCount = this.streams.names.length;
    const rows = this.commitments;
    const supersededFrom = new Int32Array(entityCount).fill(NEVER);
    const { rowOf: commitmentRowOf, order: commitmentOrder } = currentRowsOf(rows, entityCount);
    for (const r of commitmentOrder) {
      if (rows.renews.get(r) >= 0 && !rows.retracted.get(r) && rows.hasPeriod.get(r)) {
        const target = rows.renews.get(r);
        supersededFrom[target] = Math.min(supersededFrom[target]!, Math.max(rows.sortDay.get(r), rows.periodFrom.get(r)));
      }
    }
    for (const r of commitmentOrder) {
      if (rows.retracted.get(r)) sink(G_RETRACTED, rows.sortDay.get(r), 1);
      else this.contribute(sink, r, supersededFrom[rows.entity.get(r)]!, 1);
    }
    const offices = this.offices;
    const { rowOf: officeRowOf, order: officeOrder } = currentRowsOf(offices, entityCount);
    for (const r of officeOrder) {
      sink(G_OFFICES, offices.sortDay.get(r), 1);
      sink(G_OFFICES, offices.closedLatest.get(r), -1);
    }
    return {
      sums: StepSums.build(points),
      commitmentOrder: Int32Array.from(commitmentOrder.sort(new ListingOrder(rows, this.streams.names).compare)),
      officeOrder: Int32Array.from(officeOrder.sort(new ListingOrder(offices, this.streams.names).compare)),
      commitmentRowOf,
      officeRowOf,
      supersededFrom,
      changedCommitments: new Set(),
      changedOffices: new Set(),
    };
  }

  /** The live state's commitments from the base sums and the rows changed since; null when they cannot be exact. */
  private currentCommitments(day: number, includeRetracted: boolean, page: PageRequest): CommitmentScan | null {
    const base = this.currentBase();
    if (!base) return null;
    const rows = this.commitments;
    const changes = new Map<number, number>();
    const sink: Sink = (group, at, delta) => {
      if (at <= day) changes.set(group, (changes.get(group) ?? 0) + delta);
    };
    for (const e of base.changedCommitments) {
      const before = e < base.commitmentRowOf.length ? base.commitmentRowOf[e]! : -1;
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
    const { rows: selected, more } = this.currentPage(rows, base.commitmentOrder, base.changedCommitments, listed, day, page);
    // A state at the last change sees exactly the current rows.
    const items = this.commitmentAnswers(selected, day, this.lastChange);
    return { items, page: this.pageInfo(rows, selected, more, total, page), commitments, pledges, perYear };
  }

  private currentOffices(day: number, page: PageRequest): { items: OfficeRowAnswer[]; page: PageInfo } | null {
    const base = this.currentBase();
    if (!base) return null;
    const rows = this.offices;
    let total = base.sums.at(G_OFFICES, day);
    const visible = (r: number) => rows.sortDay.get(r) <= day && rows.closedLatest.get(r) > day;
    for (const e of base.changedOffices) {
      const before = e < base.officeRowOf.length ? base.officeRowOf[e]! : -1;
      if (before >= 0 && visible(before)) total--;
      const now = rows.currentRow(e);
      if (now >= 0 && visible(now)) total++;
    }
    const { rows: selected, more } = this.currentPage(rows, base.officeOrder, base.changedOffices, visible, day, page);
    return { items: this.officeAnswers(selected, day), page: this.pageInfo(rows, selected, more, total, page) };
  }

  /**
   * One page of current rows in (day, stream) order: the base order walked from the cursor, skipping changed
   * entities, merged with the changed entities' current rows.
   */
  private currentPage(
    table: VersionedRows,
    order: Int32Array,
    changed: Set<number>,
    listed: (row: number) => boolean,
    day: number,
    page: PageRequest,
  ): { rows: number[]; more: boolean } {
    const limit = page.limit ?? Number.MAX_SAFE_INTEGER;
    const listing = new ListingOrder(table, this.streams.names);
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
  private pageInfo(table: VersionedRows, selected: number[], more: boolean, total: number, page: PageRequest): PageInfo {
    const last = selected[selected.length - 1];
    return {
      total,
      limit: page.limit ?? null,
      next: more && last !== undefined ? encodeCursor({ day: table.sortDay.get(last), stream: this.streams.names[table.entity.get(last)]! }) : null,
    };
  }

  /** Renewals of an entity signed by D, as known at `known`. */
  private renewedBy(entity: number, known: number, day: number): string[] {
    const rows = this.commitments;
    const found: { day: number; stream: string }[] = [];
    for (const r of rows.renewalsOf.get(entity) ?? []) {
      if (rows.retracted.get(r)) continue;
      if (rows.from.get(r) > known || rows.to.get(r) <= known || rows.sortDay.get(r) > day) continue;
      found.push({ day: rows.sortDay.get(r), stream: this.streams.names[rows.entity.get(r)]! });
    }
    return found.sort((a, b) => a.day - b.day || (a.stream < b.stream ? -1 : 1)).map((r) => r.stream);
  }

  /** Offices known at `known`, opened by valid day `day` and not certainly closed by then. */
  scanOffices(known: number, day: number, page: PageRequest): { items: OfficeRowAnswer[]; page: PageInfo } {
    if (known >= this.lastChange) {
      const fast = this.currentOffices(day, page);
      if (fast) return fast;
    }
    const rows = this.offices;
    const from = rows.from.array;
    const to = rows.to.array;
    const opened = rows.sortDay.array;
    const closedLatest = rows.closedLatest.array;
    const selector = new PageSelector(page.limit ?? Number.MAX_SAFE_INTEGER, new ListingOrder(rows, this.streams.names), page.after);
    for (let r = 0; r < rows.length; r++) {
      if (from[r]! > known || to[r]! <= known || opened[r]! > day || closedLatest[r]! <= day) continue;
      selector.offer(r);
    }
    const { rows: selected, more } = selector.rows();
    return { items: this.officeAnswers(selected, day), page: this.pageInfo(rows, selected, more, selector.total, page) };
  }
}

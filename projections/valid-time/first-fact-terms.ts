import { StoredEvent } from '../../src/event-store/event-store.port';
import { DeriveAhead, DerivedPage, RowsToDerive, derivedAheadOf } from '../../src/event-store/read-ahead';
import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import type { CommitmentTerms } from '../commitments/commitment-terms';
import { kindOfStream } from '../ledger/fact-record';
import { IndexedTerms, firstFactTerms, isIndexed } from './indexed-terms';

/**
 * Most entities are one fact, and indexing one is mostly parsing its event's data and reading dates and amounts
 * out of it (firstFactTerms). A catch-up does that ahead, on the thread that reads the pages (DeriveAhead), for
 * every event that could be the first fact of an indexed entity; the fold takes the terms from the page when
 * the event does turn out to be one. Nothing else changes: an event that comes without them (a live append,
 * another store, data the derivation refused) is derived from its data when folded, by the same function.
 */

export const FIRST_FACT_TERMS_AHEAD: DeriveAhead = { module: __filename };

const FORMAT = 'first-fact-terms/2';

// What a row holds.
const NOT_DERIVED = 0;
const NOT_INDEXED = 1;
const NO_COMMITMENT = 2;
const COMMITMENT = 3;
const NO_OFFICE = 4;
const OFFICE = 5;

// Its numbers, FIELDS per row. An office keeps its closing days where a commitment keeps its period.
const FIELDS = 11;
const KNOWN_FROM = 0;
const KNOWN_CERTAIN = 1;
const PERIOD_FROM = 2;
const PERIOD_TO = 3;
const FLAGS = 4;
const CURRENCY = 5;
const RENEWS = 6;
const SCHEDULE_START = 7;
const SCHEDULE_COUNT = 8;
const PERIOD_CERTAIN_FROM = 9;
const PERIOD_CERTAIN_TO = 10;
const PLEDGE = 1;
const HAS_PERIOD = 2;
const RETRACTED = 4;

interface FirstFactTermsPage {
  readonly format: typeof FORMAT;
  readonly kinds: Uint8Array;
  readonly fields: Int32Array;
  readonly amounts: Float64Array;
  readonly scheduleYears: Int32Array;
  readonly scheduleCurrencies: Int32Array;
  readonly scheduleAmounts: Float64Array;
  /** Currencies and renewed streams, numbered by the fields that name them. */
  readonly strings: string[];
}

/**
 * The share of rows derived ahead, in eighths. The reading thread also reads the page, and deriving every row
 * there left it the slower of the two: at a million events on two cores, 3 in 8 kept both threads busy (the fold
 * derives the rest itself).
 */
const EIGHTHS_AHEAD = 3;

/**
 * Runs on the reading thread: the terms of the events of the page that could be an indexed entity's first fact,
 * for `eighths` of the rows in every eight.
 */
export function derivePage(rows: RowsToDerive, eighths = EIGHTHS_AHEAD): DerivedPage {
  const kinds = new Uint8Array(rows.count);
  const fields = new Int32Array(rows.count * FIELDS);
  const amounts = new Float64Array(rows.count);
  const scheduleYears: number[] = [];
  const scheduleCurrencies: number[] = [];
  const scheduleAmounts: number[] = [];
  const strings: string[] = [];
  const numbers = new Map<string, number>();
  const number = (text: string) => {
    let n = numbers.get(text);
    if (n === undefined) numbers.set(text, (n = strings.push(text) - 1));
    return n;
  };

  for (let row = 0; row < rows.count; row++) {
    if ((row & 7) >= eighths) continue;
    const type = rows.type(row);
    const kind = kindOfStream(rows.stream(row));
    if (!isIndexed(kind, type) || type === FACT_CORRECTED || type === FACT_RETRACTED) continue;
    let derived: IndexedTerms | undefined;
    try {
      derived = firstFactTerms(kind, type, JSON.parse(rows.dataText(row)));
    } catch {
      continue; // Left to the fold, which meets the same error and reports it.
    }
    const at = row * FIELDS;
    if (derived === undefined) kinds[row] = NOT_INDEXED;
    else if (derived.kind === 'office') {
      const terms = derived.terms;
      if (terms) {
        fields[at + KNOWN_FROM] = terms.knownFrom;
        fields[at + KNOWN_CERTAIN] = terms.knownCertain;
        fields[at + PERIOD_FROM] = terms.closedEarliest;
        fields[at + PERIOD_TO] = terms.closedLatest;
      }
      kinds[row] = terms ? OFFICE : NO_OFFICE;
    } else if (derived.terms === null) kinds[row] = NO_COMMITMENT;
    else {
      const terms = derived.terms;
      // Amounts travel as floats: one too large to be exact is left to the fold.
      if (!isSafe(terms.amount) || !terms.schedule.every((entry) => isSafe(entry.amount))) continue;
      fields[at + KNOWN_FROM] = terms.knownFrom;
      fields[at + KNOWN_CERTAIN] = terms.knownCertain;
      fields[at + PERIOD_FROM] = terms.periodFrom;
      fields[at + PERIOD_TO] = terms.periodTo;
      fields[at + PERIOD_CERTAIN_FROM] = terms.periodCertainFrom;
      fields[at + PERIOD_CERTAIN_TO] = terms.periodCertainTo;
      fields[at + FLAGS] = (terms.pledge ? PLEDGE : 0) | (terms.hasPeriod ? HAS_PERIOD : 0) | (terms.retracted ? RETRACTED : 0);
      fields[at + CURRENCY] = number(terms.currency);
      fields[at + RENEWS] = terms.renews === null ? -1 : number(terms.renews);
      fields[at + SCHEDULE_START] = scheduleYears.length;
      fields[at + SCHEDULE_COUNT] = terms.schedule.length;
      for (const entry of terms.schedule) {
        scheduleYears.push(entry.year);
        scheduleCurrencies.push(number(entry.currency));
        scheduleAmounts.push(Number(entry.amount));
      }
      amounts[row] = Number(terms.amount);
      kinds[row] = COMMITMENT;
    }
  }

  const page: FirstFactTermsPage = {
    format: FORMAT,
    kinds,
    fields,
    amounts,
    scheduleYears: Int32Array.from(scheduleYears),
    scheduleCurrencies: Int32Array.from(scheduleCurrencies),
    scheduleAmounts: Float64Array.from(scheduleAmounts),
    strings,
  };
  const transfer = [kinds, fields, amounts, page.scheduleYears, page.scheduleCurrencies, page.scheduleAmounts].map((a) => a.buffer as ArrayBuffer);
  return { value: page, transfer };
}

function isSafe(amount: bigint): boolean {
  return Number.isSafeInteger(Number(amount));
}

/**
 * What the index derives from an entity whose only fact is `event`, on a stream of kind `kind`: taken from
 * the page it was read with when derived ahead, otherwise from its data (firstFactTerms).
 */
export function firstFactTermsOf(kind: string, event: StoredEvent): IndexedTerms | undefined {
  const ahead = derivedAheadOf(event);
  const page = ahead?.derivedPage as FirstFactTermsPage | undefined;
  if (ahead && page?.format === FORMAT) {
    const row = ahead.derivedRow;
    switch (page.kinds[row]) {
      case NOT_INDEXED:
        return undefined;
      case NO_OFFICE:
        return { kind: 'office', terms: null };
      case NO_COMMITMENT:
        return { kind: 'commitment', terms: null };
      case OFFICE: {
        const at = row * FIELDS;
        const fields = page.fields;
        const terms = { knownFrom: fields[at + KNOWN_FROM]!, knownCertain: fields[at + KNOWN_CERTAIN]!, closedEarliest: fields[at + PERIOD_FROM]!, closedLatest: fields[at + PERIOD_TO]! };
        return { kind: 'office', terms };
      }
      case COMMITMENT:
        return { kind: 'commitment', terms: commitmentTermsOn(page, row) };
    }
  }
  return firstFactTerms(kind, event.type, event.data);
}

function commitmentTermsOn(page: FirstFactTermsPage, row: number): CommitmentTerms {
  const at = row * FIELDS;
  const fields = page.fields;
  const flags = fields[at + FLAGS]!;
  const renews = fields[at + RENEWS]!;
  const start = fields[at + SCHEDULE_START]!;
  const schedule: { year: number; currency: string; amount: bigint }[] = [];
  for (let i = start; i < start + fields[at + SCHEDULE_COUNT]!; i++) {
    schedule.push({ year: page.scheduleYears[i]!, currency: page.strings[page.scheduleCurrencies[i]!]!, amount: BigInt(page.scheduleAmounts[i]!) });
  }
  return {
    pledge: (flags & PLEDGE) !== 0,
    retracted: (flags & RETRACTED) !== 0,
    knownFrom: fields[at + KNOWN_FROM]!,
    knownCertain: fields[at + KNOWN_CERTAIN]!,
    hasPeriod: (flags & HAS_PERIOD) !== 0,
    periodFrom: fields[at + PERIOD_FROM]!,
    periodTo: fields[at + PERIOD_TO]!,
    periodCertainFrom: fields[at + PERIOD_CERTAIN_FROM]!,
    periodCertainTo: fields[at + PERIOD_CERTAIN_TO]!,
    currency: page.strings[fields[at + CURRENCY]!]!,
    amount: BigInt(page.amounts[row]!),
    renews: renews < 0 ? null : page.strings[renews]!,
    schedule,
  };
}

/**
 * Partial dates: sources often know a date only to the month, quarter or year.
 * Each partial date stands for an interval of days [earliest, latest], both `YYYY-MM-DD`.
 * Pure functions only: projections use this module too.
 */

export type DatePrecision = 'day' | 'month' | 'quarter' | 'year';

export interface ParsedPartialDate {
  readonly text: string;
  readonly precision: DatePrecision;
  /** First day the date may stand for, `YYYY-MM-DD`. */
  readonly earliest: string;
  /** Last day the date may stand for, `YYYY-MM-DD`. */
  readonly latest: string;
}

/** Whether a partial date has certainly, possibly or not yet happened by a given day. */
export type Certainty = 'certain' | 'possible' | 'none';

const PATTERN = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?|Q([1-4])))?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year` in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** A calendar day as the integer YYYYMMDD: ordered as the days are, compared without parsing. */
export function dayNumber(day: string): number {
  return Number(day.slice(0, 4)) * 10000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}

/** The day YYYYMMDD as `YYYY-MM-DD`. */
export function dayText(day: number): string {
  return `${pad(Math.floor(day / 10000), 4)}-${pad(Math.floor(day / 100) % 100)}-${pad(day % 100)}`;
}

/** A partial date's interval as day numbers (YYYYMMDD): what the read models keep, with no strings built. */
export interface PartialDateDays {
  readonly precision: DatePrecision;
  readonly earliest: number;
  readonly latest: number;
}

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY` into its first and last day as day numbers; undefined for
 * anything else (including 2023-02-30). The one parser of partial dates: parsePartialDate writes its days out.
 */
export function parsePartialDateDays(text: string): PartialDateDays | undefined {
  if (typeof text !== 'string') return undefined;
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1) return undefined;
  const [, , monthText, dayOfMonthText, quarterText] = match;
  const yearDay = year * 10000;
  if (quarterText) {
    const firstMonth = (Number(quarterText) - 1) * 3 + 1;
    const lastMonth = firstMonth + 2;
    return { precision: 'quarter', earliest: yearDay + firstMonth * 100 + 1, latest: yearDay + lastMonth * 100 + daysInMonth(year, lastMonth) };
  }
  if (!monthText) return { precision: 'year', earliest: yearDay + 101, latest: yearDay + 1231 };
  const month = Number(monthText);
  const monthDay = yearDay + month * 100;
  if (!dayOfMonthText) return { precision: 'month', earliest: monthDay + 1, latest: monthDay + daysInMonth(year, month) };
  const dayOfMonth = Number(dayOfMonthText);
  if (dayOfMonth > daysInMonth(year, month)) return undefined;
  return { precision: 'day', earliest: monthDay + dayOfMonth, latest: monthDay + dayOfMonth };
}

/** Like parsePartialDateDays, for input already validated: throws on a malformed date. */
export function partialDateDays(text: string): PartialDateDays {
  const parsed = parsePartialDateDays(text);
  if (!parsed) throw new RangeError(`Not a partial date: ${JSON.stringify(text)}`);
  return parsed;
}

/** Parses `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY`; returns undefined for anything else (including 2023-02-30). */
export function parsePartialDate(text: string): ParsedPartialDate | undefined {
  const days = parsePartialDateDays(text);
  if (!days) return undefined;
  const { precision, earliest, latest } = days;
  if (precision === 'day') return { text, precision, earliest: text, latest: text };
  return { text, precision, earliest: dayText(earliest), latest: dayText(latest) };
}

export function isPartialDate(value: unknown): value is string {
  return typeof value === 'string' && parsePartialDate(value) !== undefined;
}

/** Like parsePartialDate, for input already validated: throws on a malformed date. */
export function partialDate(text: string): ParsedPartialDate {
  const parsed = parsePartialDate(text);
  if (!parsed) throw new RangeError(`Not a partial date: ${JSON.stringify(text)}`);
  return parsed;
}

export function interval(text: string): { earliest: string; latest: string } {
  const { earliest, latest } = partialDate(text);
  return { earliest, latest };
}

/** Compares two `YYYY-MM-DD` days (they sort as strings). */
export function compareDays(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order for sorting: by earliest day, then the more precise (shorter interval) first. */
export function comparePartialDates(a: string, b: string): number {
  const x = partialDate(a);
  const y = partialDate(b);
  return compareDays(x.earliest, y.earliest) || compareDays(x.latest, y.latest);
}

/** True when every day `a` may stand for is before every day `b` may stand for. */
export function certainlyBefore(a: string, b: string): boolean {
  return compareDays(partialDate(a).latest, partialDate(b).earliest) < 0;
}

/** True when some day `a` may stand for is on or before some day `b` may stand for. */
export function possiblyOnOrBefore(a: string, b: string): boolean {
  return compareDays(partialDate(a).earliest, partialDate(b).latest) <= 0;
}

/** Has the fact dated `date` happened by `asOfDay` (`YYYY-MM-DD`)? A straddling partial date is only possible. */
export function happenedBy(date: string, asOfDay: string): Certainty {
  const { earliest, latest } = partialDate(date);
  if (compareDays(latest, asOfDay) <= 0) return 'certain';
  if (compareDays(earliest, asOfDay) <= 0) return 'possible';
  return 'none';
}

/** Has the (inclusive) end `date` not yet passed on `asOfDay`? */
export function notEndedBy(date: string, asOfDay: string): Certainty {
  const { earliest, latest } = partialDate(date);
  if (compareDays(asOfDay, earliest) <= 0) return 'certain';
  if (compareDays(asOfDay, latest) <= 0) return 'possible';
  return 'none';
}

/** Is `asOfDay` within the inclusive period [from, to]? An open period (no `to`) has not ended. */
export function withinPeriod(from: string, to: string | undefined, asOfDay: string): Certainty {
  const started = happenedBy(from, asOfDay);
  const notEnded = to === undefined ? 'certain' : notEndedBy(to, asOfDay);
  if (started === 'none' || notEnded === 'none') return 'none';
  return started === 'certain' && notEnded === 'certain' ? 'certain' : 'possible';
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

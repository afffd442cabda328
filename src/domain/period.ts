import { compareDays, daysInMonth, parsePartialDate, partialDate } from './partial-date';

/**
 * A period, known in one of three ways:
 * - `from` and `to` (bounds `whole`, the default): it covers both bounds whole, so "2019 to 2023" runs from
 *   1 January 2019 to 31 December 2023, and is known exactly;
 * - `from` and `to` with bounds `within`: it starts on some day within `from` and ends on some day within `to`;
 * - a `duration` (ISO 8601 years and months, "P3Y") from a start known to `from`'s precision, or without `from`
 *   from the signing itself: "three years" from a signing in September 2020 starts some day in September 2020.
 */
export interface PeriodValue {
  readonly from?: string;
  readonly to?: string;
  readonly duration?: string;
  readonly bounds?: 'whole' | 'within';
}

/** Every period the knowledge allows, as the earliest and latest day each end may fall on (`YYYY-MM-DD`). */
export interface PeriodSpan {
  readonly startEarliest: string;
  readonly startLatest: string;
  readonly endEarliest: string;
  readonly endLatest: string;
}

const DURATION = /^P(?:(\d{1,3})Y)?(?:(\d{1,4})M)?$/;

/** Months in an ISO 8601 duration of years and months (`P3Y`, `P18M`, `P1Y6M`), or undefined. */
export function durationMonths(duration: unknown): number | undefined {
  if (typeof duration !== 'string' || duration === 'P') return undefined;
  const match = DURATION.exec(duration);
  if (!match) return undefined;
  const months = Number(match[1] ?? 0) * 12 + Number(match[2] ?? 0);
  return months > 0 ? months : undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `day` plus `months` calendar months, clamped to the month's end (31 January + 1 month = 28/29 February). */
function addMonths(day: string, months: number): string {
  const total = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(Number(day.slice(8, 10)), daysInMonth(year, month)))}`;
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The last day of a period of `months` starting on `start`: "three years" from 1 September 2020 ends 31 August 2023. */
function lastDayOf(start: string, months: number): string {
  return dayBefore(addMonths(start, months));
}

/**
 * Every possible period, given the signing date (`occurredOn`, a partial date) for a duration counted from it.
 * Pure; expects a validated period.
 */
export function periodSpan(period: PeriodValue, signedOn: string): PeriodSpan {
  const months = durationMonths(period.duration);
  if (months !== undefined) {
    const start = partialDate(period.from ?? signedOn);
    return {
      startEarliest: start.earliest,
      startLatest: start.latest,
      endEarliest: lastDayOf(start.earliest, months),
      endLatest: lastDayOf(start.latest, months),
    };
  }
  const from = partialDate(period.from!);
  const to = partialDate(period.to!);
  if (period.bounds === 'within') {
    return { startEarliest: from.earliest, startLatest: from.latest, endEarliest: to.earliest, endLatest: to.latest };
  }
  return { startEarliest: from.earliest, startLatest: from.earliest, endEarliest: to.latest, endLatest: to.latest };
}

/**
 * A period ends after it starts: `to` cannot begin before `from` begins.
 * (A same-day or same-month period is allowed.) Unparseable dates answer true: they fail their own rule.
 */
export function endsAfterStart(from: string, to: string): boolean {
  const start = parsePartialDate(from);
  const end = parsePartialDate(to);
  if (!start || !end) return true;
  return compareDays(end.earliest, start.earliest) >= 0 && compareDays(end.latest, start.earliest) >= 0;
}

/**
 * Calendar years a period may touch, e.g. 2019..2023 for { from: "2019", to: "2023" }; undefined for a duration
 * counted from a signing date the caller does not give.
 */
export function yearsOf(period: PeriodValue, signedOn?: string): { first: number; last: number } | undefined {
  if (period.from === undefined && period.duration !== undefined && signedOn === undefined) return undefined;
  const span = periodSpan(period, signedOn ?? period.from!);
  return { first: Number(span.startEarliest.slice(0, 4)), last: Number(span.endLatest.slice(0, 4)) };
}

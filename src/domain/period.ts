import { compareDays, parsePartialDate } from './partial-date';

export interface PeriodValue {
  readonly from: string;
  readonly to: string;
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

/** Calendar years a period may touch, e.g. 2019..2023 for { from: "2019", to: "2023" }. */
export function yearsOf(period: PeriodValue): { first: number; last: number } {
  const start = parsePartialDate(period.from);
  const end = parsePartialDate(period.to);
  if (!start || !end) throw new RangeError('Not a period');
  return { first: Number(start.earliest.slice(0, 4)), last: Number(end.latest.slice(0, 4)) };
}

import { InvariantViolated } from './errors';
import { compareDays, dayOf, parsePartialDate } from './partial-date';

/**
 * A recorded fact cannot have happened after the ledger learned of it: a date whose earliest day is after
 * today (UTC) is a typo or a forecast, and forecasts belong in a period, not in occurredOn.
 */
export function assertNotInFuture(field: string, date: string | undefined, now: Date): void {
  if (date === undefined) return;
  const parsed = parsePartialDate(date);
  if (parsed && compareDays(parsed.earliest, dayOf(now)) > 0) {
    throw new InvariantViolated(
      'fact.cannot-be-in-the-future',
      `${field} ${date} is after today (${dayOf(now)}): a recorded fact must already have happened`,
      field,
    );
  }
}

import { InvariantViolated } from './errors';
import { MoneyValue, toMinorUnits } from './money';
import { PeriodValue, yearsOf } from './period';

export interface CommitmentTerms {
  readonly donorId: string;
  readonly recipientId: string;
  readonly total: MoneyValue;
  readonly period?: PeriodValue;
  readonly schedule?: readonly { readonly year: number; readonly amount: MoneyValue }[];
}

/**
 * Rules every pledge or commitment obeys, whatever carries it (agreement, pledge, renewal).
 * `prefix` is where the terms sit in the payload (`commitment.` or ``), for the error's field.
 */
export function assertCommitmentTerms(terms: CommitmentTerms, prefix = ''): void {
  if (terms.donorId === terms.recipientId) {
    throw new InvariantViolated(
      'commitment.donor-cannot-be-recipient',
      `donor and recipient are both ${terms.donorId}`,
      `${prefix}recipientId`,
    );
  }
  const schedule = terms.schedule ?? [];
  const seen = new Set<number>();
  let scheduled = 0n;
  schedule.forEach((row, i) => {
    const field = `${prefix}schedule.${i}`;
    if (row.amount.currency !== terms.total.currency) {
      throw new InvariantViolated(
        'commitment.schedule-currency-must-match-total',
        `schedule row ${i} is in ${row.amount.currency}, the total in ${terms.total.currency}`,
        `${field}.amount.currency`,
      );
    }
    if (seen.has(row.year)) {
      throw new InvariantViolated('commitment.schedule-year-repeated', `year ${row.year} appears twice in the schedule`, `${field}.year`);
    }
    seen.add(row.year);
    const years = terms.period && yearsOf(terms.period);
    if (years) {
      const { first, last } = years;
      if (row.year < first || row.year > last) {
        throw new InvariantViolated(
          'commitment.schedule-outside-period',
          `schedule year ${row.year} is outside the period's years ${first} – ${last}`,
          `${field}.year`,
        );
      }
    }
    scheduled += toMinorUnits(row.amount);
  });
  if (scheduled > toMinorUnits(terms.total)) {
    throw new InvariantViolated(
      'commitment.schedule-exceeds-total',
      `the schedule adds up to more than the total ${terms.total.amount} ${terms.total.currency}`,
      `${prefix}schedule`,
    );
  }
}

import { partialDate } from '../../src/domain/partial-date';

const compare = <K extends string | bigint>(a: K, b: K) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders items by the earliest day of a partial date, then by a tie-breaker. Each date is parsed once, not on
 * every comparison: read models sort tens of thousands of items per query.
 */
export function byValidTime<T>(items: readonly T[], dateOf: (item: T) => string, tie: (item: T) => string | bigint): T[] {
  return items
    .map((item) => ({ item, day: partialDate(dateOf(item)).earliest, tie: tie(item) }))
    .sort((a, b) => compare(a.day, b.day) || compare(a.tie, b.tie))
    .map(({ item }) => item);
}

import { StreamNumbers } from '../../../projections/columnar/stream-numbers';

describe('stream numbers', () => {
  it('numbers names in the order first seen, and finds each again after the table has grown many times', () => {
    const numbers = new StreamNumbers();
    const names = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `pledge-p${i}` : i % 3 === 1 ? `office-${i}-قطر` : `agreement-${i.toString(36)}`));
    names.forEach((name, i) => expect(numbers.numberOf(name)).toBe(i));
    expect(numbers.size).toBe(names.length);
    // Seen again: the same number, nothing added.
    for (let i = names.length - 1; i >= 0; i -= 7) expect(numbers.numberOf(names[i]!)).toBe(i);
    expect(numbers.size).toBe(names.length);
    names.forEach((name, i) => expect(numbers.find(name)).toBe(i));
    expect(numbers.names).toEqual(names);
  });

  it('tells names it has never numbered apart from those it has, however alike', () => {
    const numbers = new StreamNumbers();
    for (const name of ['office-1', 'office-10', 'office-100', '']) numbers.numberOf(name);
    for (const other of ['office-', 'office-1000', 'Office-1', 'office-1 ', 'office-01']) expect(numbers.find(other)).toBe(-1);
    expect(numbers.find('')).toBe(3);
    expect(numbers.size).toBe(4);
  });
});

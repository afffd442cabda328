import { MinorSums } from '../../../projections/columnar/minor-sums';
import { decodeCursor } from '../../../projections/columnar/paging';

describe('page cursors', () => {
  it('rejects cursors that are not ones', () => {
    expect(decodeCursor('20190630~agreement-qa')).toEqual({ day: 20190630, stream: 'agreement-qa' });
    for (const bad of ['', '2019-06-30~x', '20190630', '20190630~', '20190630~Agreement', '20190630~a b']) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});

describe('MinorSums', () => {
  it('adds exactly past the safe-integer range of a float, each sum on its own', () => {
    const sums = new MinorSums(3);
    const big = Number.MAX_SAFE_INTEGER - 1;
    sums.add(1, big);
    sums.add(1, big);
    sums.add(1, 3);
    sums.addBig(1, 10n ** 30n);
    sums.add(2, 0);
    expect(sums.value(1)).toBe(2n * BigInt(big) + 3n + 10n ** 30n);
    expect([sums.has(0), sums.has(1), sums.has(2)]).toEqual([false, true, true]);
    expect(sums.value(0)).toBe(0n);
  });
});

import { durationMonths, periodSpan, yearsOf } from '../../src/domain/period';

describe('periods known in part', () => {
  it('a period with from and to covers both bounds whole, so it is known exactly', () => {
    expect(periodSpan({ from: '2019', to: '2023' }, '2018-12-16')).toEqual({
      startEarliest: '2019-01-01',
      startLatest: '2019-01-01',
      endEarliest: '2023-12-31',
      endLatest: '2023-12-31',
    });
  });

  it('with bounds "within" it starts some day within from and ends some day within to', () => {
    expect(periodSpan({ from: '2020-Q4', to: '2023-09', bounds: 'within' }, '2020')).toEqual({
      startEarliest: '2020-10-01',
      startLatest: '2020-12-31',
      endEarliest: '2023-09-01',
      endLatest: '2023-09-30',
    });
  });

  it('a duration without from runs from the signing: three years from some day in September 2020', () => {
    expect(periodSpan({ duration: 'P3Y' }, '2020-09')).toEqual({
      startEarliest: '2020-09-01',
      startLatest: '2020-09-30',
      endEarliest: '2023-08-31',
      endLatest: '2023-09-29',
    });
    // Known only to the year, the same three years may end any day from 31 Dec 2022 to 30 Dec 2023.
    expect(periodSpan({ duration: 'P3Y' }, '2020')).toMatchObject({ endEarliest: '2022-12-31', endLatest: '2023-12-30' });
  });

  it('a duration from a stated start ends the day before the same date that many months later, clamped to month ends', () => {
    expect(periodSpan({ from: '2024-01-31', duration: 'P1M' }, '2023')).toMatchObject({ endEarliest: '2024-02-28', endLatest: '2024-02-28' });
    expect(periodSpan({ from: '2021-03-01', duration: 'P1Y6M' }, '2021')).toMatchObject({ endLatest: '2022-08-31' });
  });

  it('reads ISO 8601 durations of years and months only, never zero', () => {
    expect([durationMonths('P3Y'), durationMonths('P18M'), durationMonths('P1Y6M')]).toEqual([36, 18, 18]);
    for (const bad of ['P', 'P0Y', 'P3D', '3Y', 'P1.5Y', 36]) expect(durationMonths(bad)).toBeUndefined();
  });

  it('names the calendar years a period may touch, or none for a duration from a signing it is not given', () => {
    expect(yearsOf({ from: '2024', to: '2026' })).toEqual({ first: 2024, last: 2026 });
    expect(yearsOf({ duration: 'P3Y' })).toBeUndefined();
    expect(yearsOf({ duration: 'P3Y' }, '2020-09')).toEqual({ first: 2020, last: 2023 });
  });
});

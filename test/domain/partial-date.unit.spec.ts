import {
  certainlyBefore,
  comparePartialDates,
  dayOf,
  happenedBy,
  interval,
  isPartialDate,
  parsePartialDate,
  possiblyOnOrBefore,
  withinPeriod,
} from '../../src/domain/partial-date';

describe('partial dates', () => {
  it.each([
    ['2018-12-16', 'day', '2018-12-16', '2018-12-16'],
    ['2021-07', 'month', '2021-07-01', '2021-07-31'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29'],
    ['2023-02', 'month', '2023-02-01', '2023-02-28'],
    ['2000-02', 'month', '2000-02-01', '2000-02-29'],
    ['1900-02', 'month', '1900-02-01', '1900-02-28'],
    ['0004-02', 'month', '0004-02-01', '0004-02-29'],
    ['2024-Q1', 'quarter', '2024-01-01', '2024-03-31'],
    ['2019-Q4', 'quarter', '2019-10-01', '2019-12-31'],
    ['2019-Q1', 'quarter', '2019-01-01', '2019-03-31'],
    ['2017', 'year', '2017-01-01', '2017-12-31'],
  ])('%s stands for a %s, [%s, %s]', (text, precision, earliest, latest) => {
    expect(parsePartialDate(text)).toEqual({ text, precision, earliest, latest });
    expect(interval(text)).toEqual({ earliest, latest });
  });

  it.each(['2023-02-29', '2100-02-29', '2024-04-31', '2021-13', '2021-00', '2021-Q5', '21', '2021-7', '2021-07-1', '2021/07/01', ' 2021', '0000', '', 'Q1-2020'])(
    'rejects %j',
    (text) => {
      expect(parsePartialDate(text)).toBeUndefined();
      expect(isPartialDate(text)).toBe(false);
    },
  );

  it('accepts 29 February in a leap year only', () => {
    expect(isPartialDate('2024-02-29')).toBe(true);
    expect(isPartialDate('1900-02-29')).toBe(false);
    expect(isPartialDate('2000-02-29')).toBe(true);
  });

  it('sorts by earliest day, the more precise first', () => {
    const dates = ['2021', '2020-12-07', '2020-12', '2020-Q4', '2021-01-19'];
    expect([...dates].sort(comparePartialDates)).toEqual(['2020-Q4', '2020-12', '2020-12-07', '2021', '2021-01-19']);
  });

  it('says one date is certainly before another only when their intervals do not overlap', () => {
    expect(certainlyBefore('2020-11-25', '2020-12')).toBe(true);
    expect(certainlyBefore('2020', '2020-12')).toBe(false);
    expect(possiblyOnOrBefore('2020', '2020-12')).toBe(true);
    expect(possiblyOnOrBefore('2021', '2020-12')).toBe(false);
  });

  it('answers "possible" when a partial date straddles the day asked about', () => {
    expect(happenedBy('2021-07', '2021-08-01')).toBe('certain');
    expect(happenedBy('2021-07', '2021-07-15')).toBe('possible');
    expect(happenedBy('2021-07', '2021-06-30')).toBe('none');
  });

  it('places a day inside, possibly inside or outside an inclusive period', () => {
    expect(withinPeriod('2019', '2023', '2021-05-05')).toBe('certain');
    expect(withinPeriod('2019', '2023', '2023-12-31')).toBe('possible');
    expect(withinPeriod('2019-01-01', '2023-12-31', '2023-12-31')).toBe('certain');
    expect(withinPeriod('2019', '2023', '2024-01-01')).toBe('none');
    expect(withinPeriod('2019', undefined, '2030-01-01')).toBe('certain');
    expect(withinPeriod('2019', '2023', '2018-12-31')).toBe('none');
  });

  it('takes the UTC day of an instant', () => {
    expect(dayOf(new Date('2025-06-01T23:30:00-02:00'))).toBe('2025-06-02');
  });
});

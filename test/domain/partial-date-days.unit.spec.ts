import { dayNumber, dayText, parsePartialDateDays, partialDate, partialDateDays } from '../../src/domain/partial-date';

describe('partial dates as day numbers', () => {
  it('give the days partialDate gives, as YYYYMMDD, at every precision', () => {
    const texts = ['2024', '2023-02', '2024-02', '2019-Q1', '2020-Q4', '2021-06-16', '1999-12-31', '0001', '9999-Q3'];
    for (const text of texts) {
      const { precision, earliest, latest } = partialDate(text);
      expect(partialDateDays(text)).toEqual({ precision, earliest: dayNumber(earliest), latest: dayNumber(latest) });
      expect([dayText(dayNumber(earliest)), dayText(dayNumber(latest))]).toEqual([earliest, latest]);
    }
    expect(partialDateDays('2024-02')).toEqual({ precision: 'month', earliest: 20240201, latest: 20240229 });
    expect(partialDateDays('2019-Q1')).toEqual({ precision: 'quarter', earliest: 20190101, latest: 20190331 });
  });

  it('refuse what is not a partial date', () => {
    for (const bad of ['2023-02-30', '0000', '2023-13', '2023-00-10', 'soon', '2023-2-1']) {
      expect(parsePartialDateDays(bad)).toBeUndefined();
      expect(() => partialDateDays(bad)).toThrow(RangeError);
    }
  });
});

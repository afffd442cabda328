import {
  fitsCurrency,
  fromMinorUnits,
  isKnownCurrency,
  isPositiveDecimal,
  normaliseMoney,
  sameMoney,
  sumMoney,
  toMinorUnits,
} from '../../src/domain/money';

describe('money', () => {
  it('converts a decimal string to integer minor units and back', () => {
    expect(toMinorUnits({ amount: '75000000', currency: 'USD' })).toBe(7_500_000_000n);
    expect(toMinorUnits({ amount: '5000000.5', currency: 'USD' })).toBe(500_000_050n);
    expect(toMinorUnits({ amount: '1000', currency: 'JPY' })).toBe(1000n);
    expect(toMinorUnits({ amount: '1.125', currency: 'KWD' })).toBe(1125n);
    expect(fromMinorUnits(7_500_000_000n, 'USD')).toEqual({ amount: '75000000.00', currency: 'USD' });
    expect(fromMinorUnits(5n, 'USD')).toEqual({ amount: '0.05', currency: 'USD' });
    expect(fromMinorUnits(1000n, 'JPY')).toEqual({ amount: '1000', currency: 'JPY' });
  });

  it('holds amounts far beyond the float range exactly', () => {
    const amount = '123456789012345678901234567.89';
    expect(fromMinorUnits(toMinorUnits({ amount, currency: 'USD' }), 'USD').amount).toBe(amount);
  });

  it('refuses more decimals than the currency has', () => {
    expect(fitsCurrency('1.5', 'JPY')).toBe(false);
    expect(fitsCurrency('1.001', 'USD')).toBe(false);
    expect(fitsCurrency('1.001', 'KWD')).toBe(true);
    expect(() => toMinorUnits({ amount: '1.001', currency: 'USD' })).toThrow(RangeError);
  });

  it('accepts only positive plain decimal strings', () => {
    for (const ok of ['1', '0.01', '75000000', '5000000.50']) expect(isPositiveDecimal(ok)).toBe(true);
    for (const bad of ['0', '0.00', '-1', '1e6', '01', '1.', '.5', ' 1', '1,000', 75000000, null]) {
      expect(isPositiveDecimal(bad)).toBe(false);
    }
  });

  it('knows ISO 4217 codes it has minor units for', () => {
    expect(isKnownCurrency('QAR')).toBe(true);
    expect(isKnownCurrency('usd')).toBe(false);
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('toString')).toBe(false);
  });

  it('compares and adds money of one currency', () => {
    expect(sameMoney({ amount: '15000000', currency: 'USD' }, { amount: '15000000.00', currency: 'USD' })).toBe(true);
    expect(normaliseMoney({ amount: '5', currency: 'USD' })).toEqual({ amount: '5.00', currency: 'USD' });
    expect(
      sumMoney(
        [
          { amount: '15000000', currency: 'USD' },
          { amount: '0.50', currency: 'USD' },
        ],
        'USD',
      ),
    ).toEqual({ amount: '15000000.50', currency: 'USD' });
    expect(() => sumMoney([{ amount: '1', currency: 'EUR' }], 'USD')).toThrow(RangeError);
  });
});

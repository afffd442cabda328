/**
 * Money is a decimal string plus an ISO 4217 currency, never a float.
 * Arithmetic goes through integer minor units (bigint).
 */

export interface MoneyValue {
  readonly amount: string;
  readonly currency: string;
}

/** ISO 4217 minor units for the currencies a partnership ledger is likely to meet. */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  QAR: 2,
  SAR: 2,
  AED: 2,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  EGP: 2,
  TRY: 2,
  JPY: 0,
  KRW: 0,
  CNY: 2,
  INR: 2,
  RUB: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PKR: 2,
  IDR: 2,
  MYR: 2,
  SGD: 2,
  ZAR: 2,
  NGN: 2,
  KES: 2,
  MAD: 2,
  TND: 3,
  DZD: 2,
  IQD: 3,
  LYD: 3,
  XOF: 0,
  XAF: 0,
});

/** Plain decimal: no sign, no exponent, no leading zeros, at most 30 integer digits. */
const DECIMAL = /^(0|[1-9]\d{0,29})(?:\.(\d{1,18}))?$/;

export function isKnownCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && Object.hasOwn(CURRENCY_MINOR_UNITS, code);
}

export function minorUnitsOf(currency: string): number {
  if (!isKnownCurrency(currency)) throw new RangeError(`Unknown currency: ${JSON.stringify(currency)}`);
  return CURRENCY_MINOR_UNITS[currency];
}

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

export function isPositiveDecimal(value: unknown): value is string {
  return isDecimalString(value) && /[1-9]/.test(value);
}

/** Number of digits after the decimal point. */
export function decimalPlaces(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** Whether the amount has no more decimals than the currency allows (USD 2, JPY 0 …). */
export function fitsCurrency(amount: string, currency: string): boolean {
  return isKnownCurrency(currency) && isDecimalString(amount) && decimalPlaces(amount) <= minorUnitsOf(currency);
}

/** "75000000" USD → 7500000000n. Throws on an amount the currency cannot hold. */
export function toMinorUnits(money: MoneyValue): bigint {
  const places = isKnownCurrency(money.currency) ? CURRENCY_MINOR_UNITS[money.currency]! : -1;
  if (places < 0 || !isDecimalString(money.amount) || decimalPlaces(money.amount) > places) {
    throw new RangeError(`Not a ${money.currency} amount: ${JSON.stringify(money.amount)}`);
  }
  const [whole, fraction = ''] = money.amount.split('.');
  return BigInt(whole + fraction.padEnd(places, '0'));
}

/** 7500000000n USD → "75000000.00" (always with the currency's number of decimals). */
export function fromMinorUnits(minor: bigint, currency: string): MoneyValue {
  const places = minorUnitsOf(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const amount = places === 0 ? whole : `${whole}.${digits.slice(digits.length - places)}`;
  return { amount: negative ? `-${amount}` : amount, currency };
}

/** "75000000" and "75000000.00" USD are the same money. */
export function normaliseMoney(money: MoneyValue): MoneyValue {
  return fromMinorUnits(toMinorUnits(money), money.currency);
}

export function sameMoney(a: MoneyValue, b: MoneyValue): boolean {
  return a.currency === b.currency && toMinorUnits(a) === toMinorUnits(b);
}

/** Sums amounts of one currency; throws when currencies are mixed. */
export function sumMoney(amounts: readonly MoneyValue[], currency: string): MoneyValue {
  let total = 0n;
  for (const money of amounts) {
    if (money.currency !== currency) throw new RangeError(`Cannot add ${money.currency} to ${currency}`);
    total += toMinorUnits(money);
  }
  return fromMinorUnits(total, currency);
}

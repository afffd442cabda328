import { language } from './i18n.js';
import type { Money } from './types.js';

/** Money arrives as a decimal string; it is formatted and divided as integers, never as floats. */

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatAmount(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = amount.replace(/^-/, '').split('.');
  const shown = /^0*$/.test(fraction) ? '' : `.${fraction}`;
  return `${negative ? '-' : ''}${group(whole.replace(/^0+(?=\d)/, ''))}${shown}`;
}

const ARABIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Western digits to Arabic-Indic ones, with the Arabic thousands and decimal separators. */
export function arabicDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => ARABIC_DIGITS[Number(d)]).replace(/,/g, '٬').replace(/\./g, '٫');
}

/** "USD 45,000,000" / "٤٥٬٠٠٠٬٠٠٠ USD": grouped, with its currency, never through a float. */
export function formatMoney(money: Money): string {
  if (language() === 'ar') return `\u2068${arabicDigits(formatAmount(money.amount))} ${money.currency}\u2069`;
  return `${money.currency} ${formatAmount(money.amount)}`;
}

export function formatCount(n: number | string): string {
  return language() === 'ar' ? arabicDigits(String(n)) : String(n);
}

export function formatYear(year: number | string): string {
  return language() === 'ar' ? arabicDigits(String(year)).replace(/٬/g, '') : String(year);
}

/** "USD 75M", "USD 1.5M", "USD 800K" for axis ticks. */
export function compactAmount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${+(value / 1e3).toFixed(1)}K`;
  return String(value);
}

const SCALE = 2;

function toMinor(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  const digits = (fraction + '0'.repeat(SCALE)).slice(0, SCALE);
  return BigInt(whole) * 10n ** BigInt(SCALE) + BigInt(digits);
}

function fromMinor(minor: bigint): string {
  const text = minor.toString().padStart(SCALE + 1, '0');
  return `${text.slice(0, -SCALE)}.${text.slice(-SCALE)}`;
}

export function add(a: string, b: string): string {
  return fromMinor(toMinor(a) + toMinor(b));
}

/** For chart bar heights only. */
export function toNumber(amount: string): number {
  return Number(amount);
}

/** Calendar days (`YYYY-MM-DD`, UTC) and the ledger's partial dates (`YYYY`, `YYYY-Qn`, `YYYY-MM`, `YYYY-MM-DD`). */

import { language } from './i18n.js';
import { arabicDigits } from './money.js';

const DAY_MS = 86_400_000;
const MONTHS_AR = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];
const QUARTERS_AR = ['الربع الأول', 'الربع الثاني', 'الربع الثالث', 'الربع الرابع'];
const n = (text: string | number) => arabicDigits(String(Number(text))).replace(/٬/g, '');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export type Precision = 'day' | 'month' | 'quarter' | 'year';

export interface PartialDate {
  readonly text: string;
  readonly precision: Precision;
  readonly earliest: string;
  readonly latest: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isDay(text: string | null | undefined): text is string {
  if (!text || !DAY_PATTERN.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function epochDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dayOfEpoch(n: number): string {
  const date = new Date(n * DAY_MS);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Moves by whole months, keeping the day of the month where it exists (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

export function parsePartial(text: string): PartialDate | null {
  const match = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])(?:-(\d{2}))?|Q([1-4])))?$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const [, , month, dayOfMonth, quarter] = match;
  const lastDay = (mm: number) => new Date(Date.UTC(year, mm, 0)).getUTCDate();
  if (quarter) {
    const first = (Number(quarter) - 1) * 3 + 1;
    return { text, precision: 'quarter', earliest: `${match[1]}-${pad(first)}-01`, latest: `${match[1]}-${pad(first + 2)}-${pad(lastDay(first + 2))}` };
  }
  if (!month) return { text, precision: 'year', earliest: `${match[1]}-01-01`, latest: `${match[1]}-12-31` };
  if (!dayOfMonth) return { text, precision: 'month', earliest: `${match[1]}-${month}-01`, latest: `${match[1]}-${month}-${pad(lastDay(Number(month)))}` };
  return { text, precision: 'day', earliest: text, latest: text };
}

/** "16 Jun 2021", "Jul 2021", "Q4 2019", "2017"; in Arabic "١٦ يونيو ٢٠٢١", "يوليو ٢٠٢١", "الربع الرابع ٢٠١٩". */
export function formatPartial(text: string): string {
  const date = parsePartial(text);
  if (!date) return text;
  const [y, m, d] = text.split('-');
  if (language() === 'ar') {
    switch (date.precision) {
      case 'day':
        return `${n(d)} ${MONTHS_AR[Number(m) - 1]} ${n(y)}`;
      case 'month':
        return `${MONTHS_AR[Number(m) - 1]} ${n(y)}`;
      case 'quarter':
        return `${QUARTERS_AR[Number(m.slice(1)) - 1]} ${n(y)}`;
      default:
        return n(y);
    }
  }
  switch (date.precision) {
    case 'day':
      return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
    case 'month':
      return `${MONTHS[Number(m) - 1]} ${y}`;
    case 'quarter':
      return `${m} ${y}`;
    default:
      return y;
  }
}

/** "30 June 2019", for the slider's spoken value. */
export function formatDayLong(day: string): string {
  const [y, m, d] = day.split('-');
  if (language() === 'ar') return `${n(d)} ${MONTHS_AR[Number(m) - 1]} ${n(y)}`;
  return `${Number(d)} ${MONTHS_LONG[Number(m) - 1]} ${y}`;
}

/** A recorded time, in UTC: "2026-11-23 00:48:45 UTC". */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
  // Kept left to right inside Arabic text, so the ISO date never reads backwards.
  return language() === 'ar' ? `\u2066${text}\u2069` : text;
}

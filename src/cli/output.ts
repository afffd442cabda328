/** Plain JSON for scripts: bigints as decimal strings, dates as ISO 8601, Maps as objects. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (item instanceof Map) return Object.fromEntries(item);
      return item;
    },
    2,
  );
}

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => unknown;
  /** Right-align (numbers, amounts). */
  readonly right?: boolean;
  /** Longest cell before it is cut with an ellipsis. */
  readonly max?: number;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value).replace(/\s+/g, ' ');
}

/** Display width: code points, combining marks and other zero-width characters not counted. */
function width(text: string): number {
  let n = 0;
  for (const char of text) if (!/[\p{M}\u200B-\u200F\u2066-\u2069]/u.test(char)) n++;
  return n;
}

function cut(text: string, max: number): string {
  if (width(text) <= max) return text;
  const chars = [...text];
  return `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** A plain-text table: a header row, a rule, one row per item; `(none)` when there are no rows. */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((column) => cut(cellText(column.value(row)), column.max ?? 60)));
  const widths = columns.map((column, i) => Math.max(width(column.header), ...cells.map((row) => width(row[i]!))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - width(text));
    return columns[i]!.right ? gap + text : text + gap;
  };
  const line = (row: readonly string[]) => row.map(pad).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Two columns of label and value, for summaries. */
export function renderPairs(pairs: readonly (readonly [string, unknown])[]): string {
  const labelWidth = Math.max(...pairs.map(([label]) => width(label)));
  return pairs.map(([label, value]) => `${label}${' '.repeat(labelWidth - width(label))}  ${cellText(value)}`).join('\n');
}

export function money(value: { amount: string; currency: string } | null | undefined): string {
  return value ? `${value.currency} ${value.amount}` : '';
}

export function english(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'en' in value) return String((value as { en: unknown }).en);
  return '';
}

/** The process's output streams, so commands never write to the console directly. */
export interface CliStreams {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown; readonly isTTY?: boolean };
}

export const processStreams: CliStreams = { out: process.stdout, err: process.stderr };

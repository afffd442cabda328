/** A page position: items come in (day, stream) order; `after` is the last item already seen. */
export interface PageCursor {
  readonly day: number;
  readonly stream: string;
}

export function encodeCursor(cursor: PageCursor): string {
  return `${cursor.day}~${cursor.stream}`;
}

/** Parses a cursor from a client; null when it is not one. */
export function decodeCursor(text: string): PageCursor | null {
  const match = /^(\d{8})~([a-z0-9][a-z0-9-]{0,199})$/.exec(text);
  return match ? { day: Number(match[1]), stream: match[2]! } : null;
}

export interface PageRequest {
  /** At most this many items; all when absent. */
  readonly limit?: number;
  readonly after?: PageCursor;
}

export interface PageInfo {
  /** Items that match, on every page. */
  readonly total: number;
  readonly limit: number | null;
  /** Cursor for the next page, null on the last. */
  readonly next: string | null;
}

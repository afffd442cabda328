/**
 * The page's only way to the ledger: same-origin `/api/...` calls, each carrying the auditor key as a bearer
 * token. The key is kept in sessionStorage (this tab only) and never put in a URL.
 */

const KEY_STORAGE = 'partnership-ledger.auditor-key';

export const auditorKey = {
  get(): string | null {
    try {
      return sessionStorage.getItem(KEY_STORAGE);
    } catch {
      return null;
    }
  },
  set(key: string): void {
    sessionStorage.setItem(KEY_STORAGE, key);
  },
  clear(): void {
    sessionStorage.removeItem(KEY_STORAGE);
  },
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly errors: readonly { field: string; rule: string; message: string }[],
    /** A broken ledger rule (422) and the field it names, when it names one. */
    readonly rule: string | null = null,
    readonly field: string | null = null,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }

  get needsKey(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export type Params = Record<string, string | number | null | undefined>;

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') query.set(name, String(value));
  const url = `/api/${path}${query.toString() ? `?${query.toString()}` : ''}`;
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const key = auditorKey.get();
  if (key) headers.Authorization = `Bearer ${key}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'The ledger did not answer', (error as Error).message, []);
  }
  if (response.ok) return (await response.json()) as T;
  throw await problemOf(response);
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: { title?: string; detail?: string; errors?: ApiError['errors']; rule?: string; field?: string } = {};
  try {
    problem = await response.json();
  } catch {
    // not a problem document
  }
  return new ApiError(response.status, problem.title ?? `HTTP ${response.status}`, problem.detail ?? null, problem.errors ?? [], problem.rule ?? null, problem.field ?? null);
}

/** `POST /api/commands/<name>`: the answer's status and body, or an ApiError (status 0 when nothing came back). */
export async function postCommand<T>(name: string, body: unknown, options: { dryRun?: boolean; idempotencyKey?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Content-Type': 'application/json' };
  const key = auditorKey.get();
  if (key) headers.Authorization = `Bearer ${key}`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`/api/commands/${encodeURIComponent(name)}${options.dryRun ? '?dryRun=true' : ''}`, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, 'The ledger did not answer', (error as Error).message, []);
  }
  if (response.ok) return { status: response.status, body: (await response.json()) as T };
  throw await problemOf(response);
}

/** The OpenAPI document, public like the docs UI. */
export async function apiDocument<T>(): Promise<T> {
  const response = await fetch('/api/docs-json', { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys, pure functions only (no files, no Nest): the key format, its hash, the credential headers and the
 * keys document. A key is `pl_` + base64url of 32 random bytes (43 characters); only its SHA-256 is stored.
 */

export const ROLES = ['admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const API_KEY_PREFIX = 'pl_';
export const API_KEY_PATTERN = /^pl_[A-Za-z0-9_-]{43}$/;
/** Key names become the `actor` of recorded events. */
export const KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,99}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface ApiKeyRecord {
  readonly name: string;
  readonly role: Role;
  /** Lower-case hex SHA-256 of the key's full text (`pl_…`). */
  readonly sha256: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface KeysDocument {
  readonly keys: readonly ApiKeyRecord[];
}

/** Who a request was authenticated as. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
}

/** A new key from 32 random bytes (the source is injectable for tests). */
export function generateApiKey(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(32);
  if (bytes.length !== 32) throw new Error('an API key needs exactly 32 random bytes');
  return `${API_KEY_PREFIX}${bytes.toString('base64url')}`;
}

export function isWellFormedApiKey(value: unknown): value is string {
  return typeof value === 'string' && API_KEY_PATTERN.test(value);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Equality of two SHA-256 hex digests in time independent of where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

export type PresentedCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'key'; readonly key: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. Both present must agree;
 * a key not in the `pl_…` format is malformed (it can never match, so it is not hashed or compared).
 */
export function presentedCredential(headers: Record<string, string | string[] | undefined>): PresentedCredential {
  const authorization = single(headers['authorization'])?.trim();
  const apiKeyHeader = single(headers['x-api-key'])?.trim();
  let fromAuthorization: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer[ ]+(\S+)$/i.exec(authorization);
    if (!match) return { kind: 'malformed', reason: 'the Authorization header must be "Bearer <key>"' };
    fromAuthorization = match[1];
  }
  const fromHeader = apiKeyHeader === '' ? undefined : apiKeyHeader;
  if (fromAuthorization !== undefined && fromHeader !== undefined && fromAuthorization !== fromHeader) {
    return { kind: 'malformed', reason: 'the Authorization and X-API-Key headers name different keys' };
  }
  const key = fromAuthorization ?? fromHeader;
  if (key === undefined) return { kind: 'none' };
  if (!isWellFormedApiKey(key)) return { kind: 'malformed', reason: 'an API key looks like pl_ followed by 43 base64url characters' };
  return { kind: 'key', key };
}

export type KeyMatch =
  | { readonly kind: 'valid'; readonly caller: Caller }
  | { readonly kind: 'revoked'; readonly name: string }
  | { readonly kind: 'unknown' };

/** Finds the record of a key, comparing its hash with every record's in constant time (no early exit). */
export function matchApiKey(key: string, records: readonly ApiKeyRecord[]): KeyMatch {
  const digest = hashApiKey(key);
  let found: ApiKeyRecord | undefined;
  for (const record of records) {
    if (sameDigest(digest, record.sha256) && found === undefined) found = record;
  }
  if (!found) return { kind: 'unknown' };
  if (found.revokedAt !== null) return { kind: 'revoked', name: found.name };
  return { kind: 'valid', caller: { name: found.name, role: found.role } };
}

export class KeysDocumentError extends Error {
  override readonly name = 'KeysDocumentError';
}

function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Checks a keys document (`{ "keys": [...] }`, or the bare array) and returns its records; throws
 * KeysDocumentError naming `origin`, the entry and the rule it breaks. Names and hashes must be unique.
 */
export function parseKeysDocument(value: unknown, origin: string): ApiKeyRecord[] {
  const list = Array.isArray(value) ? value : (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== 'object' || value === null || !Array.isArray(list)) {
    throw new KeysDocumentError(`${origin} must be a JSON object {"keys": [...]} (or the array of keys itself)`);
  }
  const names = new Set<string>();
  const hashes = new Set<string>();
  return list.map((entry: unknown, index: number): ApiKeyRecord => {
    const where = `${origin}: keys[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new KeysDocumentError(`${where} must be an object`);
    const { name, role, sha256, createdAt, revokedAt, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new KeysDocumentError(`${where} has unknown field(s) ${unknown.join(', ')}`);
    if (typeof name !== 'string' || !KEY_NAME_PATTERN.test(name)) {
      throw new KeysDocumentError(`${where}.name must be 1–100 letters, digits, ".", "_", "@", ":" or "-", starting with a letter or digit`);
    }
    if (!ROLES.includes(role as Role)) throw new KeysDocumentError(`${where}.role must be one of ${ROLES.join(', ')}`);
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
      throw new KeysDocumentError(`${where}.sha256 must be the SHA-256 of the key as 64 lower-case hex digits (never the key itself)`);
    }
    if (!isIsoTimestamp(createdAt)) throw new KeysDocumentError(`${where}.createdAt must be an ISO 8601 timestamp`);
    if (revokedAt !== null && revokedAt !== undefined && !isIsoTimestamp(revokedAt)) {
      throw new KeysDocumentError(`${where}.revokedAt must be null or an ISO 8601 timestamp`);
    }
    if (names.has(name)) throw new KeysDocumentError(`${where}.name "${name}" is used by another key`);
    if (hashes.has(sha256)) throw new KeysDocumentError(`${where}.sha256 is the hash of another key too`);
    names.add(name);
    hashes.add(sha256);
    return { name, role: role as Role, sha256, createdAt, revokedAt: (revokedAt as string | null | undefined) ?? null };
  });
}

export interface NewKeySpec {
  readonly name: string;
  readonly role: Role;
}

/** New keys with their records: the keys are returned once and never stored. */
export function issueKeys(specs: readonly NewKeySpec[], now: Date, random?: (size: number) => Buffer): { records: ApiKeyRecord[]; keys: Record<string, string> } {
  const keys: Record<string, string> = {};
  const records = specs.map((spec) => {
    const key = generateApiKey(random);
    keys[spec.name] = key;
    return { name: spec.name, role: spec.role, sha256: hashApiKey(key), createdAt: now.toISOString(), revokedAt: null };
  });
  parseKeysDocument({ keys: records }, 'new keys');
  return { records, keys };
}

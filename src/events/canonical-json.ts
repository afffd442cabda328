import { JsonObject, JsonValue } from '../event-store/event-store.port';

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Canonical JSON for hashing: keys sorted recursively (UTF-16 order), no whitespace, bigints as decimal strings,
 * undefined object members omitted; non-finite numbers, undefined array items and non-plain objects are rejected.
 *
 * Every event is hashed when it is recorded and again, all of them, when the log is verified, so this is written
 * for speed: one string built by concatenation, keys sorted only when they are not in order already (an event read
 * back from the store usually has them in order), object keys quoted once per distinct key.
 * test/domain/canonical-json.unit.spec.ts holds it to the plain recursive definition above on random values.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot hash a non-finite number: ${value}`);
      return JSON.stringify(value);
    case 'bigint':
      return `"${value.toString()}"`;
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
    default:
      return fail(`a ${typeof value}`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === undefined) fail('an undefined array item');
    if (i > 0) out += ',';
    out += canonicalJson(item);
  }
  return out + ']';
}

function canonicalObject(value: object): string {
  if (!isPlainObject(value)) throw new TypeError(`Cannot hash a ${value.constructor?.name ?? 'non-plain'} object`);
  const record = value as Record<string, unknown>;
  let keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys = keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += first ? quotedKey(key) : `,${quotedKey(key)}`;
    out += canonicalJson(member);
    first = false;
  }
  return out + '}';
}

/** Object keys are few and repeat in every event: each is quoted (escaped) once. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    // Keys that are data (ids used as keys) must not grow the cache without bound.
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function fail(what: string): never {
  throw new TypeError(`Cannot hash ${what}`);
}

/**
 * Turns validated data (class instances from class-transformer) into plain JSON:
 * drops undefined members, rejects what JSON cannot hold instead of silently changing it.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Not JSON: ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? fail('an undefined array item') : toJsonValue(item)));
  if (typeof value === 'object' && !(value instanceof Date) && !(value instanceof Map) && !(value instanceof Set)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = toJsonValue(member);
    }
    return out;
  }
  return fail(`a ${typeof value === 'object' ? value.constructor.name : typeof value} as JSON`);
}

export function toJsonObject(value: object): JsonObject {
  return toJsonValue(value) as JsonObject;
}

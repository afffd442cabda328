import { JsonObject, JsonValue } from '../event-store/event-store.port';

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Canonical JSON for hashing: keys sorted recursively (UTF-16 order), no whitespace, bigints as decimal strings,
 * undefined object members omitted; non-finite numbers, undefined array items and non-plain objects are rejected.
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
      return JSON.stringify(value.toString());
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? fail('an undefined array item') : canonicalJson(item))).join(',')}]`;
      }
      if (!isPlainObject(value)) throw new TypeError(`Cannot hash a ${value.constructor?.name ?? 'non-plain'} object`);
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      return fail(`a ${typeof value}`);
  }
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

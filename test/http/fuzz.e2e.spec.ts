import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { JSON_BODY_LIMIT_BYTES, JSON_MAX_DEPTH, isJsonMediaType } from '../../src/http/json-body';
import { CommandRegistry } from '../../src/recording/command-registry';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { EVERY_COMMAND_IN_ORDER } from './command-sequence';

/** Runs of the property; FUZZ_RUNS overrides (e.g. FUZZ_RUNS=100000 for a longer soak). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

/** A malformed request and the one status the ledger must answer it with. */
interface Malformed {
  readonly kind: string;
  readonly command: string;
  readonly body: string | undefined;
  readonly contentType: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly expected: number;
}

const SAMPLES: readonly { command: string; payload: Json }[] = (() => {
  const seen = new Set<string>();
  return EVERY_COMMAND_IN_ORDER.filter((step) => !seen.has(step.command) && seen.add(step.command)).map((step) => ({
    command: step.command,
    payload: step.payload({ office: randomUUID(), programme: randomUUID() }) as Json,
  }));
})();

/** Every node of a JSON value with its path; `free` marks nodes inside `changes` (field path → any new value). */
function nodes(value: Json, path: Path = [], free = false): { path: Path; value: Json; free: boolean }[] {
  const here = { path, value, free };
  if (Array.isArray(value)) return [here, ...value.flatMap((item, i) => nodes(item, [...path, i], free))];
  if (value !== null && typeof value === 'object') {
    return [here, ...Object.entries(value).flatMap(([key, item]) => nodes(item, [...path, key], free || (path.length === 0 && key === 'changes')))];
  }
  return [here];
}

function clone(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Sets a member as an own, enumerable property: `__proto__` included, which plain assignment would not create. */
function defineMember(target: Json, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
}

function replaceAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const copy = clone(root);
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], copy);
  defineMember(parent, path[path.length - 1], value);
  return copy;
}

function deleteAt(root: Json, path: Path): Json {
  const copy = clone(root);
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], copy) as Record<string, Json>;
  delete parent[path[path.length - 1]];
  return copy;
}

function nest(depth: number, shape: 'array' | 'object', leaf: Json): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = shape === 'array' ? [value] : { n: value };
  return value;
}

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length];
const sample = fc.nat().map((i) => pick(SAMPLES, i));
const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant<Json>([]),
  fc.array(fc.string(), { maxLength: 3 }),
);
const weird = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '.', 'a.b'));

function json(body: Json): Pick<Malformed, 'body' | 'contentType'> {
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

/** The payload with one invalidating change: each of these is refused 400 by validation, whatever the command. */
const mutated: fc.Arbitrary<Malformed> = fc
  .tuple(sample, fc.nat(), fc.nat(), weird, scalar, fc.integer({ min: JSON_MAX_DEPTH + 1, max: 3_000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
  .chain(([{ command, payload }, at, at2, key, value, depth, shape]) => {
    const all = nodes(payload);
    const objects = all.filter((n) => !n.free && n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value));
    const nested = objects.filter((n) => n.path.length > 0);
    const strings = all.filter((n) => !n.free && typeof n.value === 'string');
    const amounts = all.filter((n) => n.path[n.path.length - 1] === 'amount' && typeof n.value === 'string');
    const base = { command, headers: {}, expected: 400 };
    const target = pick(objects, at);
    const options: fc.Arbitrary<Malformed>[] = [
      // A key the DTO does not have, at any depth of the validated classes.
      fc.constant({ ...base, kind: 'unknown key', ...json(replaceAt(payload, target.path, { ...(target.value as object), [`x-${key}`]: value })) }),
      // __proto__ / constructor / prototype at any depth, inside free-form `changes` too.
      fc.constantFrom('__proto__', 'constructor', 'prototype').map((name) => {
        const holder = pick(all.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value)), at2);
        const polluter: Json = { polluted: 'yes', prototype: { polluted: 'yes' } };
        const body = replaceAt(payload, holder.path, clone(holder.value));
        const node = holder.path.reduce<Json>((n, k) => (n as Record<string, Json>)[k], body);
        defineMember(node, name, polluter);
        return { ...base, kind: `${name} key`, ...json(body) };
      }),
      // Deeper than the API allows, anywhere.
      fc.constant({ ...base, kind: 'deep nesting', ...json(replaceAt(payload, pick(all, at).path, nest(depth, shape, value))) }),
    ];
    if (nested.length > 0) {
      // A scalar (or an array) where an object is expected.
      options.push(fc.constant({ ...base, kind: 'scalar for object', ...json(replaceAt(payload, pick(nested, at).path, value)) }));
    }
    if (strings.length > 0) {
      options.push(
        fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e21, -0, 2 ** 53 + 1, Number.MAX_VALUE)).map((n) => ({
          ...base,
          kind: 'number for string',
          ...json(replaceAt(payload, pick(strings, at).path, n)),
        })),
        // NaN / Infinity / numbers beyond a double: not JSON, or Infinity once parsed.
        fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', `1${'0'.repeat(400)}`).map((text) => {
          const marker = `__fuzz_${randomUUID()}__`;
          return { ...base, kind: `number ${text.slice(0, 8)}`, body: JSON.stringify(replaceAt(payload, pick(strings, at).path, marker)).replace(`"${marker}"`, text), contentType: 'application/json' };
        }),
      );
    }
    if (amounts.length > 0) {
      // Money as a float (or any number) instead of a decimal string.
      options.push(
        fc.double({ min: 0.01, max: 1e12, noNaN: true }).map((n) => ({ ...base, kind: 'float money', ...json(replaceAt(payload, pick(amounts, at).path, n)) })),
      );
    }
    return fc.oneof(...options);
  });

/** A required field taken away: which fields are required is found once per command by the server's own validation. */
function missingRequired(registry: CommandRegistry): fc.Arbitrary<Malformed> {
  const requiredPaths = new Map(
    SAMPLES.map(({ command, payload }) => [
      command,
      nodes(payload)
        .filter((n) => n.path.length > 0 && !n.free && registry.payloadErrors(command, deleteAt(payload, n.path)).length > 0)
        .map((n) => n.path),
    ]),
  );
  return fc.tuple(sample, fc.nat()).map(([{ command, payload }, at]) => ({
    kind: 'missing required',
    command,
    headers: {},
    expected: 400,
    ...json(deleteAt(payload, pick(requiredPaths.get(command)!, at))),
  }));
}

/** Not JSON at all, or not one object. */
const brokenJson: fc.Arbitrary<Malformed> = fc.oneof(
  fc.tuple(sample, fc.nat()).map(([{ command, payload }, cut]) => {
    const text = JSON.stringify(payload);
    return { command, text: text.slice(0, cut % text.length) };
  }),
  fc.tuple(sample, fc.constantFrom('NaN', 'Infinity', 'undefined', "{'a': 1}", '{"a": 1,}', '{"a"}', '[1, 2', '"text"', '42', 'true', 'null', '\u0000', '{"a": 01}', '{"a": "\\x"}')).map(([s, text]) => ({ command: s.command, text })),
  fc.tuple(sample, fc.string({ unit: 'binary', maxLength: 200 })).map(([s, text]) => ({ command: s.command, text: `{${text}` })),
).map(({ command, text }) => ({ kind: 'broken JSON', command, body: text, contentType: 'application/json', headers: {}, expected: 400 }));

/** A valid payload under a media type that is not application/json. */
const wrongContentType: fc.Arbitrary<Malformed> = fc
  .tuple(
    sample,
    fc.oneof(
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'application/json; charset=latin1', 'application/json; charset=utf-16le', 'application/jsonx', 'json', '*/*'),
      fc.string({ minLength: 1, maxLength: 40 }).filter((t) => /^[\x21-\x7e]+$/.test(t) && !isJsonMediaType(t)),
    ),
  )
  .map(([{ command, payload }, contentType]) => ({ kind: 'wrong content type', command, body: JSON.stringify(payload), contentType, headers: {}, expected: 415 }));

/** A body over the limit, valid JSON apart from its size. */
const oversized: fc.Arbitrary<Malformed> = fc.tuple(sample, fc.integer({ min: 1, max: 64 * 1024 })).map(([{ command, payload }, extra]) => ({
  kind: 'oversized',
  command,
  body: JSON.stringify({ ...(payload as object), padding: 'x'.repeat(JSON_BODY_LIMIT_BYTES + extra) }),
  contentType: 'application/json',
  headers: {},
  expected: 413,
}));

/** A valid payload with a missing or malformed Idempotency-Key. */
const badIdempotencyKey: fc.Arbitrary<Malformed> = fc
  .tuple(sample, fc.option(fc.oneof(fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s)), fc.constant(`${randomUUID()}x`)), { nil: undefined }))
  .map(([{ command, payload }, key]) => ({
    kind: 'bad Idempotency-Key',
    command,
    ...json(payload),
    headers: key === undefined ? { 'Idempotency-Key': '' } : { 'Idempotency-Key': key },
    expected: 400,
  }));

describe(`fuzzing the command endpoints with ${RUNS} malformed requests`, () => {
  let ledger: LedgerApp;
  let store: EventStore;
  let base: string;

  beforeAll(async () => {
    ledger = await startLedgerApp({ fixtures: true });
    store = ledger.app.get(EVENT_STORE);
    await ledger.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(ledger.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => ledger.close());

  it('answers each with its 4xx problem document: no 5xx, no event appended, no prototype polluted', async () => {
    const registry = ledger.app.get(CommandRegistry);
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const eventsBefore = (await store.readAll()).length;
    const seen = new Map<string, number>();
    const started = process.hrtime.bigint();

    const malformed = fc.oneof(
      { arbitrary: mutated, weight: 12 },
      { arbitrary: missingRequired(registry), weight: 2 },
      { arbitrary: brokenJson, weight: 3 },
      { arbitrary: wrongContentType, weight: 2 },
      { arbitrary: badIdempotencyKey, weight: 1 },
      { arbitrary: oversized, weight: 1 },
    );

    await fc.assert(
      fc.asyncProperty(malformed, async (m) => {
        const call = request(base).post(`/api/commands/${m.command}`).set('Authorization', `Bearer ${ledger.adminKey}`);
        if (!('Idempotency-Key' in m.headers)) call.set('Idempotency-Key', randomUUID());
        for (const [name, value] of Object.entries(m.headers)) call.set(name, value);
        if (m.contentType !== undefined) call.set('Content-Type', m.contentType);
        const response = await (m.body === undefined ? call : call.send(m.body));
        seen.set(m.kind, (seen.get(m.kind) ?? 0) + 1);
        const outcome = {
          kind: m.kind,
          status: response.status,
          type: response.headers['content-type']?.split(';')[0],
          stack: /\bat .*\.(ts|js):\d+/.test(response.text),
        };
        expect(outcome).toEqual({ kind: m.kind, status: m.expected, type: 'application/problem+json', stack: false });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );

    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`fuzz: ${RUNS} requests in ${seconds.toFixed(1)} s; ${JSON.stringify(Object.fromEntries(seen))}\n`);
    expect((await store.readAll()).length).toBe(eventsBefore);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    // Ten thousand requests take seconds on an idle machine and well over the default 30 s on a loaded one: a
    // generous limit, not a speed check (speed is measured by npm run bench:commands).
  }, 600_000);
});

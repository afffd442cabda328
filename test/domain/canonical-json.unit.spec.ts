import fc from 'fast-check';
import { canonicalJson } from '../../src/events/canonical-json';

/** The definition, written plainly: the fast canonicalJson must give exactly this for every JSON value. */
function canonicalByDefinition(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalByDefinition).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalByDefinition(record[key])}`).join(',')}}`;
}

const member = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('a', 'b', 'ab', 'B', 'é', 'ع', '\u0000', '"', 'z\u{1F600}'));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.bigInt(),
    fc.string({ unit: 'binary' }),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(member, fc.option(tie('value'), { nil: undefined }), { maxKeys: 6 }),
})).value;

describe('canonical JSON, the fast form against its definition', () => {
  it('gives the definition’s text for any value, keys in or out of order, with undefined members', () => {
    fc.assert(fc.property(jsonValue, (value) => canonicalJson(value) === canonicalByDefinition(value)), { numRuns: 2000 });
  });

  it('sorts keys that arrive out of order, and leaves sorted keys as they are', () => {
    expect(canonicalJson({ b: 1, a: 2, c: { z: 1, y: [{ d: 1, c: 2 }] } })).toBe('{"a":2,"b":1,"c":{"y":[{"c":2,"d":1}],"z":1}}');
    expect(canonicalJson({ a: 2, b: 1 })).toBe('{"a":2,"b":1}');
  });

  it('orders keys by UTF-16 code units, as the definition does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '\u{1F600}': 4, ﬀ: 5 })).toBe(canonicalByDefinition({ é: 1, z: 2, Z: 3, '\u{1F600}': 4, ﬀ: 5 }));
  });

  it('escapes keys that need it, every time they are used', () => {
    expect(canonicalJson({ 'q"k': 1 })).toBe('{"q\\"k":1}');
    expect(canonicalJson([{ 'q"k': 1 }, { 'q"k': 2 }])).toBe('[{"q\\"k":1},{"q\\"k":2}]');
  });
});

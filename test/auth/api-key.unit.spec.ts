import { createHash } from 'node:crypto';
import {
  ApiKeyRecord,
  KeysDocumentError,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  issueKeys,
  matchApiKey,
  parseKeysDocument,
  presentedCredential,
  sameDigest,
} from '../../src/auth/api-key';

const NOW = new Date('2025-06-01T12:00:00Z');

function record(over: Partial<ApiKeyRecord> & { key?: string } = {}): ApiKeyRecord {
  const { key = generateApiKey(), ...rest } = over;
  return { name: 'admin', role: 'admin', sha256: hashApiKey(key), createdAt: NOW.toISOString(), revokedAt: null, ...rest };
}

describe('API key format', () => {
  it('is pl_ followed by the base64url of 32 random bytes (43 characters)', () => {
    const key = generateApiKey(() => Buffer.alloc(32, 0xff));
    expect(key).toBe(`pl_${'_'.repeat(42)}8`);
    expect(key).toHaveLength(46);
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(Buffer.from(key.slice(3), 'base64url')).toEqual(Buffer.alloc(32, 0xff));
  });

  it('differs every time from the real random source', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateApiKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(isWellFormedApiKey(key)).toBe(true);
  });

  it.each([['pl_short'], [`pk_${'a'.repeat(43)}`], [`pl_${'a'.repeat(42)}=`], [`pl_${'a'.repeat(44)}`], [''], [42]])(
    'rejects %p as not a key',
    (value) => expect(isWellFormedApiKey(value)).toBe(false),
  );

  it('is stored as the hex SHA-256 of its full text', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
  });

  it('compares digests by value, not by reference or case of the input', () => {
    const digest = hashApiKey('pl_x');
    expect(sameDigest(digest, String(digest))).toBe(true);
    expect(sameDigest(digest, hashApiKey('pl_y'))).toBe(false);
    expect(sameDigest(digest, 'not-hex')).toBe(false);
  });
});

describe('credentials presented by a request', () => {
  const key = generateApiKey();

  it('reads "Authorization: Bearer <key>", the scheme in any case', () => {
    expect(presentedCredential({ authorization: `Bearer ${key}` })).toEqual({ kind: 'key', key });
    expect(presentedCredential({ authorization: `bearer ${key}` })).toEqual({ kind: 'key', key });
  });

  it('reads "X-API-Key: <key>"', () => {
    expect(presentedCredential({ 'x-api-key': key })).toEqual({ kind: 'key', key });
  });

  it('accepts both headers when they name the same key, and refuses two different keys', () => {
    expect(presentedCredential({ authorization: `Bearer ${key}`, 'x-api-key': key })).toEqual({ kind: 'key', key });
    expect(presentedCredential({ authorization: `Bearer ${key}`, 'x-api-key': generateApiKey() })).toMatchObject({ kind: 'malformed' });
  });

  it('finds none when neither header is sent, or both are empty', () => {
    expect(presentedCredential({})).toEqual({ kind: 'none' });
    expect(presentedCredential({ authorization: '', 'x-api-key': '' })).toEqual({ kind: 'none' });
  });

  it.each([[`Basic ${key}`], [key], [`Bearer ${key} extra`], ['Bearer not-a-key']])('calls Authorization %p malformed', (header) => {
    expect(presentedCredential({ authorization: header })).toMatchObject({ kind: 'malformed', reason: expect.any(String) });
  });
});

describe('matching a key against the records', () => {
  const adminKey = generateApiKey();
  const auditorKey = generateApiKey();
  const revokedKey = generateApiKey();
  const records = [
    record({ key: adminKey, name: 'ops-admin', role: 'admin' }),
    record({ key: auditorKey, name: 'oios', role: 'auditor' }),
    record({ key: revokedKey, name: 'former', role: 'admin', revokedAt: NOW.toISOString() }),
  ];

  it('names the caller and role of a valid key', () => {
    expect(matchApiKey(adminKey, records)).toEqual({ kind: 'valid', caller: { name: 'ops-admin', role: 'admin' } });
    expect(matchApiKey(auditorKey, records)).toEqual({ kind: 'valid', caller: { name: 'oios', role: 'auditor' } });
  });

  it('tells a revoked key from an unknown one', () => {
    expect(matchApiKey(revokedKey, records)).toEqual({ kind: 'revoked', name: 'former' });
    expect(matchApiKey(generateApiKey(), records)).toEqual({ kind: 'unknown' });
    expect(matchApiKey(adminKey, [])).toEqual({ kind: 'unknown' });
  });
});

describe('the keys document', () => {
  it('accepts {keys: [...]} and the bare array, defaulting revokedAt to null', () => {
    const { revokedAt: _revokedAt, ...withoutRevoked } = record();
    expect(parseKeysDocument({ keys: [withoutRevoked] }, 'test')).toEqual([{ ...withoutRevoked, revokedAt: null }]);
    expect(parseKeysDocument([record()], 'test')).toHaveLength(1);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'keys', /must be a JSON object/],
    ['keys not an array', { keys: {} }, /must be a JSON object/],
    ['a bad role', { keys: [record({ role: 'root' as never })] }, /keys\[0\]\.role must be one of admin, auditor/],
    ['a key instead of its hash', { keys: [record({ sha256: generateApiKey() })] }, /keys\[0\]\.sha256 must be the SHA-256/],
    ['an upper-case hash', { keys: [record({ sha256: 'A'.repeat(64) })] }, /sha256/],
    ['a bad name', { keys: [record({ name: ' admin' })] }, /keys\[0\]\.name/],
    ['a bad createdAt', { keys: [record({ createdAt: 'yesterday' })] }, /createdAt/],
    ['a bad revokedAt', { keys: [record({ revokedAt: 'never' })] }, /revokedAt/],
    ['an unknown field', { keys: [{ ...record(), key: 'pl_x' }] }, /unknown field\(s\) key/],
    ['two keys with one name', { keys: [record(), record()] }, /keys\[1\]\.name "admin" is used by another key/],
  ])('refuses %s, naming where', (_case, document, message) => {
    expect(() => parseKeysDocument(document, 'LEDGER_API_KEYS')).toThrow(KeysDocumentError);
    expect(() => parseKeysDocument(document, 'LEDGER_API_KEYS')).toThrow(message);
  });

  it('refuses two records of the same key', () => {
    const key = generateApiKey();
    expect(() => parseKeysDocument([record({ key }), record({ key, name: 'other' })], 'f')).toThrow(/hash of another key/);
  });

  it('issues keys whose records match them and holds no key itself', () => {
    const { records, keys } = issueKeys([{ name: 'admin', role: 'admin' }, { name: 'auditor', role: 'auditor' }], NOW);
    expect(Object.keys(keys)).toEqual(['admin', 'auditor']);
    expect(matchApiKey(keys.auditor, records)).toEqual({ kind: 'valid', caller: { name: 'auditor', role: 'auditor' } });
    expect(JSON.stringify(records)).not.toContain(keys.admin);
    expect(records[0]).toEqual({ name: 'admin', role: 'admin', sha256: hashApiKey(keys.admin), createdAt: NOW.toISOString(), revokedAt: null });
  });
});

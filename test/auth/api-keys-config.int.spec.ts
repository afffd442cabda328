import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { hashApiKey, isWellFormedApiKey } from '../../src/auth/api-key';
import { KEYS_FILE_NAME, readKeysFile, saveKeysFile, writeKeysFile } from '../../src/auth/keys-file';
import { ConfigError } from '../../src/config/ledger-config';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { makeTempDir } from '../support/temp-dir';

const mode = (file: string) => statSync(file).mode & 0o777;

function stateAs(ledger: LedgerApp, key: string) {
  return request(ledger.app.getHttpServer()).get('/api/state').set('Authorization', `Bearer ${key}`);
}

describe('API keys file', () => {
  const dir = makeTempDir('keys');
  afterAll(() => dir.remove());

  it('writeKeysFile stores only hashes, owner-only, and returns each key by name', () => {
    const dataDir = join(dir.path, 'write');
    const keys = writeKeysFile(dataDir, [
      { name: 'admin', role: 'admin' },
      { name: 'oios-auditor', role: 'auditor' },
    ]);
    const file = join(dataDir, KEYS_FILE_NAME);
    expect(mode(file)).toBe(0o600);
    expect(isWellFormedApiKey(keys['oios-auditor'])).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(keys.admin);
    expect(JSON.parse(text)).toEqual({
      keys: [
        { name: 'admin', role: 'admin', sha256: hashApiKey(keys.admin), createdAt: expect.any(String), revokedAt: null },
        { name: 'oios-auditor', role: 'auditor', sha256: hashApiKey(keys['oios-auditor']), createdAt: expect.any(String), revokedAt: null },
      ],
    });
  });
});

describe('API keys at start-up', () => {
  const dir = makeTempDir('keys-start');
  afterAll(() => dir.remove());

  it('creates an admin key on first start with none configured, stores its hash 0600 and prints it once', async () => {
    const dataDir = join(dir.path, 'first');
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let first: LedgerApp | undefined;
    let second: LedgerApp | undefined;
    try {
      first = await startLedgerApp({ dataDir, keys: false });
      const file = join(dataDir, KEYS_FILE_NAME);
      expect(mode(file)).toBe(0o600);
      const keys: string[] = printed.join('').match(/pl_[A-Za-z0-9_-]{43}/g) ?? [];
      expect(keys).toHaveLength(1);
      const [key] = keys as [string];
      expect(readKeysFile(file)).toEqual([{ name: 'admin', role: 'admin', sha256: hashApiKey(key), createdAt: expect.any(String), revokedAt: null }]);
      await stateAs(first, key).expect(200);
      await first.close();
      first = undefined;

      printed.length = 0;
      second = await startLedgerApp({ dataDir, keys: false });
      expect(printed.join('')).not.toMatch(/pl_/);
      await stateAs(second, key).expect(200);
    } finally {
      write.mockRestore();
      await first?.close();
      await second?.close();
    }
  });

  it('takes the keys from LEDGER_API_KEYS (hashes only) instead of any file, creating none', async () => {
    const dataDir = join(dir.path, 'env');
    const keys = writeKeysFile(join(dir.path, 'elsewhere'), [{ name: 'ci-auditor', role: 'auditor' }]);
    const document = readFileSync(join(dir.path, 'elsewhere', KEYS_FILE_NAME), 'utf8');
    const ledger = await startLedgerApp({ dataDir, env: { LEDGER_API_KEYS: document } });
    try {
      await stateAs(ledger, keys['ci-auditor']).expect(200);
      expect(existsSync(join(dataDir, KEYS_FILE_NAME))).toBe(false);
    } finally {
      await ledger.close();
    }
  });

  it('reads the file LEDGER_API_KEYS_FILE names', async () => {
    const file = join(dir.path, 'etc', 'ledger-keys.json');
    const keys = writeKeysFile(dir.path, [{ name: 'ops', role: 'admin' }], file);
    const ledger = await startLedgerApp({ dataDir: join(dir.path, 'named'), env: { LEDGER_API_KEYS_FILE: file } });
    try {
      await stateAs(ledger, keys.ops).expect(200);
      await request(ledger.app.getHttpServer()).post('/api/commands/register-party').set('X-API-Key', keys.ops).send({}).expect(400);
    } finally {
      await ledger.close();
    }
  });

  it('sees a key revoked in the file without a restart', async () => {
    const ledger = await startLedgerApp({ dataDir: join(dir.path, 'revoke') });
    try {
      await stateAs(ledger, ledger.auditorKey).expect(200);
      const file = join(ledger.dataDir, KEYS_FILE_NAME);
      const records = readKeysFile(file).map((r) => (r.name === 'auditor' ? { ...r, revokedAt: new Date().toISOString() } : r));
      saveKeysFile(file, records);
      const refused = await stateAs(ledger, ledger.auditorKey).expect(401);
      expect(refused.body.detail).toMatch(/revoked/);
      await stateAs(ledger, ledger.adminKey).expect(200);
    } finally {
      await ledger.close();
    }
  });

  it('refuses everyone, without a 500 or a hint of the file, when the keys file is broken while running', async () => {
    const ledger = await startLedgerApp({ dataDir: join(dir.path, 'broken') });
    try {
      writeFileSync(join(ledger.dataDir, KEYS_FILE_NAME), '{"keys": [');
      const response = await stateAs(ledger, ledger.auditorKey).expect(503);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(response.body)).not.toContain(ledger.dataDir);
    } finally {
      await ledger.close();
    }
  });

  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    ['LEDGER_API_KEYS that is not JSON', { LEDGER_API_KEYS: '[{' }, /LEDGER_API_KEYS is not valid JSON/],
    ['LEDGER_API_KEYS holding a key instead of a hash', { LEDGER_API_KEYS: JSON.stringify({ keys: [{ name: 'a', role: 'admin', sha256: 'pl_x', createdAt: '2025-01-01T00:00:00Z' }] }) }, /LEDGER_API_KEYS: keys\[0\]\.sha256/],
    ['LEDGER_API_KEYS_FILE naming no file', { LEDGER_API_KEYS_FILE: '/nonexistent/keys.json' }, /LEDGER_API_KEYS_FILE names .*keys\.json, which does not exist/],
  ])('stops at start on %s, saying which variable and rule', async (_case, env, message) => {
    const dataDir = makeTempDir('keys-bad');
    try {
      const started = startLedgerApp({ dataDir: dataDir.path, env });
      await expect(started).rejects.toThrow(ConfigError);
      await expect(started).rejects.toThrow(message);
    } finally {
      dataDir.remove();
    }
  });
});

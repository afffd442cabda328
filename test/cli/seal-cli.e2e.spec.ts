import Database from 'better-sqlite3';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../support/temp-dir';
import { CliRunner, cliRunner } from './support/cli-runner';

/**
 * `ledger keygen`, `seal --signing-key`, `verify --public-key`, `digest`, and verify's report after a break, in
 * child processes on one ledger (the fixtures: positions 1–55). The tests build on each other.
 */
describe('signed seals and verify’s report (ledger CLI)', () => {
  const temp = makeTempDir('seal-cli');
  const env = { LEDGER_DATA_DIR: join(temp.path, 'ledger') };
  const keyBase = join(temp.path, 'auditor');
  let cli: CliRunner;
  let signedDigest: string;

  beforeAll(async () => {
    cli = cliRunner();
    expect((await cli.run(['import', 'fixtures'], { env })).code).toBe(0);
  }, 180_000);

  afterAll(() => {
    cli?.dispose();
    temp.remove();
  });

  async function eventCount(): Promise<number> {
    const db = new Database(join(env.LEDGER_DATA_DIR, 'ledger.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it('keygen writes a private key only its owner can read and a public key, prints the fingerprint, and never overwrites', async () => {
    const made = await cli.json(['keygen', '--out', keyBase]);
    expect(made.code).toBe(0);
    expect(made.body).toMatchObject({ ok: true, privateKey: `${keyBase}.key`, publicKey: `${keyBase}.pub` });
    expect(made.body.fingerprint).toMatch(/^ed25519-[0-9a-f]{32}$/);
    expect(statSync(`${keyBase}.key`).mode & 0o077).toBe(0);
    expect(readFileSync(`${keyBase}.pub`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await cli.run(['keygen', '--out', keyBase]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/option '--out <path>'.*never overwrites/);
    expect((await cli.run(['keygen'])).code).toBe(2);
  }, 120_000);

  it('bad key or digest input exits 2 naming the option and the rule, and appends nothing', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(join(temp.path, 'rsa.key'), rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(temp.path, 'rsa.pub'), rsa.publicKey.export({ format: 'pem', type: 'spki' }));
    writeFileSync(join(temp.path, 'junk.key'), 'not a key\n');
    const before = await eventCount();
    const cases: [string[], RegExp][] = [
      [['seal', '--signing-key', join(temp.path, 'missing.key')], /option '--signing-key <file>' argument .* is invalid\. .*missing\.key: cannot be read \(ENOENT\) \[readable\]/],
      [['seal', '--signing-key', join(temp.path, 'junk.key')], /option '--signing-key <file>' argument .* is invalid\. .*is not a PEM key file .*\[pem\]/],
      [['seal', '--signing-key', join(temp.path, 'rsa.key')], /option '--signing-key <file>' argument .* is invalid\. .*holds an rsa key; seals are signed with Ed25519 only \[ed25519\]/],
      [['seal', '--signing-key', `${keyBase}.pub`], /option '--signing-key <file>' .*holds a public key.*\[private\]/],
      [['verify', '--public-key', join(temp.path, 'rsa.pub')], /option '--public-key <file>' .*holds an rsa key.*\[ed25519\]/],
      [['verify', '--public-key', `${keyBase}.key`], /option '--public-key <file>' .*holds a private key.*\[public\]/],
      [['verify', '--digest', `55:55:${'a'.repeat(64)}:ed25519-abc`], /option '--digest <digest>' argument .* is invalid\. expected <sealedPosition>:<eventCount>:<64 hex digits>\[:ed25519-<32 hex digits>\]/],
      [['verify', '--signed-from', '3'], /option '--signed-from <position>' needs --public-key/],
    ];
    for (const [args, message] of cases) {
      const result = await cli.run(args, { env });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(await eventCount()).toBe(before);
  }, 300_000);

  it('seal --signing-key signs; the digest names the fingerprint; verify --public-key and verify --digest accept it', async () => {
    const fingerprint = (await cli.json(['keygen', '--out', join(temp.path, 'unused')])).body.fingerprint;
    expect(fingerprint).toMatch(/^ed25519-/);
    const sealed = await cli.json(['seal', '--signing-key', `${keyBase}.key`], { env });
    expect(sealed.code).toBe(0);
    signedDigest = sealed.body.digest;
    expect(signedDigest).toMatch(/^55:55:[0-9a-f]{64}:ed25519-[0-9a-f]{32}$/);
    expect(sealed.body.data.signer.fingerprint).toBe(signedDigest.split(':')[3]);
    const digest = await cli.run(['digest'], { env });
    expect(digest.stdout.split('\n')[0]).toBe(signedDigest);
    expect(digest.stdout).toMatch(/signed by\s+ed25519-/);

    const verify = await cli.run(['verify', '--public-key', `${keyBase}.pub`, '--digest', signedDigest], { env });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/result\s+OK/);
    expect(verify.stdout).toMatch(/seals\s+1 recomputed, 1 signed/);
    expect(verify.stdout).toMatch(/digest\s+OK/);

    // A seal not signed by the auditor's key is named.
    const other = join(temp.path, 'other');
    await cli.run(['keygen', '--out', other]);
    expect((await cli.run(['seal', '--signing-key', `${other}.key`], { env })).code).toBe(0);
    const wrong = await cli.json(['verify', '--public-key', `${keyBase}.pub`], { env });
    expect(wrong.code).toBe(3);
    expect(wrong.body.broken).toMatchObject({ stream: 'seal-ledger', revision: '1', reason: 'signature' });
    // …while seals before --signed-from need no signature.
    expect((await cli.run(['verify', '--public-key', `${other}.pub`, '--signed-from', '57'], { env })).code).toBe(0);
  }, 300_000);

  it('after a break the report says so and nothing more: no OK, no digest verdict, what was not checked; --json says the same', async () => {
    const file = join(env.LEDGER_DATA_DIR, 'ledger.sqlite');
    const db = new Database(file);
    const target = db.prepare('SELECT position, id, stream, recorded_at FROM events WHERE position = 20').get() as { position: number; id: string; stream: string; recorded_at: string };
    // Re-timed in order: it and every later event one millisecond later (events of one commit share a time).
    const later = db.prepare('SELECT position, recorded_at FROM events WHERE position >= 20').all() as { position: number; recorded_at: string }[];
    for (const row of later) db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(new Date(Date.parse(row.recorded_at) + 1).toISOString(), row.position);
    db.close();
    expect(existsSync(file)).toBe(true);

    const text = await cli.run(['verify', '--digest', signedDigest], { env });
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/result\s+BROKEN/);
    expect(text.stdout).not.toMatch(/\bOK\b/);
    expect(text.stdout).not.toMatch(/carried|imported/);
    expect(text.stdout).toMatch(/digest\s+NOT CHECKED: verification stopped at the first break \(position 20/);
    expect(text.stdout).toMatch(/seals before it\s+0 recomputed/);
    expect(text.stdout).toMatch(new RegExp(`First broken event\\nstream\\s+${target.stream}\\nrevision\\s+\\d+\\nid\\s+${target.id}\\nposition\\s+20\\nreason\\s+sealed-entry`));
    expect(text.stdout).toContain(`Not checked: everything after the first break, up to position ${await eventCount()}`);
    expect(text.stderr).toContain(`FAILED at stream ${target.stream}`);

    const json = await cli.json(['verify', '--digest', signedDigest], { env });
    expect(json.code).toBe(3);
    expect(json.body).toMatchObject({
      ok: false,
      broken: { position: '20', id: target.id, reason: 'sealed-entry' },
      digest: { outcome: 'not-checked', found: false },
      notChecked: { after: '20', upTo: String(await eventCount()) },
      summary: { seals: [], latestSeal: null },
    });
    // Nothing is sealed over it.
    expect((await cli.run(['seal', '--actor', randomUUID()], { env })).code).toBe(3);
  }, 300_000);
});

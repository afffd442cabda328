import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogVerifier } from '../../src/auditing/log-verifier';
import { SEAL_STREAM, sealEvent } from '../../src/auditing/seal';
import { LedgerNotVerified } from '../../src/auditing/seal.service';
import { readLog } from '../../src/event-store/log-reader';
import { EsdbTestServer, startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { json } from '../support/sample-payloads';
import { makeTempDir } from '../support/temp-dir';
import { AuditedLedger, openAuditedLedger } from './support/audited-ledger';

/**
 * Seal, verify and digest on the EventStoreDB adapter (against the in-process test server) behave as on the
 * embedded store: an export of an embedded ledger restored there proves its digests, signed seals verify against
 * the auditor's key, and seals appended through the port that claim an import or come from another key are named.
 */
describe('seals on EventStoreDB', () => {
  const temp = makeTempDir('esdb-seal');
  const key = generateKeyPairSync('ed25519');
  const mallory = generateKeyPairSync('ed25519');
  let server: EsdbTestServer;
  let embeddedDigest: string;
  let ledger: AuditedLedger;

  beforeAll(async () => {
    const embedded = await openAuditedLedger({ LEDGER_DATA_DIR: join(temp.path, 'embedded') });
    const exportFile = join(temp.path, 'embedded.ndjson');
    try {
      for (const id of ['e1', 'e2', 'e3']) await embedded.record('register-party', randomUUID(), json.party({ partyId: id, name: { en: id } }));
      embeddedDigest = (await embedded.seals.seal({ actor: 'auditor', signingKey: key.privateKey })).digest;
      await embedded.record('register-party', randomUUID(), json.party({ partyId: 'e4', name: { en: 'e4' } }));
      await embedded.transfer.export((text) => void writeFileSync(exportFile, text, { flag: 'a' }));
    } finally {
      await embedded.close();
    }
    server = await startEsdbTestServer();
    ledger = await openAuditedLedger({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: server.connectionString, LEDGER_DATA_DIR: join(temp.path, 'esdb') });
    await ledger.transfer.importLog(exportFile, { actor: 'restorer' });
  }, 120_000);

  afterAll(async () => {
    await ledger?.close();
    await server?.stop();
    temp.remove();
  });

  it('an embedded ledger restored on EventStoreDB proves its signed digest; seal, digest and verify work as on the embedded store', async () => {
    const restored = await ledger.seals.verify({ digest: embeddedDigest });
    expect(restored).toMatchObject({ ok: true, store: 'eventstoredb', file: null, digest: { outcome: 'found' } });
    expect(restored.summary.seals.map((s) => s.status)).toEqual(['imported', 'verified']);
    expect(restored.summary.importedEvents).toBe(5);

    await ledger.record('register-party', randomUUID(), json.party({ partyId: 'esdb-1', name: { en: 'x' } }));
    const sealed = await ledger.seals.seal({ actor: 'auditor', signingKey: key.privateKey });
    expect(sealed.digest).toMatch(/^\d+:7:[0-9a-f]{64}:ed25519-[0-9a-f]{32}$/);
    expect((await ledger.seals.latestSeal())!.digest).toBe(sealed.digest);
    const verified = await ledger.seals.verify({ digest: sealed.digest, publicKey: key.publicKey, signedFrom: sealed.position });
    expect(verified.broken).toBeNull();
    // The import seal (unsigned) is named when every seal must be signed.
    expect((await ledger.seals.verify({ publicKey: key.publicKey })).broken).toMatchObject({ stream: SEAL_STREAM, revision: 1n, reason: 'signature' });
  });

  it('a seal claiming a second import is refused by SealService, and named by verify when appended through the port', async () => {
    const before = await ledger.seals.verify();
    const claim = { digest: before.summary.latestSeal!.digest, eventCount: before.summary.events, lastPosition: String(before.summary.lastPosition), logHash: before.summary.logHash, exportedAt: null };
    await expect(ledger.seals.seal({ actor: 'mallory', importedFrom: claim })).rejects.toBeInstanceOf(LedgerNotVerified);

    const verifier = new LogVerifier();
    for await (const event of readLog(ledger.store)) verifier.push(event);
    const { data, sealRevision, sealPrevHash } = verifier.sealData();
    const { hash: _hash, ...forged } = sealEvent({ data: { ...data, importedFrom: claim }, revision: sealRevision! + 1n, prevHash: sealPrevHash!, actor: 'mallory', issuedAt: new Date() });
    const appended = await ledger.store.append(SEAL_STREAM, [forged], sealRevision!);
    const report = await ledger.seals.verify({ digest: embeddedDigest });
    expect(report.broken).toMatchObject({ stream: SEAL_STREAM, position: appended.position, reason: 'provenance' });
    expect(report.digest).toMatchObject({ outcome: 'not-checked' });
  });

  it('a seal signed by another key appended through the port is named against the auditor’s key', async () => {
    const server2 = await startEsdbTestServer();
    const other = await openAuditedLedger({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: server2.connectionString, LEDGER_DATA_DIR: join(temp.path, 'esdb2') });
    try {
      await other.record('register-party', randomUUID(), json.party({ partyId: 'x1', name: { en: 'x' } }));
      const good = await other.seals.seal({ actor: 'auditor', signingKey: key.privateKey });
      await other.seals.seal({ actor: 'mallory', signingKey: mallory.privateKey });
      const report = await other.seals.verify({ publicKey: key.publicKey });
      expect(report.broken).toMatchObject({ stream: SEAL_STREAM, revision: 1n, reason: 'signature' });
      expect(report.summary.seals.map((s) => s.digest)).toEqual([good.digest]);
    } finally {
      await other.close();
      await server2.stop();
    }
  });
});

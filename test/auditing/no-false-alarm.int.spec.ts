import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CITE, json } from '../support/sample-payloads';
import { makeTempDir } from '../support/temp-dir';
import { AuditedLedger, openAuditedLedger } from './support/audited-ledger';

/**
 * No false alarm on 10,000 untouched events, all recorded through the real command path (CommandRegistry →
 * CommandBus → Recorder → envelope → SQLite): 1 source, 1,999 parties each corrected four times (chains five events
 * long), and four seals taken along the way by SealService, as an auditor would.
 */
describe('verify on 10,000 untouched events', () => {
  const temp = makeTempDir('ten-thousand');

  afterAll(() => temp.remove());

  const key = generateKeyPairSync('ed25519');

  it('finds nothing wrong, and every seal recomputes (signed and unsigned); nor after export → import-log → seal → export → import-log', async () => {
    const ledger = await openAuditedLedger({ LEDGER_DATA_DIR: join(temp.path, 'a') });
    try {
      await ledger.record('register-source', randomUUID(), json.source());
      let events = 1;
      for (let i = 0; i < 1999; i++) {
        const party = await ledger.record('register-party', randomUUID(), json.party({ partyId: `party-${i}`, name: { en: `Party ${i}`, ar: 'طرف' } }));
        events++;
        for (let j = 0; j < 4; j++) {
          await ledger.record('correct-fact', randomUUID(), {
            stream: party.stream,
            eventId: party.eventIds[0],
            changes: { name: { en: `Party ${i} (${j + 1})`, ar: 'طرف' } },
            reason: `renamed ${j + 1}`,
            sources: CITE,
          });
          events++;
        }
        if (i % 500 === 499) {
          // Every other seal signed: an auditor who adopts a key midway.
          await ledger.seals.seal({ actor: 'auditor', ...(i % 1000 === 999 ? { signingKey: key.privateKey } : {}) });
          events++;
        }
      }
      await ledger.seals.seal({ actor: 'auditor', signingKey: key.privateKey });
      events++;
      expect(events).toBe(10_000);

      const report = await ledger.seals.verify();
      expect(report.broken).toBeNull();
      expect(report.ok).toBe(true);
      expect(report.summary).toMatchObject({ events: 10_000, streams: 2001 });
      expect(report.summary.seals).toHaveLength(4);
      expect(report.summary.seals.every((seal) => seal.status === 'verified')).toBe(true);
      expect(report.summary.seals.map((seal) => seal.signedBy !== null)).toEqual([false, true, false, true]);
      expect(report.file).toMatchObject({ rows: 10_000, highWaterMark: 10_000n });

      // The latest seal's digest proves the log still extends it; the signed seals hold for the auditor's key.
      const digests = report.summary.seals.map((seal) => seal.digest);
      expect(report.summary.unsealedEvents).toBe(1); // the last seal itself
      expect((await ledger.seals.verify({ digest: digests[3] })).ok).toBe(true);
      const signedFrom = report.summary.seals[3]!.position;
      expect((await ledger.seals.verify({ publicKey: key.publicKey, signedFrom })).broken).toBeNull();
      const exportA = join(temp.path, 'a.ndjson');
      await ledger.transfer.export((text) => void writeFileSync(exportA, text, { flag: 'a' }));

      // A → B: restore, record, seal.
      const b = await restored('b', exportA);
      try {
        await b.record('register-party', randomUUID(), json.party({ partyId: 'party-in-b', name: { en: 'In B' } }));
        await b.seals.seal({ actor: 'auditor', signingKey: key.privateKey });
        const inB = await b.seals.verify({ digest: digests[1] });
        expect(inB.broken).toBeNull();
        expect(inB.summary.seals.map((seal) => seal.status)).toEqual(['imported', 'imported', 'imported', 'imported', 'verified', 'verified']);
        await b.transfer.export((text) => void writeFileSync(join(temp.path, 'b.ndjson'), text, { flag: 'a' }));
      } finally {
        await b.close();
      }
      // B → C: every seal of A and of B recomputes, and every digest an auditor kept is proven.
      const c = await restored('c', join(temp.path, 'b.ndjson'));
      try {
        const inC = await c.seals.verify();
        expect(inC.broken).toBeNull();
        expect(inC.summary).toMatchObject({ events: 10_004, importedEvents: 10_003 });
        expect(inC.summary.seals.map((seal) => seal.status)).toEqual(['imported', 'imported', 'imported', 'imported', 'imported', 'imported', 'verified']);
        // A digest kept in A (signed) and one kept in B.
        for (const digest of [digests[3]!, inC.summary.seals[5]!.digest]) {
          expect({ digest, ok: (await c.seals.verify({ digest })).ok }).toEqual({ digest, ok: true });
        }
        // C's own import seal was not signed: an auditor requiring signatures from B's signed seal on is told so.
        const signed = await c.seals.verify({ publicKey: key.publicKey, signedFrom: inC.summary.seals[5]!.position });
        expect(signed.broken).toMatchObject({ stream: 'seal-ledger', revision: 6n, reason: 'signature' });
      } finally {
        await c.close();
      }
    } finally {
      await ledger.close();
    }
  }, 300_000);

  async function restored(name: string, file: string): Promise<AuditedLedger> {
    const dir = join(temp.path, name);
    rmSync(dir, { recursive: true, force: true });
    const ledger = await openAuditedLedger({ LEDGER_DATA_DIR: dir });
    await ledger.transfer.importLog(file, { actor: 'restorer' });
    return ledger;
  }
});

import Database from 'better-sqlite3';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportNotVerified } from '../../src/auditing/log-transfer.service';
import { SEAL_STREAM } from '../../src/auditing/seal';
import { LedgerNotVerified } from '../../src/auditing/seal.service';
import { json } from '../support/sample-payloads';
import { makeTempDir } from '../support/temp-dir';
import { AuditedLedger, openAuditedLedger } from './support/audited-ledger';

/**
 * Issue 14's forgery, tried with the project's own services: an event recorded before a seal is re-timed (order
 * kept) and the attacker then uses SealService, export and import-log to make the log verify again. None may
 * produce a log that verifies, nor one that proves the original digest.
 *   ledger A: 8 parties (1–8), seal (9), 3 parties (10–12), seal (13) ← `digest`, 1 party (14)
 */
describe('no service call makes a re-timed log verify', () => {
  const temp = makeTempDir('forged-import');
  const dirA = join(temp.path, 'a');
  const fileA = join(dirA, 'ledger.sqlite');
  const exportA = join(temp.path, 'a.ndjson');
  let digest: string;
  let copies = 0;

  beforeAll(async () => {
    const ledger = await openAuditedLedger({ LEDGER_DATA_DIR: dirA });
    try {
      const party = (id: string) => ledger.record('register-party', randomUUID(), json.party({ partyId: id, name: { en: id } }));
      for (let i = 0; i < 8; i++) await party(`p${i}`);
      await ledger.seals.seal({ actor: 'auditor' });
      for (let i = 8; i < 11; i++) await party(`p${i}`);
      digest = (await ledger.seals.seal({ actor: 'auditor' })).digest;
      await party('p11');
      await ledger.transfer.export((text) => void writeFileSync(exportA, text, { flag: 'a' }));
    } finally {
      await ledger.close();
    }
    const db = new Database(fileA);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }, 60_000);

  afterAll(() => temp.remove());

  /** A copy of a ledger file, edited with SQL, opened with the project's services. */
  async function tampered(from: string, edit: (db: Database.Database) => void): Promise<AuditedLedger> {
    const dir = join(temp.path, `copy-${++copies}`);
    mkdirSync(dir);
    copyFileSync(from, join(dir, 'ledger.sqlite'));
    const db = new Database(join(dir, 'ledger.sqlite'));
    try {
      edit(db);
    } finally {
      db.close();
    }
    return openAuditedLedger({ LEDGER_DATA_DIR: dir });
  }

  /**
   * Moves the recorded time of the event at `position` one millisecond later, and every later event's with it, so
   * recorded times stay in log order whatever the gaps (events committed in the same millisecond share a time).
   */
  function retime(db: Database.Database, position: number): void {
    const later = db.prepare('SELECT position, recorded_at FROM events WHERE position >= ?').all(position) as { position: number; recorded_at: string }[];
    const update = db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?');
    for (const row of later) update.run(new Date(Date.parse(row.recorded_at) + 1).toISOString(), row.position);
  }

  async function count(ledger: AuditedLedger): Promise<number> {
    return (await ledger.store.readAll({ maxCount: 1000 })).length;
  }

  async function newLedger(): Promise<AuditedLedger> {
    const dir = join(temp.path, `new-${++copies}`);
    return openAuditedLedger({ LEDGER_DATA_DIR: dir });
  }

  it('re-timed, then SealService.seal claiming the original seal came from an import: refused, nothing appended; verify names the event and fails the digest', async () => {
    const ledger = await tampered(fileA, (db) => retime(db, 5));
    try {
      const verified = await ledger.seals.verify();
      const claim = { digest, eventCount: 14, lastPosition: '14', logHash: verified.summary.logHash, exportedAt: '2026-01-01T00:00:00.000Z' };
      await expect(ledger.seals.seal({ actor: 'mallory', importedFrom: claim })).rejects.toBeInstanceOf(LedgerNotVerified);
      await expect(ledger.seals.seal({ actor: 'mallory' })).rejects.toBeInstanceOf(LedgerNotVerified);
      expect(await count(ledger)).toBe(14);
      const report = await ledger.seals.verify({ digest });
      expect(report.ok).toBe(false);
      expect(report.broken).toMatchObject({ position: 5n, reason: 'sealed-entry', stream: 'party-p4' });
      expect(report.digest).toMatchObject({ outcome: 'not-checked', found: false });
    } finally {
      await ledger.close();
    }
  });

  it('an untouched ledger cannot be sealed as an import either', async () => {
    const ledger = await tampered(fileA, () => undefined);
    try {
      const verified = await ledger.seals.verify();
      const claim = { digest, eventCount: 14, lastPosition: '14', logHash: verified.summary.logHash, exportedAt: null };
      await expect(ledger.seals.seal({ actor: 'mallory', importedFrom: claim })).rejects.toThrow(/cannot claim an import/);
      expect(await count(ledger)).toBe(14);
    } finally {
      await ledger.close();
    }
  });

  it('re-timed in the export file, then import-log: the export does not verify and nothing is imported', async () => {
    const lines = readFileSync(exportA, 'utf8').trim().split('\n');
    const event = JSON.parse(lines[5]!); // position 5
    const next = JSON.parse(lines[6]!);
    event.recordedAt = new Date(Math.floor((Date.parse(event.recordedAt) + Date.parse(next.recordedAt)) / 2) + 1).toISOString();
    lines[5] = JSON.stringify(event);
    const forged = join(temp.path, 'retimed.ndjson');
    writeFileSync(forged, `${lines.join('\n')}\n`);
    const target = await newLedger();
    try {
      const attempt = target.transfer.importLog(forged, { actor: 'mallory' });
      await expect(attempt).rejects.toBeInstanceOf(ExportNotVerified);
      await expect(target.transfer.importLog(forged, { actor: 'mallory' })).rejects.toMatchObject({ broken: { position: 5n, reason: 'sealed-entry' } });
      expect(await count(target)).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('re-timed in the export with its seals dropped, then import-log: the import verifies as a new ledger, but never proves the original digest', async () => {
    const lines = readFileSync(exportA, 'utf8').trim().split('\n');
    const kept = lines.slice(1).map((line) => JSON.parse(line)).filter((e) => e.stream !== SEAL_STREAM);
    kept[4].recordedAt = new Date(Date.parse(kept[4].recordedAt) + 1).toISOString();
    const header = { ...JSON.parse(lines[0]!), eventCount: kept.length };
    const forged = join(temp.path, 'unsealed.ndjson');
    writeFileSync(forged, `${[header, ...kept].map((l) => JSON.stringify(l)).join('\n')}\n`);
    const target = await newLedger();
    try {
      await target.transfer.importLog(forged, { actor: 'mallory' });
      const report = await target.seals.verify({ digest });
      expect(report.ok).toBe(false);
      expect(report.digest).toMatchObject({ outcome: 'not-found', found: false });
    } finally {
      await target.close();
    }
  });

  describe('after a genuine export → import-log', () => {
    let fileB: string;

    beforeAll(async () => {
      const b = await newLedger();
      try {
        const key = generateKeyPairSync('ed25519');
        const result = await b.transfer.importLog(exportA, { actor: 'restorer', signingKey: key.privateKey });
        fileB = b.config.sqliteFile;
        const report = await b.seals.verify({ digest, publicKey: key.publicKey, signedFrom: result.seal.position });
        expect(report.ok).toBe(true);
        expect(report.summary.seals.map((s) => s.status)).toEqual(['imported', 'imported', 'verified']);
        expect(report.summary.latestSeal!.signedBy).toBe(result.seal.digest.split(':')[3]);
      } finally {
        await b.close();
      }
      const db = new Database(fileB);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    });

    it('an imported event re-timed in the new store: the import seal names it; sealing again is refused', async () => {
      const ledger = await tampered(fileB, (db) => retime(db, 5));
      try {
        const report = await ledger.seals.verify({ digest });
        expect(report.broken).toMatchObject({ position: 5n, reason: 'sealed-entry', stream: 'party-p4' });
        expect(report.digest).toMatchObject({ outcome: 'not-checked' });
        await expect(ledger.seals.seal({ actor: 'mallory' })).rejects.toBeInstanceOf(LedgerNotVerified);
      } finally {
        await ledger.close();
      }
    });

    it('an imported event’s original recorded time (its origin) edited: the original seal names it', async () => {
      const ledger = await tampered(fileB, (db) => {
        const { metadata } = db.prepare('SELECT metadata FROM events WHERE position = 5').get() as { metadata: string };
        const parsed = JSON.parse(metadata);
        const origin = parsed.chain.origins[0];
        origin.recordedAt = new Date(Date.parse(origin.recordedAt) + 1).toISOString();
        db.prepare('UPDATE events SET metadata = ? WHERE position = 5').run(JSON.stringify(parsed));
      });
      try {
        const report = await ledger.seals.verify({ digest });
        expect(report.broken).toMatchObject({ position: 5n, reason: 'sealed-entry' });
        expect(report.broken!.message).toMatch(/in the store it was imported from/);
      } finally {
        await ledger.close();
      }
    });

    it('origins stripped from the imported events: the import seal’s claim is no longer proven', async () => {
      const ledger = await tampered(fileB, (db) => {
        for (const r of db.prepare('SELECT position, metadata FROM events').all() as { position: number; metadata: string }[]) {
          const parsed = JSON.parse(r.metadata);
          delete parsed.chain.origins;
          db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(JSON.stringify(parsed), r.position);
        }
      });
      try {
        const report = await ledger.seals.verify({ digest });
        expect(report.ok).toBe(false);
        expect(report.digest).toMatchObject({ found: false });
      } finally {
        await ledger.close();
      }
    });
  });

  it('a fake import (origins copied from the events’ own positions and times, one event re-timed), then SealService.seal: refused; verify fails', async () => {
    const ledger = await tampered(fileA, (db) => {
      for (const r of db.prepare('SELECT position, metadata, recorded_at FROM events').all() as { position: number; metadata: string; recorded_at: string }[]) {
        const parsed = JSON.parse(r.metadata);
        parsed.chain.origins = [{ position: String(r.position), recordedAt: r.recorded_at }];
        db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(JSON.stringify(parsed), r.position);
      }
      retime(db, 5);
    });
    try {
      await expect(ledger.seals.seal({ actor: 'mallory' })).rejects.toBeInstanceOf(LedgerNotVerified);
      expect(await count(ledger)).toBe(14);
      const report = await ledger.seals.verify({ digest });
      expect(report.ok).toBe(false);
      expect(report.broken).toMatchObject({ reason: 'provenance', position: 1n });
      expect(report.digest).toMatchObject({ outcome: 'not-checked' });
    } finally {
      await ledger.close();
    }
  });
});

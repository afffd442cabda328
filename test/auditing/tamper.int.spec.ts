import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLog } from '../../src/event-store/log-reader';
import { BrokenEvent, verifyLog } from '../../src/auditing/log-verifier';
import { SEAL_STREAM } from '../../src/auditing/seal';
import { SealService, VerifyReport } from '../../src/auditing/seal.service';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { GENESIS_HASH, chainHash, eventIdFor } from '../../src/events/envelope';
import { systemClock } from '../../src/time/clock';
import { FIXTURES_DIR } from '../support/ledger-app';
import { json } from '../support/sample-payloads';
import { makeTempDir } from '../support/temp-dir';
import { openAuditedLedger } from './support/audited-ledger';

/**
 * Tampering with the embedded store's file directly (better-sqlite3 on the `events` table), on the fixtures:
 *   positions 1–55  the fixtures
 *   56              seal 0 (covers 1–55)
 *   57–59           three parties
 *   60              seal 1 (covers 1–59)            ← its digest is what an auditor keeps
 *   61–62           two more parties (after the last seal)
 * Each case runs `verify` (SealService, what `ledger verify` runs) on a tampered copy, and also the chains and seals
 * alone through the store port, which is all EventStoreDB offers (no file to inspect).
 */
describe('tamper detection on the embedded store', () => {
  const temp = makeTempDir('tamper');
  const baseDir = join(temp.path, 'base');
  const baseFile = join(baseDir, 'ledger.sqlite');
  const olderCopy = join(temp.path, 'older.sqlite');
  let digest: string;
  let copies = 0;

  beforeAll(async () => {
    const ledger = await openAuditedLedger({ LEDGER_DATA_DIR: baseDir });
    try {
      // One commit per command, so the fixtures' recorded times differ (some cases shift one of them).
      await ledger.fixtures.importDirectory(FIXTURES_DIR, 'fixtures', { batchSize: 1 });
      await ledger.seals.seal({ actor: 'auditor' });
      for (const id of ['tamper-a', 'tamper-b', 'tamper-c']) await ledger.record('register-party', randomUUID(), json.party({ partyId: id, name: { en: id } }));
      // An auditor's older backup, taken before the next seal.
      const reader = new Database(baseFile, { readonly: true });
      await reader.backup(olderCopy);
      reader.close();
      digest = (await ledger.seals.seal({ actor: 'auditor' })).digest;
      for (const id of ['tamper-d', 'tamper-e']) await ledger.record('register-party', randomUUID(), json.party({ partyId: id, name: { en: id } }));
    } finally {
      await ledger.close();
    }
    // Everything in the main file (no WAL), so a plain copy is the whole ledger.
    const db = new Database(baseFile);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }, 60_000);

  afterAll(() => temp.remove());

  interface Outcome {
    readonly report: VerifyReport;
    /** The chains and seals alone, read through the store port (as on EventStoreDB). */
    readonly portOnly: BrokenEvent | null;
  }

  /** Verifies a copy of the base ledger after `tamper` has edited its file. */
  async function verifyTampered(tamper: (db: Database.Database) => void, options: { digest?: string; from?: string } = {}): Promise<Outcome> {
    const dir = join(temp.path, `copy-${++copies}`);
    mkdirSync(dir);
    const file = join(dir, 'ledger.sqlite');
    copyFileSync(options.from ?? baseFile, file);
    const db = new Database(file);
    try {
      db.defaultSafeIntegers(true);
      tamper(db);
    } finally {
      db.close();
    }
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir });
    const store = SqliteEventStore.open({ file: config.sqliteFile });
    try {
      const report = await new SealService(store, config, systemClock).verify({ digest: options.digest });
      const portOnly = (await verifyLog(readLog(store))).broken;
      return { report, portOnly };
    } finally {
      await store.close();
    }
  }

  function row(db: Database.Database, where: string, ...params: unknown[]) {
    return db.prepare(`SELECT * FROM events WHERE ${where}`).get(...params) as {
      position: bigint;
      id: string;
      stream: string;
      revision: bigint;
      data: string;
      metadata: string;
      recorded_at: string;
    };
  }

  /** Changes one byte (one ASCII character) of a text. */
  function flipByte(text: string, index: number, to: string): string {
    expect(text.charCodeAt(index)).toBeLessThan(0x80);
    return text.slice(0, index) + to + text.slice(index + 1);
  }

  it('an untouched ledger verifies, with and without the digest', async () => {
    const { report, portOnly } = await verifyTampered(() => undefined, { digest });
    expect(report.ok).toBe(true);
    expect(report.broken).toBeNull();
    expect(report.summary).toMatchObject({ events: 62, lastPosition: 62n });
    expect(report.summary.seals.map((s) => s.status)).toEqual(['verified', 'verified']);
    expect(report.digest).toMatchObject({ found: true });
    expect(portOnly).toBeNull();
  });

  it('one byte of data flipped: named by its hash', async () => {
    let target!: ReturnType<typeof row>;
    const { report, portOnly } = await verifyTampered((db) => {
      target = row(db, "stream = 'office-behavioural-insights-hub' AND revision = 0");
      const at = target.data.indexOf('"city":"Doha"') + '"city":"'.length;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(flipByte(target.data, at, 'd'), target.position);
    });
    expect(report.ok).toBe(false);
    expect(report.broken).toMatchObject({ stream: target.stream, revision: 0n, id: target.id, position: target.position, reason: 'hash-mismatch' });
    expect(portOnly).toMatchObject({ id: target.id, reason: 'hash-mismatch' });
  });

  it('one byte of metadata flipped (the actor, a citation’s source, the chain): named by its hash', async () => {
    for (const [needle, offset, to] of [
      ['"actor":"fixtures"', 9, 'F'],
      ['"sourceId":"', 12, 'X'],
      ['"hash":"', 8, '0'],
    ] as const) {
      let target!: ReturnType<typeof row>;
      const { report, portOnly } = await verifyTampered((db) => {
        target = row(db, "stream = 'agreement-qa-unoct-2018' AND revision = 0");
        const at = target.metadata.indexOf(needle) + offset;
        const flipped = target.metadata[at] === to ? '1' : to;
        db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(flipByte(target.metadata, at, flipped), target.position);
      });
      expect(report.broken).toMatchObject({ stream: 'agreement-qa-unoct-2018', revision: 0n, id: target.id, position: target.position, reason: 'hash-mismatch' });
      expect(portOnly).toMatchObject({ id: target.id });
    }
  });

  it('a flipped byte that breaks the JSON: the file check names the row the store cannot read', async () => {
    let target!: ReturnType<typeof row>;
    const { report, portOnly } = await verifyTampered((db) => {
      target = row(db, 'position = 12');
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(flipByte(target.data, 0, '['), target.position);
    });
    expect(report.broken).toMatchObject({ position: 12n, id: target.id, reason: 'unreadable' });
    expect(portOnly).toMatchObject({ reason: 'unreadable' });
  });

  it('one byte of recordedAt flipped, still in order: caught by the seal over it', async () => {
    let target!: ReturnType<typeof row>;
    const { report, portOnly } = await verifyTampered((db) => {
      // An event recorded at least a millisecond after the one before it, whose last digit can go down by one.
      const rows = db.prepare('SELECT * FROM events WHERE position <= 55 ORDER BY position').all() as ReturnType<typeof row>[];
      target = rows.find((r, i) => i > 0 && !r.recorded_at.endsWith('0Z') && Date.parse(r.recorded_at) > Date.parse(rows[i - 1]!.recorded_at))!;
      expect(target).toBeDefined();
      const at = target.recorded_at.length - 2;
      const earlier = String.fromCharCode(target.recorded_at.charCodeAt(at) - 1);
      db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(flipByte(target.recorded_at, at, earlier), target.position);
    });
    // The per-stream chains do not cover recorded times; the first seal's log hash does, so the seal is named.
    expect(report.broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, position: 56n, reason: 'seal' });
    expect(report.broken!.message).toMatch(/log hash/);
    expect(portOnly).toMatchObject({ stream: SEAL_STREAM, revision: 0n });
  });

  it('one byte of recordedAt flipped into the past: named at the event itself', async () => {
    let target!: ReturnType<typeof row>;
    const { report } = await verifyTampered((db) => {
      target = row(db, 'position = 20');
      const at = target.recorded_at.indexOf('-') - 2; // the decade digit of the year: 2026 → 2016
      db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(flipByte(target.recorded_at, at, '1'), target.position);
    });
    expect(report.broken).toMatchObject({ position: 20n, id: target.id, reason: 'recorded-at' });
  });

  it('an event deleted from the middle: the gap in positions names the event after it; the chains and seals alone catch it too', async () => {
    let next!: ReturnType<typeof row>;
    const { report, portOnly } = await verifyTampered((db) => {
      db.prepare('DELETE FROM events WHERE position = 30').run();
      next = row(db, 'position = 31');
    });
    expect(report.broken).toMatchObject({ position: 31n, id: next.id, stream: next.stream, reason: 'position-gap' });
    expect(report.broken!.message).toMatch(/position 30 is missing/);
    // position 30 opened an office later corrected: its stream's next event no longer chains.
    expect(portOnly).not.toBeNull();
  });

  it('the tail truncated: the store’s own record of the positions it issued shows it; a kept digest shows it even when that record is reset', async () => {
    const cut = (db: Database.Database) => db.prepare('DELETE FROM events WHERE position >= 60').run();
    const plain = await verifyTampered(cut);
    expect(plain.report.broken).toMatchObject({ position: 60n, reason: 'truncated', stream: null, id: null });
    expect(plain.report.broken!.message).toMatch(/positions 60–62 were cut from the tail/);
    // Through the port alone a shorter log is still a valid log: only the file or a digest can tell.
    expect(plain.portOnly).toBeNull();

    const covered = await verifyTampered((db) => {
      cut(db);
      db.prepare("UPDATE sqlite_sequence SET seq = 59 WHERE name = 'events'").run();
    }, { digest });
    expect(covered.report.broken).toMatchObject({ reason: 'digest', position: 59n });
    expect(covered.report.digest).toMatchObject({ found: false });
    expect(covered.report.broken!.message).toMatch(/rolled back or truncated/);
  });

  it('two events swapped (same stream, then different streams): caught', async () => {
    const swap = (db: Database.Database, a: bigint, b: bigint) => {
      const [first, second] = [row(db, 'position = ?', a), row(db, 'position = ?', b)];
      db.prepare('DELETE FROM events WHERE position IN (?, ?)').run(a, b);
      const insert = db.prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (const [position, r] of [[a, second], [b, first]] as const) {
        insert.run(position, r.id, r.stream, r.revision, (r as unknown as { type: string }).type, r.data, r.metadata, r.recorded_at);
      }
    };
    // The office opened at 30 and its correction at 52: the correction now comes first in its stream.
    let sameStream!: ReturnType<typeof row>;
    const same = await verifyTampered((db) => {
      sameStream = row(db, "stream = 'office-behavioural-insights-hub' AND revision = 1");
      swap(db, 30n, sameStream.position);
    });
    expect(same.report.broken).toMatchObject({ position: 30n, stream: 'office-behavioural-insights-hub', reason: 'revision-gap' });

    // Two sources registered one after the other: each stream's chain is intact, the order is not.
    const other = await verifyTampered((db) => swap(db, 3n, 4n));
    expect(other.report.ok).toBe(false);
    expect([3n, 4n, 56n]).toContain(other.report.broken!.position);
    expect(other.portOnly).not.toBeNull();
  });

  it('an event inserted: a correctly chained forgery slipped into the middle, positions and sqlite_sequence adjusted, is caught by the seal', async () => {
    const { report, portOnly } = await verifyTampered((db) => {
      const template = row(db, "stream = 'party-unoct'");
      const metadata = { ...JSON.parse(template.metadata), commandId: randomUUID() };
      delete metadata.chain;
      const data = { ...JSON.parse(template.data), partyId: 'forged', name: { en: 'Forged party' } };
      const hash = chainHash(GENESIS_HASH, { stream: 'party-forged', revision: 0n, type: 'PartyRegistered', data, metadata });
      // Make room at position 20: move every later row up by one (through negatives, to keep positions unique).
      db.prepare('UPDATE events SET position = -position - 1 WHERE position >= 20').run();
      db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
      db.prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at) VALUES (20, ?, ?, 0, ?, ?, ?, ?)').run(
        eventIdFor(metadata.commandId, 0),
        'party-forged',
        'PartyRegistered',
        JSON.stringify(data),
        JSON.stringify({ ...metadata, chain: { prev: GENESIS_HASH, hash } }),
        row(db, 'position = 19').recorded_at,
      );
      db.prepare("UPDATE sqlite_sequence SET seq = 63 WHERE name = 'events'").run();
    });
    // The file's bookkeeping was made consistent and the forgery's chain is valid: the first seal is what disagrees.
    expect(report.broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
    expect(portOnly).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
  });

  it('an event inserted carelessly (a position the store never issued): named by the file check', async () => {
    const { report } = await verifyTampered((db) => {
      const copy = row(db, 'position = 5');
      db.prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at) VALUES (0, ?, ?, ?, ?, ?, ?, ?)').run(
        randomUUID(),
        'party-copy',
        0,
        'PartyRegistered',
        copy.data,
        copy.metadata,
        copy.recorded_at,
      );
    });
    expect(report.broken).toMatchObject({ position: 0n, stream: 'party-copy', reason: 'position-gap' });
  });

  it('the file rolled back to an older copy: a valid older ledger, caught against the saved digest', async () => {
    const withoutDigest = await verifyTampered(() => undefined, { from: olderCopy });
    expect(withoutDigest.report.ok).toBe(true);
    expect(withoutDigest.report.summary.events).toBe(59);

    const { report } = await verifyTampered(() => undefined, { from: olderCopy, digest });
    expect(report.ok).toBe(false);
    expect(report.digest).toMatchObject({ found: false });
    expect(report.broken).toMatchObject({ reason: 'digest', position: 59n });
    expect(report.broken!.message).toMatch(/no seal of position 59 or later .* rolled back/);
  });
});

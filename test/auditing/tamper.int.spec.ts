import Database from 'better-sqlite3';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readLog } from '../../src/event-store/log-reader';
import { BrokenEvent, LogVerifier, verifyLog } from '../../src/auditing/log-verifier';
import { SEAL_STREAM, SealData, sealEvent } from '../../src/auditing/seal';
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
  async function verifyTampered(
    tamper: (db: Database.Database) => void,
    options: { digest?: string; from?: string; publicKey?: ReturnType<typeof generateKeyPairSync>['publicKey'] } = {},
  ): Promise<Outcome> {
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
      const report = await new SealService(store, config, systemClock).verify({ digest: options.digest, publicKey: options.publicKey });
      const portOnly = (await verifyLog(readLog(store), { publicKey: options.publicKey })).broken;
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

  it('one byte of recordedAt flipped, still in order: the seal over it names the event itself', async () => {
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
    // The per-stream chains do not cover recorded times; the first seal's entry tags do, and name the event.
    expect(report.broken).toMatchObject({ stream: target.stream, revision: BigInt(target.revision), id: target.id, position: target.position, reason: 'sealed-entry' });
    expect(report.broken!.message).toMatch(/not as seal-ledger@0 \(position 56\) sealed it/);
    expect(portOnly).toMatchObject({ position: target.position, reason: 'sealed-entry' });
    expect(report.summary.seals).toHaveLength(0);
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
    let opened!: ReturnType<typeof row>;
    let next!: ReturnType<typeof row>;
    const { report, portOnly } = await verifyTampered((db) => {
      opened = row(db, "stream = 'office-behavioural-insights-hub' AND revision = 0");
      db.prepare('DELETE FROM events WHERE position = ?').run(opened.position);
      next = row(db, 'position = ?', opened.position + 1n);
    });
    expect(report.broken).toMatchObject({ position: opened.position + 1n, id: next.id, stream: next.stream, reason: 'position-gap' });
    expect(report.broken!.message).toMatch(new RegExp(`position ${opened.position} is missing`));
    // The deleted event opened an office later corrected: its stream's next event no longer chains.
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
    // The office's opening and its correction swapped: the correction now comes first in its stream.
    let opened!: ReturnType<typeof row>;
    const same = await verifyTampered((db) => {
      opened = row(db, "stream = 'office-behavioural-insights-hub' AND revision = 0");
      swap(db, opened.position, row(db, "stream = 'office-behavioural-insights-hub' AND revision = 1").position);
    });
    expect(same.report.broken).toMatchObject({ position: opened.position, stream: 'office-behavioural-insights-hub', reason: 'revision-gap' });

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
    // The file's bookkeeping was made consistent and the forgery's chain is valid: the first seal names it.
    expect(report.broken).toMatchObject({ stream: 'party-forged', revision: 0n, position: 20n, reason: 'sealed-entry' });
    expect(portOnly).toMatchObject({ position: 20n, reason: 'sealed-entry' });
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

  type Row = ReturnType<typeof row>;

  /** Recomputes a row's chain hash after an edit, and re-links the later events of its stream, as an attacker who knows the algorithm would. */
  function rehashRow(db: Database.Database, position: bigint): void {
    let current = row(db, 'position = ?', position);
    let prev = (JSON.parse(current.metadata).chain as { prev: string }).prev;
    for (;;) {
      const metadata = JSON.parse(current.metadata);
      const data = JSON.parse(current.data);
      const hash = chainHash(prev, { stream: current.stream, revision: BigInt(current.revision), type: (current as unknown as { type: string }).type, data, metadata });
      metadata.chain = { ...metadata.chain, prev, hash };
      db.prepare('UPDATE events SET metadata = ? WHERE position = ?').run(JSON.stringify(metadata), current.position);
      const next = db.prepare('SELECT * FROM events WHERE stream = ? AND revision = ?').get(current.stream, BigInt(current.revision) + 1n) as Row | undefined;
      if (!next) return;
      prev = hash;
      current = next;
    }
  }

  /** Appends a hand-made row at the end, as the store would (next position, sqlite_sequence moved on). */
  function appendRow(db: Database.Database, event: { id: string; stream: string; revision: bigint; type: string; data: object; metadata: object }): bigint {
    const last = db.prepare('SELECT max(position) AS p, max(recorded_at) AS t FROM events').get() as { p: bigint; t: string };
    const position = BigInt(last.p) + 1n;
    db.prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      position,
      event.id,
      event.stream,
      event.revision,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      new Date(Date.parse(last.t) + 1).toISOString(),
    );
    db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(position);
    return position;
  }

  function sealHead(db: Database.Database): { revision: bigint; hash: string; data: Record<string, unknown> } {
    const r = db.prepare(`SELECT * FROM events WHERE stream = '${SEAL_STREAM}' ORDER BY revision DESC LIMIT 1`).get() as Row;
    return { revision: BigInt(r.revision), hash: JSON.parse(r.metadata).chain.hash, data: JSON.parse(r.data) };
  }

  it('the type, the stream or the revision of an event changed: named at the event', async () => {
    const type = await verifyTampered((db) => db.prepare("UPDATE events SET type = 'PartyRetracted' WHERE position = 20").run());
    expect(type.report.broken).toMatchObject({ position: 20n, reason: 'hash-mismatch' });
    const stream = await verifyTampered((db) => db.prepare("UPDATE events SET stream = 'party-elsewhere' WHERE position = 57").run());
    expect(stream.report.broken).toMatchObject({ position: 57n, stream: 'party-elsewhere', reason: 'hash-mismatch' });
    let corrected!: Row;
    const revision = await verifyTampered((db) => {
      corrected = row(db, "stream = 'office-behavioural-insights-hub' AND revision = 1");
      db.prepare('UPDATE events SET revision = 2 WHERE position = ?').run(corrected.position);
    });
    expect(revision.report.broken).toMatchObject({ position: corrected.position, revision: 2n, reason: 'revision-gap' });
  });

  it('an event’s id changed: the seal over it names the event', async () => {
    const forgedId = '00000000-0000-4000-8000-00000000abcd';
    const { report, portOnly } = await verifyTampered((db) => db.prepare('UPDATE events SET id = ? WHERE position = 40').run(forgedId));
    expect(report.broken).toMatchObject({ position: 40n, id: forgedId, reason: 'sealed-entry' });
    expect(portOnly).toMatchObject({ position: 40n, reason: 'sealed-entry' });
  });

  it('an event deleted: the only one of its stream, or the last of the log', async () => {
    const only = await verifyTampered((db) => db.prepare('DELETE FROM events WHERE position = 58').run());
    expect(only.report.broken).toMatchObject({ position: 59n, reason: 'position-gap' });
    // Through the port alone, the next seal's tags name the event that now stands where it was.
    expect(only.portOnly).toMatchObject({ position: 59n, reason: 'sealed-entry' });

    const last = await verifyTampered((db) => db.prepare('DELETE FROM events WHERE position = 62').run());
    expect(last.report.broken).toMatchObject({ position: 62n, reason: 'truncated' });
  });

  it('three events reordered (positions rotated): caught at the first of them', async () => {
    const { report } = await verifyTampered((db) => {
      db.prepare('UPDATE events SET position = -position WHERE position IN (3, 4, 5)').run();
      db.prepare('UPDATE events SET position = CASE position WHEN -3 THEN 5 WHEN -4 THEN 3 WHEN -5 THEN 4 END WHERE position < 0').run();
    });
    expect(report.ok).toBe(false);
    expect([3n, 4n, 5n]).toContain(report.broken!.position);
    expect(['sealed-entry', 'recorded-at']).toContain(report.broken!.reason);
  });

  it('a forged seal appended by hand (correctly chained, claiming fewer events): named as a seal that does not match the log', async () => {
    const { report } = await verifyTampered((db) => {
      const head = sealHead(db);
      const { hash: _h, ...event } = sealEvent({
        data: { ...head.data, eventCount: 61, previousSeal: null } as never,
        revision: head.revision + 1n,
        prevHash: head.hash,
        actor: 'mallory',
        issuedAt: new Date(),
      });
      appendRow(db, { ...event, stream: SEAL_STREAM, revision: head.revision + 1n });
    });
    expect(report.broken).toMatchObject({ stream: SEAL_STREAM, revision: 2n, position: 63n, reason: 'seal' });
  });

  it('a seal with a wrong Merkle root, re-hashed: named at the seal', async () => {
    const { report } = await verifyTampered((db) => {
      const seal = row(db, 'position = 56');
      const data = { ...JSON.parse(seal.data), merkleRoot: 'a'.repeat(64) };
      db.prepare('UPDATE events SET data = ? WHERE position = 56').run(JSON.stringify(data));
      rehashRow(db, 56n);
    });
    expect(report.broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, position: 56n, reason: 'seal' });
    expect(report.broken!.message).toMatch(/Merkle root/);
  });

  it('a seal replayed from another ledger (re-chained onto this one): named at the replayed seal', async () => {
    const otherDir = join(temp.path, 'other-ledger');
    const other = await openAuditedLedger({ LEDGER_DATA_DIR: otherDir });
    let replayed: { data: object; metadata: Record<string, unknown>; id: string };
    try {
      for (const id of ['other-a', 'other-b']) await other.record('register-party', randomUUID(), json.party({ partyId: id, name: { en: id } }));
      await other.seals.seal({ actor: 'auditor' });
      const [seal] = await other.store.readStream(SEAL_STREAM, { maxCount: 1 });
      replayed = { data: seal!.data, metadata: seal!.metadata, id: seal!.id };
    } finally {
      await other.close();
    }
    const { report } = await verifyTampered((db) => {
      const head = sealHead(db);
      const position = appendRow(db, { id: replayed.id, stream: SEAL_STREAM, revision: head.revision + 1n, type: 'LedgerSealed', data: replayed.data, metadata: { ...replayed.metadata, chain: { prev: head.hash, hash: '' } } });
      rehashRow(db, position);
    });
    expect(report.broken).toMatchObject({ stream: SEAL_STREAM, revision: 2n, position: 63n, reason: 'seal' });
  });

  /** Seal data over the whole base ledger, as SealService would compute it now. */
  async function sealDataOfBase(): Promise<SealData> {
    const store = SqliteEventStore.open({ file: baseFile });
    try {
      const verifier = new LogVerifier();
      for await (const event of readLog(store)) verifier.push(event);
      return verifier.sealData().data;
    } finally {
      await store.close();
    }
  }

  it('a forged "imported" seal appended by hand (otherwise exact): named as an import claim no event proves; with an event re-timed before the first seal, that event is named first', async () => {
    const exact = await sealDataOfBase();
    const claim = { ...exact, importedFrom: { digest, eventCount: 59, lastPosition: '59', logHash: exact.logHash, exportedAt: '2026-01-01T00:00:00.000Z' } };
    const appendClaim = (db: Database.Database) => {
      const head = sealHead(db);
      const { hash: _h, ...event } = sealEvent({ data: claim, revision: head.revision + 1n, prevHash: head.hash, actor: 'mallory', issuedAt: new Date() });
      appendRow(db, { ...event, stream: SEAL_STREAM, revision: head.revision + 1n });
    };
    const alone = await verifyTampered(appendClaim, { digest });
    expect(alone.report.broken).toMatchObject({ stream: SEAL_STREAM, revision: 2n, position: 63n, reason: 'provenance' });
    expect(alone.report.broken!.message).toMatch(/no event before it carries an origin/);
    expect(alone.report.digest).toMatchObject({ outcome: 'not-checked', found: false });

    // The attack of issue 14: an event before the first seal re-timed (order kept), then the import claim.
    const retimed = await verifyTampered(
      (db) => {
        const target = row(db, 'position = 10');
        const next = row(db, 'position = 11');
        const later = new Date(Math.floor((Date.parse(target.recorded_at) + Date.parse(next.recorded_at)) / 2)).toISOString();
        db.prepare('UPDATE events SET recorded_at = ? WHERE position = 10').run(later === target.recorded_at ? next.recorded_at : later);
        appendClaim(db);
      },
      { digest },
    );
    expect(retimed.report.broken).toMatchObject({ position: 10n, reason: 'sealed-entry' });
    expect(retimed.report.digest).toMatchObject({ outcome: 'not-checked', found: false });
    expect(retimed.report.summary.seals).toHaveLength(0);
  });

  it('a seal signed by another key: named when verify is given the trusted public key', async () => {
    const trusted = generateKeyPairSync('ed25519');
    const mallory = generateKeyPairSync('ed25519');
    const dir = join(temp.path, `signed-${++copies}`);
    mkdirSync(dir);
    copyFileSync(baseFile, join(dir, 'ledger.sqlite'));
    const ledger = await openAuditedLedger({ LEDGER_DATA_DIR: dir });
    try {
      await ledger.seals.seal({ actor: 'auditor', signingKey: trusted.privateKey });
      await ledger.record('register-party', randomUUID(), json.party({ partyId: 'after-signed', name: { en: 'x' } }));
      const good = await ledger.seals.verify({ publicKey: trusted.publicKey, signedFrom: 63n });
      expect(good.broken).toBeNull();
      await ledger.seals.seal({ actor: 'mallory', signingKey: mallory.privateKey });
      const bad = await ledger.seals.verify({ publicKey: trusted.publicKey, signedFrom: 63n });
      expect(bad.broken).toMatchObject({ stream: SEAL_STREAM, revision: 3n, position: 65n, reason: 'signature' });
      expect(bad.broken!.message).toMatch(/signed by ed25519-[0-9a-f]{32}, not by the trusted key/);
      // Without a trusted key the seal is valid (it is signed by the key it names): only the auditor's key tells.
      expect((await ledger.seals.verify()).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });
});

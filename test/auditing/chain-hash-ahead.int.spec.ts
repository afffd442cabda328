import Database from 'better-sqlite3';
import { join } from 'node:path';
import { CHAIN_HASH_AHEAD, chainHashAheadOf } from '../../src/auditing/chain-hash-ahead';
import { BrokenEvent, LogVerifier } from '../../src/auditing/log-verifier';
import { StoredEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { chainHash } from '../../src/events/envelope';
import { FIXTURES_DIR } from '../support/ledger-app';
import { makeTempDir } from '../support/temp-dir';
import { openAuditedLedger } from './support/audited-ledger';

/**
 * `verify` reads a long log through the store's read-ahead thread, which computes each event's chain hash
 * (CHAIN_HASH_AHEAD) while the verifier checks the page before. These run that path on the fixtures (a short log,
 * which `verify` itself would read on the calling thread) through the real thread, intact and tampered.
 */
describe('chain hashes computed on the read-ahead thread', () => {
  const temp = makeTempDir('chain-hash-ahead');
  const dir = join(temp.path, 'ledger');
  const file = join(dir, 'ledger.sqlite');

  beforeAll(async () => {
    const ledger = await openAuditedLedger({ LEDGER_DATA_DIR: dir });
    try {
      await ledger.fixtures.importDirectory(FIXTURES_DIR, 'fixtures');
    } finally {
      await ledger.close();
    }
  }, 60_000);

  afterAll(() => temp.remove());

  async function readAhead(): Promise<StoredEvent[]> {
    const store = SqliteEventStore.open({ file });
    try {
      const events: StoredEvent[] = [];
      for await (const page of store.readAhead!({ after: null, deriveAhead: CHAIN_HASH_AHEAD })) events.push(...page);
      return events;
    } finally {
      await store.close();
    }
  }

  async function verifyAhead(): Promise<{ broken: BrokenEvent | undefined; ahead: number }> {
    const verifier = new LogVerifier();
    let ahead = 0;
    for (const event of await readAhead()) {
      const hash = chainHashAheadOf(event);
      if (hash !== undefined) ahead++;
      const broken = verifier.push(event, hash);
      if (broken) return { broken, ahead };
    }
    return { broken: verifier.finish(), ahead };
  }

  function tamper(sql: string, ...params: unknown[]): () => void {
    const db = new Database(file);
    const saved = db.prepare('SELECT position, data, metadata FROM events').all() as { position: number; data: string; metadata: string }[];
    db.prepare(sql).run(...params);
    db.close();
    return () => {
      const restore = new Database(file);
      const put = restore.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?');
      for (const row of saved) put.run(row.data, row.metadata, row.position);
      restore.close();
    };
  }

  it('gives every event of an intact log the hash the envelope gives it, and the log verifies', async () => {
    const events = await readAhead();
    expect(events.length).toBeGreaterThan(50);
    for (const event of events) {
      const prev = (event.metadata.chain as { prev: string }).prev;
      expect(chainHashAheadOf(event)).toBe(chainHash(prev, event));
    }
    const { broken, ahead } = await verifyAhead();
    expect(broken).toBeUndefined();
    expect(ahead).toBe(events.length);
  });

  it('names an event whose data was changed (still valid JSON) as not matching its hash', async () => {
    const restore = tamper(`UPDATE events SET data = json_set(data, '$.title', 'tampered') WHERE position = 20`);
    try {
      const { broken } = await verifyAhead();
      expect(broken).toMatchObject({ position: 20n, reason: 'hash-mismatch' });
    } finally {
      restore();
    }
  });

  it('names an event whose chain link was rewritten, though its own hash ahead recomputes from it', async () => {
    // A forger who rewrites prev (and the hash to match) still breaks the link to the stream's previous event.
    const restore = tamper(`UPDATE events SET metadata = json_set(metadata, '$.chain.prev', ?) WHERE position = 30`, 'ab'.repeat(32));
    try {
      const { broken } = await verifyAhead();
      expect(broken).toMatchObject({ position: 30n, reason: 'prev-mismatch' });
    } finally {
      restore();
    }
  });

  it('leaves an event whose data cannot be parsed to the verifier, which names it', async () => {
    const restore = tamper(`UPDATE events SET data = '{"broken":' WHERE position = 40`);
    try {
      const { broken } = await verifyAhead();
      expect(broken).toMatchObject({ position: 40n, reason: 'hash-mismatch' });
      expect(broken?.message).toMatch(/cannot hash the event/);
    } finally {
      restore();
    }
  });
});

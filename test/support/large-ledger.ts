import { join } from 'node:path';
import { writeSyntheticLedger } from '../../bench/synthetic-ledger';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

/**
 * Writes a synthetic ledger of `events` into `<dataDir>/ledger.sqlite` through the store's own append, all in
 * one SQLite transaction (each append a savepoint in it): a durable commit per append made 100,000 events take
 * more than a minute.
 */
export async function writeLargeLedger(dataDir: string, events: number): Promise<void> {
  const store = SqliteEventStore.open({ file: join(dataDir, 'ledger.sqlite') });
  const db = (store as unknown as { db: { exec(sql: string): void } }).db;
  db.exec('BEGIN IMMEDIATE');
  try {
    await writeSyntheticLedger(store, { events, batch: 5000 });
    db.exec('COMMIT');
  } finally {
    await store.close();
  }
}

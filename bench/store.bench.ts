/**
 * npm run bench:store — the embedded store against bare better-sqlite3 on the same machine, in one run.
 * Each measurement is taken in alternating rounds (ours, bare, ours, bare …) and the median kept, so a noisy
 * neighbour slows both sides alike; the targets are ratios, never absolute times.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventToAppend } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EsdbEventStore } from '../src/event-store/eventstoredb/esdb-event-store';
import { startEsdbTestServer } from '../test/esdb-test-server/esdb-test-server';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SINGLE_APPENDS = Number(process.env.BENCH_SINGLE ?? 2000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 300);
const READ_EVENTS = Number(process.env.BENCH_READ ?? 200_000);
const ESDB_APPENDS = Number(process.env.BENCH_ESDB ?? 500);

const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
const data = { agreementId: 'qa-unoct-2018', title: { en: 'Contribution agreement', ar: 'اتفاق مساهمة' }, total: { amount: '75000000.00', currency: 'USD' }, purposes: ['behavioural insights', 'parliamentary engagement'], occurredOn: '2018-12-16' };
const metadata = { schemaVersion: 1, commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), actor: 'bench', issuedAt: new Date().toISOString(), sources: [{ sourceId: 'article-000', quote: 'اتفاق مساهمة بين حكومة دولة قطر' }], chain: { prev: '0'.repeat(64), hash: 'f'.repeat(64) } };
const event = (): EventToAppend => ({ id: randomUUID(), type: 'AgreementSigned', data, metadata });

function bareDb(name: string): { db: Database.Database; insert: Database.Statement } {
  const db = new Database(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream, revision))`);
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  return { db, insert };
}

let fileNo = 0;
const nextFile = () => join(dir, `bench-${fileNo++}.sqlite`);

async function oursSingle(): Promise<number> {
  const store = SqliteEventStore.open({ file: nextFile() });
  const start = process.hrtime.bigint();
  for (let i = 0; i < SINGLE_APPENDS; i++) await store.append(`agreement-${i}`, [event()], 'no_stream');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  return SINGLE_APPENDS / seconds;
}

function bareSingle(): number {
  const { db, insert } = bareDb(`bare-${fileNo++}.sqlite`);
  const write = db.transaction((i: number) => insert.run(randomUUID(), `agreement-${i}`, 0, 'AgreementSigned', JSON.stringify(data), JSON.stringify(metadata), new Date().toISOString()));
  const start = process.hrtime.bigint();
  for (let i = 0; i < SINGLE_APPENDS; i++) write.immediate(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return SINGLE_APPENDS / seconds;
}

async function oursBatched(): Promise<number> {
  const store = SqliteEventStore.open({ file: nextFile() });
  const batches = Array.from({ length: BATCHES }, () => Array.from({ length: 100 }, event));
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCHES; i++) await store.append(`stream-${i}`, batches[i]!, 'no_stream');
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  return (BATCHES * 100) / seconds;
}

function bareThousandRowTransactions(): number {
  const { db, insert } = bareDb(`bare-${fileNo++}.sqlite`);
  const rows = BATCHES * 100;
  const write = db.transaction((from: number) => {
    for (let i = from; i < from + 1000; i++) {
      insert.run(randomUUID(), `stream-${Math.floor(i / 100)}`, i % 100, 'AgreementSigned', JSON.stringify(data), JSON.stringify(metadata), new Date().toISOString());
    }
  });
  const start = process.hrtime.bigint();
  for (let from = 0; from < rows; from += 1000) write.immediate(from);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return rows / seconds;
}

async function fillForReads(file: string): Promise<void> {
  const store = SqliteEventStore.open({ file });
  for (let i = 0; i < READ_EVENTS / 1000; i++) {
    await store.append(`read-${i}`, Array.from({ length: 1000 }, event), 'no_stream');
  }
  await store.close();
}

async function oursReadAll(file: string): Promise<number> {
  const store = SqliteEventStore.open({ file });
  let count = 0;
  let from: bigint | undefined;
  const start = process.hrtime.bigint();
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 10_000 });
    if (page.length === 0) break;
    // Like for like: the bare loop parses data and metadata, so the ledger's (lazy) events are parsed too.
    for (const event of page) {
      void event.data;
      void event.metadata;
    }
    count += page.length;
    from = page[page.length - 1]!.position;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  return count / seconds;
}

function bareReadAll(file: string): number {
  const db = new Database(file, { readonly: true });
  const select = db.prepare('SELECT position, id, stream, revision, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT 10000');
  let count = 0;
  let from = 0;
  const start = process.hrtime.bigint();
  for (;;) {
    const rows = select.all(from) as { position: number; data: string; metadata: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
    }
    count += rows.length;
    from = rows[rows.length - 1]!.position;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return count / seconds;
}

/**
 * Reference only, not a target: the EventStoreDB adapter (id claims, read-back of the slot, leader-only reads,
 * wait until readable) against the bare client appending the same events, both to the in-process test server
 * with no lag. It shows what the adapter's safety costs in round trips, not what a real node does.
 */
async function esdbReference(): Promise<{ ours: number; bare: number }> {
  const server = await startEsdbTestServer();
  const store = EsdbEventStore.connect(server.connectionString);
  const client = EventStoreDBClient.connectionString(server.connectionString);
  let run = 0;
  const ours = async () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ESDB_APPENDS; i++) await store.append(`esdb-${run}-${i}`, [event()], 'no_stream');
    run++;
    return ESDB_APPENDS / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  const bare = async () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ESDB_APPENDS; i++) {
      const e = event();
      await client.appendToStream(`bare-${run}-${i}`, jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }), { expectedRevision: 'no_stream' });
    }
    run++;
    return ESDB_APPENDS / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  try {
    return await alternate(ours, bare);
  } finally {
    await store.close();
    await client.dispose();
    await server.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function alternate(ours: () => Promise<number> | number, bare: () => Promise<number> | number) {
  const o: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    o.push(await ours());
    b.push(await bare());
  }
  return { ours: median(o), bare: median(b) };
}

async function main(): Promise<void> {
  const readFile = nextFile();
  await fillForReads(readFile);
  const rows = [
    { name: 'durable appends, 1 event per transaction', target: 'bare single-row FULL transactions', ...(await alternate(oursSingle, bareSingle)) },
    { name: 'durable appends, batches of 100', target: 'bare 1,000-row transactions', ...(await alternate(oursBatched, bareThousandRowTransactions)) },
    { name: 'read all, pages of 10,000', target: 'bare ordered SELECT + JSON.parse', ...(await alternate(() => oursReadAll(readFile), () => bareReadAll(readFile))) },
  ];
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);
  console.log(`store benchmark — ${ROUNDS} alternating rounds, median; node ${process.version}; ${new Date().toISOString()}`);
  console.log(`${'measurement'.padEnd(44)} ${'ledger/s'.padStart(10)} ${'bare/s'.padStart(10)}  ratio  target  bare baseline`);
  let allMet = true;
  for (const row of rows) {
    const ratio = row.ours / row.bare;
    const met = ratio >= 0.5;
    allMet &&= met;
    console.log(`${row.name.padEnd(44)} ${fmt(row.ours)} ${fmt(row.bare)}  ${(ratio * 100).toFixed(0).padStart(4)}%  ≥50% ${met ? 'met ' : 'MISS'}  ${row.target}`);
  }
  const esdb = await esdbReference();
  console.log(
    `${'reference: ESDB adapter, 1 event per append'.padEnd(44)} ${fmt(esdb.ours)} ${fmt(esdb.bare)}  ${((esdb.ours / esdb.bare) * 100).toFixed(0).padStart(4)}%  none       bare client appendToStream, in-process test server, no lag`,
  );
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = allMet ? 0 : 1;
}

main().catch((error: Error) => {
  console.error(error);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});

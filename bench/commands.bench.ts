/**
 * npm run bench:commands — the command path against bare HTTP + better-sqlite3, in one run.
 *
 * 1. HTTP: `POST /api/commands/hold-dialogue` (the fixtures' first dialogue, a new engagement id each time) to the
 *    ledger's server (`dist/src/main.js`, fixtures loaded, embedded store) at 1, 8 and 32 keep-alive connections,
 *    beside a bare Node HTTP server that parses the body and inserts one row per transaction (WAL,
 *    synchronous=FULL). Rounds alternate (ledger, bare, ledger, bare …); each figure is the median round.
 *    Acknowledged/s counts 201 answers; p50 and p99 are the latency of every request of the round.
 * 2. Import: 20,000 and 200,000 fixture-format commands (the fixtures' sources and parties, then hold-dialogue
 *    commands) through FixtureImporter, beside the store's own batched append rate: the same events, new ids,
 *    appended in batches of 100 into a fresh store.
 *
 * Run the compiled build: `npm run build && node dist/bench/commands.bench.js` (that is what the npm script does).
 * Environment: BENCH_ROUNDS (3), BENCH_SECONDS per round (5), BENCH_CONNECTIONS (1,8,32), BENCH_IMPORTS
 * (20000,200000; empty skips), BENCH_BEFORE (a checkout of another version, built: its server joins the HTTP
 * rounds as a third column, for a before/after in one run).
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPABILITIES } from '../src/capabilities';
import { ConfigModule } from '../src/config/config.module';
import { loadLedgerConfig } from '../src/config/ledger-config';
import { EventStoreModule } from '../src/event-store/event-store.module';
import { EVENT_STORE, EventStore } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { FixtureImporter } from '../src/importing-fixtures/fixture-importer';
import { ImportingFixturesModule } from '../src/importing-fixtures/importing-fixtures.module';
import { RecordingModule } from '../src/recording/recording.module';
import { TimeModule } from '../src/time/time.module';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,8,32').split(',').filter(Boolean).map(Number);
const IMPORTS = (process.env.BENCH_IMPORTS ?? '20000,200000').split(',').filter(Boolean).map(Number);

const dir = mkdtempSync(join(tmpdir(), 'ledger-commands-bench-'));

interface FixtureEntry {
  command: string;
  commandId: string;
  payload: Record<string, unknown>;
}

const dialogue = (JSON.parse(readFileSync(join(FIXTURES, '10-article-000-strategic-dialogue-2019.json'), 'utf8')) as FixtureEntry[]).find(
  (entry) => entry.command === 'hold-dialogue',
)!.payload;
const dialogueNumbered = (n: string) => ({ ...dialogue, engagementId: `bench-${n}` });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/health' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

interface Server {
  readonly name: string;
  readonly port: number;
  readonly headers: Record<string, string>;
  readonly child: ChildProcess;
}

async function startLedger(root = ROOT, name = 'ledger'): Promise<Server> {
  const port = await freePort();
  const key = `pl_${randomBytes(32).toString('base64url')}`;
  const keys = { keys: [{ name: 'bench', role: 'admin', sha256: createHash('sha256').update(key).digest('hex'), createdAt: new Date().toISOString(), revokedAt: null }] };
  const child = spawn(process.execPath, ['--max-semi-space-size=64', join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: { ...process.env, LEDGER_DATA_DIR: join(dir, `${name}-server`), PORT: String(port), HOST: '127.0.0.1', LEDGER_API_KEYS: JSON.stringify(keys), LEDGER_LOAD_FIXTURES: FIXTURES },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(port, child);
  return { name, port, headers: { Authorization: `Bearer ${key}` }, child };
}

async function startBare(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'bare-command-server.js'), join(dir, 'bare.sqlite'), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { name: 'bare', port, headers: {}, child };
}

interface Round {
  readonly acked: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

function post(agent: Agent, server: Server, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/commands/hold-dialogue',
        agent,
        headers: { ...server.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Idempotency-Key': randomUUID() },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `connections` loops, each sending one request after another on its own keep-alive socket, for `seconds`. */
async function load(server: Server, connections: number, seconds: number): Promise<Round> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const body = JSON.stringify(dialogueNumbered(randomUUID()));
        const sent = performance.now();
        const status = await post(agent, server, body);
        if (status === 201) latencies.push(performance.now() - sent);
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return { acked: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), failed };
}

function medians(rounds: Round[]) {
  return { perSecond: median(rounds.map((r) => r.perSecond)), p50: median(rounds.map((r) => r.p50)), p99: median(rounds.map((r) => r.p99)) };
}

async function httpBench(): Promise<string[]> {
  const ledger = await startLedger();
  const bare = await startBare();
  const before = process.env.BENCH_BEFORE ? await startLedger(process.env.BENCH_BEFORE, 'before') : null;
  const rows: string[] = [];
  try {
    // Warm-up: JIT, SQLite caches, the ledger's read model catching up on the fixtures.
    for (const server of [ledger, bare, ...(before ? [before] : [])]) await load(server, 8, 2);
    for (const connections of CONNECTIONS) {
      const ours: Round[] = [];
      const theirs: Round[] = [];
      const earlier: Round[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        ours.push(await load(ledger, connections, SECONDS));
        theirs.push(await load(bare, connections, SECONDS));
        if (before) earlier.push(await load(before, connections, SECONDS));
      }
      const o = medians(ours);
      const b = medians(theirs);
      const failed = [...ours, ...theirs, ...earlier].reduce((sum, r) => sum + r.failed, 0);
      const e = before ? medians(earlier) : null;
      const row =
        `| ${connections} | ${fmt(o.perSecond)} | ${o.p50.toFixed(1)} / ${o.p99.toFixed(1)} ms | ${fmt(b.perSecond)} | ` +
        `${b.p50.toFixed(1)} / ${b.p99.toFixed(1)} ms | ${pct(o.perSecond / b.perSecond)} |` +
        (e ? ` ${fmt(e.perSecond)} (${pct(e.perSecond / b.perSecond)}), ${e.p50.toFixed(1)} / ${e.p99.toFixed(1)} ms |` : '') +
        ` rounds ours ${ours.map((r) => fmt(r.perSecond)).join(', ')}; bare ${theirs.map((r) => fmt(r.perSecond)).join(', ')}` +
        (e ? `; before ${earlier.map((r) => fmt(r.perSecond)).join(', ')}` : '') +
        (failed ? `; ${failed} not 201` : '');
      console.log(row);
      rows.push(row);
    }
  } finally {
    for (const server of [ledger, bare, ...(before ? [before] : [])]) {
      server.child.kill('SIGTERM');
      if (server.child.exitCode === null) await once(server.child, 'exit');
    }
  }
  return rows;
}

/** A fixtures directory: the fixtures' sources and parties, then `count` hold-dialogue commands in files of 10,000. */
function importDirectory(count: number): string {
  const target = join(dir, `import-${count}`);
  mkdirSync(target, { recursive: true });
  for (const file of ['00-sources.json', '01-parties.json']) copyFileSync(join(FIXTURES, file), join(target, file));
  // The documents the sources register (the importer reads each source's text from here).
  cpSync(join(FIXTURES, 'sources'), join(target, 'sources'), { recursive: true });
  for (let from = 0, file = 0; from < count; from += 10_000, file++) {
    const entries = Array.from({ length: Math.min(10_000, count - from) }, (_, i) => ({
      command: 'hold-dialogue',
      commandId: randomUUID(),
      payload: dialogueNumbered(String(from + i)),
    }));
    writeFileSync(join(target, `50-bench-${String(file).padStart(3, '0')}.json`), JSON.stringify(entries));
  }
  return target;
}

async function importOnce(source: string, dataDir: string): Promise<{ perSecond: number; commands: number; store: SqliteEventStore }> {
  const config = loadLedgerConfig({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir });
  const context: INestApplicationContext = await NestFactory.createApplicationContext(
    { module: class BenchImport {}, imports: [ConfigModule.forConfig(config), TimeModule.forRoot(), EventStoreModule, RecordingModule.forCapabilities(CAPABILITIES), ImportingFixturesModule] },
    { logger: false },
  );
  try {
    const started = performance.now();
    const report = await context.get(FixtureImporter).importDirectory(source, 'bench');
    const seconds = (performance.now() - started) / 1000;
    const store = context.get<EventStore>(EVENT_STORE) as SqliteEventStore;
    const copy = SqliteEventStore.open({ file: store.file });
    return { perSecond: report.commands / seconds, commands: report.commands, store: copy };
  } finally {
    await context.close();
  }
}

/** The imported events again, with new ids, in batches of 100 into a fresh store: the store's batched rate. */
async function storeBatched(imported: SqliteEventStore, name: string): Promise<number> {
  const events = (await imported.readAll()).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
  const store = SqliteEventStore.open({ file: join(dir, `${name}.sqlite`) });
  const started = performance.now();
  for (let from = 0, n = 0; from < events.length; from += 100, n++) {
    await store.append(`batch-${n}`, events.slice(from, from + 100).map((e) => ({ ...e, id: randomUUID() })), 'no_stream');
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return events.length / seconds;
}

async function importBench(): Promise<string[]> {
  const rows: string[] = [];
  for (const count of IMPORTS) {
    const source = importDirectory(count);
    const ours: number[] = [];
    const theirs: number[] = [];
    const rounds = count > 50_000 ? 1 : ROUNDS;
    for (let round = 0; round < rounds; round++) {
      const { perSecond, commands, store } = await importOnce(source, join(dir, `import-data-${count}-${round}`));
      ours.push(perSecond);
      theirs.push(await storeBatched(store, `batched-${count}-${round}`));
      await store.close();
      if (round === 0 && commands !== count + countEntries(source, ['00-sources.json', '01-parties.json'])) throw new Error(`imported ${commands} commands`);
    }
    const row = `| import ${fmt(count)} | ${fmt(median(ours))} /s | ${fmt(median(theirs))} /s | ${pct(median(ours) / median(theirs))} | rounds ours ${ours.map(fmt).join(', ')}; batched ${theirs.map(fmt).join(', ')}`;
    console.log(row);
    rows.push(row);
  }
  return rows;
}

function countEntries(source: string, files: string[]): number {
  return files.reduce((sum, file) => sum + (JSON.parse(readFileSync(join(source, file), 'utf8')) as unknown[]).length, 0);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${ROUNDS} rounds of ${SECONDS} s, connections ${CONNECTIONS.join('/')}, imports ${IMPORTS.join('/')}`);
  console.log(`| connections | ledger acked/s | ledger p50 / p99 | bare acked/s | bare p50 / p99 | ratio |${process.env.BENCH_BEFORE ? ' before: acked/s (ratio), p50 / p99 |' : ''}`);
  await httpBench();
  console.log('| import | ledger | store batched (100/append) | ratio |');
  await importBench();
}

main()
  .catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));

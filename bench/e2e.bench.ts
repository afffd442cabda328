/**
 * npm run bench:e2e — what a person waits for, end to end, on one synthetic ledger (BENCH_EVENTS, default
 * 1,000,000, with valid hash chains), each beside a bare loop over the same rows in the same run: the real server
 * (`dist/src/main.js`) started cold, `ledger rebuild --no-save`, `ledger verify` and `ledger export` as child
 * processes, `GET /api/commitments` from 8 connections beside the same bytes served by a bare HTTP server, and
 * `GET /api/state` one at a time and 8 at once. Rounds alternate ledger and bare (BENCH_ROUNDS, default 3);
 * medians are reported. The library rebuild (subscribeToAll into the model, in this process) is reported too,
 * by wall time and per CPU-second, as the yardstick for the server's cold start.
 */
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKeysFile } from '../src/auth/keys-file';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { TemporalLedger } from '../src/read-models/temporal-ledger';
import { writeSyntheticLedgerFile } from './synthetic-ledger';
import { foldUntilCaughtUp } from './fold-until-caught-up';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 8;
const HTTP_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

const now = () => performance.now();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bare loop: rows in order, data and metadata parsed (what the ledger's full reads parse), optionally hashed. */
let bareCpuSeconds = 0;

function bareRead(file: string, hash: boolean): number {
  const cpu = process.cpuUsage();
  const start = now();
  const db = new Database(file, { readonly: true });
  const select = db.prepare('SELECT position, stream, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 10000');
  let from = 0;
  let count = 0;
  let sum = 0;
  for (;;) {
    const rows = select.all(from) as { position: number; stream: string; type: string; data: string; metadata: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const data = JSON.parse(row.data) as { occurredOn?: string };
      JSON.parse(row.metadata);
      if (hash) sum += createHash('sha256').update(row.stream).update(row.type).update(row.data).update(row.metadata).digest()[0]!;
      sum += data.occurredOn ? 1 : 0;
    }
    count += rows.length;
    from = rows[rows.length - 1]!.position;
  }
  db.close();
  if (sum < 0 || count !== EVENTS) throw new Error(`bare loop read ${count} events`);
  const used = process.cpuUsage(cpu);
  bareCpuSeconds = (used.user + used.system) / 1e6;
  return (now() - start) / 1000;
}

/** The library rebuild: follow the store until caught up, folding into the model, in this process. */
async function libraryRebuild(file: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const store = SqliteEventStore.open({ file });
  const ledger = new TemporalLedger();
  const cpu = process.cpuUsage();
  const start = now();
  await foldUntilCaughtUp(store, ledger);
  const seconds = (now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await store.close();
  if (ledger.current.eventCount !== EVENTS) throw new Error('library rebuild folded too few events');
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

function run(command: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; code: number; stdout: string; stderr: string }> {
  const start = now();
  const child = spawn(process.execPath, command, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ seconds: (now() - start) / 1000, code: code ?? -1, stdout, stderr })));
}

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
/** /health probes have a connection of their own: behind the load's sockets they would time the client's queue. */
const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number, path: string, key?: string): Promise<{ status: number; body: Buffer; ms: number }> {
  const start = now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: path === '/health' ? probeAgent : agent, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: now() - start }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** HTTP_REQUESTS requests from CONNECTIONS connections: requests per second and p99 latency. */
async function load(port: number, path: string, key?: string): Promise<{ perSecond: number; p99: number }> {
  const latencies: number[] = [];
  let issued = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (issued++ < HTTP_REQUESTS) {
        const answer = await get(port, path, key);
        if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
        latencies.push(answer.ms);
      }
    }),
  );
  return { perSecond: HTTP_REQUESTS / ((now() - start) / 1000), p99: percentile(latencies, 99) };
}

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  /** From spawn: the first /health answer, and /health saying the model is caught up (seconds). */
  readonly firstHealth: number;
  readonly caughtUp: number;
  /** The slowest /health answer while catching up (ms). */
  readonly slowestHealth: number;
}

async function startServer(dataDir: string, port: number): Promise<Server> {
  const start = now();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', MAIN], {
    env: { ...process.env, LEDGER_DATA_DIR: dataDir, PORT: String(port), LEDGER_STORE: 'sqlite' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let firstHealth = 0;
  let slowestHealth = 0;
  for (;;) {
    try {
      const answer = await get(port, '/health');
      if (firstHealth === 0) firstHealth = (now() - start) / 1000;
      else slowestHealth = Math.max(slowestHealth, answer.ms);
      const health = JSON.parse(answer.body.toString()) as { status: string };
      if (health.status === 'ok') return { child, port, firstHealth, caughtUp: (now() - start) / 1000, slowestHealth };
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  const closed = new Promise((resolve) => child.on('close', resolve));
  child.kill('SIGTERM');
  await closed;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const file = join(dataDir, 'ledger.sqlite');
  try {
    let start = now();
    await writeSyntheticLedgerFile(dataDir, { events: EVENTS, chains: true });
    console.log(`${EVENTS} events written in ${((now() - start) / 1000).toFixed(1)} s; ${ROUNDS} rounds, ledger and bare alternating`);
    const { auditor: key } = writeKeysFile(dataDir, [{ name: 'auditor', role: 'auditor' }]);
    const env = { LEDGER_DATA_DIR: dataDir, LEDGER_STORE: 'sqlite' };
    const rows: Record<string, number[]> = {};
    const note = (name: string, value: number) => (rows[name] ??= []).push(value);

    for (let round = 0; round < ROUNDS; round++) {
      note('bare read+parse s', bareRead(file, false));
      note('bare read+parse cpu s', bareCpuSeconds);
      const library = await libraryRebuild(file);
      note('library rebuild s', library.seconds);
      note('library rebuild cpu s', library.cpuSeconds);
      note('bare read+parse+sha256 s', bareRead(file, true));

      const rebuild = await run([CLI, 'rebuild', '--no-save', '--json', '--no-progress'], env);
      if (rebuild.code !== 0) throw new Error(`rebuild: ${rebuild.stderr}`);
      note('cli rebuild s', rebuild.seconds);
      const verify = await run([CLI, 'verify', '--json', '--no-progress'], env);
      if (verify.code !== 0) throw new Error(`verify exited ${verify.code}: ${verify.stdout.slice(0, 500)} ${verify.stderr.slice(0, 500)}`);
      note('cli verify s', verify.seconds);
      const exportFile = join(dataDir, `export-${round}.ndjson`);
      const exported = await run([CLI, 'export', '--out', exportFile, '--no-progress'], env);
      if (exported.code !== 0) throw new Error(`export: ${exported.stderr}`);
      note('cli export s', exported.seconds);
      rmSync(exportFile, { force: true });

      const server = await startServer(dataDir, 3900 + round);
      note('server first /health s', server.firstHealth);
      note('server caught up s', server.caughtUp);
      note('slowest /health while catching up ms', server.slowestHealth);
      try {
        const path = '/api/commitments?asOf=2030-01-01';
        const sample = await get(server.port, path, key);
        const ledgerLoad = await load(server.port, path, key);
        const bytes = sample.body;
        const bare = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(bytes));
        await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
        const bareLoad = await load((bare.address() as AddressInfo).port, path);
        bare.close();
        note('commitments bytes', bytes.length);
        note('commitments req/s', ledgerLoad.perSecond);
        note('commitments p99 ms', ledgerLoad.p99);
        note('same bytes served bare req/s', bareLoad.perSecond);

        const state = await get(server.port, '/api/state?asOf=2030-01-01', key);
        note('state bytes', state.body.length);
        note('state one ms', state.ms);
        let slowest = 0;
        let probing = true;
        const probe = (async () => {
          while (probing) {
            slowest = Math.max(slowest, (await get(server.port, '/health')).ms);
            await sleep(10);
          }
        })();
        start = now();
        const eight = await Promise.all(Array.from({ length: CONNECTIONS }, () => get(server.port, '/api/state?asOf=2030-01-01', key)));
        note('state 8 at once s', (now() - start) / 1000);
        probing = false;
        await probe;
        if (eight.some((answer) => answer.status !== 200)) throw new Error('state answered other than 200');
        note('slowest /health during 8 states ms', slowest);
        note('server RSS after MB', rssMb(server.child.pid!));
      } finally {
        await stop(server.child);
      }
    }

    const m = (name: string) => median(rows[name]!);
    const rate = (seconds: number) => Math.round(EVENTS / seconds).toLocaleString('en');
    const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
    const bare = m('bare read+parse s');
    const bareHash = m('bare read+parse+sha256 s');
    console.log('\nmedians of', ROUNDS, 'rounds');
    console.log(`| what a person does | ledger | bare loop, same rows | ratio |`);
    console.log(`|---|---|---|---|`);
    console.log(`| start the server (no checkpoint) | first /health ${m('server first /health s').toFixed(1)} s, caught up ${m('server caught up s').toFixed(1)} s = ${rate(m('server caught up s'))}/s; slowest /health meanwhile ${m('slowest /health while catching up ms').toFixed(0)} ms | read+parse ${bare.toFixed(1)} s = ${rate(bare)}/s | ${pct(bare, m('server caught up s'))}; ${(m('server caught up s') / m('library rebuild s')).toFixed(2)}× the library rebuild |`);
    console.log(`| library rebuild (in process) | ${m('library rebuild s').toFixed(1)} s = ${rate(m('library rebuild s'))}/s; ${rate(m('library rebuild cpu s'))} per CPU-second | read+parse ${rate(bare)}/s (one thread) | ${pct(bare, m('library rebuild s'))} by wall time, ${pct(m('bare read+parse cpu s'), m('library rebuild cpu s'))} per CPU-second (bare ${rate(m('bare read+parse cpu s'))} per CPU-second) |`);
    console.log(`| \`ledger rebuild --no-save\` | ${m('cli rebuild s').toFixed(1)} s = ${rate(m('cli rebuild s'))}/s | read+parse ${rate(bare)}/s | ${pct(bare, m('cli rebuild s'))} |`);
    console.log(`| \`ledger verify\` | ${m('cli verify s').toFixed(1)} s = ${rate(m('cli verify s'))}/s | read+parse+sha256 ${rate(bareHash)}/s | ${pct(bareHash, m('cli verify s'))} |`);
    console.log(`| \`ledger export\` | ${m('cli export s').toFixed(1)} s = ${rate(m('cli export s'))}/s | read+parse ${rate(bare)}/s | ${pct(bare, m('cli export s'))} |`);
    console.log(`| \`GET /api/commitments\` (${Math.round(m('commitments bytes') / 1024)} KB), ${CONNECTIONS} connections | ${Math.round(m('commitments req/s'))}/s, p99 ${m('commitments p99 ms').toFixed(0)} ms | same bytes served plainly ${Math.round(m('same bytes served bare req/s'))}/s | ${pct(m('commitments req/s'), m('same bytes served bare req/s'))} |`);
    console.log(`| \`GET /api/state\` | ${Math.round(m('state bytes') / 1024)} KB in ${m('state one ms').toFixed(0)} ms; 8 at once ${m('state 8 at once s').toFixed(1)} s, slowest /health meanwhile ${m('slowest /health during 8 states ms').toFixed(0)} ms, server RSS ${Math.round(m('server RSS after MB'))} MB | — | — |`);
    console.log('\nall rounds:', JSON.stringify(rows));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    agent.destroy();
    probeAgent.destroy();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

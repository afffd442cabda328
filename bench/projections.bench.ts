/**
 * npm run bench:projections — read models over synthetic ledgers of 100,000 and 1,000,000 events in the
 * embedded store, in one run: full rebuild next to a bare read + JSON.parse + sum loop over the same rows,
 * latency of valid-time (asOf) and recorded-time (knownAt) queries, and resident memory per event.
 * BENCH_SIZES=100000,1000000 chooses the ledgers; BENCH_QUERIES the number of queries of each kind.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitmentsAt } from '../projections/commitments/commitments';
import { LedgerState } from '../projections/ledger/ledger-state';
import { officesPageAt } from '../projections/offices/offices';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { TemporalLedger } from '../src/read-models/temporal-ledger';
import { writeSyntheticLedger } from './synthetic-ledger';
import { foldUntilCaughtUp } from './fold-until-caught-up';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

let seed = 1;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

/** Events per CPU-second of each round (the process's CPU time: the rebuild's reader thread counts too). */
let rebuildCpu: number[] = [];
let bareCpu: number[] = [];

function bareLoop(file: string): number {
  const db = new Database(file, { readonly: true });
  const select = db.prepare('SELECT position, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 10000');
  let from = 0;
  let count = 0;
  let sum = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (;;) {
    const rows = select.all(from) as { position: number; data: string; metadata: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const data = JSON.parse(row.data) as { occurredOn?: string };
      JSON.parse(row.metadata);
      sum += data.occurredOn ? data.occurredOn.length : 1;
    }
    count += rows.length;
    from = rows[rows.length - 1]!.position;
  }
  const seconds = ms(start) / 1000;
  const used = process.cpuUsage(cpu);
  bareCpu.push(count / ((used.user + used.system) / 1e6));
  db.close();
  if (sum < 0) throw new Error('unreachable');
  return count / seconds;
}

/**
 * What the server does on a cold start: follow the store from the beginning until caught up, folding each event
 * straight into the model (the server's follower does the same until it is caught up). Two threads (the reader
 * thread and the fold) against the bare loop's one: `rebuildCpu` is events per CPU-second of the process.
 */
async function rebuild(store: SqliteEventStore, ledger: TemporalLedger): Promise<number> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await foldUntilCaughtUp(store, ledger);
  const seconds = ms(start) / 1000;
  const used = process.cpuUsage(cpu);
  rebuildCpu.push(ledger.current.eventCount / ((used.user + used.system) / 1e6));
  return ledger.current.eventCount / seconds;
}


function randomDay(): string {
  const year = 2000 + Math.floor(random() * 30);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

async function measure(size: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-projections-'));
  const file = join(dir, 'ledger.sqlite');
  try {
    const writer = SqliteEventStore.open({ file });
    const writeStart = process.hrtime.bigint();
    await writeSyntheticLedger(writer, { events: size, seed: 11, batch: 5000 });
    const writeSeconds = ms(writeStart) / 1000;
    await writer.close();

    const store = SqliteEventStore.open({ file });
    // Alternate bare and ledger rounds; keep the median of three each.
    const bare: number[] = [];
    const ours: number[] = [];
    rebuildCpu = [];
    bareCpu = [];
    let ledger = new TemporalLedger();
    for (let round = 0; round < 3; round++) {
      bare.push(bareLoop(file));
      ledger = new TemporalLedger();
      global.gc?.();
      ours.push(await rebuild(store, ledger));
    }
    global.gc?.();
    const rss = process.memoryUsage().rss;
    const heap = process.memoryUsage().heapUsed;
    const state: LedgerState = ledger.current;

    // What GET /api/commitments and /api/offices do: a first page of 100 items, totals over all of them.
    // The server builds the current-state sums once it has caught up; so does this, before timing queries.
    const index = ledger.validTimeIndex;
    const prepareStart = process.hrtime.bigint();
    index.prepare();
    const prepareMs = ms(prepareStart);
    const page = { limit: 100 };
    // Warm up the query code (JIT) before timing, as a server that has answered a few requests would be.
    for (let i = 0; i < 50; i++) {
      const day = randomDay();
      commitmentsAt(state, { asOf: day, page }, index);
      officesPageAt(state, day, page, index);
    }
    const asOf: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const day = randomDay();
      const start = process.hrtime.bigint();
      commitmentsAt(state, { asOf: day, page }, index);
      officesPageAt(state, day, page, index);
      asOf.push(ms(start));
    }
    const all = await store.readAll({ maxCount: 1 });
    const first = all[0]!.position;
    const last = state.position!;
    const knownAt: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const position = first + BigInt(Math.floor(random() * Number(last - first)));
      const day = randomDay();
      const start = process.hrtime.bigint();
      const known = ledger.stateAt(position);
      commitmentsAt(known, { asOf: day, page }, index);
      knownAt.push(ms(start));
    }
    await store.close();
    const median = (values: number[]) => percentile(values, 50);
    return {
      size,
      writeSeconds,
      rebuild: median(ours),
      bare: median(bare),
      rebuildPerCpu: median(rebuildCpu),
      barePerCpu: median(bareCpu),
      asOfP50: percentile(asOf, 50),
      asOfP99: percentile(asOf, 99),
      knownAtP50: percentile(knownAt, 50),
      knownAtP99: percentile(knownAt, 99),
      prepareMs,
      rssPerEvent: rss / size,
      heapPerEvent: heap / size,
      entities: state.entities.size,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`projections benchmark — node ${process.version}; ${new Date().toISOString()}; ${QUERIES} queries of each kind`);
  let allMet = true;
  for (const size of SIZES) {
    const r = await measure(size);
    const ratio = r.rebuild / r.bare;
    const checks = [
      ['rebuild ≥ 50% of bare loop', ratio >= 0.5],
      ['rebuild ≥ 200,000 events/s', r.rebuild >= 200_000],
      ...(size >= 1_000_000
        ? ([
            ['asOf p99 ≤ 5 ms', r.asOfP99 <= 5],
            ['knownAt p99 ≤ 50 ms', r.knownAtP99 <= 50],
          ] as const)
        : []),
    ] as const;
    console.log(`\n${size.toLocaleString('en-US')} events (${r.entities.toLocaleString('en-US')} entities; written in ${r.writeSeconds.toFixed(1)} s)`);
    console.log(`  full rebuild          ${Math.round(r.rebuild).toLocaleString('en-US').padStart(10)} events/s`);
    console.log(`  bare read+parse+sum   ${Math.round(r.bare).toLocaleString('en-US').padStart(10)} events/s   ratio ${(ratio * 100).toFixed(0)}%`);
    console.log(
      `  per CPU-second        ${Math.round(r.rebuildPerCpu).toLocaleString('en-US')} (rebuild, two threads) vs ${Math.round(r.barePerCpu).toLocaleString('en-US')} (bare, one)   ratio ${((r.rebuildPerCpu / r.barePerCpu) * 100).toFixed(0)}%`,
    );
    console.log(`  current-state sums built once caught up in ${r.prepareMs.toFixed(0)} ms`);
    console.log(`  asOf query (commitments + offices)  p50 ${r.asOfP50.toFixed(2)} ms   p99 ${r.asOfP99.toFixed(2)} ms`);
    console.log(`  knownAt query (view + commitments)  p50 ${r.knownAtP50.toFixed(2)} ms   p99 ${r.knownAtP99.toFixed(2)} ms`);
    console.log(`  memory per event      rss ${r.rssPerEvent.toFixed(0)} B   heap ${r.heapPerEvent.toFixed(0)} B`);
    for (const [name, met] of checks) {
      console.log(`  ${met ? 'met ' : 'MISS'} ${name}`);
      allMet &&= met;
    }
  }
  process.exitCode = allMet ? 0 : 1;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

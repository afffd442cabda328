/**
 * npm run bench:verify — `verify` (SealService: the SQLite file check, every chain, every seal and its entry tags)
 * against a bare read of the same log through the store port (readLog, nothing checked), on a synthetic ledger of
 * BENCH_VERIFY_EVENTS events (default 100,000), sealed once at the end (the seal then holds an entry tag for every
 * event, the most a seal ever holds).
 * Rounds alternate (bare, verify, bare, verify …) and the medians are kept, so a noisy neighbour slows both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SealService } from '../src/auditing/seal.service';
import { loadLedgerConfig } from '../src/config/ledger-config';
import { readLog } from '../src/event-store/log-reader';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { systemClock } from '../src/time/clock';
import { EventStore, EventToAppend, JsonObject } from '../src/event-store/event-store.port';
import { GENESIS_HASH, chainHash } from '../src/events/envelope';
import { syntheticEvents } from './synthetic-ledger';

const EVENTS = Number(process.env.BENCH_VERIFY_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The synthetic ledger, each event chained to its stream's previous one as the envelope chains it. */
async function writeChainedLedger(store: EventStore, events: number): Promise<number> {
  const heads = new Map<string, { revision: bigint; hash: string }>();
  let pending = new Map<string, EventToAppend[]>();
  let size = 0;
  let written = 0;
  const flush = async () => {
    for (const [stream, batch] of pending) await store.append(stream, batch, 'any');
    written += size;
    pending = new Map();
    size = 0;
  };
  for (const { stream, event } of syntheticEvents({ events, seed: 7 })) {
    const head = heads.get(stream);
    const revision = head ? head.revision + 1n : 0n;
    const prev = head ? head.hash : GENESIS_HASH;
    const { chain: _none, ...metadata } = event.metadata as JsonObject;
    const hash = chainHash(prev, { stream, revision, type: event.type, data: event.data, metadata });
    heads.set(stream, { revision, hash });
    pending.set(stream, [...(pending.get(stream) ?? []), { ...event, metadata: { ...metadata, chain: { prev, hash } } }]);
    if (++size >= 1000) await flush();
  }
  await flush();
  return written;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-verify-bench-'));
  try {
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir });
    const store = SqliteEventStore.open({ file: config.sqliteFile });
    const seals = new SealService(store, config, systemClock);
    const written = await writeChainedLedger(store, EVENTS);
    await seals.seal({ actor: 'bench' });
    const sealCount = 1;
    process.stderr.write(`written ${written} events and a seal\n`);
    const bare: number[] = [];
    const verified: number[] = [];
    let checked = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let start = process.hrtime.bigint();
      let read = 0;
      for await (const _event of readLog(store)) read++;
      bare.push(Number(process.hrtime.bigint() - start) / 1e6);
      start = process.hrtime.bigint();
      const report = await seals.verify();
      verified.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (!report.ok) throw new Error(`verify found a break in an untouched ledger: ${report.broken?.message}`);
      checked = report.summary.events;
      if (read !== checked) throw new Error(`read ${read} events, verified ${checked}`);
    }
    const bareMs = median(bare);
    const verifyMs = median(verified);
    const rate = (ms: number) => Math.round(checked / (ms / 1000)).toLocaleString('en');
    process.stdout.write(
      `${checked.toLocaleString('en')} events, ${sealCount} seals, ${ROUNDS} alternating rounds (medians)\n` +
        `  bare read (readLog)  ${bareMs.toFixed(0)} ms  ${rate(bareMs)} events/s\n` +
        `  verify               ${verifyMs.toFixed(0)} ms  ${rate(verifyMs)} events/s  (${((bareMs / verifyMs) * 100).toFixed(0)}% of the bare read's rate)\n` +
        `  heap after           ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB\n`,
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

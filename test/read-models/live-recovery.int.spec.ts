import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { writeSyntheticLedger } from '../../bench/synthetic-ledger';
import { evolve, initialLedgerState } from '../../projections/ledger-state';
import { stateJson } from '../support/state-json';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { startLedgerApp } from '../support/ledger-app';
import { makeTempDir } from '../support/temp-dir';
import { spawnTs } from '../support/ts-child';

async function fullRebuild(file: string) {
  const store = SqliteEventStore.open({ file });
  try {
    return (await store.readAll()).reduce(evolve, initialLedgerState());
  } finally {
    await store.close();
  }
}

describe('live read model recovery', () => {
  const EVENTS = 30_000;
  const dir = makeTempDir('recovery');
  const file = join(dir.path, 'ledger.sqlite');
  const checkpoint = join(dir.path, 'read-models', 'ledger.checkpoint.jsonl');
  const env = { LEDGER_CHECKPOINT_EVERY: '1000' };

  beforeAll(async () => {
    const store = SqliteEventStore.open({ file });
    await writeSyntheticLedger(store, { events: EVENTS, seed: 7 });
    await store.close();
  });
  afterAll(() => dir.remove());

  it('resumes after kill -9 during catch-up into the same model a full rebuild gives', async () => {
    const child = spawnTs('test/read-models/children/follow-ledger.ts', [], { ...env, LEDGER_DATA_DIR: dir.path });
    const exited = once(child, 'close');
    // Kill the moment the first checkpoint lands: the model is then part-way through its catch-up.
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (existsSync(checkpoint)) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > 60_000) {
          clearInterval(poll);
          reject(new Error('no checkpoint was written'));
        }
      }, 2);
    });
    child.kill('SIGKILL');
    await exited;
    // The checkpoint's first line is its header.
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8').split('\n', 1)[0]!) as { eventCount: number };
    expect(saved.eventCount).toBeGreaterThan(0);
    expect(saved.eventCount).toBeLessThan(EVENTS);

    const ledger = await startLedgerApp({ dataDir: dir.path, env });
    try {
      const live = ledger.app.get(LiveLedger);
      expect(live.current.eventCount).toBe(EVENTS);
      const rebuilt = await fullRebuild(file);
      expect(stateJson(live.current)).toEqual(stateJson(rebuilt));
    } finally {
      await ledger.app.close();
    }
  });

  it('answers a recorded-time question about history before its checkpoint as a full replay would', async () => {
    const ledger = await startLedgerApp({ dataDir: dir.path, env });
    try {
      const live = ledger.app.get(LiveLedger);
      const store = SqliteEventStore.open({ file });
      const all = await store.readAll();
      await store.close();
      for (const cut of [0, 999, 1000, 12_345, EVENTS - 2]) {
        const position = all[cut]!.position;
        const expected = all.slice(0, cut + 1).reduce(evolve, initialLedgerState());
        const { state } = await live.knownAt(position);
        expect(stateJson(state)).toEqual(stateJson(expected));
        const byTime = await live.knownAt(new Date(all[cut]!.recordedAt.getTime()));
        expect(byTime.position! >= position).toBe(true);
      }
    } finally {
      await ledger.app.close();
    }
  });
});

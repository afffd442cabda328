import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { evolve, initialLedgerState } from '../../projections/ledger/ledger-state';
import { stateJson } from '../support/state-json';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { startLedgerApp } from '../support/ledger-app';
import { makeTempDir } from '../support/temp-dir';
import { writeLargeLedger } from '../support/large-ledger';
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
  const env = {};

  beforeAll(async () => {
    await writeLargeLedger(dir.path, EVENTS);
  }, 120_000);
  afterAll(() => dir.remove());

  it('after kill -9 during catch-up, a restart folds the whole log into the model a full rebuild gives', async () => {
    const child = spawnTs('test/read-models/children/follow-ledger.ts', [], { ...env, LEDGER_DATA_DIR: dir.path });
    const exited = once(child, 'close');
    // Kill as soon as it has started: the model is then part-way through its catch-up (or just done).
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve());
      child.on('close', () => reject(new Error('the child ended before it started')));
    });
    child.kill('SIGKILL');
    await exited;
    // Nothing of the read model is kept on disk to resume from, or to disagree with the log.
    expect(existsSync(join(dir.path, 'read-models'))).toBe(false);

    const ledger = await startLedgerApp({ dataDir: dir.path, env });
    try {
      const live = ledger.app.get(LiveLedger);
      expect(live.current.eventCount).toBe(EVENTS);
      const rebuilt = await fullRebuild(file);
      expect(stateJson(live.current)).toEqual(stateJson(rebuilt));
    } finally {
      await ledger.app.close();
    }
  }, 120_000);

  it('answers a recorded-time question about any point of history as a full replay would', async () => {
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
  }, 120_000);
});

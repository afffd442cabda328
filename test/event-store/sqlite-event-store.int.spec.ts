import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { makeTempDir } from '../support/temp-dir';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('embedded SQLite', async () => {
  const dir = makeTempDir('contract');
  const store = SqliteEventStore.open({ file: join(dir.path, 'nested', 'ledger.sqlite'), pollIntervalMs: 20 });
  return {
    store,
    dispose: async () => {
      await store.close();
      dir.remove();
    },
  };
});

describe('embedded SQLite: a stream read again', () => {
  const dir = makeTempDir('stream-reads');
  afterAll(() => dir.remove());
  const event = (n: number) => ({ id: randomUUID(), type: 'ThingHappened', data: { n }, metadata: {} });

  it('shows what this store, another store on the same file, and a raw connection wrote since the last read', async () => {
    const file = join(dir.path, 'ledger.sqlite');
    const store = SqliteEventStore.open({ file });
    const other = SqliteEventStore.open({ file });
    try {
      await store.append('thing-1', [event(1)], 'no_stream');
      expect((await store.readStream('thing-1')).map((e) => e.data.n)).toEqual([1]);
      await store.appendMany([{ stream: 'thing-1', events: [event(2)], expectedRevision: 0n }]);
      expect((await store.readStream('thing-1')).map((e) => e.data.n)).toEqual([1, 2]);
      await other.append('thing-1', [event(3)], 1n);
      expect((await store.readStream('thing-1')).map((e) => e.data.n)).toEqual([1, 2, 3]);
      const raw = new Database(file);
      raw.prepare(`UPDATE events SET data = '{"n":30}' WHERE stream = 'thing-1' AND revision = 2`).run();
      raw.close();
      expect((await store.readStream('thing-1')).map((e) => e.data.n)).toEqual([1, 2, 30]);
      // What a caller does to the array it got does not change what the next read answers.
      (await store.readStream('thing-1')).pop();
      expect(await store.readStream('thing-1')).toHaveLength(3);
    } finally {
      await other.close();
      await store.close();
    }
  });
});

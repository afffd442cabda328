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

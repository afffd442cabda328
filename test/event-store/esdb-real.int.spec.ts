import { EsdbEventStore } from '../../src/event-store/eventstoredb/esdb-event-store';
import { describeEventStoreContract } from './event-store.contract';

/**
 * The same contract against a real EventStoreDB. It runs only through `npm run test:eventstoredb`, which sets
 * EVENTSTORE_CONNECTION_STRING; in the main test run this file is not collected at all (see jest.config.js),
 * so it is never counted as passing when it did not run.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (!connectionString) {
  throw new Error('EVENTSTORE_CONNECTION_STRING is not set: start EventStoreDB (docker compose up -d eventstoredb) and set it');
}

describeEventStoreContract(`real EventStoreDB at ${connectionString}`, async () => {
  const store = EsdbEventStore.connect(connectionString);
  return { store, dispose: () => store.close() };
});

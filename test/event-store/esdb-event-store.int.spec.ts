import { EsdbEventStore } from '../../src/event-store/eventstoredb/esdb-event-store';
import { startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { describeEventStoreContract } from './event-store.contract';

// EventStoreDB's own client, talking gRPC to an in-process server that speaks EventStoreDB's protocol.
describeEventStoreContract('EventStoreDB adapter (in-process protocol test server)', async () => {
  const server = await startEsdbTestServer();
  const store = EsdbEventStore.connect(server.connectionString);
  return {
    store,
    dispose: async () => {
      await store.close();
      await server.stop();
    },
  };
});

import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { EsdbEventStore } from './eventstoredb/esdb-event-store';
import { EVENT_STORE, EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** How long the ledger waits at start for an EventStoreDB leader. */
const LEADER_WAIT_MS = 30_000;

export function openEventStore(config: LedgerConfig): EventStore {
  if (config.store === 'eventstoredb') return EsdbEventStore.connect(config.eventStoreConnectionString!);
  return SqliteEventStore.open({ file: config.sqliteFile });
}

/** Provides the configured store under EVENT_STORE to the whole application and closes it on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [LEDGER_CONFIG],
      useFactory: async (config: LedgerConfig) => {
        const store = openEventStore(config);
        const logger = new Logger('EventStore');
        logger.log(config.store === 'sqlite' ? `embedded SQLite store at ${config.sqliteFile}` : 'EventStoreDB store');
        // Start only once a node leads (bounded): the read model's subscription and fixture loading need one.
        // If none does in time the ledger starts anyway and /health says "starting: no leader yet" until one does.
        if (store instanceof EsdbEventStore && !(await store.waitForLeader(LEADER_WAIT_MS))) {
          logger.warn(`no EventStoreDB leader after ${LEADER_WAIT_MS / 1000} s; starting anyway, /health reports 503 until one is elected`);
        }
        return store;
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

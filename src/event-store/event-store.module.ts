import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { EsdbEventStore } from './eventstoredb/esdb-event-store';
import { EVENT_STORE, EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

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
      useFactory: (config: LedgerConfig) => {
        const store = openEventStore(config);
        new Logger('EventStore').log(
          config.store === 'sqlite' ? `embedded SQLite store at ${config.sqliteFile}` : 'EventStoreDB store',
        );
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

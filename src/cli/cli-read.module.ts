import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { LiveLedger } from '../read-models/live-ledger';
import { READ_QUERY_HANDLERS } from '../read-models/read-query.handlers';
import { SOURCE_QUERY_HANDLERS } from '../read-models/source-queries';
import { ReadSide, cliLiveLedger } from './read-side';

/**
 * The read side as the CLI runs it: the server's query handlers on the QueryBus over a LiveLedger that the CLI folds
 * from the log itself (ReadSide), with no follower and no checkpoint. Needs EVENT_STORE (CliStoreModule) and CLOCK
 * (TimeModule).
 */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: LiveLedger, inject: [EVENT_STORE], useFactory: (store: EventStore) => cliLiveLedger(store) },
    ReadSide,
    ...READ_QUERY_HANDLERS,
    ...SOURCE_QUERY_HANDLERS,
  ],
  exports: [LiveLedger, ReadSide],
})
export class CliReadModule {}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'node:path';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { CLOCK, systemClock } from '../time/clock';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { ApplyRecordedEventHandler } from './apply-recorded-event.handler';
import { CheckpointFile } from './checkpoint-file';
import { LedgerFollower } from './ledger-follower.service';
import { LiveLedger } from './live-ledger';
import { READ_QUERY_HANDLERS } from './read-query.handlers';
import { ReadController } from './read.controller';
import { SOURCE_QUERY_HANDLERS } from './source-queries';
import { SourcesController } from './sources.controller';

@Module({
  imports: [CqrsModule],
  controllers: [ReadController, SourcesController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    {
      provide: LiveLedger,
      inject: [EVENT_STORE, LEDGER_CONFIG],
      useFactory: (store: EventStore, config: LedgerConfig) =>
        new LiveLedger(new CheckpointFile(join(config.dataDir, 'read-models', 'ledger.checkpoint.jsonl')), {
          checkpointEvery: config.checkpointEvery,
          checkpointDelayMs: 2_000,
        }),
    },
    LedgerFollower,
    ApplyRecordedEventHandler,
    ...READ_QUERY_HANDLERS,
    ...SOURCE_QUERY_HANDLERS,
  ],
  exports: [LiveLedger],
})
export class ReadModelsModule {}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
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
    { provide: LiveLedger, useFactory: () => new LiveLedger() },
    LedgerFollower,
    ...READ_QUERY_HANDLERS,
    ...SOURCE_QUERY_HANDLERS,
  ],
  exports: [LiveLedger],
})
export class ReadModelsModule {}

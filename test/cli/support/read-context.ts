import { INestApplicationContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { CliReadModule } from '../../../src/cli/cli-read.module';
import { CliStore, CliStoreModule } from '../../../src/cli/cli-store';
import { ReadSide } from '../../../src/cli/read-side';
import { ConfigModule } from '../../../src/config/config.module';
import { loadLedgerConfig } from '../../../src/config/ledger-config';
import { TimeModule } from '../../../src/time/time.module';

export interface ReadContext {
  readonly queries: QueryBus;
  readonly app: INestApplicationContext;
  close(): Promise<void>;
}

/** The CLI's read side in-process (the same modules `ledger <query>` runs), folded once, for many queries. */
export async function openReadContext(env: NodeJS.ProcessEnv): Promise<ReadContext> {
  const config = loadLedgerConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forConfig(config), TimeModule.forRoot(), CliStoreModule, CliReadModule] })
    .setLogger({ log() {}, error() {}, warn() {}, debug() {}, verbose() {} })
    .compile();
  const app = await moduleRef.init();
  app.get(CliStore).prepare({ create: false });
  await app.get(ReadSide).ready();
  return { queries: app.get(QueryBus), app, close: () => app.close() };
}

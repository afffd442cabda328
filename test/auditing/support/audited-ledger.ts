import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { AuditingModule } from '../../../src/auditing/auditing.module';
import { LogTransferService } from '../../../src/auditing/log-transfer.service';
import { SealService } from '../../../src/auditing/seal.service';
import { CAPABILITIES } from '../../../src/capabilities';
import { ConfigModule } from '../../../src/config/config.module';
import { LedgerConfig, loadLedgerConfig } from '../../../src/config/ledger-config';
import { EventStoreModule } from '../../../src/event-store/event-store.module';
import { EVENT_STORE, EventStore } from '../../../src/event-store/event-store.port';
import { FixtureImporter } from '../../../src/importing-fixtures/fixture-importer';
import { ImportingFixturesModule } from '../../../src/importing-fixtures/importing-fixtures.module';
import { CommandRegistry } from '../../../src/recording/command-registry';
import { RecordResult } from '../../../src/recording/ledger-command';
import { RecordingModule } from '../../../src/recording/recording.module';
import { TimeModule } from '../../../src/time/time.module';

export interface AuditedLedger {
  readonly app: INestApplicationContext;
  readonly config: LedgerConfig;
  readonly store: EventStore;
  readonly seals: SealService;
  readonly transfer: LogTransferService;
  readonly fixtures: FixtureImporter;
  record(command: string, commandId: string, payload: unknown, actor?: string): Promise<RecordResult>;
  close(): Promise<void>;
}

/** The write side, the fixture importer and the auditing services on the store LEDGER_* variables select. */
export async function openAuditedLedger(env: NodeJS.ProcessEnv): Promise<AuditedLedger> {
  const config = loadLedgerConfig(env);
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forConfig(config), TimeModule.forRoot(), EventStoreModule, RecordingModule.forCapabilities(CAPABILITIES), ImportingFixturesModule, AuditingModule],
  })
    .setLogger({ log() {}, error() {}, warn() {}, debug() {}, verbose() {} })
    .compile();
  const app = await moduleRef.init();
  const registry = app.get(CommandRegistry);
  const bus = app.get(CommandBus);
  return {
    app,
    config,
    store: app.get<EventStore>(EVENT_STORE),
    seals: app.get(SealService),
    transfer: app.get(LogTransferService),
    fixtures: app.get(FixtureImporter),
    record: (command, commandId, payload, actor = 'admin:test') => bus.execute(registry.toCommand(command, commandId, payload, actor)),
    close: () => app.close(),
  };
}

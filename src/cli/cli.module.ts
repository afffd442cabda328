import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditingModule } from '../auditing/auditing.module';
import { CAPABILITIES, COMMANDS } from '../capabilities';
import { ConfigModule } from '../config/config.module';
import { LedgerConfig } from '../config/ledger-config';
import { ImportingFixturesModule } from '../importing-fixtures/importing-fixtures.module';
import { RecordingModule } from '../recording/recording.module';
import { TimeModule } from '../time/time.module';
import { CliStoreModule } from './cli-store';
import { LEDGER_COMMANDS } from './commands/ledger.commands';
import { KeygenCommand } from './commands/keygen.command';
import { QUERY_COMMANDS } from './commands/query.commands';
import { recordCommandClasses } from './commands/record.commands';
import { SOURCE_COMMANDS } from './commands/source.commands';
import { ProgramSetup } from './program-setup';
import { CliReadModule } from './cli-read.module';
import { IatiModule } from '../iati/iati.module';
import { IATI_COMMANDS } from './commands/iati.commands';

/**
 * The CLI's application context: the server's write side (RecordingModule, FixtureImporter), its query handlers
 * on the QueryBus and the auditing services, without the HTTP server or the live follower. The store opens lazily.
 */
@Module({})
export class CliModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forConfig(config), TimeModule.forRoot(), CliStoreModule, CqrsModule, RecordingModule.forCapabilities(CAPABILITIES), ImportingFixturesModule, AuditingModule, CliReadModule, IatiModule.register({ readSide: CliReadModule, http: false })],
      providers: [
        ProgramSetup,
        ...QUERY_COMMANDS,
        ...SOURCE_COMMANDS,
        ...LEDGER_COMMANDS,
        KeygenCommand,
        ...recordCommandClasses(COMMANDS),
        ...IATI_COMMANDS,
      ],
    };
  }
}

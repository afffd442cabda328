import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { CAPABILITIES } from './capabilities';
import { CommandsHttpModule } from './commands-http/commands-http.module';
import { ConfigModule } from './config/config.module';
import { LedgerConfig } from './config/ledger-config';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthController } from './health/health.controller';
import { IatiModule } from './iati/iati.module';
import { ImportingFixturesModule } from './importing-fixtures/importing-fixtures.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { RecordingModule } from './recording/recording.module';
import { TimeModule } from './time/time.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forConfig(config), TimeModule.forRoot(), EventStoreModule, RecordingModule.forCapabilities(CAPABILITIES), ReadModelsModule, ImportingFixturesModule, WebModule, AuthModule, CommandsHttpModule, IatiModule.register({ readSide: ReadModelsModule, http: true })],
      controllers: [HealthController],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { LedgerConfig } from './config/ledger-config';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthController } from './health/health.controller';

@Module({})
export class AppModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forConfig(config), EventStoreModule],
      controllers: [HealthController],
    };
  }
}

import { DynamicModule, Global, Module } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from './ledger-config';

@Global()
@Module({})
export class ConfigModule {
  static forConfig(config: LedgerConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: LEDGER_CONFIG, useValue: config }], exports: [LEDGER_CONFIG] };
  }
}

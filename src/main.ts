import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { loadLedgerConfig } from './config/ledger-config';

async function bootstrap(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), { bufferLogs: false });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('Ledger').log(`listening on http://${config.host}:${config.port} (store: ${config.store})`);
}

bootstrap().catch((error: Error) => {
  new Logger('Ledger').error(error.message);
  process.exit(1);
});

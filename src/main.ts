import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { loadLedgerConfig } from './config/ledger-config';
import { configureApp } from './http/configure-app';
import { FixtureImporter } from './importing-fixtures/fixture-importer';

async function bootstrap(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config));
  configureApp(app);
  await app.init();
  if (config.loadFixtures) await app.get(FixtureImporter).importDirectory(config.loadFixtures);
  await app.listen(config.port, config.host);
  new Logger('Ledger').log(`listening on http://${config.host}:${config.port} (store: ${config.store}); API docs at /api/docs`);
}

bootstrap().catch((error: Error) => {
  new Logger('Ledger').error(error.message);
  process.exit(1);
});

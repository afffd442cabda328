/** Child process for the crash test: runs the application (live read models included) until killed. */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../src/app.module';
import { loadLedgerConfig } from '../../../src/config/ledger-config';

NestFactory.createApplicationContext(AppModule.forConfig(loadLedgerConfig()), { logger: false })
  .then(() => process.stdout.write('started\n'))
  .catch((error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });

import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { configureApp } from '../../src/http/configure-app';
import { FixtureImporter } from '../../src/importing-fixtures/fixture-importer';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { makeTempDir } from './temp-dir';

export const FIXTURES_DIR = join(__dirname, '..', '..', 'fixtures');

export interface LedgerApp {
  readonly app: INestApplication;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The whole application on a fresh embedded store in its own temporary data directory. */
export async function startLedgerApp(
  options: { fixtures?: boolean; dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<LedgerApp> {
  const temp = options.dataDir ? null : makeTempDir('app');
  const dataDir = options.dataDir ?? temp!.path;
  const config = loadLedgerConfig({ ...options.env, LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: dataDir });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forConfig(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureApp(app);
  await app.init();
  if (options.fixtures) {
    const report = await app.get(FixtureImporter).importDirectory(FIXTURES_DIR);
    if (report.lastPosition !== null) await app.get(LiveLedger).waitFor(report.lastPosition);
  }
  await app.get(LiveLedger).whenCaughtUp();
  return {
    app,
    dataDir,
    close: async () => {
      await app.close();
      temp?.remove();
    },
  };
}

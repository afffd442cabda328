import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { NewKeySpec } from '../../src/auth/api-key';
import { writeKeysFile } from '../../src/auth/keys-file';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { configureApp } from '../../src/http/configure-app';
import { FixtureImporter } from '../../src/importing-fixtures/fixture-importer';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { makeTempDir } from './temp-dir';

export const FIXTURES_DIR = join(__dirname, '..', '..', 'fixtures');

/** The keys every app started here gets unless a test says otherwise: one per role, named after it. */
export const DEFAULT_TEST_KEYS: readonly NewKeySpec[] = [
  { name: 'admin', role: 'admin' },
  { name: 'auditor', role: 'auditor' },
];

export interface LedgerApp {
  readonly app: INestApplication;
  readonly dataDir: string;
  /** Each key written to `<dataDir>/api-keys.json` by name (empty when the test configured keys itself). */
  readonly keys: Readonly<Record<string, string>>;
  /** The key named `admin` (role admin), sent as `Authorization: Bearer <key>`; empty if there is none. */
  readonly adminKey: string;
  /** The key named `auditor` (role auditor); empty if there is none. */
  readonly auditorKey: string;
  close(): Promise<void>;
}

export interface LedgerAppOptions {
  fixtures?: boolean;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * API keys to write to `<dataDir>/api-keys.json` before start (replacing any there); default DEFAULT_TEST_KEYS.
   * `false` writes none, so the server falls back to the environment, an existing file, or creates its first key.
   * Also none when `env` sets LEDGER_API_KEYS or LEDGER_API_KEYS_FILE.
   */
  keys?: readonly NewKeySpec[] | false;
}

/** The whole application on a fresh embedded store in its own temporary data directory, with API keys. */
export async function startLedgerApp(options: LedgerAppOptions = {}): Promise<LedgerApp> {
  const temp = options.dataDir ? null : makeTempDir('app');
  const dataDir = options.dataDir ?? temp!.path;
  const keysFromEnv = Boolean(options.env?.LEDGER_API_KEYS || options.env?.LEDGER_API_KEYS_FILE);
  const keySpecs = options.keys === false || keysFromEnv ? [] : (options.keys ?? DEFAULT_TEST_KEYS);
  const keys = keySpecs.length > 0 ? writeKeysFile(dataDir, keySpecs) : {};
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
    keys,
    adminKey: keys.admin ?? '',
    auditorKey: keys.auditor ?? '',
    close: async () => {
      await app.close();
      temp?.remove();
    },
  };
}

import { resolve } from 'node:path';

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export type StoreKind = 'sqlite' | 'eventstoredb';

export interface LedgerConfig {
  readonly store: StoreKind;
  /** Where the embedded store's file and the API keys file live. */
  readonly dataDir: string;
  readonly sqliteFile: string;
  readonly eventStoreConnectionString: string | undefined;
  readonly host: string;
  readonly port: number;
  /** A fixtures directory to import at start-up (idempotent), if any. */
  readonly loadFixtures: string | undefined;
  /** API keys (hashes only): the keys file, `LEDGER_API_KEYS_FILE` or `<dataDir>/api-keys.json`. */
  readonly apiKeysFile: string;
  /** True when `LEDGER_API_KEYS_FILE` names the file (it must then exist: no key is created for it). */
  readonly apiKeysFileConfigured: boolean;
  /** `LEDGER_API_KEYS`: the keys document as JSON, used instead of any file. */
  readonly apiKeysJson: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from the environment once, failing fast with the variable and the rule it broke. */
export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const store = (env.LEDGER_STORE ?? 'sqlite') as StoreKind;
  if (store !== 'sqlite' && store !== 'eventstoredb') {
    throw new ConfigError(`LEDGER_STORE must be "sqlite" or "eventstoredb", not "${env.LEDGER_STORE}"`);
  }
  const connection = env.EVENTSTORE_CONNECTION_STRING || undefined;
  if (store === 'eventstoredb' && !connection) {
    throw new ConfigError('EVENTSTORE_CONNECTION_STRING is required when LEDGER_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)');
  }
  if (connection && !/^esdb(\+discover)?:\/\//.test(connection)) {
    throw new ConfigError('EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://');
  }
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, not "${env.PORT}"`);
  }
  const dataDir = resolve(env.LEDGER_DATA_DIR ?? 'data');
  return {
    store,
    dataDir,
    sqliteFile: resolve(dataDir, 'ledger.sqlite'),
    eventStoreConnectionString: connection,
    host: env.HOST ?? '127.0.0.1',
    port,
    loadFixtures: env.LEDGER_LOAD_FIXTURES ? resolve(env.LEDGER_LOAD_FIXTURES) : undefined,
    apiKeysFile: env.LEDGER_API_KEYS_FILE ? resolve(env.LEDGER_API_KEYS_FILE) : resolve(dataDir, 'api-keys.json'),
    apiKeysFileConfigured: Boolean(env.LEDGER_API_KEYS_FILE),
    apiKeysJson: env.LEDGER_API_KEYS || undefined,
  };
}

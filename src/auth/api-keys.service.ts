import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Stats, existsSync, statSync } from 'node:fs';
import { ConfigError, LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ApiKeyRecord, KeyMatch, KeysDocumentError, issueKeys, matchApiKey, parseKeysDocument } from './api-key';
import { createKeysFileExclusively, readKeysFile } from './keys-file';

/** The keys cannot be read (a keys file became unreadable or invalid while the server ran): nobody is let in. */
export class ApiKeysUnavailable extends Error {
  override readonly name = 'ApiKeysUnavailable';
}

type Source =
  | { readonly kind: 'env' }
  | { readonly kind: 'file'; readonly file: string; stamp: string }
  /** No keys configured and no server to create one for (e.g. an application context without HTTP). */
  | { readonly kind: 'none' };

function stampOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** Text printed once, when the server creates the first admin key. */
export function firstKeyNotice(file: string, name: string, key: string): string {
  return [
    '',
    `No API keys were configured: created the admin key "${name}" (its hash is in ${file}, mode 0600).`,
    `Send it as "Authorization: Bearer <key>" or "X-API-Key: <key>". It is shown only this once:`,
    '',
    `  ${key}`,
    '',
    '',
  ].join('\n');
}

/**
 * The API keys the server accepts: from `LEDGER_API_KEYS` (JSON), else from the keys file, which is re-read when
 * it changes (so a revocation takes effect without a restart). With no keys configured at all, the HTTP server
 * creates an admin key on first start, stores its hash in the data directory and prints the key once.
 */
@Injectable()
export class ApiKeys implements OnModuleInit {
  private readonly logger = new Logger('ApiKeys');
  private source: Source = { kind: 'none' };
  private records: readonly ApiKeyRecord[] = [];
  private failure: string | null = null;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const { apiKeysJson, apiKeysFile, apiKeysFileConfigured } = this.config;
    try {
      if (apiKeysJson !== undefined) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(apiKeysJson);
        } catch (error) {
          throw new KeysDocumentError(`LEDGER_API_KEYS is not valid JSON: ${(error as Error).message}`);
        }
        this.records = parseKeysDocument(parsed, 'LEDGER_API_KEYS');
        this.source = { kind: 'env' };
      } else if (existsSync(apiKeysFile)) {
        this.loadFile(apiKeysFile);
      } else if (apiKeysFileConfigured) {
        throw new ConfigError(`LEDGER_API_KEYS_FILE names ${apiKeysFile}, which does not exist`);
      } else if (this.adapterHost?.httpAdapter) {
        this.createFirstKey(apiKeysFile);
      }
    } catch (error) {
      if (error instanceof KeysDocumentError) throw new ConfigError(error.message);
      throw error;
    }
    if (this.source.kind !== 'none' && this.records.every((record) => record.revokedAt !== null)) {
      this.logger.warn('no API key is active: every request that needs a key will be refused');
    }
  }

  /** Which key a request presented, if any of ours. Throws ApiKeysUnavailable if the keys cannot be read. */
  match(key: string): KeyMatch {
    this.refresh();
    if (this.failure !== null) throw new ApiKeysUnavailable(this.failure);
    return matchApiKey(key, this.records);
  }

  private loadFile(file: string): void {
    const before = statSync(file);
    this.records = readKeysFile(file);
    this.source = { kind: 'file', file, stamp: stampOf(before) };
  }

  private refresh(): void {
    if (this.source.kind !== 'file') return;
    const { file } = this.source;
    try {
      const stamp = stampOf(statSync(file));
      if (stamp === this.source.stamp && this.failure === null) return;
      this.records = readKeysFile(file);
      this.source.stamp = stamp;
      if (this.failure !== null) this.logger.log(`the API keys file ${file} is readable again`);
      this.failure = null;
    } catch (error) {
      const message = error instanceof KeysDocumentError ? error.message : `cannot read the API keys file ${file}: ${(error as Error).message}`;
      if (this.failure !== message) this.logger.error(`${message}; refusing every request that needs a key until it is fixed`);
      this.failure = message;
      this.records = [];
    }
  }

  private createFirstKey(file: string): void {
    const name = 'admin';
    const { records, keys } = issueKeys([{ name, role: 'admin' }], new Date());
    if (createKeysFileExclusively(file, records)) {
      process.stdout.write(firstKeyNotice(file, name, keys[name]));
    } else {
      this.logger.log(`another process created ${file} first; using its keys`);
    }
    this.loadFile(file);
  }
}

import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { Observable, defer } from 'rxjs';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { openEventStore } from '../event-store/event-store.module';
import {
  AppendOutcome,
  AppendRequest,
  AppendResult,
  EVENT_STORE,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StoreHealth,
  StoredEvent,
  SubscribeToAllOptions,
  SubscriptionMessage,
} from '../event-store/event-store.port';
import { DeclaresReadAhead, READ_AHEAD, ReadAheadCapable, readAheadOf } from '../event-store/read-ahead';
import { CliFailure } from './cli-errors';

/**
 * The configured store, opened on first use: `ledger --help` or a usage error touches no data directory and no
 * server. Commands that only read refuse to create an embedded store where none exists (a mistyped
 * LEDGER_DATA_DIR must not verify as an empty, intact ledger).
 */
@Injectable()
export class CliStore implements EventStore, DeclaresReadAhead, OnApplicationShutdown {
  private store: EventStore | undefined;
  private mayCreate = true;

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  /** Called by each command before it touches the store. */
  prepare(options: { create: boolean }): void {
    this.mayCreate = options.create;
  }

  /** Where the ledger lives, for messages. */
  describe(): string {
    return this.config.store === 'sqlite' ? `embedded store ${this.config.sqliteFile}` : 'EventStoreDB';
  }

  private get open(): EventStore {
    if (!this.store) {
      if (this.config.store === 'sqlite' && !this.mayCreate && !existsSync(this.config.sqliteFile)) {
        throw new CliFailure(`no ledger at ${this.config.sqliteFile} (set LEDGER_DATA_DIR to the data directory of an existing ledger)`);
      }
      this.store = openEventStore(this.config);
    }
    return this.store;
  }

  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.open.append(stream, events, expected);
  }

  appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    return this.open.appendMany(requests);
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.open.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return this.open.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): Observable<SubscriptionMessage> {
    return defer(() => this.open.subscribeToAll(options));
  }

  /** Whatever the configured store offers (asking opens it). */
  get [READ_AHEAD](): ReadAheadCapable | undefined {
    return readAheadOf(this.open);
  }

  health(): Promise<StoreHealth> {
    return this.open.health();
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    await store?.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** Provides EVENT_STORE to the CLI's whole application, in place of the server's EventStoreModule. */
@Global()
@Module({
  providers: [CliStore, { provide: EVENT_STORE, useExisting: CliStore }],
  exports: [CliStore, EVENT_STORE],
})
export class CliStoreModule {}

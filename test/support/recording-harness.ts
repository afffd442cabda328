import { CommandBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { join } from 'node:path';
import { CAPABILITIES } from '../../src/capabilities';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { CapabilityManifest } from '../../src/recording/command-manifest';
import { CommandRegistry } from '../../src/recording/command-registry';
import { RecordResult } from '../../src/recording/ledger-command';
import { RecordingModule } from '../../src/recording/recording.module';
import { fixedClock } from '../../src/time/clock';
import { TimeModule } from '../../src/time/time.module';
import { NOW } from './decider-spec';
import { makeTempDir } from './temp-dir';

export interface RecordingHarness {
  readonly moduleRef: TestingModule;
  readonly bus: CommandBus;
  readonly registry: CommandRegistry;
  /** The store as the recorder sees it (possibly wrapped by the test). */
  readonly store: EventStore;
  /** The SQLite store itself. */
  readonly sqlite: SqliteEventStore;
  readonly file: string;
  /** Validates through the CommandRegistry and executes on the CommandBus, as the HTTP API and CLI do. */
  run(command: string, commandId: string, payload: unknown, actor?: string): Promise<RecordResult>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The write side (RecordingModule and its CommandBus) on an embedded SQLite store in a fresh temporary data
 * directory, with a fixed clock. `wrap` lets a test interpose on the store (to stage a concurrent writer).
 */
export async function startRecording(
  options: {
    now?: Date;
    wrap?: (store: EventStore) => EventStore;
    /** Another writer on this harness's store (not closed by it). */
    sharing?: RecordingHarness;
    /** The capabilities it records; the ledger's own by default. */
    capabilities?: readonly CapabilityManifest[];
  } = {},
): Promise<RecordingHarness> {
  const dir = makeTempDir('recording');
  const file = options.sharing?.file ?? join(dir.path, 'ledger.sqlite');
  const sqlite = options.sharing?.sqlite ?? SqliteEventStore.open({ file });
  const store = options.wrap ? options.wrap(sqlite) : sqlite;
  const moduleRef = await Test.createTestingModule({
    imports: [
      TimeModule.forRoot(fixedClock(options.now ?? NOW)),
      RecordingModule.forCapabilities(options.capabilities ?? CAPABILITIES, { providers: [{ provide: EVENT_STORE, useValue: store }] }),
    ],
  })
    .setLogger({ log() {}, error() {}, warn() {}, debug() {}, verbose() {} })
    .compile();
  await moduleRef.init();
  const bus = moduleRef.get(CommandBus);
  const registry = moduleRef.get(CommandRegistry);
  return {
    moduleRef,
    bus,
    registry,
    store,
    sqlite,
    file,
    run: async (command, commandId, payload, actor = 'admin:test') =>
      bus.execute(registry.toCommand(command, commandId, payload, actor)),
    eventCount: async () => (await sqlite.readAll()).length,
    close: async () => {
      await moduleRef.close();
      if (!options.sharing) await sqlite.close();
      dir.remove();
    },
  };
}

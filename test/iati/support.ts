import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { join } from 'node:path';
import { LedgerState, evolve, initialLedgerState } from '../../projections/ledger/ledger-state';
import { CAPABILITIES } from '../../src/capabilities';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReportingOrg, iatiActivitiesXml } from '../../src/iati/exporting/iati-activities';
import { IatiImporter } from '../../src/iati/importing/iati-importer.service';
import { readFixtureFiles } from '../../src/importing-fixtures/fixture-importer';
import { withDocumentText } from '../../src/registering-sources/document-file';
import { CommandRegistry } from '../../src/recording/command-registry';
import { RecordResult } from '../../src/recording/ledger-command';
import { RecordingModule } from '../../src/recording/recording.module';
import { fixedClock } from '../../src/time/clock';
import { TimeModule } from '../../src/time/time.module';
import { FIXTURES_DIR } from '../support/ledger-app';
import { makeTempDir } from '../support/temp-dir';

export const REPORTING_ORG: ReportingOrg = { ref: 'XX-PARTNERSHIP-LEDGER', name: 'Partnership Ledger', type: '90' };

/** After every fixture's date, so nothing they hold is in the future. */
export const IATI_NOW = new Date('2026-06-01T12:00:00Z');

export interface IatiLedger {
  readonly store: SqliteEventStore;
  readonly importer: IatiImporter;
  run(command: string, commandId: string, payload: unknown): Promise<RecordResult>;
  importXml(xml: string | Buffer, fileName?: string): ReturnType<IatiImporter['importFile']>;
  /** The read models folded from every stored event. */
  state(): Promise<LedgerState>;
  exportXml(asOf: string): Promise<string>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/** The write side and the IATI importer on a fresh embedded store, with a fixed clock. */
export async function startIatiLedger(now: Date = IATI_NOW): Promise<IatiLedger> {
  const dir = makeTempDir('iati');
  const store = SqliteEventStore.open({ file: join(dir.path, 'ledger.sqlite') });
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [
      CqrsModule,
      TimeModule.forRoot(fixedClock(now)),
      RecordingModule.forCapabilities(CAPABILITIES, { providers: [{ provide: EVENT_STORE, useValue: store }] }),
    ],
    providers: [IatiImporter, { provide: EVENT_STORE, useValue: store }],
  })
    .setLogger({ log() {}, error() {}, warn() {}, debug() {}, verbose() {} })
    .compile();
  await moduleRef.init();
  const bus = moduleRef.get(CommandBus);
  const registry = moduleRef.get(CommandRegistry);
  const importer = moduleRef.get(IatiImporter);
  const state = async () => {
    let folded = initialLedgerState();
    for (const event of await store.readAll()) folded = evolve(folded, event);
    return folded;
  };
  return {
    store,
    importer,
    run: (command, commandId, payload) => bus.execute(registry.toCommand(command, commandId, payload, 'admin:test')),
    importXml: (xml, fileName) => importer.importFile(Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8'), { actor: 'admin:test', fileName }),
    state,
    exportXml: async (asOf) => {
      const folded = await state();
      return iatiActivitiesXml(folded, { asOf, reportingOrg: REPORTING_ORG, generatedAt: folded.recordedAt });
    },
    eventCount: async () => (await store.readAll()).length,
    close: async () => {
      await moduleRef.close();
      await store.close();
      dir.remove();
    },
  };
}

/** Records every fixture command through the CommandBus. */
export async function recordFixtures(ledger: IatiLedger): Promise<void> {
  for (const { entries } of readFixtureFiles(FIXTURES_DIR)) {
    for (const entry of entries) await ledger.run(entry.command, entry.commandId, withDocumentText(entry.command, entry.payload, FIXTURES_DIR));
  }
}

/** Every `<tag …>` element's text of an XML document, in order (for assertions on what was written). */
export function elements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?:\\s[^>]*?)?(?:/>|>[\\s\\S]*?</${tag}>)`, 'g'))].map((m) => m[0]);
}

import { LedgerState, evolve, initialLedgerState } from '../../projections/ledger-state';
import { readFixtureFiles } from '../../src/importing-fixtures/fixture-importer';
import { EventStore } from '../../src/event-store/event-store.port';
import { RecordingHarness } from '../support/recording-harness';
import { FIXTURES_DIR } from '../support/ledger-app';

/** Records every fixture command through the harness's CommandBus. */
export async function recordFixtures(h: RecordingHarness): Promise<void> {
  for (const { entries } of readFixtureFiles(FIXTURES_DIR)) {
    for (const entry of entries) await h.run(entry.command, entry.commandId, entry.payload, 'fixtures');
  }
}

/** The read models' state folded from every event in the store. */
export async function foldedState(store: EventStore): Promise<LedgerState> {
  let state = initialLedgerState();
  for (const event of await store.readAll()) state = evolve(state, event);
  return state;
}

export const REPORTING_ORG = { ref: 'XX-PARTNERSHIP-LEDGER', name: 'Partnership Ledger', type: '90' } as const;

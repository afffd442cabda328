import { writeSyntheticLedgerFile } from '../../bench/synthetic-ledger';

/** A synthetic ledger of `events` in `<dataDir>/ledger.sqlite`, written in seconds (one transaction). */
export async function writeLargeLedger(dataDir: string, events: number): Promise<void> {
  await writeSyntheticLedgerFile(dataDir, { events });
}

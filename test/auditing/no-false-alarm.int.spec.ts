import { randomUUID } from 'node:crypto';
import { CITE, json } from '../support/sample-payloads';
import { makeTempDir } from '../support/temp-dir';
import { openAuditedLedger } from './support/audited-ledger';

/**
 * No false alarm on 10,000 untouched events, all recorded through the real command path (CommandRegistry →
 * CommandBus → Recorder → envelope → SQLite): 1 source, 1,999 parties each corrected four times (chains five events
 * long), and four seals taken along the way by SealService, as an auditor would.
 */
describe('verify on 10,000 untouched events', () => {
  const temp = makeTempDir('ten-thousand');

  afterAll(() => temp.remove());

  it('finds nothing wrong, and every seal recomputes', async () => {
    const ledger = await openAuditedLedger({ LEDGER_DATA_DIR: temp.path });
    try {
      await ledger.record('register-source', randomUUID(), json.source());
      let events = 1;
      for (let i = 0; i < 1999; i++) {
        const party = await ledger.record('register-party', randomUUID(), json.party({ partyId: `party-${i}`, name: { en: `Party ${i}`, ar: 'طرف' } }));
        events++;
        for (let j = 0; j < 4; j++) {
          await ledger.record('correct-fact', randomUUID(), {
            stream: party.stream,
            eventId: party.eventIds[0],
            changes: { name: { en: `Party ${i} (${j + 1})`, ar: 'طرف' } },
            reason: `renamed ${j + 1}`,
            sources: CITE,
          });
          events++;
        }
        if (i % 500 === 499) {
          await ledger.seals.seal({ actor: 'auditor' });
          events++;
        }
      }
      await ledger.seals.seal({ actor: 'auditor' });
      events++;
      expect(events).toBe(10_000);

      const started = Date.now();
      const report = await ledger.seals.verify();
      const elapsed = Date.now() - started;
      expect(report.broken).toBeNull();
      expect(report.ok).toBe(true);
      expect(report.summary).toMatchObject({ events: 10_000, streams: 2001 });
      expect(report.summary.seals).toHaveLength(4);
      expect(report.summary.seals.every((seal) => seal.status === 'verified')).toBe(true);
      expect(report.file).toMatchObject({ rows: 10_000, highWaterMark: 10_000n });

      // The latest seal's digest proves the log still extends it.
      const digest = report.summary.latestSeal!.digest;
      expect(report.summary.unsealedEvents).toBe(1); // the last seal itself
      expect((await ledger.seals.verify({ digest })).ok).toBe(true);
      // Generous bound: the point is no alarm; the measured time goes in the report.
      expect(elapsed).toBeLessThan(20_000);
      process.stdout.write(`verify over 10,000 events (4 seals, 2,001 streams): ${elapsed} ms\n`);
    } finally {
      await ledger.close();
    }
  }, 180_000);
});

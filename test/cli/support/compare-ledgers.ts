import { QueryBus } from '@nestjs/cqrs';
import { SEAL_STREAM } from '../../../src/auditing/seal';
import { LiveLedger } from '../../../src/read-models/live-ledger';
import {
  GetCommitmentsQuery,
  GetDiffQuery,
  GetEngagementsQuery,
  GetHistoryQuery,
  GetOfficesQuery,
  GetProgrammesQuery,
  GetStateQuery,
  GetTimelineQuery,
} from '../../../src/read-models/read-queries';
import { openReadContext } from './read-context';

/** The answer without what an import cannot preserve: global positions and recorded times. */
function comparable(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, item: unknown) => {
      if (key === 'position' || key === 'recordedAt' || key === 'knownAt') return undefined;
      return typeof item === 'bigint' ? item.toString() : item;
    }),
  );
}

const DATES = ['2017-06-30', '2019-03-31', '2020-12', '2021-06-30', '2023-12-31', '2024-06-30', '2030-01-01'].map((d) => (d.length === 7 ? `${d}-15` : d));

/**
 * Asks both ledgers every query — state, commitments (with and without retracted ones), offices, engagements,
 * programmes, timeline, the history of every stream and a diff — at several valid dates, and expects the same
 * answers apart from positions and recorded times. The imported ledger holds one more event: the seal that closed
 * the import, in seal-ledger.
 */
export async function compareLedgers(originalEnv: NodeJS.ProcessEnv, importedEnv: NodeJS.ProcessEnv): Promise<void> {
  const original = await openReadContext(originalEnv);
  const imported = await openReadContext(importedEnv);
  try {
    const ask = async (query: (bus: QueryBus) => Promise<unknown>) => [comparable(await query(original.queries)), comparable(await query(imported.queries))] as const;
    let compared = 0;
    const same = async (label: string, query: (bus: QueryBus) => Promise<unknown>) => {
      const [a, b] = await ask(query);
      expect({ label, answer: b }).toEqual({ label, answer: a });
      compared++;
    };

    for (const asOf of DATES) {
      const [a, b] = await ask((bus) => bus.execute(new GetStateQuery({ asOf })));
      expect((b as { events: number }).events).toBe((a as { events: number }).events + 1);
      expect({ ...(b as object), events: 0 }).toEqual({ ...(a as object), events: 0 });
      await same(`commitments ${asOf}`, (bus) => bus.execute(new GetCommitmentsQuery({ asOf })));
      await same(`commitments with retracted ${asOf}`, (bus) => bus.execute(new GetCommitmentsQuery({ asOf }, true)));
      await same(`offices ${asOf}`, (bus) => bus.execute(new GetOfficesQuery({ asOf })));
      await same(`engagements ${asOf}`, (bus) => bus.execute(new GetEngagementsQuery({ asOf })));
      await same(`programmes ${asOf}`, (bus) => bus.execute(new GetProgrammesQuery({ asOf })));
      await same(`timeline ${asOf}`, (bus) => bus.execute(new GetTimelineQuery({ asOf })));
    }
    await same('diff', (bus) => bus.execute(new GetDiffQuery('2018-01-01', '2025-01-01')));

    const streams = [...original.app.get(LiveLedger).current.entities.keys()];
    expect(streams.length).toBeGreaterThan(40);
    for (const stream of streams.filter((s) => s !== SEAL_STREAM)) {
      await same(`history ${stream}`, (bus) => bus.execute(new GetHistoryQuery(stream, { asOf: '2024-06-30' })));
    }
    // The seal stream: the original's seals, carried over unchanged, then the seal that closed the import.
    const [a, b] = await ask((bus) => bus.execute(new GetHistoryQuery(SEAL_STREAM, { asOf: '2024-06-30' })));
    const entries = (answer: unknown) => (answer as { history: { entries: unknown[] } }).history.entries;
    expect(entries(b).slice(0, entries(a).length)).toEqual(entries(a));
    expect(entries(b)).toHaveLength(entries(a).length + 1);
    expect(compared).toBeGreaterThan(80);
  } finally {
    await original.close();
    await imported.close();
  }
}

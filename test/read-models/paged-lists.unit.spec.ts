import { syntheticEvents } from '../../bench/synthetic-ledger';
import { engagementsAt, fulfilmentsAt } from '../../projections/engagements/engagements';
import { LedgerState } from '../../projections/ledger/ledger-state';
import { programmesAt } from '../../projections/programmes/programmes';
import { timelineAt } from '../../projections/timeline/timeline';
import type { StoredEvent } from '../../src/event-store/event-store.port';
import { ListKey, dayKey, pageOf, slicesOf } from '../../src/read-models/paged-lists';
import { TemporalLedger } from '../../src/read-models/temporal-ledger';

/** Lists built a slice of entities at a time, a page at a time, are the projections' whole lists cut into pages. */
describe('paged lists over slices of entities', () => {
  let state: LedgerState;
  beforeAll(() => {
    const ledger = new TemporalLedger();
    const revisions = new Map<string, bigint>();
    let position = 0n;
    for (const { stream, event } of syntheticEvents({ events: 1500, seed: 11 })) {
      const revision = (revisions.get(stream) ?? -1n) + 1n;
      revisions.set(stream, revision);
      position += 1n;
      const stored: StoredEvent = { ...event, stream, revision, position, recordedAt: new Date(Date.UTC(2026, 0, 1) + Number(position) * 1000) };
      ledger.apply(stored);
    }
    state = ledger.current;
  });

  /** Every page, following `next`, with slices of `perSlice` entities. */
  async function walk<T>(list: (slice: LedgerState) => readonly T[], keyOf: (item: T) => ListKey, limit: number, perSlice: number, parse: (next: string) => ListKey) {
    const items: T[] = [];
    let after: ListKey | undefined;
    for (;;) {
      const page = await pageOf(state, list, keyOf, { limit, ...(after ? { after } : {}) }, perSlice);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      if (page.page.next === null) return { items, total: page.page.total };
      after = parse(page.page.next);
    }
  }
  const byStream = (next: string): ListKey => ({ day: Number(next.slice(0, 8)), tie: next.slice(9) });
  const byPosition = (next: string): ListKey => ({ day: Number(next.slice(0, 8)), tie: BigInt(next.slice(9)) });

  it('pages the timeline in the whole timeline’s order', async () => {
    const whole = timelineAt(state, '2031-01-01');
    expect(whole.length).toBeGreaterThan(300);
    const paged = await walk((slice) => timelineAt(slice, '2031-01-01'), (entry) => ({ day: dayKey(entry.validTime), tie: entry.position }), 149, 29, byPosition);
    expect(paged.total).toBe(whole.length);
    expect(paged.items).toEqual(whole);
  }, 120_000);

  it('pages engagements with the follow-ups fulfilled by engagements in other slices', async () => {
    const whole = engagementsAt(state, '2031-01-01');
    expect(whole.some((item) => item.followUps.some((f) => f.status === 'fulfilled'))).toBe(true);
    const fulfilments = new Map<string, string>();
    for await (const slice of slicesOf(state, 13)) fulfilmentsAt(slice, '2031-01-01', fulfilments);
    const paged = await walk((slice) => engagementsAt(slice, '2031-01-01', fulfilments), (item) => ({ day: dayKey(item.from), tie: item.id }), 40, 13, byStream);
    expect(paged.items).toEqual(whole);
  }, 120_000);

  it('pages programmes at a date when only some have been launched', async () => {
    const whole = programmesAt(state, '2015-06-30');
    expect(whole.length).toBeGreaterThan(3);
    const paged = await walk((slice) => programmesAt(slice, '2015-06-30'), (item) => ({ day: dayKey(item.launchedOn), tie: item.id }), 3, 5, byStream);
    expect(paged.items).toEqual(whole);
  }, 120_000);
});

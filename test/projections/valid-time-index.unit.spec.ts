import { syntheticEvents } from '../../bench/synthetic-ledger';
import { commitmentsAt } from '../../projections/commitments';
import { indexOf } from '../../projections/indexed-state';
import { LedgerState, evolve, initialLedgerState } from '../../projections/ledger-state';
import { officesAt, officesPageAt } from '../../projections/offices';
import { MinorSums, ValidTimeIndex, dayNumber, dayRange, decodeCursor } from '../../projections/valid-time-index';
import { partialDate } from '../../src/domain/partial-date';
import type { StoredEvent } from '../../src/event-store/event-store.port';
import { TemporalLedger } from '../../src/read-models/temporal-ledger';
import { referenceCommitmentsAt } from './reference/commitments.reference';
import { referenceOfficesAt } from './reference/offices.reference';

/**
 * The indexed queries must answer exactly what the direct definitions (kept in ./reference) answer, for any
 * valid date and any recorded position, whichever way the index was built: event by event as the live model
 * does, or derived from a state's entities.
 */

function storedLedger(events: number, seed: number): StoredEvent[] {
  const revisions = new Map<string, bigint>();
  let position = 5000n;
  return [...syntheticEvents({ events, seed })].map(({ stream, event }) => {
    const revision = (revisions.get(stream) ?? -1n) + 1n;
    revisions.set(stream, revision);
    position += 3n;
    return { ...event, stream, revision, position, recordedAt: new Date(Date.UTC(2026, 0, 1) + Number(position) * 1000) };
  });
}

/** Days around the synthetic ledger's years, and the edges of months, quarters and years. */
function daysToAsk(count: number, seed: number): string[] {
  let state = seed;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const days = ['1999-12-31', '2000-01-01', '2015-06-30', '2031-01-01'];
  while (days.length < count) {
    const year = 1999 + Math.floor(next() * 33);
    const month = 1 + Math.floor(next() * 12);
    const day = [1, 15, 28, 30, 31][Math.floor(next() * 5)]!;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    days.push(`${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`);
  }
  return days;
}

/** States of the ledger as known after the first n events, for a few n. */
function statesAt(events: StoredEvent[], cuts: number[]): LedgerState[] {
  const states: LedgerState[] = [];
  let state = initialLedgerState();
  events.forEach((event, i) => {
    state = evolve(state, event);
    if (cuts.includes(i + 1)) states.push(state);
  });
  return states;
}

describe('valid-time index', () => {
  const events = storedLedger(4000, 7);
  const cuts = [1, 150, 900, 2222, 3100, events.length];
  const states = statesAt(events, cuts);
  const final = states[states.length - 1]!;

  // The live model's way: one index updated after every event (from the event alone where it is an entity's
  // only fact, otherwise from the entity's record).
  const ledger = new TemporalLedger();
  for (const event of events) ledger.apply(event);
  const live = ledger.validTimeIndex;
  const derivedFromFinal = indexOf(final);

  it('has commitments, renewals, corrections and retractions to test against', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of ['AgreementSigned', 'PledgeMade', 'PledgeRenewed', 'OfficeOpened', 'OfficeClosed', 'FactCorrected', 'FactRetracted']) {
      expect(types).toContain(type);
    }
    const view = referenceCommitmentsAt(final, { asOf: '2020-06-30', includeRetracted: true });
    expect(new Set(view.items.map((i) => i.status))).toEqual(new Set(['active', 'completed', 'superseded', 'announced', 'upcoming', 'retracted']));
  });

  it.each(cuts.map((cut, i) => [cut, i]))('commitments as known after %i events equal the direct definition on every day', (_cut, i) => {
    const state = states[i]!;
    for (const asOf of daysToAsk(24, 17 + i)) {
      for (const includeRetracted of [false, true]) {
        const expected = referenceCommitmentsAt(state, { asOf, includeRetracted });
        const { page, ...own } = commitmentsAt(state, { asOf, includeRetracted });
        expect(own).toEqual(expected);
        expect(page).toEqual({ total: expected.items.length, limit: null, next: null });
        // The same answer from the live index and from one derived from the final state: rows carry their positions.
        const { page: _live, ...fromLive } = commitmentsAt(state, { asOf, includeRetracted }, live);
        expect(fromLive).toEqual(expected);
        const { page: _final, ...fromFinal } = commitmentsAt(state, { asOf, includeRetracted }, derivedFromFinal);
        expect(fromFinal).toEqual(expected);
      }
    }
  });

  it.each(cuts.map((cut, i) => [cut, i]))('offices as known after %i events equal the direct definition on every day', (_cut, i) => {
    const state = states[i]!;
    for (const asOf of daysToAsk(24, 31 + i)) {
      const expected = referenceOfficesAt(state, asOf);
      expect(officesAt(state, asOf)).toEqual(expected);
      expect(officesPageAt(state, asOf, {}, live).items).toEqual(expected);
      expect(officesPageAt(state, asOf, {}, derivedFromFinal).items).toEqual(expected);
    }
  });

  it.each([
    ['set against the sums built at the start', 1e9],
    ['with the sums rebuilt every few changes', 5],
  ])('answers the live state from current-state sums and the rows changed since, %s', (_how, rebuildAfterChanges) => {
    const index = new ValidTimeIndex({ rebuildAfterChanges });
    let state = initialLedgerState();
    const days = daysToAsk(6, 99);
    events.forEach((event, i) => {
      state = evolve(state, event);
      const entity = state.entities.get(event.stream);
      if (entity) index.update(entity, event.position);
      if (i === 400) index.prepare();
      if (i % 450 !== 449) return;
      for (const asOf of days) {
        const { page, ...own } = commitmentsAt(state, { asOf, includeRetracted: i % 900 === 449 }, index);
        const expected = referenceCommitmentsAt(state, { asOf, includeRetracted: i % 900 === 449 });
        expect(own).toEqual(expected);
        expect(page.total).toBe(expected.items.length);
        expect(officesPageAt(state, asOf, {}, index).items).toEqual(referenceOfficesAt(state, asOf));
        const listed = referenceCommitmentsAt(state, { asOf }).items;
        const paged = commitmentsAt(state, { asOf, page: { limit: 25 } }, index);
        expect(paged.items).toEqual(listed.slice(0, 25));
        expect(paged.page.next === null).toBe(listed.length <= 25);
        if (paged.page.next) {
          const second = commitmentsAt(state, { asOf, page: { limit: 25, after: decodeCursor(paged.page.next)! } }, index);
          expect(second.items).toEqual(listed.slice(25, 50));
        }
      }
    });
  });

  it('pages through commitments and offices: every item once, in order, totals on every page', () => {
    for (const asOf of ['2012-03-31', '2024-12-31']) {
      const all = commitmentsAt(final, { asOf });
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const cursor = after === null ? undefined : decodeCursor(after)!;
        const page = commitmentsAt(final, { asOf, page: { limit: 37, ...(cursor ? { after: cursor } : {}) } }, live);
        expect(page.totals).toEqual(all.totals);
        expect(page.perYear).toEqual(all.perYear);
        expect(page.page.total).toBe(all.items.length);
        expect(page.items.length).toBeLessThanOrEqual(37);
        seen.push(...page.items.map((item) => item.id));
        after = page.page.next;
        pages++;
      } while (after !== null);
      expect(seen).toEqual(all.items.map((item) => item.id));
      expect(pages).toBe(Math.max(1, Math.ceil(all.items.length / 37)));

      const offices = officesAt(final, asOf);
      const first = officesPageAt(final, asOf, { limit: 10 }, live);
      expect(first.items).toEqual(offices.slice(0, 10));
      const second = officesPageAt(final, asOf, { limit: 10, after: decodeCursor(first.page.next!)! }, live);
      expect(second.items).toEqual(offices.slice(10, 20));
    }
  });

  it('rejects cursors that are not ones', () => {
    expect(decodeCursor('20190630~agreement-qa')).toEqual({ day: 20190630, stream: 'agreement-qa' });
    for (const bad of ['', '2019-06-30~x', '20190630', '20190630~', '20190630~Agreement', '20190630~a b']) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});

describe('dayRange', () => {
  it('gives the days partialDate gives, as numbers, at every precision', () => {
    const texts = ['2024', '2023-02', '2024-02', '2019-Q1', '2020-Q4', '2021-06-16', '1999-12-31', '0001', '9999-Q3'];
    for (const text of texts) {
      const { earliest, latest } = partialDate(text);
      expect(dayRange(text)).toEqual([dayNumber(earliest), dayNumber(latest)]);
    }
    for (const bad of ['2023-02-30', '0000', '2023-13', '2023-00-10', 'soon']) expect(() => dayRange(bad)).toThrow(RangeError);
  });
});

describe('MinorSums', () => {
  it('adds exactly past the safe-integer range of a float, each sum on its own', () => {
    const sums = new MinorSums(3);
    const big = Number.MAX_SAFE_INTEGER - 1;
    sums.add(1, big);
    sums.add(1, big);
    sums.add(1, 3);
    sums.addBig(1, 10n ** 30n);
    sums.add(2, 0);
    expect(sums.value(1)).toBe(2n * BigInt(big) + 3n + 10n ** 30n);
    expect([sums.has(0), sums.has(1), sums.has(2)]).toEqual([false, true, true]);
    expect(sums.value(0)).toBe(0n);
  });
});

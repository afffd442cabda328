import { decodeCursor } from '../../../projections/columnar/paging';
import { evolve, initialLedgerState } from '../../../projections/ledger/ledger-state';
import { officesAt, officesPageAt } from '../../../projections/offices/offices';
import { officesByRules } from '../../../projections/offices/offices.rules';
import { indexOf } from '../../../projections/valid-time/indexed-state';
import { ValidTimeIndex } from '../../../projections/valid-time/valid-time-index';
import { TemporalLedger } from '../../../src/read-models/temporal-ledger';
import { daysToAsk, statesAt, storedLedger } from '../support/ledgers';

/**
 * The indexed office registry (offices.fast.ts) must answer exactly what the rules (offices.rules.ts) answer, for
 * any valid date and any recorded position, whichever way the index was built.
 */

describe('offices: the fast form answers what the rules answer', () => {
  const events = storedLedger(4000, 7);
  const cuts = [1, 150, 900, 2222, 3100, events.length];
  const states = statesAt(events, cuts);
  const final = states[states.length - 1]!;
  const ledger = new TemporalLedger();
  for (const event of events) ledger.apply(event);
  const live = ledger.validTimeIndex;
  const derivedFromFinal = indexOf(final);

  it('has openings, closings, corrections and retractions to test against', () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of ['OfficeOpened', 'OfficeClosed', 'FactCorrected', 'FactRetracted']) expect(types).toContain(type);
  });

  it.each(cuts.map((cut, i) => [cut, i]))('offices as known after %i events equal the rules on every day', (_cut, i) => {
    const state = states[i]!;
    for (const asOf of daysToAsk(24, 31 + i)) {
      const expected = officesByRules(state, asOf);
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
        const expected = officesByRules(state, asOf);
        const page = officesPageAt(state, asOf, {}, index);
        expect(page.items).toEqual(expected);
        expect(page.page.total).toBe(expected.length);
      }
    });
  });

  it('pages through offices in order', () => {
    for (const asOf of ['2012-03-31', '2024-12-31']) {
      const offices = officesAt(final, asOf);
      const first = officesPageAt(final, asOf, { limit: 10 }, live);
      expect(first.items).toEqual(offices.slice(0, 10));
      const second = officesPageAt(final, asOf, { limit: 10, after: decodeCursor(first.page.next!)! }, live);
      expect(second.items).toEqual(offices.slice(10, 20));
    }
  });
});

import { decodeCursor } from '../../../projections/columnar/paging';
import { commitmentsAt } from '../../../projections/commitments/commitments';
import { commitmentsByRules } from '../../../projections/commitments/commitments.rules';
import { evolve, initialLedgerState } from '../../../projections/ledger/ledger-state';
import { indexOf } from '../../../projections/valid-time/indexed-state';
import { ValidTimeIndex } from '../../../projections/valid-time/valid-time-index';
import { TemporalLedger } from '../../../src/read-models/temporal-ledger';
import { daysToAsk, statesAt, storedLedger } from '../support/ledgers';

/**
 * The indexed commitments query (commitments.fast.ts) must answer exactly what the rules (commitments.rules.ts)
 * answer, for any valid date and any recorded position, whichever way the index was built: event by event as the
 * live model does, or derived from a state's entities.
 */

describe('commitments: the fast form answers what the rules answer', () => {
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
    for (const type of ['AgreementSigned', 'PledgeMade', 'PledgeRenewed', 'FactCorrected', 'FactRetracted']) {
      expect(types).toContain(type);
    }
    const view = commitmentsByRules(final, { asOf: '2020-06-30', includeRetracted: true });
    expect(new Set(view.items.map((i) => i.status))).toEqual(new Set(['active', 'completed', 'superseded', 'announced', 'upcoming', 'retracted']));
  });

  it.each(cuts.map((cut, i) => [cut, i]))('commitments as known after %i events equal the rules on every day', (_cut, i) => {
    const state = states[i]!;
    for (const asOf of daysToAsk(24, 17 + i)) {
      for (const includeRetracted of [false, true]) {
        const expected = commitmentsByRules(state, { asOf, includeRetracted });
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
        const expected = commitmentsByRules(state, { asOf, includeRetracted: i % 900 === 449 });
        expect(own).toEqual(expected);
        expect(page.total).toBe(expected.items.length);
        const listed = commitmentsByRules(state, { asOf }).items;
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

  it('pages through commitments: every item once, in order, totals on every page', () => {
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
    }
  });
});

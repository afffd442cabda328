import { commitmentsAt } from '../../projections/commitments/commitments';
import { commitmentsOfParties } from '../../projections/commitments/commitments-by-party';
import { LedgerState } from '../../projections/ledger/ledger-state';
import { decodeCursor } from '../../projections/columnar/paging';
import { IatiLedger, recordFixtures, startIatiLedger } from './support';
import { recordSyntheticLedger } from './synthetic-ledger';

const DAYS = ['2018-06-01', '2019-06-30', '2020-03-01', '2020-12-31', '2021-07-15', '2022-03-28', '2023-01-01', '2024-06-01', '2025-12-31', '2027-01-01'];

describe('commitments filtered by donor and recipient', () => {
  let ledger: IatiLedger;
  let state: LedgerState;
  beforeAll(async () => {
    ledger = await startIatiLedger();
    await recordFixtures(ledger);
    await recordSyntheticLedger(ledger, 12);
    // A binding renewal whose period has begun supersedes what it renews, so per-year rows leave the renewed out.
    await ledger.run('renew-pledge', '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', {
      pledgeId: 'synthetic-0-renewal',
      renews: 'agreement-synthetic-0',
      kind: 'commitment',
      donorId: 'donor-state',
      recipientId: 'regional-body',
      total: { amount: '900.00', currency: 'USD' },
      period: { from: '2020', to: '2021' },
      schedule: [{ year: 2020, amount: { amount: '900.00', currency: 'USD' } }],
      occurredOn: '2019-11',
      sources: [{ sourceId: 'synthetic-report', quote: 'renewed' }],
    });
    state = await ledger.state();
    expect(commitmentsAt(state, { asOf: '2020-03-01' }).items.find((item) => item.id === 'agreement-synthetic-0')!.status).toBe('superseded');
  }, 60_000);
  afterAll(() => ledger.close());

  it.each(DAYS)('without a filter answers what the index answers, totals and per-year rows included (%s)', (asOf) => {
    for (const includeRetracted of [false, true]) {
      expect(commitmentsOfParties(state, { asOf, includeRetracted })).toEqual(commitmentsAt(state, { asOf, includeRetracted }));
    }
  });

  it('pages in the index’s order with its cursors', () => {
    const asOf = '2025-12-31';
    let after: ReturnType<typeof decodeCursor> = null;
    for (;;) {
      const page = { limit: 3, ...(after ? { after } : {}) };
      const ours = commitmentsOfParties(state, { asOf, page });
      expect(ours).toEqual(commitmentsAt(state, { asOf, page }));
      if (!ours.page.next) break;
      after = decodeCursor(ours.page.next);
    }
  });

  it('keeps only the partnership asked for, and totals only it', () => {
    const all = commitmentsAt(state, { asOf: '2025-12-31' });
    const byDonor = commitmentsOfParties(state, { asOf: '2025-12-31', donorId: 'donor-fund' });
    expect(byDonor.items.length).toBeGreaterThan(0);
    expect(byDonor.items.every((item) => item.donorId === 'donor-fund')).toBe(true);
    expect(byDonor.page.total).toBe(all.items.filter((item) => item.donorId === 'donor-fund').length);

    const pair = commitmentsOfParties(state, { asOf: '2025-12-31', donorId: 'qatar', recipientId: 'unoct' });
    expect(pair.items.map((item) => item.id).sort()).toEqual(['agreement-qa-unoct-2018', 'agreement-qa-unoct-behavioural-insights-hub', 'pledge-qa-unoct-renewal-2024-2026']);
    expect(pair.totals.commitments).toEqual([{ currency: 'USD', total: { amount: '80000000.00', currency: 'USD' }, active: expect.anything(), activeCertain: expect.anything() }]);
    expect(pair.totals.pledges).toEqual([{ currency: 'USD', total: { amount: '45000000.00', currency: 'USD' }, active: expect.anything(), activeCertain: expect.anything() }]);

    expect(commitmentsOfParties(state, { asOf: '2025-12-31', recipientId: 'nobody' })).toMatchObject({ items: [], page: { total: 0 }, perYear: [] });
  });
});

import { randomUUID } from 'node:crypto';
import type { JsonObject, StoredEvent } from '../../src/event-store/event-store.port';
import { commitmentsAt } from '../../projections/commitments/commitments';
import { diffBetween } from '../../projections/diff/diff';
import { engagementsAt } from '../../projections/engagements/engagements';
import { historyOf } from '../../projections/history/history';
import { LedgerState, evolve, initialLedgerState } from '../../projections/ledger/ledger-state';
import { officesAt } from '../../projections/offices/offices';
import { timelineAt } from '../../projections/timeline/timeline';

let position = 1000n;
const revisions = new Map<string, bigint>();
function stored(stream: string, type: string, data: JsonObject, sources: JsonObject[] = []): StoredEvent {
  const revision = (revisions.get(stream) ?? -1n) + 1n;
  revisions.set(stream, revision);
  position += 37n;
  return {
    id: randomUUID(),
    stream,
    revision,
    position,
    recordedAt: new Date(Date.UTC(2026, 0, 1) + Number(position)),
    type,
    data,
    metadata: { actor: 'admin', sources },
  };
}
const fold = (events: StoredEvent[]): LedgerState => events.reduce(evolve, initialLedgerState());
const usd = (amount: string) => ({ amount, currency: 'USD' });

const agreement = stored('agreement-qa-unoct-2018', 'AgreementSigned', {
  agreementId: 'qa-unoct-2018',
  title: { en: 'Contribution agreement' },
  kind: 'contribution',
  parties: ['qatar', 'unoct'],
  commitment: { donorId: 'qatar', recipientId: 'unoct', total: usd('75000000'), period: { from: '2019', to: '2023' } },
  occurredOn: '2018-12-16',
}, [{ sourceId: 'article-000', quote: 'اتفاق مساهمة' }]);
const renewal = stored('pledge-qa-unoct-2024-2026', 'PledgeRenewed', {
  pledgeId: 'qa-unoct-2024-2026',
  renews: 'agreement-qa-unoct-2018',
  kind: 'pledge',
  donorId: 'qatar',
  recipientId: 'unoct',
  total: usd('45000000'),
  period: { from: '2024', to: '2026' },
  schedule: [2024, 2025, 2026].map((year) => ({ year, amount: usd('15000000') })),
  occurredOn: '2022-03',
});

describe('commitments at a valid date', () => {
  const state = fold([agreement, renewal]);

  it('shows only what was signed by the date', () => {
    expect(commitmentsAt(state, { asOf: '2018-12-01' }).items).toEqual([]);
  });

  it('shows the 2018 agreement active in 2019 and totals it as committed', () => {
    const view = commitmentsAt(state, { asOf: '2019-06-30' });
    expect(view.items.map((i) => [i.id, i.status, i.certainty])).toEqual([['agreement-qa-unoct-2018', 'active', 'certain']]);
    expect(view.totals.commitments).toEqual([{ currency: 'USD', total: usd('75000000.00'), active: usd('75000000.00'), activeCertain: usd('75000000.00') }]);
    expect(view.totals.pledges).toEqual([]);
  });

  it('reports a renewal known but not yet started as announced, apart from commitments', () => {
    const view = commitmentsAt(state, { asOf: '2022-06-30' });
    const renewed = view.items.find((i) => i.id === 'pledge-qa-unoct-2024-2026')!;
    expect(renewed.status).toBe('announced');
    expect(view.totals.commitments[0]!.total).toEqual(usd('75000000.00'));
    expect(view.totals.pledges[0]!.total).toEqual(usd('45000000.00'));
  });

  it('marks a renewal announced in a month that straddles the date as only possibly known', () => {
    const renewed = commitmentsAt(state, { asOf: '2022-03-15' }).items.find((i) => i.id === 'pledge-qa-unoct-2024-2026');
    expect(renewed?.certainty).toBe('possible');
  });

  it('shows the renewal active in 2025 with its year amount and the 2018 agreement completed', () => {
    const view = commitmentsAt(state, { asOf: '2025-06-30' });
    const byId = Object.fromEntries(view.items.map((i) => [i.id, i]));
    expect(byId['pledge-qa-unoct-2024-2026']!.status).toBe('active');
    expect(byId['pledge-qa-unoct-2024-2026']!.scheduledForYear).toEqual({ year: 2025, amount: usd('15000000') });
    expect(byId['agreement-qa-unoct-2018']!.status).toBe('completed');
    expect(view.perYear.find((r) => r.year === 2025)).toEqual({ year: 2025, currency: 'USD', commitments: usd('0.00'), pledges: usd('15000000.00') });
  });

  it('drops a retracted commitment from state but keeps it in history', () => {
    const retraction = stored('agreement-qa-unoct-2018', 'FactRetracted', { eventId: agreement.id, eventType: 'AgreementSigned', reason: 'test' });
    const retracted = fold([agreement, renewal, retraction]);
    expect(commitmentsAt(retracted, { asOf: '2019-06-30' }).items).toEqual([]);
    expect(commitmentsAt(retracted, { asOf: '2019-06-30', includeRetracted: true }).items[0]!.status).toBe('retracted');
    expect(historyOf(retracted, 'agreement-qa-unoct-2018')!.entries.map((e) => e.change)).toEqual(['recorded', 'retracted']);
  });
});

describe('offices and corrections', () => {
  const opened = stored('office-parliamentary-engagement', 'OfficeOpened', {
    officeId: 'parliamentary-engagement',
    name: { en: 'Programme Office on Parliamentary Engagement' },
    city: 'Doha',
    country: 'QA',
    operatorId: 'unoct',
    occurredOn: '2021-07',
  }, [{ sourceId: 'article-003', quote: 'يوليو الماضي' }]);
  const corrected = stored('office-parliamentary-engagement', 'FactCorrected', {
    eventId: opened.id,
    eventType: 'OfficeOpened',
    changes: { occurredOn: '2021-06-16' },
    reason: 'official opening date',
  }, [{ sourceId: 'doha-news-2021-06-17', quote: 'opened 16 Jun 2021' }]);

  it('shows an office opened in a month as only possibly open within that month', () => {
    const state = fold([opened]);
    expect(officesAt(state, '2021-06-30')).toEqual([]);
    expect(officesAt(state, '2021-07-10')[0]!.certainty).toBe('possible');
    expect(officesAt(state, '2021-08-01')[0]!.certainty).toBe('certain');
  });

  it('answers with the old belief before the correction and the corrected one after it', () => {
    const before = fold([opened]);
    const after = fold([opened, corrected]);
    expect(officesAt(before, '2021-06-30')).toEqual([]);
    const office = officesAt(after, '2021-06-30')[0]!;
    expect(office.openedOn).toBe('2021-06-16');
    expect(office.openedOnPrecision).toBe('day');
    expect(office.sources.map((s) => s.sourceId)).toEqual(['article-003', 'doha-news-2021-06-17']);
    const history = historyOf(after, 'office-parliamentary-engagement')!;
    expect(history.entries.map((e) => e.change)).toEqual(['recorded', 'corrected']);
    expect(history.entries[1]).toMatchObject({ changes: { occurredOn: '2021-06-16' }, before: { occurredOn: '2021-07' } });
  });

  it('lists the office in the diff between a date before and after its opening', () => {
    const diff = diffBetween(fold([opened, corrected]), '2021-01-01', '2021-07-01');
    expect(diff.offices.added.map((o) => o.id)).toEqual(['office-parliamentary-engagement']);
    expect(diff.offices.removed).toEqual([]);
  });
});

describe('engagements and follow-ups', () => {
  const first = stored('engagement-strategic-dialogue-1', 'DialogueHeld', {
    engagementId: 'strategic-dialogue-1',
    kind: 'strategic-dialogue',
    title: { en: 'First Strategic Dialogue' },
    from: '2019-03-19',
    organisers: ['qatar', 'unoct'],
    participants: [],
    topics: [],
    outcomes: [{ description: 'next session agreed', followUp: { description: 'second session in Doha', expectedPlace: 'Doha', expectedBy: '2019-12' } }],
  });
  const second = stored('engagement-strategic-dialogue-2', 'DialogueHeld', {
    engagementId: 'strategic-dialogue-2',
    kind: 'strategic-dialogue',
    title: { en: 'Second Strategic Dialogue' },
    from: '2019-12-15',
    organisers: ['qatar', 'unoct'],
    participants: [],
    topics: [],
    outcomes: [],
    fulfils: [{ engagement: 'engagement-strategic-dialogue-1', outcomeIndex: 0 }],
  });

  it('tracks a promised follow-up as pending, overdue, or fulfilled by a later engagement', () => {
    expect(engagementsAt(fold([first]), '2019-06-30')[0]!.followUps[0]!.status).toBe('pending');
    expect(engagementsAt(fold([first]), '2020-01-01')[0]!.followUps[0]!.status).toBe('overdue');
    const both = engagementsAt(fold([first, second]), '2020-01-01');
    expect(both[0]!.followUps[0]).toMatchObject({ status: 'fulfilled', fulfilledBy: 'engagement-strategic-dialogue-2' });
  });

  it('puts engagements on the timeline in valid-time order', () => {
    // The second dialogue recorded before the first one was.
    const timeline = timelineAt(fold([{ ...second, position: first.position - 1n }, first]), '2020-01-01');
    expect(timeline.map((e) => e.stream)).toEqual(['engagement-strategic-dialogue-1', 'engagement-strategic-dialogue-2']);
  });
});

describe('evolve', () => {
  it('never changes the state it was given, so snapshots stay as they were', () => {
    const before = fold([agreement]);
    const frozen = JSON.stringify([...before.entities.keys()]);
    evolve(before, renewal);
    expect(JSON.stringify([...before.entities.keys()])).toBe(frozen);
    expect(before.eventCount).toBe(1);
  });
});

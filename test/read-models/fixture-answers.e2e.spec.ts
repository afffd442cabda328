import request from 'supertest';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';

/** What an auditor must be told about the Qatar–UNOCT partnership, from the fixtures as known now. */
describe('read models over the fixtures', () => {
  let ledger: LedgerApp;
  beforeAll(async () => {
    ledger = await startLedgerApp({ fixtures: true });
  });
  afterAll(() => ledger.close());

  /** A GET as an auditor (every /api route needs a key). */
  const asAuditor = (path: string) => request(ledger.app.getHttpServer()).get(path).set('Authorization', `Bearer ${ledger.auditorKey}`);
  const get = (path: string) => asAuditor(path).expect(200).then((r) => r.body);
  /** The last position before the first correction: the articles' facts recorded, the public record not yet applied. */
  const beforeCorrections = async () => {
    const [first] = (await get('/api/events?type=FactCorrected&limit=1')).events;
    return (BigInt(first.position) - 1n).toString();
  };

  it('on 2019-06-30 shows one active commitment of USD 75,000,000', async () => {
    const body = await get('/api/commitments?asOf=2019-06-30');
    const active = body.items.filter((i: { status: string }) => i.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ kind: 'commitment', donorId: 'qatar', recipientId: 'unoct', total: { currency: 'USD' } });
    expect(Number(active[0].total.amount)).toBe(75_000_000);
    expect(body.totals.commitments).toEqual([{ currency: 'USD', total: { amount: '75000000.00', currency: 'USD' }, active: { amount: '75000000.00', currency: 'USD' }, activeCertain: { amount: '75000000.00', currency: 'USD' } }]);
    expect(body.asOf).toBe('2019-06-30');
    expect(body.position).toMatch(/^\d+$/);
    expect(active[0].sources.length).toBeGreaterThan(0);
    expect(active[0].sources[0]).toHaveProperty('quote');
  });

  it('on 2022-06-30 knows the 2024–2026 renewal, not yet active', async () => {
    const body = await get('/api/commitments?asOf=2022-06-30');
    const renewal = body.items.find((i: { renews: string | null }) => i.renews === 'agreement-qa-unoct-2018');
    expect(renewal).toBeDefined();
    expect(['announced', 'upcoming']).toContain(renewal.status);
    expect(renewal.period).toEqual({ from: '2024', to: '2026' });
  });

  it('on 2025-06-30 shows the renewal active with USD 15,000,000 for 2025 and the 2018 agreement completed', async () => {
    const body = await get('/api/commitments?asOf=2025-06-30');
    const renewal = body.items.find((i: { renews: string | null }) => i.renews === 'agreement-qa-unoct-2018');
    expect(renewal.status).toBe('active');
    expect(renewal.scheduledForYear.year).toBe(2025);
    expect(Number(renewal.scheduledForYear.amount.amount)).toBe(15_000_000);
    const original = body.items.find((i: { id: string }) => i.id === 'agreement-qa-unoct-2018');
    expect(original.status).toBe('completed');
  });

  it("reads the Hub's USD 5 million for three years from a signing in September 2020 as known only that well", async () => {
    const hubAt = async (asOf: string, knownAt = '') => {
      const body = await get(`/api/commitments?asOf=${asOf}${knownAt}`);
      const hub = body.items.find((i: { id: string }) => i.id === 'agreement-qa-unoct-behavioural-insights-hub');
      return [hub.status, hub.certainty];
    };
    // Every possible period runs from some day in September 2020 to the day before its third anniversary.
    expect(await hubAt('2021-06-30')).toEqual(['active', 'certain']);
    expect(await hubAt('2023-09-15')).toEqual(['active', 'possible']);
    expect(await hubAt('2023-09-30')).toEqual(['completed', 'certain']);
    expect(await hubAt('2025-06-30')).toEqual(['completed', 'certain']);
    const mid = await get('/api/commitments?asOf=2023-09-15');
    const hub = mid.items.find((i: { id: string }) => i.id === 'agreement-qa-unoct-behavioural-insights-hub');
    expect(hub.periodSpan).toEqual({ startEarliest: '2020-09-01', startLatest: '2020-09-30', endEarliest: '2023-08-31', endLatest: '2023-09-29' });
    // The totals say which amounts are certain: the 2018 agreement's 75 million is, the Hub's 5 million only may be.
    expect(mid.totals.commitments[0]).toMatchObject({ active: { amount: '80000000.00' }, activeCertain: { amount: '75000000.00' } });
    // Before the public record dated the signing (known only to 2020), the three years could end as late as 30 Dec 2023.
    const before = `&knownAt=${await beforeCorrections()}`;
    expect(await hubAt('2023-09-30', before)).toEqual(['active', 'possible']);
    expect(await hubAt('2023-12-31', before)).toEqual(['completed', 'certain']);
  });

  it('includes in /api/state the agreements without money, and /api/diff covers them', async () => {
    const state = await get('/api/state?asOf=2021-01-01');
    const shura = state.agreements.find((a: { id: string }) => a.id === 'agreement-shura-unoct-parliamentary-office');
    expect(shura).toMatchObject({ kind: 'establishment', hasCommitment: false, signedOn: '2020-11-25', certainty: 'certain' });
    expect(state.commitments.items.map((c: { id: string }) => c.id)).not.toContain('agreement-shura-unoct-parliamentary-office');
    expect(state.agreements.map((a: { id: string }) => a.id)).toEqual([
      'agreement-qa-unoct-2018',
      'agreement-qa-unoct-behavioural-insights-hub',
      'agreement-shura-unoct-parliamentary-office',
    ]);
    expect(state.agreementsPage).toMatchObject({ total: 3, next: null });
    // Paged like the other lists, in signing order.
    const first = await get('/api/agreements?asOf=2021-01-01&limit=2');
    expect(first.agreements.map((a: { id: string }) => a.id)).toEqual(['agreement-qa-unoct-2018', 'agreement-qa-unoct-behavioural-insights-hub']);
    expect(first.page).toMatchObject({ total: 3, limit: 2 });
    const rest = await get(`/api/agreements?asOf=2021-01-01&limit=2&after=${encodeURIComponent(first.page.next)}`);
    expect(rest.agreements.map((a: { id: string }) => a.id)).toEqual(['agreement-shura-unoct-parliamentary-office']);
    expect(rest.page.next).toBeNull();
    const diff = await get('/api/diff?from=2020-10-01&to=2021-01-01');
    expect(diff.diff.agreements.added).toEqual([{ id: 'agreement-shura-unoct-parliamentary-office', kind: 'establishment', certainty: 'certain' }]);
    expect(diff.diff.agreements.removed).toEqual([]);
  });

  it("shows at one recorded time that the sources disagree: 003's July 2021 adopted, 004's claim of 2020 beside it", async () => {
    const { history } = await get(`/api/history/office-parliamentary-engagement-office?knownAt=${await beforeCorrections()}`);
    const [opened] = history.entries;
    expect(opened.data.occurredOn).toBe('2021-07');
    const claims = opened.sources.filter((c: { claim?: object }) => c.claim);
    expect(claims).toEqual([expect.objectContaining({ sourceId: 'article-004-a2ea7cfc649d0564', claim: { occurredOn: '2020' } })]);
    const cited = (await get('/api/sources/article-004-a2ea7cfc649d0564')).citations.find((c: { claim?: object }) => c.claim);
    expect(cited).toMatchObject({ stream: 'office-parliamentary-engagement-office', claim: { occurredOn: '2020' } });
  });

  it('cites the public record on each value taken from it from the first recorded time, where it disagrees as a claim', async () => {
    const knownAt = await beforeCorrections();
    const first = async (stream: string) => (await get(`/api/history/${stream}?knownAt=${knownAt}`)).history.entries[0];
    const launch = await first('engagement-vulnerable-targets-programme-launch');
    expect(launch.data.from).toBe('2021-01-23');
    expect(launch.sources).toContainEqual(expect.objectContaining({ sourceId: 'public-xinhua-ani-2021-01-20', claim: { from: '2021-01-19' } }));
    const forum = await first('engagement-ct-technical-assistance-beneficiaries-forum-1');
    expect(forum.data.from).toBe('2022');
    expect(forum.sources.map((c: { sourceId: string }) => c.sourceId)).toContain('public-qatarconferences-beneficiaries-forum');
    const shura = await first('agreement-shura-unoct-parliamentary-office');
    expect(shura.sources.map((c: { sourceId: string }) => c.sourceId)).toContain('public-shura-qa-2020-11-25');
    // apunion.org confirms the coordination meeting, so it is cited there and nowhere else.
    const apunion = (await get('/api/sources/public-apunion-coordination-meeting')).citations;
    expect(apunion).toEqual([expect.objectContaining({ stream: 'engagement-parliamentary-assemblies-coordination-meeting-1', type: 'DialogueHeld' })]);
  });

  it('marks a fact disputed while a cited claim differs from the value adopted: settled by a correction that adopts it, not by one that does not', async () => {
    const offices = (await get('/api/offices?asOf=2021-07-01')).offices;
    const claimsOfOffice = (id: string) => offices.find((o: { officeId: string }) => o.officeId === id).claims;
    expect(claimsOfOffice('parliamentary-engagement-office')).toEqual([
      { field: 'occurredOn', claimed: '2020', adopted: '2021-06-16', sourceId: 'article-004-a2ea7cfc649d0564' },
    ]);
    expect(claimsOfOffice('behavioural-insights-hub')).toEqual([]);
    expect((await get('/api/commitments?asOf=2025-06-30')).items.every((c: { claims: unknown[] }) => c.claims.length === 0)).toBe(true);
    const launchIn = async (knownAt: string) => {
      const { timeline } = await get(`/api/timeline?asOf=2021-12-31${knownAt}`);
      return timeline.find((e: { stream: string }) => e.stream === 'engagement-vulnerable-targets-programme-launch').claims;
    };
    expect(await launchIn(`&knownAt=${await beforeCorrections()}`)).toEqual([
      { field: 'from', claimed: '2021-01-19', adopted: '2021-01-23', sourceId: 'public-xinhua-ani-2021-01-20' },
    ]);
    expect(await launchIn('')).toEqual([]);
  });

  it('has the Behavioural Insights Hub open on 2021-01-01 and the parliamentary office not yet', async () => {
    const body = await get('/api/offices?asOf=2021-01-01');
    const ids = body.offices.map((o: { officeId: string }) => o.officeId);
    expect(ids).toContain('behavioural-insights-hub');
    expect(ids).not.toContain('parliamentary-engagement-office');
  });

  it('has both Doha offices open on 2021-07-01', async () => {
    const body = await get('/api/offices?asOf=2021-07-01');
    const doha = body.offices.filter((o: { city: string }) => o.city === 'Doha').map((o: { officeId: string }) => o.officeId);
    expect(doha).toEqual(expect.arrayContaining(['behavioural-insights-hub', 'parliamentary-engagement-office']));
  });

  it('shows the old belief about the parliamentary office before its correction was recorded', async () => {
    const history = await get('/api/history/office-parliamentary-engagement-office');
    const corrected = history.history.entries.find((e: { change: string }) => e.change === 'corrected');
    expect(corrected.changes).toEqual({ occurredOn: '2021-06-16' });
    const before = BigInt(corrected.position) - 1n;
    const then = await get(`/api/offices?asOf=2021-06-30&knownAt=${before}`);
    expect(then.offices.map((o: { officeId: string }) => o.officeId)).not.toContain('parliamentary-engagement-office');
    const now = await get('/api/offices?asOf=2021-06-30');
    expect(now.offices.map((o: { officeId: string }) => o.officeId)).toContain('parliamentary-engagement-office');
    expect(then.knownAt).toBe(before.toString());
  });

  it('answers knownAt given as a timestamp before anything was recorded with an empty ledger', async () => {
    const body = await get('/api/commitments?asOf=2025-06-30&knownAt=2000-01-01T00:00:00Z');
    expect(body.items).toEqual([]);
    expect(body.position).toBeNull();
  });

  it('serves the timeline, engagements, programmes, state, diff and raw events', async () => {
    const timeline = await get('/api/timeline?asOf=2023-12-31');
    expect(timeline.timeline.length).toBeGreaterThan(5);
    const engagements = await get('/api/engagements?asOf=2023-12-31');
    expect(engagements.engagements.length).toBeGreaterThanOrEqual(4);
    const programmes = await get('/api/programmes?asOf=2021-12-31');
    expect(programmes.programmes.map((p: { programmeId: string }) => p.programmeId)).toContain('global-programme-vulnerable-targets');
    const diff = await get('/api/diff?from=2021-01-01&to=2021-07-01');
    expect(diff.diff.offices.added.map((o: { id: string }) => o.id)).toContain('office-parliamentary-engagement-office');
    const events = await get('/api/events?limit=5');
    expect(events.events).toHaveLength(5);
    const state = await get('/api/state?asOf=2019-06-30');
    expect(state.commitments.items).toHaveLength(1);
  });

  it('rejects a malformed date with a problem document naming the field', async () => {
    const response = await asAuditor('/api/commitments?asOf=2019-02-30').expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'asOf', rule: 'isDay' })]);
  });

  it('answers 404 for a stream the ledger does not know', async () => {
    await asAuditor('/api/history/office-nowhere').expect(404);
  });

  it('pages commitments and offices with a cursor, totals covering every item', async () => {
    const whole = await get('/api/commitments?asOf=2025-06-30');
    expect(whole.page).toEqual({ total: whole.items.length, limit: 100, next: null });
    expect(whole.items.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const query: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
      const page = await get(`/api/commitments?asOf=2025-06-30&limit=2${query}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.totals).toEqual(whole.totals);
      expect(page.perYear).toEqual(whole.perYear);
      seen.push(...page.items.map((item: { id: string }) => item.id));
      after = page.page.next;
    } while (after !== null);
    expect(seen).toEqual(whole.items.map((item: { id: string }) => item.id));

    const offices = await get('/api/offices?asOf=2021-07-01&limit=1');
    expect(offices.offices).toHaveLength(1);
    expect(offices.page.total).toBeGreaterThan(1);
    expect(offices.page.next).toMatch(/^\d{8}~office-/);
  });

  it('refuses a page size or cursor it cannot use, naming the parameter', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=ten', 'limit'], ['after=2021-07-01', 'after']]) {
      const response = await asAuditor(`/api/offices?asOf=2021-07-01&${query}`).expect(400);
      expect(JSON.stringify(response.body)).toContain(field);
    }
    const refusals: [string, string][] = [
      ['/api/timeline?limit=1001', 'limit'],
      ['/api/timeline?after=20210701~office-x', 'after'],
      ['/api/engagements?limit=0', 'limit'],
      ['/api/engagements?after=nonsense', 'after'],
      ['/api/programmes?limit=5000', 'limit'],
      ['/api/diff?from=2021-01-01&to=2021-07-01&limit=1001', 'limit'],
      ['/api/events?limit=1001', 'limit'],
    ];
    for (const [path, field] of refusals) {
      const response = await asAuditor(path).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('pages the timeline, engagements and programmes in the order of the whole list', async () => {
    for (const [route, list] of [['timeline', 'timeline'], ['engagements', 'engagements'], ['programmes', 'programmes']] as const) {
      const whole = await get(`/api/${route}?asOf=2030-01-01`);
      expect(whole.page).toEqual({ total: whole[list].length, limit: 100, next: null });
      const seen: unknown[] = [];
      let after: string | null = null;
      do {
        const query: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
        const page = await get(`/api/${route}?asOf=2030-01-01&limit=2${query}`);
        expect(page[list].length).toBeLessThanOrEqual(2);
        expect(page.page.total).toBe(whole.page.total);
        seen.push(...page[list]);
        after = page.page.next;
      } while (after !== null);
      expect(seen).toEqual(whole[list]);
    }
  });

  it('cuts each list of a diff to its limit and gives the totals', async () => {
    const whole = await get('/api/diff?from=2015-01-01&to=2030-01-01');
    expect(whole.diff.commitments.totals.added).toBeGreaterThan(1);
    const cut = await get('/api/diff?from=2015-01-01&to=2030-01-01&limit=1');
    expect(cut.diff.commitments.added).toEqual(whole.diff.commitments.added.slice(0, 1));
    expect(cut.diff.commitments.totals).toEqual(whole.diff.commitments.totals);
  });
});

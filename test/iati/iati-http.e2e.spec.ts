import request from 'supertest';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { validateIatiActivities } from '../../src/iati/iati-schema';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { fileWithValue, iatiFile } from './iati-files';

describe('IATI over HTTP', () => {
  let ledger: LedgerApp;
  let store: EventStore;
  beforeAll(async () => {
    ledger = await startLedgerApp({ fixtures: true });
    store = ledger.app.get(EVENT_STORE);
  }, 60_000);
  afterAll(() => ledger.close());

  const server = () => ledger.app.getHttpServer();
  const eventCount = async () => (await store.readAll()).length;
  const post = (body: string, key = ledger.adminKey, type = 'application/xml') =>
    request(server()).post('/api/imports/iati').set('Authorization', `Bearer ${key}`).set('Content-Type', type).send(body);

  it('GET /api/export/iati answers a schema-valid activity file for an auditor', async () => {
    const response = await request(server()).get('/api/export/iati?asOf=2025-06-01').set('Authorization', `Bearer ${ledger.auditorKey}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(response.text).toContain('<iati-activities version="2.03"');
    expect(response.text).toContain('agreement-qa-unoct-2018</iati-identifier>');
    expect(await validateIatiActivities(response.text)).toEqual([]);
  });

  it('GET /api/export/iati as known at an earlier position leaves out what was recorded later', async () => {
    const response = await request(server()).get('/api/export/iati?asOf=2025-06-01&knownAt=20').set('Authorization', `Bearer ${ledger.auditorKey}`).expect(200);
    expect(response.text).not.toContain('pledge-qa-unoct-renewal-2024-2026</iati-identifier>');
  });

  it('refuses a bad asOf with 400 naming the field', async () => {
    const response = await request(server()).get('/api/export/iati?asOf=2025-13-01').set('Authorization', `Bearer ${ledger.auditorKey}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  it('POST /api/imports/iati records a file for an admin, and the same file again appends nothing', async () => {
    const xml = iatiFile({ identifier: 'GB-GOV-1-900001', transactions: [{ type: '2', value: '1000.50' }] });
    const first = await post(xml).expect(200);
    expect(first.body).toMatchObject({ commitments: 1, replayed: 0 });
    await ledger.app.get(LiveLedger).waitFor(BigInt(first.body.lastPosition));
    const exported = await request(server()).get('/api/export/iati?asOf=2025-06-01').set('Authorization', `Bearer ${ledger.auditorKey}`).expect(200);
    expect(exported.text).toContain('agreement-iati-gb-gov-1-900001</iati-identifier>');
    const before = await eventCount();
    const again = await post(xml).expect(200);
    expect(again.body.recorded).toBe(0);
    expect(await eventCount()).toBe(before);
  });

  // After the import above the ledger holds two partnerships: Qatar–UNOCT and FCDO–UNDP.
  it('GET /api/commitments filters by donor and recipient, totals included', async () => {
    const get = (query: string) => request(server()).get(`/api/commitments?asOf=2025-06-01&${query}`).set('Authorization', `Bearer ${ledger.auditorKey}`);
    const qatar = (await get('donor=qatar&recipient=unoct').expect(200)).body;
    expect(qatar.items.map((item: { id: string }) => item.id).sort()).toEqual([
      'agreement-qa-unoct-2018',
      'agreement-qa-unoct-behavioural-insights-hub',
      'pledge-qa-unoct-renewal-2024-2026',
    ]);
    const fcdo = (await get('donor=iati-gb-gov-1').expect(200)).body;
    expect(fcdo.items.map((item: { id: string }) => item.id)).toEqual(['agreement-iati-gb-gov-1-900001']);
    expect(fcdo.totals.commitments).toEqual([{ currency: 'GBP', total: { amount: '1000.50', currency: 'GBP' }, active: { amount: '0.00', currency: 'GBP' }, activeCertain: { amount: '0.00', currency: 'GBP' } }]);
    expect((await get('recipient=nobody').expect(200)).body).toMatchObject({ items: [], page: { total: 0 } });
    const bad = (await get('donor=Not%20A%20Slug').expect(400)).body;
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'donor', rule: 'isSlug' })]);
  });

  it('refuses an auditor (403), another media type (415), and a bad file (400 naming line, element and rule), appending nothing', async () => {
    const before = await eventCount();
    await post(fileWithValue('10'), ledger.auditorKey).expect(403);
    await post(fileWithValue('10'), ledger.adminKey, 'text/plain').expect(415);
    const response = await post(fileWithValue('-10')).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^line \d+: iati-activity\[1\]\/transaction\[1\]\/value$/), rule: 'isPositive' })]);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
    expect(await eventCount()).toBe(before);
  });
});

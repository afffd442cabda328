import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { COMMANDS } from '../../src/capabilities';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { json } from '../support/sample-payloads';
import { EVERY_COMMAND_IN_ORDER } from './command-sequence';

describe('POST /api/commands/<command-name>?dryRun=true', () => {
  let ledger: LedgerApp;
  let store: EventStore;

  beforeAll(async () => {
    ledger = await startLedgerApp();
    store = ledger.app.get(EVENT_STORE);
    for (const step of EVERY_COMMAND_IN_ORDER.filter((s) => ['register-source', 'register-party', 'sign-agreement'].includes(s.command))) {
      await post(step.command, step.payload({})).expect(201);
    }
  });
  afterAll(() => ledger.close());

  function post(command: string, body: unknown, { key = randomUUID() as string | null, query = '', bearer = ledger.adminKey } = {}) {
    const call = request(ledger.app.getHttpServer()).post(`/api/commands/${command}${query}`).set('Authorization', `Bearer ${bearer}`);
    if (key !== null) call.set('Idempotency-Key', key);
    return call.send(body as object);
  }
  const count = async () => (await store.readAll()).length;

  it.each(COMMANDS.map((command) => command.name))('%s has a dry run: an empty body is refused 400 naming its fields, not 404', async (command) => {
    const response = await post(command, {}, { key: null, query: '?dryRun=true' }).expect(400);
    expect(response.body.errors.length).toBeGreaterThan(0);
  });

  it('answers 200 with the events the command would append, and appends nothing', async () => {
    const before = await count();
    const response = await post('open-office', json.openOffice(), { key: null, query: '?dryRun=true' }).expect(200);
    expect(response.body).toEqual({
      dryRun: true,
      stream: 'office-behavioural-insights-hub',
      expectedRevision: null,
      events: [{ type: 'OfficeOpened', stream: 'office-behavioural-insights-hub', data: expect.objectContaining({ officeId: 'behavioural-insights-hub', occurredOn: '2020-12' }) }],
    });
    expect(await count()).toBe(before);
  });

  it('records no idempotency key: the same key then records the command for real (201)', async () => {
    const key = randomUUID();
    const body = json.dialogue();
    await post('hold-dialogue', body, { key, query: '?dryRun=true' }).expect(200);
    const before = await count();
    const recorded = await post('hold-dialogue', body, { key }).expect(201);
    expect(recorded.body.replayed).toBe(false);
    expect(await count()).toBe(before + 1);
  });

  it('gives the error recording would give: a broken ledger rule is 422 and nothing is appended', async () => {
    await post('open-office', json.openOffice({ officeId: 'twice-hub' })).expect(201);
    const before = await count();
    const response = await post('open-office', json.openOffice({ officeId: 'twice-hub' }), { query: '?dryRun=true' });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await count()).toBe(before);
  });

  it('decides on the stream as it is: the preview says which revision it would follow', async () => {
    const response = await post('close-office', json.closeOffice({ officeId: 'twice-hub' }), { query: '?dryRun=true' }).expect(200);
    expect(response.body).toMatchObject({ stream: 'office-twice-hub', expectedRevision: '0', events: [{ type: 'OfficeClosed' }] });
  });

  it('checks references as recording does: a citation of an unknown source is refused', async () => {
    const body = json.openOffice({ officeId: 'cited-hub', sources: [{ sourceId: 'no-such-source', quote: 'x' }] });
    const response = await post('open-office', body, { query: '?dryRun=true' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('a bad field is 400 naming it, as without the switch', async () => {
    const response = await post('open-office', json.openOffice({ occurredOn: '2020-13' }), { query: '?dryRun=true' }).expect(400);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'occurredOn' })]));
  });

  it('a bad switch value is 400 naming dryRun, and nothing is appended', async () => {
    const before = await count();
    const response = await post('open-office', json.openOffice({ officeId: 'maybe-hub' }), { query: '?dryRun=yes' }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'dryRun', rule: 'isBooleanString', message: 'dryRun must be true or false' }]);
    expect(await count()).toBe(before);
  });

  it('a malformed Idempotency-Key is still refused on a dry run', async () => {
    const response = await post('open-office', json.openOffice(), { key: 'not-a-uuid', query: '?dryRun=true' }).expect(400);
    expect(response.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('is refused to auditor keys (403)', async () => {
    await post('open-office', json.openOffice(), { query: '?dryRun=true', bearer: ledger.auditorKey }).expect(403);
  });

  it('dryRun=false records as usual', async () => {
    await post('open-office', json.openOffice({ officeId: 'plain-hub' }), { query: '?dryRun=false' }).expect(201);
  });

  it('GET /api/caller tells each key its role, so a page shows the record panel to admins only', async () => {
    const server = ledger.app.getHttpServer();
    const admin = await request(server).get('/api/caller').set('Authorization', `Bearer ${ledger.adminKey}`).expect(200);
    expect(admin.body).toEqual({ name: 'admin', role: 'admin', mayRecord: true });
    const auditor = await request(server).get('/api/caller').set('Authorization', `Bearer ${ledger.auditorKey}`).expect(200);
    expect(auditor.body).toEqual({ name: 'auditor', role: 'auditor', mayRecord: false });
    await request(server).get('/api/caller').expect(401);
  });

  it('proves citations as recording does: words the document does not hold are refused (422) and nothing is appended', async () => {
    const cite = (json.openOffice() as { sources: { sourceId: string }[] }).sources[0];
    const before = await count();
    const response = await post('open-office', json.openOffice({ officeId: 'misquoted-hub', sources: [{ ...cite, quote: 'words that appear in no document at all' }] }), { query: '?dryRun=true' });
    expect(response.status).toBe(422);
    expect(response.body.detail).toMatch(/does not occur/);
    expect(await count()).toBe(before);
  });
});

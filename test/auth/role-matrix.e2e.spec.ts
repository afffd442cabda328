import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { generateApiKey } from '../../src/auth/api-key';
import { routeAccessOf } from '../../src/auth/route-access';
import { KEYS_FILE_NAME, readKeysFile, saveKeysFile } from '../../src/auth/keys-file';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { COMMANDS } from '../../src/capabilities';
import { EVERY_COMMAND_IN_ORDER } from '../http/command-sequence';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { json } from '../support/sample-payloads';

/** One URL per read route (with the parameters it needs), over the fixtures. */
const READS = [
  '/api/state',
  '/api/commitments?asOf=2021-01-01',
  '/api/offices',
  '/api/engagements',
  '/api/programmes',
  '/api/timeline',
  '/api/history/office-behavioural-insights-hub',
  '/api/diff?from=2019-01-01&to=2024-01-01',
  '/api/events?limit=5',
  '/api/agreements',
  '/api/caller',
  '/api/export/iati?asOf=2021-01-01',
  '/api/sources',
  '/api/sources/public-apunion-coordination-meeting',
];

type Credential = 'none' | 'malformed' | 'unknown' | 'revoked' | 'auditor' | 'admin';

describe('role × route matrix', () => {
  let ledger: LedgerApp;
  let store: EventStore;
  const keys: Record<Credential, Record<string, string>> = {} as never;

  beforeAll(async () => {
    ledger = await startLedgerApp({
      fixtures: true,
      keys: [
        { name: 'ops.alice', role: 'admin' },
        { name: 'oios.bob', role: 'auditor' },
        { name: 'former.carol', role: 'admin' },
      ],
    });
    store = ledger.app.get(EVENT_STORE);
    const file = join(ledger.dataDir, KEYS_FILE_NAME);
    saveKeysFile(file, readKeysFile(file).map((r) => (r.name === 'former.carol' ? { ...r, revokedAt: '2025-01-01T00:00:00Z' } : r)));
    keys.none = {};
    keys.malformed = { Authorization: 'Bearer not-a-key' };
    keys.unknown = { Authorization: `Bearer ${generateApiKey()}` };
    keys.revoked = { 'X-API-Key': ledger.keys['former.carol'] };
    keys.auditor = { Authorization: `Bearer ${ledger.keys['oios.bob']}` };
    keys.admin = { Authorization: `Bearer ${ledger.keys['ops.alice']}` };
  });
  afterAll(() => ledger.close());

  it('covers every guarded GET route the application has', () => {
    const covered = new Set(READS.map((url) => url.split('?')[0].replace('office-behavioural-insights-hub', ':stream').replace('public-apunion-coordination-meeting', ':id')));
    const gets = routeAccessOf(ledger.app).filter((route) => route.method === 'GET' && !route.isPublic);
    expect(gets.map((route) => route.path).filter((path) => !covered.has(path))).toEqual([]);
  });

  const eventCount = async () => (await store.readAll()).length;
  const read = (url: string, as: Credential) => request(ledger.app.getHttpServer()).get(url).set(keys[as]);
  const write = (command: string, payload: object, as: Credential, id = randomUUID()) =>
    request(ledger.app.getHttpServer()).post(`/api/commands/${command}`).set(keys[as]).set('Idempotency-Key', id).send(payload);

  describe.each<Credential>(['none', 'malformed', 'unknown', 'revoked'])('a request with %s key', (credential) => {
    it.each(READS)('is refused 401 on GET %s', async (url) => {
      const response = await read(url, credential).expect(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="partnership-ledger"/);
      expect(response.body).toMatchObject({ status: 401, type: expect.stringMatching(/unauthenticated$/) });
    });

    it.each(COMMANDS.map((d) => d.name))('is refused 401 on POST /api/commands/%s and nothing is appended', async (command) => {
      const before = await eventCount();
      await write(command, json.source({ sourceId: 'should-not-exist' }), credential).expect(401);
      expect(await eventCount()).toBe(before);
    });
  });

  it('tells a revoked key it was revoked, and an unknown key that it is unknown', async () => {
    expect((await read('/api/state', 'revoked')).body.detail).toMatch(/"former.carol" has been revoked/);
    expect((await read('/api/state', 'unknown')).body.detail).toMatch(/not known/);
    expect((await read('/api/state', 'unknown')).headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  describe.each<Credential>(['auditor', 'admin'])('a valid %s key', (credential) => {
    it.each(READS)('reads GET %s', async (url) => {
      await read(url, credential).expect(200);
    });
  });

  it.each(COMMANDS.map((d) => d.name))('an auditor key cannot write: POST /api/commands/%s is 403 and nothing is appended', async (command) => {
    const before = await eventCount();
    const response = await write(command, json.source({ sourceId: 'auditor-source' }), 'auditor').expect(403);
    expect(response.body.detail).toMatch(/"oios.bob" has the role auditor; this route needs admin/);
    expect(await eventCount()).toBe(before);
  });
});

describe('admin actions record their actor', () => {
  let ledger: LedgerApp;
  beforeAll(async () => {
    ledger = await startLedgerApp({ keys: [{ name: 'ops.alice', role: 'admin' }] });
  });
  afterAll(() => ledger.close());

  it('records every command with the key’s name as the actor of each event', async () => {
    const store = ledger.app.get<EventStore>(EVENT_STORE);
    const eventIds: Record<string, string> = {};
    for (const step of EVERY_COMMAND_IN_ORDER) {
      const response = await request(ledger.app.getHttpServer())
        .post(`/api/commands/${step.command}`)
        .set('Authorization', `Bearer ${ledger.keys['ops.alice']}`)
        .set('Idempotency-Key', randomUUID())
        .send(step.payload(eventIds));
      expect({ step: step.label, status: response.status, body: response.status === 201 ? 'ok' : response.body }).toEqual({ step: step.label, status: 201, body: 'ok' });
      eventIds[step.label] = response.body.eventIds[0];
    }
    const events = await store.readAll();
    expect(new Set(EVERY_COMMAND_IN_ORDER.map((step) => step.command))).toEqual(new Set(COMMANDS.map((d) => d.name)));
    expect(events.length).toBeGreaterThanOrEqual(EVERY_COMMAND_IN_ORDER.length);
    for (const event of events) expect({ id: event.id, actor: event.metadata.actor }).toEqual({ id: event.id, actor: 'ops.alice' });
  });
});

import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { writeKeysFile } from '../../src/auth/keys-file';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { CLAIM_STREAM_PREFIX } from '../../src/event-store/eventstoredb/event-id-claims';
import { configureApp } from '../../src/http/configure-app';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { EsdbTestServer, startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { DEFAULT_TEST_KEYS } from '../support/ledger-app';
import { json } from '../support/sample-payloads';
import { makeTempDir } from '../support/temp-dir';

/**
 * The Idempotency-Key over HTTP with the EventStoreDB store (the in-process protocol test server). EventStoreDB
 * keeps event ids unique per stream only, so a key reused for a command on another stream is the case the
 * adapter's event-id claims exist for: it must be refused as on the embedded store, not appended.
 */
describe('POST /api/commands/<command-name> on EventStoreDB: the Idempotency-Key', () => {
  let server: EsdbTestServer;
  let temp: ReturnType<typeof makeTempDir>;
  let app: INestApplication;
  let store: EventStore;
  let adminKey: string;

  beforeAll(async () => {
    server = await startEsdbTestServer();
    temp = makeTempDir('app-esdb');
    adminKey = writeKeysFile(temp.path, DEFAULT_TEST_KEYS).admin!;
    const config = loadLedgerConfig({
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: server.connectionString,
      LEDGER_DATA_DIR: temp.path,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forConfig(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureApp(app);
    await app.init();
    await app.get(LiveLedger).whenCaughtUp();
    store = app.get(EVENT_STORE);
    expect((await store.health()).store).toBe('eventstoredb');
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
    temp?.remove();
  });

  function post(command: string, body: unknown, key: string) {
    return request(app.getHttpServer())
      .post(`/api/commands/${command}`)
      .set('Authorization', `Bearer ${adminKey}`)
      .set('Idempotency-Key', key)
      .send(body as object);
  }
  const count = async () => (await store.readAll()).length;

  it('reused with another body for a command on another stream is refused 422 and nothing is appended', async () => {
    const key = randomUUID();
    const first = await post('register-party', json.party({ partyId: 'unodc', kind: 'un-entity', name: { en: 'UNODC' } }), key).expect(201);
    expect(first.body.stream).toBe('party-unodc');
    const before = await count();

    const response = await post('register-source', json.source({ sourceId: 'another-source' }), key);
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toMatch(/idempotency-key-reused$/);
    expect(await count()).toBe(before);
    expect(await store.readStream('source-another-source')).toEqual([]);

    // The same key with the same body is still the original command: 200, its result, nothing appended.
    const again = await post('register-party', json.party({ partyId: 'unodc', kind: 'un-entity', name: { en: 'UNODC' } }), key).expect(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await count()).toBe(before);
  });

  it('reused for the same command on another stream (another entity id) is refused 422 too', async () => {
    const key = randomUUID();
    await post('register-party', json.party({ partyId: 'unicri', kind: 'un-entity', name: { en: 'UNICRI' } }), key).expect(201);
    const before = await count();
    const response = await post('register-party', json.party({ partyId: 'interpol', kind: 'international-organisation', name: { en: 'INTERPOL' } }), key);
    expect(response.status).toBe(422);
    expect(await count()).toBe(before);
    expect(await store.readStream('party-interpol')).toEqual([]);
  });

  it('records a new key as usual, and the raw log shows no claim', async () => {
    const key = randomUUID();
    const created = await post('register-source', json.source({ sourceId: 'esdb-source' }), key).expect(201);
    expect(created.body.replayed).toBe(false);
    await post('register-source', json.source({ sourceId: 'esdb-source' }), key).expect(200);
    const log = await request(app.getHttpServer()).get('/api/events?limit=1000').set('Authorization', `Bearer ${adminKey}`).expect(200);
    const streams = JSON.stringify(log.body);
    expect(streams).toContain('source-esdb-source');
    expect(streams).not.toContain(CLAIM_STREAM_PREFIX);
  });
});

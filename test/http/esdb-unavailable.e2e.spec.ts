import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { writeKeysFile } from '../../src/auth/keys-file';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { DEFAULT_RETRY_POLICY } from '../../src/event-store/eventstoredb/esdb-faults';
import { configureApp } from '../../src/http/configure-app';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { EsdbTestServer, startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { DEFAULT_TEST_KEYS } from '../support/ledger-app';
import { json } from '../support/sample-payloads';
import { makeTempDir } from '../support/temp-dir';

/** A store that stays unavailable reaches HTTP clients as 503 problem+json with Retry-After, never a 500. */
describe('POST /api/commands/<command-name> while EventStoreDB is unavailable', () => {
  let server: EsdbTestServer;
  let temp: ReturnType<typeof makeTempDir>;
  let app: INestApplication;
  let store: EventStore;
  let adminKey: string;

  beforeAll(async () => {
    server = await startEsdbTestServer();
    temp = makeTempDir('app-esdb-unavailable');
    adminKey = writeKeysFile(temp.path, DEFAULT_TEST_KEYS).admin!;
    const config = loadLedgerConfig({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: server.connectionString, LEDGER_DATA_DIR: temp.path });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forConfig(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureApp(app);
    await app.init();
    await app.get(LiveLedger).whenCaughtUp();
    store = app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await app?.close();
    await server?.stop();
    temp?.remove();
  });

  const post = (key: string) =>
    request(app.getHttpServer())
      .post('/api/commands/register-party')
      .set('Authorization', `Bearer ${adminKey}`)
      .set('Idempotency-Key', key)
      .send(json.party({ partyId: 'unavailable-test', name: { en: 'Unavailable' } }));

  it('answers 503 with Retry-After and records nothing; the same request later is recorded once', async () => {
    const key = 'd0000000-0000-4000-8000-000000000503';
    server.cluster.injectAppendFaults(Array(DEFAULT_RETRY_POLICY.attempts).fill('not-ready'), { streamPrefix: 'party-' });
    const refused = await post(key);
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ status: 503, type: expect.stringMatching(/store-unavailable$/) });
    expect(JSON.stringify(refused.body)).not.toMatch(/at .*\.ts|UNAVAILABLE/);
    expect((await store.readStream('party-unavailable-test')).length).toBe(0);

    const recorded = await post(key);
    expect(recorded.status).toBeLessThan(300);
    expect((await store.readStream('party-unavailable-test')).length).toBe(1);
  });
});

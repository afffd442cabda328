import { Test } from '@nestjs/testing';
import { EventBus, ofType } from '@nestjs/cqrs';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { evolve, initialLedgerState } from '../../projections/ledger/ledger-state';
import { AppModule } from '../../src/app.module';
import { loadLedgerConfig } from '../../src/config/ledger-config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { configureApp } from '../../src/http/configure-app';
import { LedgerEventRecorded } from '../../src/read-models/ledger-event-recorded.event';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { writeLargeLedger } from '../support/large-ledger';
import { stateJson } from '../support/state-json';
import { makeTempDir } from '../support/temp-dir';

/**
 * A start on a large ledger: the server answers /health at once, saying it is catching up and how far it has
 * come; the history is folded straight into the model (no EventBus message per event), and the model it ends
 * with is the one a plain fold of the log gives. Events recorded after the catch-up are published on the EventBus.
 */
describe('cold start on a ledger of 60,000 events', () => {
  const EVENTS = 60_000;
  const temp = makeTempDir('cold');
  let app: INestApplication;

  beforeAll(() => writeLargeLedger(temp.path, EVENTS), 120_000);
  afterAll(async () => {
    await app?.close();
    temp.remove();
  });

  it('answers /health while catching up, folds the history without the EventBus, then publishes what follows on it', async () => {
    const config = loadLedgerConfig({ LEDGER_STORE: 'sqlite', LEDGER_DATA_DIR: temp.path, LEDGER_API_KEYS: '{"keys":[]}' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forConfig(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureApp(app);
    const published: LedgerEventRecorded[] = [];
    app.get(EventBus).pipe(ofType(LedgerEventRecorded)).subscribe((event) => published.push(event));
    await app.init();
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const early = await fetch(`${base}/health`);
    const body = (await early.json()) as { status: string; readModel: { caughtUp: boolean; progress: number; target: string } };
    expect(early.status).toBe(200);
    expect(body.status).toBe('catching-up');
    expect(body.readModel).toMatchObject({ caughtUp: false, target: String(EVENTS) });
    expect(body.readModel.progress).toBeLessThan(1);

    const live = app.get(LiveLedger);
    await live.whenCaughtUp();
    const done = (await (await fetch(`${base}/health`)).json()) as { status: string; readModel: { progress: number; events: number } };
    expect(done).toMatchObject({ status: 'ok', readModel: { progress: 1, events: EVENTS } });
    expect(published).toHaveLength(0);

    const store = SqliteEventStore.open({ file: config.sqliteFile });
    try {
      expect(stateJson(live.current)).toEqual(stateJson((await store.readAll()).reduce(evolve, initialLedgerState())));
      const appended = await store.append('thing-after-start', [{ id: crypto.randomUUID(), type: 'ThingHappened', data: {}, metadata: {} }], 'no_stream');
      await live.waitFor(appended.position);
    } finally {
      await store.close();
    }
    expect(published).toHaveLength(1);
  }, 120_000);
});

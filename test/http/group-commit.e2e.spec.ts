import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppendRequest, EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { json } from '../support/sample-payloads';
import { EVERY_COMMAND_IN_ORDER } from './command-sequence';

/**
 * Commands in flight together over HTTP: held behind a slow first commit, the rest arrive while it is in flight
 * and go to the store in one commit; each answers as it would alone.
 */
describe('POST /api/commands/<command-name> with many commands in flight (group commit)', () => {
  let ledger: LedgerApp;
  let store: EventStore;
  const groups: number[] = [];

  beforeAll(async () => {
    ledger = await startLedgerApp();
    store = ledger.app.get(EVENT_STORE);
    for (const step of EVERY_COMMAND_IN_ORDER.filter((s) => ['register-source', 'register-party'].includes(s.command))) {
      await post(step.command, step.payload({})).expect(201);
    }
  });
  afterAll(() => ledger.close());

  function post(command: string, body: unknown, key: string = randomUUID()) {
    return request(ledger.app.getHttpServer())
      .post(`/api/commands/${command}`)
      .set('Authorization', `Bearer ${ledger.adminKey}`)
      .set('Idempotency-Key', key)
      .send(body as object);
  }

  /** The next commit waits `ms` before it is made, so what arrives meanwhile queues for the one after. */
  function slowNextCommit(ms: number): void {
    const appendMany = store.appendMany.bind(store);
    let first = true;
    store.appendMany = async (requests: readonly AppendRequest[]) => {
      groups.push(requests.length);
      if (first) {
        first = false;
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
      return appendMany(requests);
    };
  }

  it('answers each command as it would alone: 201s, a reused key 422, a bad body 400, a broken rule 422; nothing of the refused ones appended', async () => {
    const party = (partyId: string) => json.party({ partyId, name: { en: partyId } });
    const reusedKey = randomUUID();
    const before = (await store.readAll()).length;
    slowNextCommit(400);

    const first = post('register-party', party('group-first'));
    const firstDone = first.then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [good, reusedA, reusedB, bad, broken] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, (_, n) => post('register-party', party(`group-${n}`)).then((r) => r))),
      post('register-party', party('group-reused-a'), reusedKey).then((r) => r),
      post('register-party', party('group-reused-b'), reusedKey).then((r) => r),
      post('register-party', { ...party('group-bad'), partyId: 'Not A Slug' }).then((r) => r),
      post('register-party', party('qatar')).then((r) => r),
    ]);
    expect((await firstDone).status).toBe(201);

    expect(good.map((r) => r.status)).toEqual(Array(8).fill(201));
    // The same key on two streams: one is recorded, the other refused as a reused key.
    expect([reusedA.status, reusedB.status].sort()).toEqual([201, 422]);
    const refused = reusedA.status === 422 ? reusedA : reusedB;
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 422, type: expect.stringMatching(/idempotency-key-reused$/) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'partyId', rule: 'isSlug' })]);
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({ rule: expect.stringMatching(/^party\./) });

    // The commands that waited behind the first commit went to the store together.
    expect(Math.max(...groups.slice(1))).toBeGreaterThan(1);
    const stored = await store.readAll();
    expect(stored.length - before).toBe(1 + 8 + 1);
    const streams = new Set(stored.map((e) => e.stream));
    expect(streams.has(refused === reusedA ? 'party-group-reused-a' : 'party-group-reused-b')).toBe(false);
    expect(streams.has('party-group-bad')).toBe(false);
  });
});

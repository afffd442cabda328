import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { CLAIM_RULES } from '../../src/recording/claims';
import { EVERY_COMMAND_IN_ORDER } from '../http/command-sequence';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { CITE, json } from '../support/sample-payloads';

/** A claim is checked against the fact when it is recorded: over HTTP a bad one is a problem document, and nothing is appended. */
describe('claims on citations over HTTP', () => {
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

  const post = (command: string, body: object) =>
    request(ledger.app.getHttpServer()).post(`/api/commands/${command}`).set('Authorization', `Bearer ${ledger.adminKey}`).set('Idempotency-Key', randomUUID()).send(body);
  const count = async () => (await store.readAll()).length;
  const citing = (claim: object) => [CITE[0], { ...CITE[0], note: 'another source', claim }];

  it('refuses 422 a claim on a field the fact does not have, naming sources.<i>.claim.<path> and the rule', async () => {
    const before = await count();
    const response = await post('open-office', json.openOffice({ officeId: 'claim-missing-field', sources: citing({ closedOn: '2021' }) })).expect(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 422, rule: CLAIM_RULES.fieldExists, field: 'sources.1.claim.closedOn' });
    expect(JSON.stringify(response.body)).not.toMatch(/\n\s+at /);
    expect(await count()).toBe(before);
  });

  it('refuses 400 a claim whose value the field cannot hold, naming sources.<i>.claim.<path> and the field’s rule', async () => {
    const before = await count();
    const response = await post('open-office', json.openOffice({ officeId: 'claim-bad-date', sources: citing({ occurredOn: 'last July' }) })).expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'sources.1.claim.occurredOn', rule: 'isPartialDate' })]);
    expect(await count()).toBe(before);
  });

  it('refuses 422 a claim of the value the fact adopts: it would show a disagreement there is none of', async () => {
    const before = await count();
    const response = await post('open-office', json.openOffice({ officeId: 'claim-same-value', sources: citing({ occurredOn: '2020-12' }) })).expect(422);
    expect(response.body).toMatchObject({ rule: CLAIM_RULES.differs, field: 'sources.1.claim.occurredOn' });
    expect(await count()).toBe(before);
  });

  it('records a claim that fits, and keeps it on the citation', async () => {
    const recorded = await post('open-office', json.openOffice({ officeId: 'claim-fits', sources: citing({ occurredOn: '2020' }) })).expect(201);
    const [event] = await store.readStream(recorded.body.stream);
    expect(event.metadata.sources).toEqual([expect.not.objectContaining({ claim: expect.anything() }), expect.objectContaining({ claim: { occurredOn: '2020' } })]);
  });
});

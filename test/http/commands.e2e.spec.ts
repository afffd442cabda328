import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE, EventStore, StoredEvent } from '../../src/event-store/event-store.port';
import { JSON_BODY_LIMIT_BYTES } from '../../src/http/json-body';
import { requestSha256 } from '../../src/recording/request-hash';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';
import { json } from '../support/sample-payloads';
import { EVERY_COMMAND_IN_ORDER } from './command-sequence';

describe('POST /api/commands/<command-name>', () => {
  let ledger: LedgerApp;
  let store: EventStore;

  beforeAll(async () => {
    ledger = await startLedgerApp();
    store = ledger.app.get(EVENT_STORE);
    // The registered world the facts below cite: the source, the parties and the 2018 agreement.
    for (const step of EVERY_COMMAND_IN_ORDER.filter((s) => ['register-source', 'register-party', 'sign-agreement'].includes(s.command))) {
      await post(step.command, step.payload({})).expect(201);
    }
  });
  afterAll(() => ledger.close());

  function post(command: string, body: unknown, key: string | null = randomUUID()) {
    const call = request(ledger.app.getHttpServer()).post(`/api/commands/${command}`).set('Authorization', `Bearer ${ledger.adminKey}`);
    if (key !== null) call.set('Idempotency-Key', key);
    return body === undefined ? call : call.send(body as object);
  }
  function postRaw(command: string, contentType: string, body: string | Buffer) {
    return request(ledger.app.getHttpServer())
      .post(`/api/commands/${command}`)
      .set('Authorization', `Bearer ${ledger.adminKey}`)
      .set('Idempotency-Key', randomUUID())
      .set('Content-Type', contentType)
      .send(body);
  }
  const all = () => store.readAll();
  async function expectNothingAppended(attempt: () => Promise<unknown>): Promise<void> {
    const before = (await all()).length;
    await attempt();
    expect((await all()).length).toBe(before);
  }
  function expectProblem(response: request.Response, status: number): void {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, instance: expect.stringMatching(/^\/api\/commands\//) });
    expect(response.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  }

  describe('a new command', () => {
    it('is recorded: 201 with the result, bigints as decimal strings', async () => {
      const key = randomUUID();
      const response = await post('open-office', json.openOffice(), key).expect(201);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        commandId: key,
        stream: 'office-behavioural-insights-hub',
        eventIds: [expect.any(String)],
        firstRevision: '0',
        lastRevision: '0',
        position: expect.stringMatching(/^\d+$/),
        replayed: false,
      });
    });

    it('records the key’s name as actor and the hash of the request in each event’s metadata', async () => {
      const key = randomUUID();
      const body = json.programme();
      const { body: result } = await post('launch-programme', body, key).expect(201);
      const event = (await all()).find((e) => e.id === result.eventIds[0]) as StoredEvent;
      expect(event.metadata).toMatchObject({ commandId: key, actor: 'admin', requestSha256: requestSha256('launch-programme', body) });
    });
  });

  describe('the Idempotency-Key', () => {
    it('with the same body (in any key order) answers 200 with the original result and appends nothing', async () => {
      const key = randomUUID();
      const body = json.pledge();
      const first = await post('make-pledge', body, key).expect(201);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      await expectNothingAppended(async () => {
        const again = await post('make-pledge', reordered, key).expect(200);
        expect(again.body).toEqual({ ...first.body, replayed: true });
      });
    });

    it('is one key whatever the case of its hex digits', async () => {
      const key = randomUUID();
      const first = await post('hold-dialogue', json.dialogue(), key).expect(201);
      const again = await post('hold-dialogue', json.dialogue(), key.toUpperCase()).expect(200);
      expect(again.body).toEqual({ ...first.body, replayed: true });
    });

    it('with a different body for the same command is refused 422 and nothing is appended', async () => {
      const key = randomUUID();
      await post('record-disbursement', json.disbursement({ disbursementId: 'tranche-a' }), key).expect(201);
      await expectNothingAppended(async () => {
        const response = await post('record-disbursement', json.disbursement({ disbursementId: 'tranche-a', occurredOn: '2019-07' }), key);
        expectProblem(response, 422);
        expect(response.body).toMatchObject({
          type: expect.stringMatching(/idempotency-key-reused$/),
          errors: [{ field: 'Idempotency-Key', rule: 'sameRequestForSameKey', message: expect.any(String) }],
        });
      });
    });

    it('reused for another command (another stream) is refused 422 and nothing is appended', async () => {
      const key = randomUUID();
      await post('register-party', json.party({ partyId: 'unodc', kind: 'un-entity', name: { en: 'UNODC' } }), key).expect(201);
      await expectNothingAppended(async () => {
        const response = await post('register-source', json.source({ sourceId: 'another-source' }), key);
        expectProblem(response, 422);
        expect(response.body.type).toMatch(/idempotency-key-reused$/);
      });
    });

    it('missing is a 400 naming the header', async () => {
      await expectNothingAppended(async () => {
        const response = await post('register-source', json.source({ sourceId: 'no-key' }), null);
        expectProblem(response, 400);
        expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', rule: 'isDefined', message: expect.stringContaining('Idempotency-Key') }]);
      });
    });

    it.each([['not-a-uuid'], ['12345'], [`${randomUUID()}, ${randomUUID()}`]])('%p is a 400 naming the header', async (key) => {
      const response = await post('register-source', json.source({ sourceId: 'bad-key' }), key);
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', rule: 'isUuid', message: expect.any(String) }]);
    });
  });

  describe('client mistakes are problem documents, never a 500, and append nothing', () => {
    it('400 lists every bad field with its rule', async () => {
      const bad = json.agreement({
        agreementId: 'Not A Slug',
        kind: 'treaty',
        parties: ['qatar', 'UNOCT'],
        occurredOn: '2018-13',
        surprise: true,
        commitment: { donorId: 'qatar', recipientId: 'unoct', total: { amount: 75000000.5, currency: 'usd' } },
      });
      await expectNothingAppended(async () => {
        const response = await post('sign-agreement', bad);
        expectProblem(response, 400);
        const found = (response.body.errors as { field: string; rule: string }[]).map(({ field, rule }) => `${field}:${rule}`);
        expect(found).toEqual(
          expect.arrayContaining([
            'agreementId:isSlug',
            'kind:isIn',
            'parties.1:isSlug',
            'occurredOn:isPartialDate',
            'surprise:unknownField',
            'commitment.total.amount:isPositiveDecimal',
            'commitment.total.currency:isKnownCurrency',
          ]),
        );
      });
    });

    it.each([
      ['a JSON array', [json.source()]],
      ['no body at all', undefined],
    ])('400 for %s instead of an object', async (_case, body) => {
      await expectNothingAppended(async () => expectProblem(await post('register-source', body), 400));
    });

    it('400 for a __proto__ key, and the prototype is untouched', async () => {
      const response = await postRaw('register-source', 'application/json', JSON.stringify(json.source()).replace('{', '{"__proto__":{"polluted":true},'));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: '__proto__', rule: 'forbiddenKey' })]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('404 for a command that does not exist', async () => {
      const response = await post('delete-everything', {});
      expectProblem(response, 404);
      expect(response.body.title).toMatch(/No command "delete-everything"/);
    });

    it('422 for a broken invariant, naming the rule', async () => {
      await post('open-office', json.openOffice({ officeId: 'twice-office' })).expect(201);
      await expectNothingAppended(async () => {
        const response = await post('open-office', json.openOffice({ officeId: 'twice-office' }));
        expectProblem(response, 422);
        expect(response.body.rule).toEqual(expect.any(String));
      });
    });

    it('413 for a body over the limit', async () => {
      const big = JSON.stringify(json.source({ title: 'x'.repeat(JSON_BODY_LIMIT_BYTES) }));
      await expectNothingAppended(async () => expectProblem(await postRaw('register-source', 'application/json', big), 413));
    });

    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'sourceId=article-000'],
      ['application/merge-patch+json', '{}'],
      ['multipart/form-data; boundary=x', '--x--'],
      ['application/json; charset=latin1', '{}'],
      ['application/json; charset=utf-16', '{}'],
    ])('415 for Content-Type %s', async (type, body) => {
      await expectNothingAppended(async () => expectProblem(await postRaw('register-source', type, body), 415));
    });

    it('400 for a body that is not JSON, saying so', async () => {
      const response = await postRaw('register-source', 'application/json', '{"sourceId": "a",');
      expectProblem(response, 400);
      expect(response.body.type).toMatch(/malformed-json$/);
    });

    it.each([
      ['a scalar', '"register me"'],
      ['NaN', '{"sourceId": NaN}'],
    ])('400 for %s as the body', async (_case, body) => {
      expectProblem(await postRaw('register-source', 'application/json', body), 400);
    });

    it('400 for nesting deeper than the limit, whatever the depth', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const response = await postRaw('register-source', 'application/json', deep);
      expectProblem(response, 400);
      expect(response.body.errors[0]).toMatchObject({ rule: 'maxDepth' });
    });

    it('400 for a number too large to represent', async () => {
      const response = await postRaw('correct-fact', 'application/json', JSON.stringify(json.correct()).replace('"2020-12-07"', '1e400'));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'changes.occurredOn', rule: 'isFiniteNumber' })]);
    });

    it('400 for money as a float', async () => {
      const response = await post('record-disbursement', json.disbursement({ disbursementId: 'float', amount: { amount: 15000000.25, currency: 'USD' } }));
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'amount.amount', rule: 'isPositiveDecimal' })]);
    });
  });

  describe('other routes', () => {
    it('answer an unknown path with a problem+json 404', async () => {
      const response = await request(ledger.app.getHttpServer()).get('/api/nothing-here').set('Authorization', `Bearer ${ledger.auditorKey}`);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answer a path that cannot be decoded with a 400, not a 500', async () => {
      const response = await request(ledger.app.getHttpServer()).get('/api/history/%E0%A4%A').set('Authorization', `Bearer ${ledger.auditorKey}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });
});

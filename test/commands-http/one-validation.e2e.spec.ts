import * as classValidator from 'class-validator';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { COMMANDS } from '../../src/capabilities';
import { EVERY_COMMAND_IN_ORDER } from '../http/command-sequence';
import { iatiFile } from '../iati/iati-files';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';

/**
 * A POST's payload goes through class-validator once: the CommandRegistry validates it into its DTO and marks it,
 * the global ValidationPipe passes an untyped body by, and the recorder trusts the mark. The recorder's check of
 * the events a decider made is another thing (the event's own data class) and is not counted here.
 */
describe('one validation per request', () => {
  let ledger: LedgerApp;
  const validateSync = jest.spyOn(classValidator, 'validateSync');
  const validate = jest.spyOn(classValidator, 'validate');

  beforeAll(async () => {
    ledger = await startLedgerApp();
  });
  afterAll(async () => {
    validateSync.mockRestore();
    validate.mockRestore();
    await ledger.close();
  });

  function post(command: string, body: unknown, query = '') {
    return request(ledger.app.getHttpServer())
      .post(`/api/commands/${command}${query}`)
      .set('Authorization', `Bearer ${ledger.adminKey}`)
      .set('Idempotency-Key', randomUUID())
      .send(body as object);
  }

  /** class-validator passes over an instance of exactly this class (not a subclass, not a base), since the spies were reset. */
  function validationsOf(payloadClass: new () => object): number {
    const targets: unknown[] = [...validateSync.mock.calls, ...validate.mock.calls].map((call) => call[0]);
    return targets.filter((target) => typeof target === 'object' && target !== null && target.constructor === payloadClass).length;
  }

  it('validates each command’s payload exactly once between the route and the append', async () => {
    const eventIds: Record<string, string> = {};
    const counted: Record<string, number> = {};
    for (const step of EVERY_COMMAND_IN_ORDER) {
      const payloadClass = COMMANDS.find((command) => command.name === step.command)!.payload;
      validateSync.mockClear();
      validate.mockClear();
      const response = await post(step.command, step.payload(eventIds)).expect(201);
      eventIds[step.label] = response.body.eventIds[0];
      counted[step.label] = validationsOf(payloadClass);
    }
    expect(counted).toEqual(Object.fromEntries(EVERY_COMMAND_IN_ORDER.map((step) => [step.label, 1])));
  });

  it('validates a dry run’s payload once too', async () => {
    const payloadClass = COMMANDS.find((command) => command.name === 'register-party')!.payload;
    validateSync.mockClear();
    validate.mockClear();
    await post('register-party', { partyId: 'dry-run-party', name: { en: 'Dry run' }, kind: 'state' }, '?dryRun=true').expect(200);
    expect(validationsOf(payloadClass)).toBe(1);
  });

  it('validates each command of an IATI import once, though every command is validated before the first is recorded', async () => {
    const xml = iatiFile({ identifier: 'GB-GOV-1-700001', transactions: [{ type: '2', value: '2500.00' }, { type: '3', value: '100.00', date: '2025-02-01' }] });
    const agreement = COMMANDS.find((command) => command.name === 'sign-agreement')!.payload;
    const disbursement = COMMANDS.find((command) => command.name === 'record-disbursement')!.payload;
    validateSync.mockClear();
    validate.mockClear();
    const report = await request(ledger.app.getHttpServer())
      .post('/api/imports/iati')
      .set('Authorization', `Bearer ${ledger.adminKey}`)
      .set('Content-Type', 'application/xml')
      .send(xml)
      .expect(200);
    expect(report.body).toMatchObject({ commitments: 1, disbursements: 1 });
    expect([validationsOf(agreement), validationsOf(disbursement)]).toEqual([1, 1]);
  });
});

import { CAPABILITIES } from '../../src/capabilities';
import { ValidationFailed } from '../../src/domain/errors';
import { CommandRegistry } from '../../src/recording/command-registry';
import { requestSha256 } from '../../src/recording/request-hash';
import { LedgerCommand } from '../../src/recording/ledger-command';
import { SignAgreementPayload } from '../../src/signing-agreements/sign-agreement.command';
import { json } from '../support/sample-payloads';

const registry = new CommandRegistry(CAPABILITIES);
const COMMAND_ID = '3b8f7c2a-1d4e-4f6a-9b0c-2e5d8a7f1c33';

function errorsOf(name: string, payload: unknown, commandId = COMMAND_ID, actor = 'admin:test') {
  try {
    registry.toCommand(name, commandId, payload, actor);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).errors;
  }
  throw new Error('expected ValidationFailed');
}

describe('turning input into commands', () => {
  it('knows every command of the catalogue by its kebab name', () => {
    expect(registry.names()).toEqual([
      'register-source',
      'register-party',
      'sign-agreement',
      'make-pledge',
      'renew-pledge',
      'record-disbursement',
      'open-office',
      'close-office',
      'hold-dialogue',
      'launch-programme',
      'correct-fact',
      'retract-fact',
    ]);
  });

  it('builds the ledger command with its name, a validated payload, the command id, the actor and the request hash', () => {
    const command = registry.toCommand('sign-agreement', COMMAND_ID, json.agreement(), 'admin:test', { correlationId: 'req-1' });
    expect(command).toBeInstanceOf(LedgerCommand);
    expect(command.name).toBe('sign-agreement');
    expect(command.payload).toBeInstanceOf(SignAgreementPayload);
    expect(command.commandId).toBe(COMMAND_ID);
    expect(command.context).toEqual({
      actor: 'admin:test',
      correlationId: 'req-1',
      requestSha256: requestSha256('sign-agreement', json.agreement()),
    });
  });

  it('names a nested amount that is not a positive decimal by its dotted path', () => {
    const agreement = json.agreement();
    const errors = errorsOf('sign-agreement', { ...agreement, commitment: { ...(agreement.commitment as object), total: { amount: '-5', currency: 'USD' } } });
    expect(errors).toEqual([{ field: 'commitment.total.amount', rule: 'isPositiveDecimal', message: expect.any(String) }]);
  });

  it('takes a period as from and to, or as a duration (with or without from), never a duration with a to', () => {
    const agreement = json.agreement();
    const withPeriod = (period: object) => registry.payloadErrors('sign-agreement', { ...agreement, commitment: { ...(agreement.commitment as object), period, schedule: [] } });
    expect(withPeriod({ duration: 'P3Y' })).toEqual([]);
    expect(withPeriod({ from: '2019-Q2', duration: 'P18M' })).toEqual([]);
    expect(withPeriod({ from: '2019', to: '2023', bounds: 'within' })).toEqual([]);
    expect(withPeriod({ from: '2019', to: '2023', duration: 'P5Y' })).toEqual([expect.objectContaining({ field: 'commitment.period.duration', rule: 'isPeriodDuration' })]);
    expect(withPeriod({ duration: 'three years' })).toEqual([expect.objectContaining({ field: 'commitment.period.duration', rule: 'isPeriodDuration' })]);
    expect(withPeriod({})).toEqual([expect.objectContaining({ field: 'commitment.period.duration', rule: 'isPeriodDuration' })]);
    expect(withPeriod({ from: '2019' })).toEqual([expect.objectContaining({ field: 'commitment.period.duration', rule: 'isPeriodDuration' })]);
    expect(withPeriod({ from: '2019', to: '2023', bounds: 'about' })).toEqual([expect.objectContaining({ field: 'commitment.period.bounds', rule: 'isIn' })]);
  });

  it('refuses money given as a JSON number', () => {
    const errors = errorsOf('make-pledge', { ...json.pledge(), total: { amount: 45000000, currency: 'USD' } });
    expect(errors).toContainEqual(expect.objectContaining({ field: 'total.amount', rule: 'isPositiveDecimal' }));
  });

  it('refuses more decimals than the currency allows, and unknown currencies', () => {
    expect(errorsOf('make-pledge', { ...json.pledge(), total: { amount: '10.005', currency: 'USD' } })).toContainEqual(
      expect.objectContaining({ field: 'total.amount', rule: 'fitsCurrencyPrecision' }),
    );
    expect(errorsOf('make-pledge', { ...json.pledge(), total: { amount: '10', currency: 'XXX' } })).toContainEqual(
      expect.objectContaining({ field: 'total.currency', rule: 'isKnownCurrency' }),
    );
  });

  it('amounts are positive: zero is refused', () => {
    expect(errorsOf('record-disbursement', { ...json.disbursement(), amount: { amount: '0', currency: 'USD' } })).toContainEqual(
      expect.objectContaining({ field: 'amount.amount', rule: 'isPositiveDecimal' }),
    );
  });

  it('ids are slugs, and a bad id in a list is named with its index', () => {
    expect(errorsOf('open-office', json.openOffice({ officeId: 'Behavioural Hub' }))).toContainEqual(
      expect.objectContaining({ field: 'officeId', rule: 'isSlug' }),
    );
    expect(errorsOf('sign-agreement', json.agreement({ parties: ['qatar', 'UN_OCT'] }))).toContainEqual(
      expect.objectContaining({ field: 'parties.1', rule: 'isSlug' }),
    );
    expect(errorsOf('register-party', json.party({ partyId: `a${'-b'.repeat(40)}` }))).toContainEqual(
      expect.objectContaining({ field: 'partyId', rule: 'isSlug' }),
    );
  });

  it('periods end after they start', () => {
    const agreement = json.agreement();
    const commitment = { ...(agreement.commitment as object), period: { from: '2023', to: '2019' } };
    expect(errorsOf('sign-agreement', { ...agreement, commitment })).toContainEqual(
      expect.objectContaining({ field: 'commitment.period.to', rule: 'endsAfterStart' }),
    );
    expect(errorsOf('hold-dialogue', json.dialogue({ from: '2022-03-31', to: '2022-03-28' }))).toContainEqual(
      expect.objectContaining({ field: 'to', rule: 'endsAfterStart' }),
    );
  });

  it('accepts a one-day period and a period given at year precision', () => {
    expect(() => registry.toCommand('hold-dialogue', COMMAND_ID, json.dialogue({ from: '2022', to: '2022' }), 'a')).not.toThrow();
    expect(() => registry.toCommand('hold-dialogue', COMMAND_ID, json.dialogue({ from: '2022-03-28', to: '2022-03-28' }), 'a')).not.toThrow();
  });

  it('refuses unknown fields, at any depth', () => {
    expect(errorsOf('open-office', { ...json.openOffice(), colour: 'blue' })).toEqual([
      { field: 'colour', rule: 'unknownField', message: expect.any(String) },
    ]);
    expect(errorsOf('open-office', { ...json.openOffice(), name: { en: 'Hub', fr: 'Centre' } })).toEqual([
      { field: 'name.fr', rule: 'unknownField', message: expect.any(String) },
    ]);
  });

  it('refuses __proto__ and constructor keys before transforming anything', () => {
    const polluted = JSON.parse('{"officeId":"hub","__proto__":{"admin":true}}');
    expect(errorsOf('open-office', polluted)).toEqual([{ field: '__proto__', rule: 'forbiddenKey', message: expect.any(String) }]);
    const nested = JSON.parse('{"stream":"office-hub","eventId":"00000000-0000-4000-8000-000000000000","reason":"r","sources":[],"changes":{"constructor":{"prototype":{"x":1}}}}');
    expect(errorsOf('correct-fact', nested)).toContainEqual(expect.objectContaining({ field: 'changes.constructor', rule: 'forbiddenKey' }));
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('names nested array items by index', () => {
    const dialogue = json.dialogue({ participants: [{ name: 'A' }, { name: '', capacity: 'boss' }] });
    const errors = errorsOf('hold-dialogue', dialogue);
    expect(errors).toContainEqual(expect.objectContaining({ field: 'participants.1.name', rule: 'isText' }));
    expect(errors).toContainEqual(expect.objectContaining({ field: 'participants.1.capacity', rule: 'isIn' }));
  });

  it('requires at least one citation on a fact, each naming a source by slug', () => {
    expect(errorsOf('open-office', json.openOffice({ sources: [] }))).toContainEqual(expect.objectContaining({ field: 'sources', rule: 'arrayMinSize' }));
    expect(errorsOf('open-office', json.openOffice({ sources: [{ sourceId: 'Bad Id', quote: 'x' }] }))).toContainEqual(
      expect.objectContaining({ field: 'sources.0.sourceId', rule: 'isSlug' }),
    );
    expect(() => registry.toCommand('register-party', COMMAND_ID, json.party(), 'a')).not.toThrow();
  });

  it('refuses null for an optional field rather than storing it', () => {
    expect(errorsOf('open-office', json.openOffice({ hostAgreement: null }))).toContainEqual(
      expect.objectContaining({ field: 'hostAgreement', rule: 'isStreamName' }),
    );
  });

  it('checks partial dates, stream names, countries and Arabic names', () => {
    const errors = errorsOf(
      'open-office',
      json.openOffice({ occurredOn: '2021-02-30', hostAgreement: 'office-x', country: 'qa', name: { en: 'Hub', ar: 'Hub' } }),
    );
    expect(errors.map((e) => [e.field, e.rule])).toEqual(
      expect.arrayContaining([
        ['occurredOn', 'isPartialDate'],
        ['hostAgreement', 'isStreamName'],
        ['country', 'isCountryCode'],
        ['name.ar', 'isArabicText'],
      ]),
    );
  });

  it('reports a bad command id and actor together with payload errors', () => {
    const errors = errorsOf('open-office', json.openOffice({ officeId: 'X' }), 'not-a-uuid', ' ');
    expect(errors.map((e) => e.field)).toEqual(['commandId', 'actor', 'officeId']);
  });

  it('refuses an unknown command name and a payload that is not an object', () => {
    expect(errorsOf('delete-everything', {})).toEqual([expect.objectContaining({ field: 'command', rule: 'isKnownCommand' })]);
    expect(errorsOf('open-office', [1, 2])).toEqual([expect.objectContaining({ rule: 'isObject' })]);
  });

  it('a correction needs a non-empty change set of field paths', () => {
    expect(errorsOf('correct-fact', json.correct({ changes: {} }))).toContainEqual(expect.objectContaining({ field: 'changes', rule: 'isChangeSet' }));
    expect(errorsOf('correct-fact', json.correct({ changes: { 'bad path!': 1 } }))).toContainEqual(
      expect.objectContaining({ field: 'changes', rule: 'isChangeSet' }),
    );
    expect(errorsOf('correct-fact', json.correct({ changes: { 'name.constructor': 1 } }))).toContainEqual(
      expect.objectContaining({ field: 'changes', rule: 'isChangeSet' }),
    );
  });
});

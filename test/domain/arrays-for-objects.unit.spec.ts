import { CAPABILITIES } from '../../src/capabilities';
import { CommandRegistry } from '../../src/recording/command-registry';
import { json } from '../support/sample-payloads';

/** @ValidateNested() alone validates each element of an array: an array must not pass where one object is expected. */
describe('an array where one nested object is expected', () => {
  const registry = new CommandRegistry(CAPABILITIES);
  const errorsOf = (command: string, payload: object) => registry.payloadErrors(command, payload).map(({ field, rule }) => `${field}:${rule}`);

  it.each<[string, object, string]>([
    ['register-party', json.party({ name: [] }), 'name:isObject'],
    ['sign-agreement', json.agreement({ title: [{ en: 'Contribution agreement' }] }), 'title:isObject'],
    ['sign-agreement', json.agreement({ place: [] }), 'place:isObject'],
    ['sign-agreement', json.agreement({ commitment: { ...(json.agreement().commitment as object), total: [] } }), 'commitment.total:isObject'],
    ['make-pledge', json.pledge({ schedule: [{ year: 2024, amount: [] }] }), 'schedule.0.amount:isObject'],
    ['open-office', json.openOffice({ sources: [[{ sourceId: 'article-000', quote: 'نص' }]] }), 'sources.0:isObject'],
  ])('is refused for %s: %j', (command, payload, expected) => {
    expect(errorsOf(command, payload)).toContain(expected);
  });

  it('leaves valid payloads valid', () => {
    expect(errorsOf('sign-agreement', json.agreement())).toEqual([]);
    expect(errorsOf('make-pledge', json.pledge())).toEqual([]);
  });
});

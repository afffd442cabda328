import { PLEDGE_MADE, PLEDGE_RENEWED } from '../../src/events/pledge.events';
import { FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { pledgeDecider } from '../../src/pledging/pledge.decider';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

const spec = deciderSpec(pledgeDecider);

describe('making and renewing pledges', () => {
  it('a pledge is made', () => {
    spec.given([]).when({ type: 'make-pledge', data: payload.pledge() }).then([{ type: PLEDGE_MADE, data: dataOf(json.pledge()) }]);
  });

  it('a renewal is recorded in its own stream, linked to what it renews', () => {
    spec.given([]).when({ type: 'renew-pledge', data: payload.renewal() }).then([{ type: PLEDGE_RENEWED, data: dataOf(json.renewal()) }]);
  });

  it('a pledge cannot be made twice under one id', () => {
    spec
      .given([{ type: PLEDGE_MADE, data: dataOf(json.pledge()) }])
      .when({ type: 'make-pledge', data: payload.pledge() })
      .thenThrows({ rule: 'pledge.cannot-make-twice', field: 'pledgeId' });
  });

  it('a renewal cannot reuse the id of an existing pledge', () => {
    spec
      .given([{ type: PLEDGE_MADE, data: dataOf(json.pledge({ pledgeId: 'qa-unoct-renewal-2024' })) }])
      .when({ type: 'renew-pledge', data: payload.renewal() })
      .thenThrows({ rule: 'pledge.cannot-make-twice', field: 'pledgeId' });
  });

  it('a renewal cannot renew itself', () => {
    spec
      .given([])
      .when({ type: 'renew-pledge', data: payload.renewal({ renews: 'pledge-qa-unoct-renewal-2024' }) })
      .thenThrows({ rule: 'renewal.cannot-renew-itself', field: 'renews' });
  });

  it('a pledge after a retracted one with the same id may be made', () => {
    spec
      .given([
        { id: '00000000-0000-4000-8000-00000000000a', type: PLEDGE_MADE, data: dataOf(json.pledge()) },
        { type: FACT_RETRACTED, data: { eventId: '00000000-0000-4000-8000-00000000000a', eventType: PLEDGE_MADE, reason: 'misreported' } },
      ])
      .when({ type: 'make-pledge', data: payload.pledge() })
      .then([{ type: PLEDGE_MADE, data: dataOf(json.pledge()) }]);
  });

  it('the donor of a pledge is not its recipient', () => {
    spec
      .given([])
      .when({ type: 'make-pledge', data: payload.pledge({ recipientId: 'qatar' }) })
      .thenThrows({ rule: 'commitment.donor-cannot-be-recipient', field: 'recipientId' });
  });

  it('a pledge schedule stays within its period', () => {
    spec
      .given([])
      .when({ type: 'renew-pledge', data: payload.renewal({ period: { from: '2024', to: '2025' } }) })
      .thenThrows({ rule: 'commitment.schedule-outside-period', field: 'schedule.2.year' });
  });

  it('a pledge cannot be announced after today', () => {
    spec
      .given([])
      .when({ type: 'make-pledge', data: payload.pledge({ occurredOn: '2025-06-02' }) })
      .thenThrows({ rule: 'fact.cannot-be-in-the-future', field: 'occurredOn' });
  });
});

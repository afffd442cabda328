import { commitmentDecider } from '../../src/disbursing/record-disbursement.decider';
import { AGREEMENT_SIGNED } from '../../src/events/agreement-signed.event';
import { CONTRIBUTION_DISBURSED } from '../../src/events/contribution-disbursed.event';
import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { PLEDGE_MADE } from '../../src/events/pledge.events';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

const spec = deciderSpec(commitmentDecider);
const AGREEMENT_ID = '00000000-0000-4000-8000-0000000000a1';
const signed = { id: AGREEMENT_ID, type: AGREEMENT_SIGNED, data: dataOf(json.agreement()) };

function disbursed(over: Record<string, unknown> = {}) {
  const { commitment: _stream, ...data } = dataOf(json.disbursement(over));
  return { type: CONTRIBUTION_DISBURSED, data };
}

const pay = (over: Record<string, unknown> = {}) => ({ type: 'record-disbursement' as const, data: payload.disbursement(over) });

describe('recording a disbursement', () => {
  it('money paid against a commitment is recorded in the commitment stream', () => {
    spec.given([signed]).when(pay()).then([disbursed()]);
  });

  it('a disbursement against a pledge is recorded too', () => {
    spec
      .given([{ type: PLEDGE_MADE, data: dataOf(json.pledge()) }])
      .when(pay({ commitment: 'pledge-qa-unoct-2022' }))
      .then([disbursed()]);
  });

  it('a disbursement names an existing commitment', () => {
    spec.given([]).when(pay()).thenThrows({ rule: 'disbursement.commitment-must-exist', field: 'commitment' });
  });

  it('an agreement without a financial commitment cannot be paid against', () => {
    spec
      .given([{ type: AGREEMENT_SIGNED, data: dataOf(json.agreement({ kind: 'mou', commitment: undefined })) }])
      .when(pay())
      .thenThrows({ rule: 'disbursement.commitment-must-exist', field: 'commitment' });
  });

  it('a retracted commitment cannot be paid against', () => {
    spec
      .given([signed, { type: FACT_RETRACTED, data: { eventId: AGREEMENT_ID, eventType: AGREEMENT_SIGNED, reason: 'never signed' } }])
      .when(pay())
      .thenThrows({ rule: 'disbursement.commitment-must-exist' });
  });

  it('a disbursement cannot exceed the commitment', () => {
    spec
      .given([signed, disbursed({ disbursementId: 'a', amount: { amount: '70000000', currency: 'USD' } })])
      .when(pay({ amount: { amount: '5000000.01', currency: 'USD' } }))
      .thenThrows({ rule: 'disbursement.cannot-exceed-commitment', field: 'amount.amount' });
  });

  it('a disbursement may reach the commitment exactly', () => {
    spec
      .given([signed, disbursed({ disbursementId: 'a', amount: { amount: '70000000', currency: 'USD' } })])
      .when(pay({ amount: { amount: '5000000', currency: 'USD' } }))
      .then([disbursed({ amount: { amount: '5000000', currency: 'USD' } })]);
  });

  it('an explicit override records a disbursement beyond the commitment', () => {
    const override = { reason: 'Top-up agreed by exchange of letters' };
    spec
      .given([signed, disbursed({ disbursementId: 'a', amount: { amount: '75000000', currency: 'USD' } })])
      .when(pay({ amount: { amount: '1000', currency: 'USD' }, override }))
      .then([disbursed({ amount: { amount: '1000', currency: 'USD' }, override })]);
  });

  it('a retracted disbursement no longer counts against the commitment', () => {
    const earlier = '00000000-0000-4000-8000-0000000000b2';
    spec
      .given([
        signed,
        { id: earlier, ...disbursed({ disbursementId: 'a', amount: { amount: '75000000', currency: 'USD' } }) },
        { type: FACT_RETRACTED, data: { eventId: earlier, eventType: CONTRIBUTION_DISBURSED, reason: 'double-counted' } },
      ])
      .when(pay())
      .then([disbursed()]);
  });

  it('a corrected total is what disbursements are measured against', () => {
    const corrected = { ...(json.agreement().commitment as object), total: { amount: '10000000', currency: 'USD' }, schedule: undefined };
    spec
      .given([signed, { type: FACT_CORRECTED, data: { eventId: AGREEMENT_ID, eventType: AGREEMENT_SIGNED, changes: { commitment: corrected }, reason: 'r' } }])
      .when(pay())
      .thenThrows({ rule: 'disbursement.cannot-exceed-commitment' });
  });

  it('a disbursement is in the currency of the commitment', () => {
    spec
      .given([signed])
      .when(pay({ amount: { amount: '100', currency: 'QAR' } }))
      .thenThrows({ rule: 'disbursement.currency-must-match-commitment', field: 'amount.currency' });
  });

  it('a disbursement id is recorded once per commitment', () => {
    spec.given([signed, disbursed()]).when(pay()).thenThrows({ rule: 'disbursement.cannot-record-twice', field: 'disbursementId' });
  });

  it('a disbursement cannot be dated after today', () => {
    spec.given([signed]).when(pay({ occurredOn: '2025-07-01' })).thenThrows({ rule: 'fact.cannot-be-in-the-future' });
  });
});

import { AGREEMENT_SIGNED } from '../../src/events/agreement-signed.event';
import { agreementDecider } from '../../src/signing-agreements/sign-agreement.decider';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

const spec = deciderSpec(agreementDecider);
const commitment = json.agreement().commitment as Record<string, unknown>;

function withCommitment(over: Record<string, unknown>) {
  return payload.agreement({ commitment: { ...commitment, ...over } });
}

describe('signing an agreement', () => {
  it('a signed agreement records parties, signatories, place and commitment', () => {
    spec.given([]).when({ type: 'sign-agreement', data: payload.agreement() }).then([{ type: AGREEMENT_SIGNED, data: dataOf(json.agreement()) }]);
  });

  it('an agreement without money is recorded without a commitment', () => {
    const mou = json.agreement({ kind: 'mou', commitment: undefined });
    spec.given([]).when({ type: 'sign-agreement', data: payload.agreement(mou) }).then([{ type: AGREEMENT_SIGNED, data: dataOf(mou) }]);
  });

  it('an agreement cannot be signed twice', () => {
    spec
      .given([{ type: AGREEMENT_SIGNED, data: dataOf(json.agreement()) }])
      .when({ type: 'sign-agreement', data: payload.agreement() })
      .thenThrows({ rule: 'agreement.cannot-sign-twice', field: 'agreementId' });
  });

  it('a signatory signs for one of the parties', () => {
    spec
      .given([])
      .when({ type: 'sign-agreement', data: payload.agreement({ signatories: [{ name: 'X', partyId: 'interpol' }] }) })
      .thenThrows({ rule: 'agreement.signatory-must-be-a-party', field: 'signatories.0.partyId' });
  });

  it('the donor and recipient of its commitment are parties to it', () => {
    spec
      .given([])
      .when({ type: 'sign-agreement', data: withCommitment({ recipientId: 'unicri' }) })
      .thenThrows({ rule: 'agreement.commitment-party-must-be-a-party', field: 'commitment.recipientId' });
  });

  it('the donor is not the recipient', () => {
    spec
      .given([])
      .when({ type: 'sign-agreement', data: withCommitment({ recipientId: 'qatar' }) })
      .thenThrows({ rule: 'commitment.donor-cannot-be-recipient', field: 'commitment.recipientId' });
  });

  it('a per-year schedule is in the currency of the total', () => {
    spec
      .given([])
      .when({ type: 'sign-agreement', data: withCommitment({ schedule: [{ year: 2019, amount: { amount: '1', currency: 'QAR' } }] }) })
      .thenThrows({ rule: 'commitment.schedule-currency-must-match-total', field: 'commitment.schedule.0.amount.currency' });
  });

  it('a per-year schedule names each year once, within the period', () => {
    const row = { year: 2019, amount: { amount: '1', currency: 'USD' } };
    spec
      .given([])
      .when({ type: 'sign-agreement', data: withCommitment({ schedule: [row, row] }) })
      .thenThrows({ rule: 'commitment.schedule-year-repeated', field: 'commitment.schedule.1.year' });
    spec
      .given([])
      .when({ type: 'sign-agreement', data: withCommitment({ schedule: [{ ...row, year: 2024 }] }) })
      .thenThrows({ rule: 'commitment.schedule-outside-period', field: 'commitment.schedule.0.year' });
  });

  it('a per-year schedule does not add up to more than the total', () => {
    const schedule = [2019, 2020, 2021, 2022, 2023, 2024].map((year) => ({ year, amount: { amount: '15000000', currency: 'USD' } }));
    spec
      .given([])
      .when({ type: 'sign-agreement', data: withCommitment({ period: { from: '2019', to: '2024' }, schedule }) })
      .thenThrows({ rule: 'commitment.schedule-exceeds-total', field: 'commitment.schedule' });
  });

  it('an agreement cannot be signed after today', () => {
    spec
      .given([])
      .when({ type: 'sign-agreement', data: payload.agreement({ occurredOn: '2026' }) })
      .thenThrows({ rule: 'fact.cannot-be-in-the-future', field: 'occurredOn' });
  });
});

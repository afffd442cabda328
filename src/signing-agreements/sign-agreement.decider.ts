import { assertCommitmentTerms } from '../domain/commitment-terms';
import { InvariantViolated } from '../domain/errors';
import { assertNotInFuture } from '../domain/time-rules';
import { AGREEMENT_SIGNED, AgreementSignedData } from '../events/agreement-signed.event';
import { Decider, unreachable, withoutSources } from '../recording/decider';
import { SignAgreementPayload } from './sign-agreement.command';

export type AgreementState =
  | { readonly status: 'unsigned' }
  | { readonly status: 'signed'; readonly signedOn: string; readonly financial: boolean };

export type AgreementCommand = { readonly type: 'sign-agreement'; readonly data: SignAgreementPayload };

/** Rules an agreement's data obeys on its own; also re-checked when a correction changes it. */
export function assertAgreementFact(data: AgreementSignedData, prefix = ''): void {
  const parties = new Set(data.parties);
  (data.signatories ?? []).forEach((signatory, i) => {
    if (!parties.has(signatory.partyId)) {
      throw new InvariantViolated(
        'agreement.signatory-must-be-a-party',
        `signatory ${signatory.name} signs for ${signatory.partyId}, which is not a party to the agreement`,
        `${prefix}signatories.${i}.partyId`,
      );
    }
  });
  if (data.commitment) {
    for (const role of ['donorId', 'recipientId'] as const) {
      if (!parties.has(data.commitment[role])) {
        throw new InvariantViolated(
          'agreement.commitment-party-must-be-a-party',
          `commitment.${role} ${data.commitment[role]} is not a party to the agreement`,
          `${prefix}commitment.${role}`,
        );
      }
    }
    assertCommitmentTerms(data.commitment, `${prefix}commitment.`);
  }
}

export const agreementDecider: Decider<AgreementCommand, AgreementState> = {
  initialState: () => ({ status: 'unsigned' }),

  evolve(state, fact) {
    if (fact.retracted || fact.type !== AGREEMENT_SIGNED) return state;
    return { status: 'signed', signedOn: fact.data.occurredOn, financial: fact.data.commitment !== undefined };
  },

  decide(command, state, now) {
    switch (state.status) {
      case 'unsigned':
        assertAgreementFact(command.data);
        assertNotInFuture('occurredOn', command.data.occurredOn, now);
        return [{ type: AGREEMENT_SIGNED, data: withoutSources(command.data) }];
      case 'signed':
        throw new InvariantViolated(
          'agreement.cannot-sign-twice',
          `agreement ${command.data.agreementId} was already signed (${state.signedOn})`,
          'agreementId',
        );
      default:
        return unreachable(state);
    }
  },
};

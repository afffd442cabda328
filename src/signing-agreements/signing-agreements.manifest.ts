import { streamName } from '../domain/stream-name';
import { AGREEMENT_SIGNED } from '../events/agreement-signed.event';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { SignAgreementPayload } from './sign-agreement.command';
import { agreementDecider } from './sign-agreement.decider';

export const SIGNING_AGREEMENTS = defineCapability('signing-agreements', [
  defineCommand({
    name: 'sign-agreement',
    description: 'record an agreement signed (parties, signatories, place, kind, and for a financial one its commitment)',
    label: { en: 'An agreement was signed', ar: 'وُقّعت اتفاقية' },
    payload: SignAgreementPayload,
    streamOf: (payload) => streamName('agreement', payload.agreementId),
    decider: agreementDecider,
    records: [AGREEMENT_SIGNED],
  }),
]);

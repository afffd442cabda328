import { CONTRIBUTION_DISBURSED } from '../events/contribution-disbursed.event';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { RecordDisbursementPayload } from './record-disbursement.command';
import { commitmentDecider } from './record-disbursement.decider';

export const DISBURSING = defineCapability('disbursing', [
  defineCommand({
    name: 'record-disbursement',
    description: 'record money paid against a commitment',
    label: { en: 'A contribution was paid', ar: 'دُفعت مساهمة' },
    payload: RecordDisbursementPayload,
    streamOf: (payload) => payload.commitment,
    decider: commitmentDecider,
    records: [CONTRIBUTION_DISBURSED],
  }),
]);

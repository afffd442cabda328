import { streamName } from '../domain/stream-name';
import { DIALOGUE_HELD } from '../events/dialogue-held.event';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { HoldDialoguePayload } from './hold-dialogue.command';
import { engagementDecider } from './hold-dialogue.decider';

export const HOLDING_DIALOGUES = defineCapability('holding-dialogues', [
  defineCommand({
    name: 'hold-dialogue',
    description: 'record a dialogue, forum or meeting held (participants, topics, outcomes and follow-ups promised)',
    label: { en: 'A dialogue or meeting was held', ar: 'عُقد حوار أو اجتماع' },
    payload: HoldDialoguePayload,
    streamOf: (payload) => streamName('engagement', payload.engagementId),
    decider: engagementDecider,
    records: [DIALOGUE_HELD],
  }),
]);

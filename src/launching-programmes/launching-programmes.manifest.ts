import { streamName } from '../domain/stream-name';
import { PROGRAMME_LAUNCHED } from '../events/programme-launched.event';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { LaunchProgrammePayload } from './launch-programme.command';
import { programmeDecider } from './launch-programme.decider';

export const LAUNCHING_PROGRAMMES = defineCapability('launching-programmes', [
  defineCommand({
    name: 'launch-programme',
    description: 'record a programme launched (funders, partners, consulted bodies, mandate references)',
    label: { en: 'A programme was launched', ar: 'أُطلق برنامج' },
    payload: LaunchProgrammePayload,
    streamOf: (payload) => streamName('programme', payload.programmeId),
    decider: programmeDecider,
    records: [PROGRAMME_LAUNCHED],
  }),
]);

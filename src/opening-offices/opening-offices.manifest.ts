import { streamName } from '../domain/stream-name';
import { OFFICE_CLOSED, OFFICE_OPENED } from '../events/office.events';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { CloseOfficePayload } from './close-office.command';
import { officeDecider } from './office.decider';
import { OpenOfficePayload } from './open-office.command';

export const OPENING_OFFICES = defineCapability('opening-offices', [
  defineCommand({
    name: 'open-office',
    description: 'record an office opened (name, city, country, operator, host agreement, mandate)',
    label: { en: 'An office opened', ar: 'افتُتح مكتب' },
    payload: OpenOfficePayload,
    streamOf: (payload) => streamName('office', payload.officeId),
    decider: officeDecider,
    records: [OFFICE_OPENED],
  }),
  defineCommand({
    name: 'close-office',
    description: 'record an office closed',
    label: { en: 'An office closed', ar: 'أُغلق مكتب' },
    payload: CloseOfficePayload,
    streamOf: (payload) => streamName('office', payload.officeId),
    decider: officeDecider,
    records: [OFFICE_CLOSED],
  }),
]);

import { streamName } from '../domain/stream-name';
import { PARTY_REGISTERED } from '../events/party-registered.event';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { RegisterPartyPayload } from './register-party.command';
import { partyDecider } from './register-party.decider';

export const REGISTERING_PARTIES = defineCapability('registering-parties', [
  defineCommand({
    name: 'register-party',
    description: 'record a party (slug id, names in English and Arabic, kind)',
    label: { en: 'Register a party', ar: 'تسجيل طرف' },
    payload: RegisterPartyPayload,
    streamOf: (payload) => streamName('party', payload.partyId),
    decider: partyDecider,
    records: [PARTY_REGISTERED],
  }),
]);

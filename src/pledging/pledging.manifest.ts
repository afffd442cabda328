import { streamName } from '../domain/stream-name';
import { PLEDGE_MADE, PLEDGE_RENEWED } from '../events/pledge.events';
import { defineCapability, defineCommand } from '../recording/command-manifest';
import { MakePledgePayload } from './make-pledge.command';
import { pledgeDecider } from './pledge.decider';
import { RenewPledgePayload } from './renew-pledge.command';

export const PLEDGING = defineCapability('pledging', [
  defineCommand({
    name: 'make-pledge',
    description: 'record a pledge: a non-binding announcement of money (donor, recipient, amount, period or schedule)',
    label: { en: 'A pledge was made', ar: 'قُطع تعهد' },
    payload: MakePledgePayload,
    streamOf: (payload) => streamName('pledge', payload.pledgeId),
    decider: pledgeDecider,
    records: [PLEDGE_MADE],
  }),
  defineCommand({
    name: 'renew-pledge',
    description: 'record a pledge or commitment renewed for a new period (names what it renews)',
    label: { en: 'A pledge or commitment was renewed', ar: 'جُدّد تعهد أو التزام' },
    payload: RenewPledgePayload,
    streamOf: (payload) => streamName('pledge', payload.pledgeId),
    decider: pledgeDecider,
    records: [PLEDGE_RENEWED],
  }),
]);

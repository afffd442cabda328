import { assertCommitmentTerms } from '../domain/commitment-terms';
import { InvariantViolated } from '../domain/errors';
import { streamName } from '../domain/stream-name';
import { assertNotInFuture } from '../domain/time-rules';
import { PLEDGE_MADE, PLEDGE_RENEWED, PledgeKind, PledgeMadeData, PledgeRenewedData } from '../events/pledge.events';
import { Decider, unreachable, withoutSources } from '../recording/decider';
import { MakePledgePayload } from './make-pledge.command';
import { RenewPledgePayload } from './renew-pledge.command';

export type PledgeState =
  | { readonly status: 'none' }
  | { readonly status: 'recorded'; readonly kind: PledgeKind; readonly announcedOn: string };

export type PledgeCommand =
  | { readonly type: 'make-pledge'; readonly data: MakePledgePayload }
  | { readonly type: 'renew-pledge'; readonly data: RenewPledgePayload };

/** Rules a pledge's or renewal's data obeys on its own; also re-checked when a correction changes it. */
export function assertPledgeFact(data: PledgeMadeData | PledgeRenewedData, prefix = ''): void {
  if ('renews' in data && data.renews === streamName('pledge', data.pledgeId)) {
    throw new InvariantViolated('renewal.cannot-renew-itself', `pledge ${data.pledgeId} cannot renew itself`, `${prefix}renews`);
  }
  assertCommitmentTerms(data, prefix);
}

export const pledgeDecider: Decider<PledgeCommand, PledgeState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, fact) {
    if (fact.retracted) return state;
    switch (fact.type) {
      case PLEDGE_MADE:
        return { status: 'recorded', kind: 'pledge', announcedOn: fact.data.occurredOn };
      case PLEDGE_RENEWED:
        return { status: 'recorded', kind: fact.data.kind, announcedOn: fact.data.occurredOn };
      default:
        return state;
    }
  },

  decide(command, state, now) {
    switch (state.status) {
      case 'none':
        assertPledgeFact(command.data);
        assertNotInFuture('occurredOn', command.data.occurredOn, now);
        return command.type === 'make-pledge'
          ? [{ type: PLEDGE_MADE, data: withoutSources(command.data) }]
          : [{ type: PLEDGE_RENEWED, data: withoutSources(command.data) }];
      case 'recorded':
        throw new InvariantViolated(
          'pledge.cannot-make-twice',
          `pledge ${command.data.pledgeId} is already recorded (${state.kind}, ${state.announcedOn}); a renewal needs its own pledge id`,
          'pledgeId',
        );
      default:
        return unreachable(state);
    }
  },
};

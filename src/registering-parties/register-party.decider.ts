import { InvariantViolated } from '../domain/errors';
import { assertNotInFuture } from '../domain/time-rules';
import { PARTY_REGISTERED, PartyRegisteredData } from '../events/party-registered.event';
import { Decider, unreachable, withoutSources } from '../recording/decider';
import { RegisterPartyPayload } from './register-party.command';

export type PartyState = { readonly status: 'unregistered' } | { readonly status: 'registered'; readonly name: string };

export type PartyCommand = { readonly type: 'register-party'; readonly data: RegisterPartyPayload };

/** Rules a party's data obeys on its own; also re-checked when a correction changes it. */
export function assertPartyFact(data: PartyRegisteredData, prefix = ''): void {
  if (data.parentId === data.partyId) {
    throw new InvariantViolated('party.cannot-be-its-own-parent', `party ${data.partyId} names itself as parent`, `${prefix}parentId`);
  }
}

export const partyDecider: Decider<PartyCommand, PartyState> = {
  initialState: () => ({ status: 'unregistered' }),

  evolve(state, fact) {
    if (fact.retracted) return state;
    return fact.type === PARTY_REGISTERED ? { status: 'registered', name: fact.data.name.en } : state;
  },

  decide(command, state, now) {
    switch (state.status) {
      case 'unregistered':
        assertPartyFact(command.data);
        assertNotInFuture('occurredOn', command.data.occurredOn, now);
        return [{ type: PARTY_REGISTERED, data: withoutSources(command.data) }];
      case 'registered':
        throw new InvariantViolated(
          'party.cannot-register-twice',
          `party ${command.data.partyId} is already registered (${state.name})`,
          'partyId',
        );
      default:
        return unreachable(state);
    }
  },
};

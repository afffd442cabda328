import { InvariantViolated } from '../domain/errors';
import { assertNotInFuture } from '../domain/time-rules';
import { SOURCE_REGISTERED } from '../events/source-registered.event';
import { Decider, unreachable } from '../recording/decider';
import { RegisterSourcePayload } from './register-source.command';

export type SourceState = { readonly status: 'unregistered' } | { readonly status: 'registered'; readonly title: string };

export type SourceCommand = { readonly type: 'register-source'; readonly data: RegisterSourcePayload };

export const sourceDecider: Decider<SourceCommand, SourceState> = {
  initialState: () => ({ status: 'unregistered' }),

  evolve(state, fact) {
    if (fact.retracted) return state;
    return fact.type === SOURCE_REGISTERED ? { status: 'registered', title: fact.data.title } : state;
  },

  decide(command, state, now) {
    switch (state.status) {
      case 'unregistered':
        assertNotInFuture('publishedOn', command.data.publishedOn, now);
        return [{ type: SOURCE_REGISTERED, data: command.data }];
      case 'registered':
        throw new InvariantViolated(
          'source.cannot-register-twice',
          `source ${command.data.sourceId} is already registered ("${state.title}")`,
          'sourceId',
        );
      default:
        return unreachable(state);
    }
  },
};

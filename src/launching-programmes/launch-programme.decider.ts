import { InvariantViolated } from '../domain/errors';
import { assertNotInFuture } from '../domain/time-rules';
import { PROGRAMME_LAUNCHED } from '../events/programme-launched.event';
import { Decider, unreachable, withoutSources } from '../recording/decider';
import { LaunchProgrammePayload } from './launch-programme.command';

export type ProgrammeState = { readonly status: 'none' } | { readonly status: 'launched'; readonly launchedOn: string };

export type ProgrammeCommand = { readonly type: 'launch-programme'; readonly data: LaunchProgrammePayload };

export const programmeDecider: Decider<ProgrammeCommand, ProgrammeState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, fact) {
    if (fact.retracted || fact.type !== PROGRAMME_LAUNCHED) return state;
    return { status: 'launched', launchedOn: fact.data.occurredOn };
  },

  decide(command, state, now) {
    switch (state.status) {
      case 'none':
        assertNotInFuture('occurredOn', command.data.occurredOn, now);
        return [{ type: PROGRAMME_LAUNCHED, data: withoutSources(command.data) }];
      case 'launched':
        throw new InvariantViolated(
          'programme.cannot-launch-twice',
          `programme ${command.data.programmeId} was already launched (${state.launchedOn})`,
          'programmeId',
        );
      default:
        return unreachable(state);
    }
  },
};

import { InvariantViolated } from '../domain/errors';
import { streamName } from '../domain/stream-name';
import { assertNotInFuture } from '../domain/time-rules';
import { DIALOGUE_HELD, DialogueHeldData } from '../events/dialogue-held.event';
import { Decider, unreachable, withoutSources } from '../recording/decider';
import { HoldDialoguePayload } from './hold-dialogue.command';

export type EngagementState = { readonly status: 'none' } | { readonly status: 'held'; readonly from: string };

export type EngagementCommand = { readonly type: 'hold-dialogue'; readonly data: HoldDialoguePayload };

/** Rules an engagement's data obeys on its own; also re-checked when a correction changes it. */
export function assertEngagementFact(data: DialogueHeldData, prefix = ''): void {
  const own = streamName('engagement', data.engagementId);
  (data.fulfils ?? []).forEach((fulfilment, i) => {
    if (fulfilment.engagement === own) {
      throw new InvariantViolated(
        'engagement.cannot-fulfil-itself',
        `engagement ${data.engagementId} cannot fulfil its own follow-up`,
        `${prefix}fulfils.${i}.engagement`,
      );
    }
  });
}

export const engagementDecider: Decider<EngagementCommand, EngagementState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, fact) {
    if (fact.retracted || fact.type !== DIALOGUE_HELD) return state;
    return { status: 'held', from: fact.data.from };
  },

  decide(command, state, now) {
    switch (state.status) {
      case 'none':
        assertEngagementFact(command.data);
        assertNotInFuture('from', command.data.from, now);
        return [{ type: DIALOGUE_HELD, data: withoutSources(command.data) }];
      case 'held':
        throw new InvariantViolated(
          'engagement.cannot-hold-twice',
          `engagement ${command.data.engagementId} is already recorded (from ${state.from}); a later session needs its own id`,
          'engagementId',
        );
      default:
        return unreachable(state);
    }
  },
};

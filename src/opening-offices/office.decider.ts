import { InvariantViolated } from '../domain/errors';
import { certainlyBefore } from '../domain/partial-date';
import { assertNotInFuture } from '../domain/time-rules';
import { OFFICE_CLOSED, OFFICE_OPENED } from '../events/office.events';
import { Decider, unreachable, withoutSources } from '../recording/decider';
import { CloseOfficePayload } from './close-office.command';
import { OpenOfficePayload } from './open-office.command';

export type OfficeState =
  | { readonly status: 'unopened' }
  | { readonly status: 'open'; readonly openedOn: string }
  /** `openedOn` is absent only when the opening was later retracted. */
  | { readonly status: 'closed'; readonly openedOn?: string; readonly closedOn: string };

export type OfficeCommand =
  | { readonly type: 'open-office'; readonly data: OpenOfficePayload }
  | { readonly type: 'close-office'; readonly data: CloseOfficePayload };

/** Partial dates may overlap; only a closing certainly before the opening is refused. */
export function assertClosesAfterOpening(openedOn: string, closedOn: string, field = 'occurredOn'): void {
  if (certainlyBefore(closedOn, openedOn)) {
    throw new InvariantViolated(
      'office.cannot-close-before-it-opened',
      `the office opened ${openedOn}; it cannot have closed ${closedOn}`,
      field,
    );
  }
}

export const officeDecider: Decider<OfficeCommand, OfficeState> = {
  initialState: () => ({ status: 'unopened' }),

  evolve(state, fact) {
    if (fact.retracted) return state;
    switch (fact.type) {
      case OFFICE_OPENED:
        return { status: 'open', openedOn: fact.data.occurredOn };
      case OFFICE_CLOSED:
        return { status: 'closed', openedOn: state.status === 'open' ? state.openedOn : undefined, closedOn: fact.data.occurredOn };
      default:
        return state;
    }
  },

  decide(command, state, now) {
    switch (command.type) {
      case 'open-office':
        return decideOpen(command.data, state, now);
      case 'close-office':
        return decideClose(command.data, state, now);
      default:
        return unreachable(command);
    }
  },
};

function decideOpen(data: OpenOfficePayload, state: OfficeState, now: Date) {
  switch (state.status) {
    case 'unopened':
      assertNotInFuture('occurredOn', data.occurredOn, now);
      return [{ type: OFFICE_OPENED, data: withoutSources(data) } as const];
    case 'open':
    case 'closed':
      throw new InvariantViolated(
        'office.cannot-open-twice',
        `office ${data.officeId} already opened${state.openedOn ? ` (${state.openedOn})` : ''}${state.status === 'closed' ? ' and has closed' : ''}`,
        'officeId',
      );
    default:
      return unreachable(state);
  }
}

function decideClose(data: CloseOfficePayload, state: OfficeState, now: Date) {
  switch (state.status) {
    case 'unopened':
      throw new InvariantViolated(
        'office.cannot-close-before-it-opened',
        `office ${data.officeId} has not opened, so it cannot close`,
        'officeId',
      );
    case 'open':
      assertClosesAfterOpening(state.openedOn, data.occurredOn);
      assertNotInFuture('occurredOn', data.occurredOn, now);
      return [{ type: OFFICE_CLOSED, data: withoutSources(data) } as const];
    case 'closed':
      throw new InvariantViolated('office.cannot-close-twice', `office ${data.officeId} already closed (${state.closedOn})`, 'officeId');
    default:
      return unreachable(state);
  }
}

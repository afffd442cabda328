import { LedgerEvent } from '../events/event-catalogue';
import { Fact } from '../events/facts';

/**
 * A decider: pure functions over one stream. The recorder folds the stream's facts (corrections applied,
 * retracted ones flagged) with `evolve`, then asks `decide` for the events a command produces, or an error.
 */
export interface Decider<Command, State> {
  initialState(): State;
  evolve(state: State, fact: Fact): State;
  /** `now` is passed in: a decider never reads the clock. Throws InvariantViolated or ValidationFailed. */
  decide(command: Command, state: State, now: Date): LedgerEvent[];
}

export function foldFacts<State>(decider: Decider<unknown, State>, facts: readonly Fact[]): State {
  return facts.reduce((state, fact) => decider.evolve(state, fact), decider.initialState());
}

/** The payload without its citations: those go into the event's metadata, not its data. */
export function withoutSources<T extends { sources?: unknown }>(payload: T): Omit<T, 'sources'> {
  const { sources: _sources, ...data } = payload;
  return data;
}

/** Ends an exhaustive switch over a state or command union: adding a case without handling it fails to compile. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

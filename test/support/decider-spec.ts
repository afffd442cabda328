import { ValidationFailed, InvariantViolated } from '../../src/domain/errors';
import { toJsonObject } from '../../src/events/canonical-json';
import { RecordedEvent, eventDataErrors } from '../../src/events/event-catalogue';
import { effectiveFacts } from '../../src/events/facts';
import { Decider, foldFacts } from '../../src/recording/decider';

/** Deciders are judged at this instant unless a test says otherwise. */
export const NOW = new Date('2025-06-01T12:00:00Z');

export interface GivenEvent {
  /** Needed only when a later correction or retraction names the event. */
  readonly id?: string;
  readonly type: string;
  readonly data: object;
}

function plain(events: readonly { type: string; data: object }[]) {
  return events.map((event) => ({ type: event.type, data: toJsonObject(event.data) }));
}

/**
 * given(events).when(command).then(events) / .thenThrows(...): the stream's history (valid events, corrections
 * applied in order), the command, and what the decider must decide.
 */
export function deciderSpec<Command, State>(decider: Decider<Command, State>, now: Date = NOW) {
  return {
    given(events: readonly GivenEvent[]) {
      const recorded = events.map((event, i) => {
        const data = toJsonObject(event.data);
        const errors = eventDataErrors(event.type, data);
        if (errors.length > 0) throw new Error(`given event ${i} (${event.type}) is invalid: ${JSON.stringify(errors)}`);
        const id = event.id ?? `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        return { id, stream: 'test-stream', revision: BigInt(i), type: event.type, data } as unknown as RecordedEvent;
      });
      const state = foldFacts(decider, effectiveFacts(recorded));
      return {
        when(command: Command) {
          const decide = () => decider.decide(command, state, now);
          return {
            then(expected: readonly { type: string; data: object }[]): void {
              expect(plain(decide())).toEqual(plain(expected));
            },
            thenThrows(expected: { rule: string; field?: string } | { validation: { field: string; rule: string } }): void {
              let thrown: unknown;
              try {
                decide();
              } catch (error) {
                thrown = error;
              }
              if ('rule' in expected) {
                expect(thrown).toBeInstanceOf(InvariantViolated);
                const violation = thrown as InvariantViolated;
                expect({ rule: violation.rule, ...(expected.field ? { field: violation.field } : {}) }).toEqual(expected);
                expect(violation.message.length).toBeGreaterThan(0);
              } else {
                expect(thrown).toBeInstanceOf(ValidationFailed);
                expect((thrown as ValidationFailed).errors).toEqual(
                  expect.arrayContaining([expect.objectContaining(expected.validation)]),
                );
              }
            },
          };
        },
      };
    },
  };
}

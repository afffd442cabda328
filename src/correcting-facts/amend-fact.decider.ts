import { SOURCE_REGISTERED } from '../events/source-registered.event';
import { IMMUTABLE_SOURCE_FIELDS } from '../domain/document-text';
import { InvariantViolated, ValidationFailed } from '../domain/errors';
import { assertNotInFuture } from '../domain/time-rules';
import { JsonObject } from '../event-store/event-store.port';
import { AGREEMENT_SIGNED, AgreementSignedData } from '../events/agreement-signed.event';
import { canonicalJson } from '../events/canonical-json';
import { DIALOGUE_HELD, DialogueHeldData } from '../events/dialogue-held.event';
import { eventDataErrors, eventDefinition } from '../events/event-catalogue';
import { FACT_CORRECTED, FACT_RETRACTED } from '../events/fact-amended.events';
import { Fact, applyChanges, hasPath, valueAt } from '../events/facts';
import { PARTY_REGISTERED, PartyRegisteredData } from '../events/party-registered.event';
import { PLEDGE_MADE, PLEDGE_RENEWED, PledgeMadeData } from '../events/pledge.events';
import { commitmentDecider } from '../disbursing/record-disbursement.decider';
import { assertEngagementFact } from '../holding-dialogues/hold-dialogue.decider';
import { assertClosesAfterOpening, officeDecider } from '../opening-offices/office.decider';
import { assertPledgeFact } from '../pledging/pledge.decider';
import { Decider, foldFacts, unreachable } from '../recording/decider';
import { assertPartyFact } from '../registering-parties/register-party.decider';
import { assertAgreementFact } from '../signing-agreements/sign-agreement.decider';
import { CorrectFactPayload } from './correct-fact.command';
import { RetractFactPayload } from './retract-fact.command';

export type AmendableState = { readonly status: 'empty' } | { readonly status: 'recorded'; readonly facts: readonly Fact[] };

export type AmendCommand =
  | { readonly type: 'correct-fact'; readonly data: CorrectFactPayload }
  | { readonly type: 'retract-fact'; readonly data: RetractFactPayload };

const CHANGES = 'changes.';

/** The rules each fact kind obeys on its own, re-checked on its corrected data. */
const FACT_RULES: Partial<Record<string, (data: object, prefix: string) => void>> = {
  [PARTY_REGISTERED]: (data, prefix) => assertPartyFact(data as PartyRegisteredData, prefix),
  [AGREEMENT_SIGNED]: (data, prefix) => assertAgreementFact(data as AgreementSignedData, prefix),
  [PLEDGE_MADE]: (data, prefix) => assertPledgeFact(data as PledgeMadeData, prefix),
  [PLEDGE_RENEWED]: (data, prefix) => assertPledgeFact(data as PledgeMadeData, prefix),
  [DIALOGUE_HELD]: (data, prefix) => assertEngagementFact(data as DialogueHeldData, prefix),
};

/** Rules spanning a stream's facts: a correction must leave the stream as consistent as a new fact would. */
function assertStreamConsistent(before: readonly Fact[], after: readonly Fact[], field: string): void {
  const office = foldFacts(officeDecider, after);
  if (office.status === 'closed' && office.openedOn !== undefined) {
    assertClosesAfterOpening(office.openedOn, office.closedOn, field);
  }
  const was = foldFacts(commitmentDecider, before);
  const now = foldFacts(commitmentDecider, after);
  if (now.status === 'committed') {
    const earlier = was.status === 'committed' ? was.breaches : [];
    const breach = now.breaches.find((id) => !earlier.includes(id));
    if (breach) {
      throw new InvariantViolated(
        'disbursement.cannot-exceed-commitment',
        `after this correction disbursement ${breach} would exceed the commitment of ${now.total.amount} ${now.total.currency} without an override`,
        field,
      );
    }
  }
}

function touches(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function findTarget(state: AmendableState, stream: string, eventId: string, rule: string): Fact {
  const target = state.status === 'recorded' ? state.facts.find((fact) => fact.id === eventId) : undefined;
  if (!target) {
    throw new InvariantViolated(rule, `${stream} holds no fact with id ${eventId} (corrections and retractions cannot be amended)`, 'eventId');
  }
  return target;
}

function decideCorrection(data: CorrectFactPayload, state: AmendableState, now: Date) {
  const target = findTarget(state, data.stream, data.eventId, 'correction.target-must-exist');
  if (target.retracted) {
    throw new InvariantViolated('correction.cannot-correct-retracted', `fact ${data.eventId} was retracted; it cannot be corrected`, 'eventId');
  }
  const definition = eventDefinition(target.type);
  const current = target.data as unknown as JsonObject;
  const paths = Object.keys(data.changes);
  for (const path of paths) {
    const identity = definition.identity.find((field) => touches(field, path));
    if (identity) {
      throw new InvariantViolated(
        'correction.cannot-change-identity',
        `${identity} names the entity; record a new fact (and retract this one) instead`,
        CHANGES + path,
      );
    }
    const documentField = target.type === SOURCE_REGISTERED && IMMUTABLE_SOURCE_FIELDS.find((field) => touches(field, path));
    if (documentField) {
      throw new InvariantViolated(
        'source.document-is-immutable',
        `${documentField} is the source's document; register a new version as a new source instead`,
        CHANGES + path,
      );
    }
    if (!hasPath(current, path)) {
      throw new InvariantViolated(
        'correction.field-must-exist',
        `${target.type} ${data.eventId} has no field ${path}; a correction changes only fields the fact has`,
        CHANGES + path,
      );
    }
  }
  if (paths.every((path) => canonicalJson(valueAt(current, path)) === canonicalJson(data.changes[path]))) {
    throw new InvariantViolated('correction.must-change-something', 'every change repeats the current value', 'changes');
  }
  const corrected = applyChanges(current, data.changes);
  const errors = eventDataErrors(target.type, corrected);
  if (errors.length > 0) throw new ValidationFailed(errors.map((error) => ({ ...error, field: CHANGES + error.field })));
  FACT_RULES[target.type]?.(corrected, CHANGES);
  const validTime = definition.validTimeField;
  if (validTime && paths.some((path) => touches(path, validTime))) {
    assertNotInFuture(CHANGES + validTime, corrected[validTime] as string | undefined, now);
  }
  assertNotInFuture('occurredOn', data.occurredOn, now);
  if (state.status === 'recorded') {
    const after = state.facts.map((fact) => (fact.id === target.id ? ({ ...fact, data: corrected } as unknown as Fact) : fact));
    assertStreamConsistent(state.facts, after, CHANGES + paths[0]);
  }
  return [
    {
      type: FACT_CORRECTED,
      data: { eventId: data.eventId, eventType: target.type, changes: data.changes, reason: data.reason, occurredOn: data.occurredOn },
    } as const,
  ];
}

function decideRetraction(data: RetractFactPayload, state: AmendableState, now: Date) {
  const target = findTarget(state, data.stream, data.eventId, 'retraction.target-must-exist');
  if (target.retracted) {
    throw new InvariantViolated('retraction.already-retracted', `fact ${data.eventId} is already retracted`, 'eventId');
  }
  assertNotInFuture('occurredOn', data.occurredOn, now);
  return [
    {
      type: FACT_RETRACTED,
      data: { eventId: data.eventId, eventType: target.type, reason: data.reason, occurredOn: data.occurredOn },
    } as const,
  ];
}

/** Corrections and retractions, for a fact in any stream. */
export const amendFactDecider: Decider<AmendCommand, AmendableState> = {
  initialState: () => ({ status: 'empty' }),

  evolve(state, fact) {
    return { status: 'recorded', facts: [...(state.status === 'recorded' ? state.facts : []), fact] };
  },

  decide(command, state, now) {
    switch (command.type) {
      case 'correct-fact':
        return decideCorrection(command.data, state, now);
      case 'retract-fact':
        return decideRetraction(command.data, state, now);
      default:
        return unreachable(command);
    }
  },
};

import { InvariantViolated } from '../domain/errors';
import { AGREEMENT_SIGNED } from '../events/agreement-signed.event';
import { DIALOGUE_HELD } from '../events/dialogue-held.event';
import { Reference, ReferenceKind } from '../events/event-definition';
import { LedgerEvent, eventDefinition } from '../events/event-catalogue';
import { FACT_CORRECTED, FACT_RETRACTED } from '../events/fact-amended.events';
import { Fact, applyChanges } from '../events/facts';
import { PARTY_REGISTERED } from '../events/party-registered.event';
import { PLEDGE_MADE, PLEDGE_RENEWED } from '../events/pledge.events';
import { SOURCE_REGISTERED } from '../events/source-registered.event';
import { JsonObject } from '../event-store/event-store.port';

interface ReferenceRule {
  readonly rule: string;
  readonly what: string;
  readonly accepts: (fact: Fact) => boolean;
}

const RULES: Record<ReferenceKind, ReferenceRule> = {
  source: { rule: 'citation.source-must-be-registered', what: 'a registered source', accepts: (f) => f.type === SOURCE_REGISTERED },
  party: { rule: 'party.must-be-registered', what: 'a registered party', accepts: (f) => f.type === PARTY_REGISTERED },
  agreement: { rule: 'agreement.must-exist', what: 'a signed agreement', accepts: (f) => f.type === AGREEMENT_SIGNED },
  engagement: { rule: 'engagement.must-exist', what: 'an engagement held', accepts: (f) => f.type === DIALOGUE_HELD },
  commitment: {
    rule: 'renewal.must-name-existing-commitment',
    what: 'an existing pledge or agreement',
    accepts: (f) => f.type === PLEDGE_MADE || f.type === PLEDGE_RENEWED || f.type === AGREEMENT_SIGNED,
  },
};

function touches(field: string, changedPath: string): boolean {
  return field === changedPath || field.startsWith(`${changedPath}.`) || changedPath.startsWith(`${field}.`);
}

/**
 * References held by the events a command decided. A correction is checked against the corrected data of its
 * target, limited to the fields it changes, so a correction cannot point a fact at something that does not exist.
 */
export function referencesOf(events: readonly LedgerEvent[], facts: readonly Fact[]): Reference[] {
  return events.flatMap((event): Reference[] => {
    if (event.type === FACT_RETRACTED) return [];
    if (event.type === FACT_CORRECTED) {
      const target = facts.find((fact) => fact.id === event.data.eventId);
      if (!target) return [];
      const corrected = applyChanges(target.data as unknown as JsonObject, event.data.changes);
      const changed = Object.keys(event.data.changes);
      return eventDefinition(target.type)
        .references(corrected)
        .filter((ref) => changed.some((path) => touches(ref.field, path)))
        .map((ref) => ({ ...ref, field: `changes.${ref.field}` }));
    }
    return eventDefinition(event.type).references(event.data);
  });
}

/** Throws InvariantViolated for the first reference whose stream does not hold what it should. */
export async function assertReferences(
  references: readonly Reference[],
  readFacts: (stream: string) => Promise<readonly Fact[]>,
): Promise<void> {
  for (const ref of references) {
    const rule = RULES[ref.kind];
    const facts = (await readFacts(ref.stream)).filter((fact) => !fact.retracted);
    const target = facts.find(rule.accepts);
    if (!target) {
      throw new InvariantViolated(rule.rule, `${ref.field} must name ${rule.what}; ${ref.stream} holds none`, ref.field);
    }
    if (ref.outcomeIndex !== undefined) {
      const outcomes = target.type === DIALOGUE_HELD ? target.data.outcomes : [];
      if (ref.outcomeIndex >= outcomes.length) {
        throw new InvariantViolated(
          'engagement.outcome-must-exist',
          `${ref.field} names outcome ${ref.outcomeIndex} of ${ref.stream}, which has ${outcomes.length} outcome(s)`,
          `${ref.field}.outcomeIndex`,
        );
      }
    }
  }
}

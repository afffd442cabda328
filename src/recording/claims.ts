import { FieldError, InvariantViolated, ValidationFailed } from '../domain/errors';
import { JsonObject } from '../event-store/event-store.port';
import { canonicalJson, toJsonObject } from '../events/canonical-json';
import { CitationJson } from '../events/envelope';
import { eventDataErrors, eventDefinition } from '../events/event-catalogue';
import { FACT_CORRECTED, FACT_RETRACTED } from '../events/fact-amended.events';
import { Fact, applyChanges, hasPath, valueAt } from '../events/facts';

/**
 * A citation's `claim` says what its source gives for a field of the fact where it disagrees with the value the
 * ledger adopts. A claim is only evidence of a disagreement if it is about that fact: a field the fact has, a
 * value that field could hold, and a value other than the one adopted. These rules are checked when the fact is
 * recorded, like the quote, so no stored claim points at nothing.
 */
export const CLAIM_RULES = {
  fieldExists: 'citation.claim-must-name-a-field-of-the-fact',
  notIdentity: 'citation.claim-cannot-name-the-entity',
  differs: 'citation.claim-must-differ-from-the-fact',
} as const;

/** The fact a command's citations are about: its event type and its data as the command leaves it. */
export interface ClaimedFact {
  readonly type: string;
  readonly data: JsonObject;
}

/** What is wrong with one claim: a shape error (400, the field's own validation rule) or a broken rule (422). */
export interface ClaimProblem {
  readonly kind: 'shape' | 'rule';
  readonly error: FieldError;
}

function touches(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * Every problem of citation `index`'s claim about `fact`, in claim order; empty when it fits. Pure. Each problem
 * names `sources.<index>.claim.<path>` (deeper when the fault is inside the claimed value).
 */
export function claimProblems(claim: JsonObject, index: number, fact: ClaimedFact): ClaimProblem[] {
  const at = (path: string) => `sources.${index}.claim.${path}`;
  const definition = eventDefinition(fact.type);
  const problems: ClaimProblem[] = [];
  for (const [path, value] of Object.entries(claim)) {
    const rule = (name: string, message: string): ClaimProblem => ({ kind: 'rule', error: { field: at(path), rule: name, message } });
    const identity = definition.identity.find((field) => touches(field, path));
    if (identity) {
      problems.push(rule(CLAIM_RULES.notIdentity, `${path} names the entity (${identity}), which no source can give another value for`));
      continue;
    }
    if (!hasPath(fact.data, path)) {
      problems.push(rule(CLAIM_RULES.fieldExists, `${fact.type} has no field ${path}; a claim gives another value for a field the fact has`));
      continue;
    }
    // Validated alone, so every error it raises is this path's: the rest of the fact was valid already.
    const errors = eventDataErrors(fact.type, applyChanges(fact.data, { [path]: value }));
    if (errors.length > 0) {
      for (const error of errors) {
        const inside = error.field === path || error.field.startsWith(`${path}.`);
        problems.push({ kind: 'shape', error: { ...error, field: at(inside ? error.field : path) } });
      }
      continue;
    }
    if (canonicalJson(valueAt(fact.data, path)) === canonicalJson(value)) {
      problems.push(rule(CLAIM_RULES.differs, `the fact already holds ${JSON.stringify(value)} at ${path}; a claim is a value the fact does not adopt`));
    }
  }
  return problems;
}

/**
 * The fact a command's citations are about: the new fact it records, or for a correction the corrected fact as it
 * will read, for a retraction the retracted one. `streamFacts` are the stream's facts before the command.
 */
export function claimedFact(decided: { readonly type: string; readonly data: object }, streamFacts: readonly Fact[]): ClaimedFact {
  const data = toJsonObject(decided.data);
  if (decided.type !== FACT_CORRECTED && decided.type !== FACT_RETRACTED) return { type: decided.type, data };
  const target = streamFacts.find((fact) => fact.id === data.eventId);
  if (!target) throw new Error(`${decided.type} names ${String(data.eventId)}, which its stream does not hold`);
  const current = toJsonObject(target.data);
  return { type: target.type, data: decided.type === FACT_CORRECTED ? applyChanges(current, data.changes as JsonObject) : current };
}

/**
 * Checks every citation's claim against the fact the command records (its first event). Shape errors first, all
 * of them in one 400 (ValidationFailed) like any bad payload; otherwise the first broken rule as a 422.
 */
export function assertClaimsFit(citations: readonly CitationJson[], decided: readonly { readonly type: string; readonly data: object }[], streamFacts: readonly Fact[]): void {
  if (!citations.some((citation) => citation.claim !== undefined) || decided.length === 0) return;
  const fact = claimedFact(decided[0], streamFacts);
  const problems = citations.flatMap((citation, index) => (citation.claim === undefined ? [] : claimProblems(citation.claim, index, fact)));
  const shape = problems.filter((problem) => problem.kind === 'shape');
  if (shape.length > 0) throw new ValidationFailed(shape.map((problem) => problem.error));
  const broken = problems.find((problem) => problem.kind === 'rule');
  if (broken) throw new InvariantViolated(broken.error.rule, broken.error.message, broken.error.field);
}

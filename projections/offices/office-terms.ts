import type { JsonObject } from '../../src/event-store/event-store.port';
import { partialDateDays } from '../../src/domain/partial-date';
import { OFFICE_CLOSED, OFFICE_OPENED } from '../../src/events/office.events';
import { NEVER } from '../columnar/step-sums';
import { IndexedEntity, dataOf } from '../ledger/fact-record';

export const OFFICE_FACTS: ReadonlySet<string> = new Set([OFFICE_OPENED, OFFICE_CLOSED]);

/** What the index derives from an office: when it opened and when it closed, as day ranges (day numbers). */
export interface OfficeTerms {
  readonly knownFrom: number;
  readonly knownCertain: number;
  readonly closedEarliest: number;
  readonly closedLatest: number;
}

/** The first opening and closing of the office that still stand, as believed. */
export function officeTermsOf(entity: IndexedEntity): OfficeTerms | null {
  let opened: string | undefined;
  let closed: string | undefined;
  for (const fact of entity.facts) {
    if (fact.retraction) continue;
    opened ??= dataOf(fact, OFFICE_OPENED)?.occurredOn;
    closed ??= dataOf(fact, OFFICE_CLOSED)?.occurredOn;
  }
  if (opened === undefined) return null;
  const open = partialDateDays(opened);
  const close = closed === undefined ? null : partialDateDays(closed);
  return { knownFrom: open.earliest, knownCertain: open.latest, closedEarliest: close?.earliest ?? NEVER, closedLatest: close?.latest ?? NEVER };
}

/** The terms of an office whose only fact is one of `type` with this data: only an opening opens one. */
export function officeTermsOfFirstFact(fact: { readonly type: string; readonly data: JsonObject }): OfficeTerms | null {
  const opened = dataOf(fact, OFFICE_OPENED);
  if (!opened) return null;
  const open = partialDateDays(opened.occurredOn);
  return { knownFrom: open.earliest, knownCertain: open.latest, closedEarliest: NEVER, closedLatest: NEVER };
}

export const sameOfficeTerms = (a: OfficeTerms, b: OfficeTerms) =>
  a.knownFrom === b.knownFrom && a.knownCertain === b.knownCertain && a.closedEarliest === b.closedEarliest && a.closedLatest === b.closedLatest;

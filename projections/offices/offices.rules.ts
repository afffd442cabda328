import { dayNumber, partialDateDays } from '../../src/domain/partial-date';
import { OFFICE_CLOSED, OFFICE_OPENED, OfficeClosedData, OfficeOpenedData } from '../../src/events/office.events';
import { NEVER } from '../columnar/step-sums';
import { EntityRecord, LedgerState, standingFact } from '../ledger/ledger-state';
import { byValidTime } from '../ledger/ordering';
import { evidenceOf } from '../ledger/claims';
import type { OfficeItem } from './offices.view';

/**
 * The office registry at valid date D, defined directly: offices opened by D and not closed by D, worked out
 * from the partial dates on each query. The index (offices.fast.ts) answers the same from rows derived once per
 * entity version, with the same two rules; test/projections/offices holds the two to the same answers.
 * Days are day numbers (YYYYMMDD).
 */

/** An office is listed on `day` once it may have opened, until it has certainly closed. */
export function listedOn(openedEarliest: number, closedLatest: number, day: number): boolean {
  return openedEarliest <= day && closedLatest > day;
}

/** It is open on `day` for certain once it has certainly opened, while it cannot have closed yet. */
export function certainlyOpenOn(openedLatest: number, closedEarliest: number, day: number): boolean {
  return openedLatest <= day && closedEarliest > day;
}

export interface OfficeFacts {
  readonly opened: OfficeOpenedData;
  readonly closed: OfficeClosedData | null;
}

/** The office's opening and closing that still stand, or null when it has no opening. */
export function officeFactsOf(entity: EntityRecord): OfficeFacts | null {
  const opened = standingFact(entity, OFFICE_OPENED);
  if (!opened) return null;
  return { opened: opened.data, closed: standingFact(entity, OFFICE_CLOSED)?.data ?? null };
}

/** The item the registry lists for an office. */
export function officeItem(entity: EntityRecord, office: OfficeFacts, certain: boolean): OfficeItem {
  const { opened, closed } = office;
  return {
    id: entity.stream,
    officeId: opened.officeId,
    name: opened.name,
    city: opened.city,
    country: opened.country,
    operatorId: opened.operatorId,
    hostAgreement: opened.hostAgreement ?? null,
    mandate: opened.mandate ?? null,
    openedOn: opened.occurredOn,
    openedOnPrecision: partialDateDays(opened.occurredOn).precision,
    closedOn: closed ? closed.occurredOn : null,
    certainty: certain ? 'certain' : 'possible',
    ...evidenceOf(entity.facts),
  };
}

/** Every office listed at `asOf`, in opening order. */
export function officesByRules(state: LedgerState, asOf: string): OfficeItem[] {
  const day = dayNumber(asOf);
  const items: OfficeItem[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'office') continue;
    const office = officeFactsOf(entity);
    if (!office) continue;
    const opened = partialDateDays(office.opened.occurredOn);
    const closed = office.closed ? partialDateDays(office.closed.occurredOn) : { earliest: NEVER, latest: NEVER };
    if (!listedOn(opened.earliest, closed.latest, day)) continue;
    items.push(officeItem(entity, office, certainlyOpenOn(opened.latest, closed.earliest, day)));
  }
  return byValidTime(items, (item) => item.openedOn, (item) => item.id);
}

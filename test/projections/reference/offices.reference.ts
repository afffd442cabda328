/** The first, direct definition of the office registry; the oracle for the indexed query. */
import { happenedBy, partialDate } from '../../../src/domain/partial-date';
import { LedgerState, supportingSources } from '../../../projections/ledger-state';
import type { OfficeItem } from '../../../projections/offices';
import { byValidTime } from '../../../projections/ordering';
import { claimsOf } from '../../../projections/claims';

/** The office registry at valid date D: offices opened by D and not closed by D. */

export function referenceOfficesAt(state: LedgerState, asOf: string): OfficeItem[] {
  const items: OfficeItem[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'office') continue;
    const opened = entity.facts.find((f) => f.type === 'OfficeOpened' && !f.retraction);
    if (!opened) continue;
    const data = opened.data as unknown as OfficeOpenedLike;
    const open = happenedBy(data.occurredOn, asOf);
    if (open === 'none') continue;
    const closing = entity.facts.find((f) => f.type === 'OfficeClosed' && !f.retraction);
    const closedOn = closing ? (closing.data.occurredOn as string) : null;
    const closed = closedOn ? happenedBy(closedOn, asOf) : 'none';
    if (closed === 'certain') continue;
    items.push({
      id: entity.stream,
      officeId: data.officeId,
      name: data.name,
      city: data.city,
      country: data.country,
      operatorId: data.operatorId,
      hostAgreement: data.hostAgreement ?? null,
      mandate: data.mandate ?? null,
      openedOn: data.occurredOn,
      openedOnPrecision: partialDate(data.occurredOn).precision,
      closedOn,
      certainty: open === 'certain' && closed === 'none' ? 'certain' : 'possible',
      sources: entity.facts.filter((f) => !f.retraction).flatMap(supportingSources),
      claims: entity.facts.filter((f) => !f.retraction).flatMap(claimsOf),
    });
  }
  return byValidTime(items, (item) => item.openedOn, (item) => item.id);
}

interface OfficeOpenedLike {
  officeId: string;
  name: { en: string; ar?: string };
  city: string;
  country: string;
  operatorId: string;
  hostAgreement?: string;
  mandate?: string;
  occurredOn: string;
}

import { Certainty, partialDate } from '../src/domain/partial-date';
import { FactClaim, claimsOf } from './claims';
import { indexOf, knownPositionOf } from './indexed-state';
import { CitationView, LedgerState, supportingSources } from './ledger-state';
import { PageInfo, PageRequest, dayNumber } from './valid-time-index';

/** The office registry at valid date D: offices opened by D and not closed by D. */

export interface OfficeItem {
  readonly id: string;
  readonly officeId: string;
  readonly name: { en: string; ar?: string };
  readonly city: string;
  readonly country: string;
  readonly operatorId: string;
  readonly hostAgreement: string | null;
  readonly mandate: string | null;
  readonly openedOn: string;
  readonly openedOnPrecision: string;
  readonly closedOn: string | null;
  /** "possible" when the opening (or a closing) date straddles D. */
  readonly certainty: Exclude<Certainty, 'none'>;
  readonly sources: readonly CitationView[];
  /** Values its sources give other than those adopted: the office is disputed while this is not empty. */
  readonly claims: readonly FactClaim[];
}

export interface OfficesView {
  readonly items: OfficeItem[];
  readonly page: PageInfo;
}

/** The registry as known at the state's position, at valid date `asOf`, one page of it. */
export function officesPageAt(state: LedgerState, asOf: string, page: PageRequest = {}, index = indexOf(state)): OfficesView {
  const scan = index.scanOffices(knownPositionOf(state), dayNumber(asOf), page);
  const items = scan.items.map((row): OfficeItem => {
    const entity = state.entities.get(row.stream)!;
    const opened = entity.facts.find((f) => f.type === 'OfficeOpened' && !f.retraction)!;
    const data = opened.data as unknown as OfficeOpenedLike;
    const closing = entity.facts.find((f) => f.type === 'OfficeClosed' && !f.retraction);
    return {
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
      closedOn: closing ? (closing.data.occurredOn as string) : null,
      certainty: row.certainty,
      sources: entity.facts.filter((f) => !f.retraction).flatMap(supportingSources),
      claims: entity.facts.filter((f) => !f.retraction).flatMap(claimsOf),
    };
  });
  return { items, page: scan.page };
}

/** Every office open at `asOf`, in opening order. */
export function officesAt(state: LedgerState, asOf: string): OfficeItem[] {
  return officesPageAt(state, asOf).items;
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

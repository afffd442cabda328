import { PartyKind } from '../events/party-registered.event';
import { DatePrecision, parsePartialDate } from '../domain/partial-date';

/** Codes of the IATI 2.03 code lists the ledger writes and reads (src/iati/schema/codelists/). */

export const TRANSACTION_TYPE = {
  incomingFunds: '1',
  outgoingCommitment: '2',
  disbursement: '3',
  incomingCommitment: '11',
  outgoingPledge: '12',
  incomingPledge: '13',
} as const;

export const ORGANISATION_ROLE = { funding: '1', accountable: '2', extending: '3', implementing: '4' } as const;

export const ACTIVITY_DATE_TYPE = { plannedStart: '1', actualStart: '2', plannedEnd: '3', actualEnd: '4' } as const;

export const ACTIVITY_STATUS = { pipeline: '1', implementation: '2', finalisation: '3', closed: '4' } as const;

/** BudgetType 1 = original; BudgetStatus 1 = indicative, 2 = committed. */
export const BUDGET_TYPE_ORIGINAL = '1';
export const BUDGET_STATUS = { indicative: '1', committed: '2' } as const;

/** DocumentCategory A12 "Activity web page": the list has no code for a news report, and the sources are pages about the activity. */
export const DOCUMENT_CATEGORY_SOURCE = 'A12';

/** OrganisationType (IATI): 10 government, 15 other public sector, 40 multilateral. */
const ORGANISATION_TYPE_OF_KIND: Record<PartyKind, string> = {
  state: '10',
  'government-body': '10',
  parliament: '15',
  'un-entity': '40',
  'international-organisation': '40',
};

export function organisationTypeOf(kind: string | undefined): string | undefined {
  return kind !== undefined && Object.hasOwn(ORGANISATION_TYPE_OF_KIND, kind) ? ORGANISATION_TYPE_OF_KIND[kind as PartyKind] : undefined;
}

/** What party kind an IATI organisation type becomes; undefined when the ledger has no kind for it. */
export function partyKindOf(organisationType: string | undefined): PartyKind | undefined {
  switch (organisationType) {
    case '10':
      return 'government-body';
    case '15':
      return 'parliament';
    case '40':
      return 'international-organisation';
    default:
      return undefined;
  }
}

/**
 * The partial-date rule. IATI dates are whole days (xs:date), the ledger's may be a month, quarter or year.
 * A start is written as the interval's first day, an end and a transaction as its last day (the first day by
 * which it has certainly happened), and the element says so in a narrative, which an import reads back.
 */
export type DateRole = 'start' | 'end' | 'transaction';

export function isoDateOf(partial: string, role: DateRole): string {
  const parsed = parsePartialDate(partial);
  if (!parsed) throw new RangeError(`not a partial date: ${partial}`);
  return role === 'start' ? parsed.earliest : parsed.latest;
}

const PRECISION_NOTE = /Date known only to the (month|quarter|year): (\d{4}(?:-Q[1-4]|-\d{2})?)\./;

export function precisionNote(partial: string): string | null {
  const parsed = parsePartialDate(partial);
  if (!parsed || parsed.precision === 'day') return null;
  return `Date known only to the ${parsed.precision}: ${partial}.`;
}

/** The partial date a narrative declares for an ISO day, when it declares one whose interval the day ends or starts. */
export function partialFromNote(text: string | undefined, isoDate: string, role: DateRole): string {
  const match = text ? PRECISION_NOTE.exec(text) : null;
  if (!match) return isoDate;
  const parsed = parsePartialDate(match[2]!);
  if (!parsed || parsed.precision !== (match[1] as DatePrecision)) return isoDate;
  return (role === 'start' ? parsed.earliest : parsed.latest) === isoDate ? parsed.text : isoDate;
}

/** IATI has no "renews" relation: an exported renewal says what it renews in a description of type 4 (other). */
export function renewsNote(identifier: string): string {
  return `Renews ${identifier}.`;
}

export function renewedIdentifierOf(text: string | undefined): string | null {
  const match = text ? /^Renews (\S+)\.$/.exec(text.trim()) : null;
  return match ? match[1]! : null;
}

/** Said on the end date of a period known by its duration, so an import can give the duration back. */
export const DURATION_NOTE = /^Duration (P\d+[YMD]) from the start\b/;

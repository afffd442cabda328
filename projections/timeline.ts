import { Certainty, happenedBy, partialDate } from '../src/domain/partial-date';
import { FactClaim, claimsOf } from './claims';
import { FactRecord, LedgerState, supportingSources } from './ledger-state';
import { byValidTime } from './ordering';
import { SourcedCitation, describeCitations } from './sources';

/** Every fact that happened by valid date D, oldest first, each with the sources it rests on. */

export interface TimelineEntry {
  readonly stream: string;
  readonly eventId: string;
  readonly type: string;
  readonly validTime: string;
  readonly certainty: Exclude<Certainty, 'none'>;
  readonly summary: string;
  /** The fact's data as believed at the read's recorded time, so a reader can say it in its own words and language. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly corrected: boolean;
  readonly recordedAt: string;
  readonly position: bigint;
  readonly sources: SourcedCitation[];
  /** Values its sources give other than those adopted: the fact is disputed while this is not empty. */
  readonly claims: FactClaim[];
}

export function validTimeOf(fact: FactRecord): string | null {
  const value = fact.data.occurredOn ?? fact.data.from;
  return typeof value === 'string' ? value : null;
}

function english(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'en' in value) return String((value as { en: unknown }).en);
  return '';
}

function money(value: unknown): string {
  const m = value as { amount?: string; currency?: string } | undefined;
  return m?.amount && m.currency ? `${m.currency} ${m.amount}` : '';
}

export function summarise(fact: FactRecord): string {
  const d = fact.data as Record<string, unknown>;
  switch (fact.type) {
    case 'AgreementSigned': {
      const commitment = d.commitment as Record<string, unknown> | undefined;
      return `${english(d.title)} signed${commitment ? ` (${money(commitment.total)})` : ''}`;
    }
    case 'PledgeMade':
      return `${d.donorId} pledged ${money(d.total)} to ${d.recipientId}`;
    case 'PledgeRenewed':
      return `${d.donorId} renewed ${d.renews} with ${money(d.total)} to ${d.recipientId}`;
    case 'ContributionDisbursed':
      return `${money(d.amount)} disbursed`;
    case 'OfficeOpened':
      return `${english(d.name)} opened in ${d.city}`;
    case 'OfficeClosed':
      return `office ${d.officeId} closed`;
    case 'DialogueHeld':
      return english(d.title);
    case 'ProgrammeLaunched':
      return `${english(d.name)} launched`;
    case 'PartyRegistered':
      return `party ${english(d.name)} registered`;
    case 'SourceRegistered':
      return `source ${d.title} registered`;
    default:
      return fact.type;
  }
}

export function timelineAt(state: LedgerState, asOf: string): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const entity of state.entities.values()) {
    for (const fact of entity.facts) {
      if (fact.retraction) continue;
      const validTime = validTimeOf(fact);
      if (!validTime) continue;
      const certainty = happenedBy(validTime, asOf);
      if (certainty === 'none') continue;
      entries.push({
        stream: fact.stream,
        eventId: fact.eventId,
        type: fact.type,
        validTime,
        certainty,
        summary: summarise(fact),
        data: fact.data,
        corrected: fact.corrections.length > 0,
        recordedAt: fact.recordedAt,
        position: fact.position,
        sources: describeCitations(state, supportingSources(fact)),
        claims: claimsOf(fact),
      });
    }
  }
  return byValidTime(entries, (entry) => entry.validTime, (entry) => entry.position);
}

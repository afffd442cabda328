import { happenedBy } from '../../src/domain/partial-date';
import type { MoneyValue } from '../../src/domain/money';
import type { FactEvent } from '../../src/events/event-catalogue';
import { AGREEMENT_SIGNED } from '../../src/events/agreement-signed.event';
import { CONTRIBUTION_DISBURSED } from '../../src/events/contribution-disbursed.event';
import { DIALOGUE_HELD } from '../../src/events/dialogue-held.event';
import { OFFICE_CLOSED, OFFICE_OPENED } from '../../src/events/office.events';
import { PARTY_REGISTERED } from '../../src/events/party-registered.event';
import { PLEDGE_MADE, PLEDGE_RENEWED } from '../../src/events/pledge.events';
import { PROGRAMME_LAUNCHED } from '../../src/events/programme-launched.event';
import { SOURCE_REGISTERED } from '../../src/events/source-registered.event';
import { factEventOf } from '../ledger/fact-events';
import { FactRecord, LedgerState, supportingSources } from '../ledger/ledger-state';
import { byValidTime } from '../ledger/ordering';
import { claimsOf } from '../ledger/claims';
import { describeCitations } from '../sources/sourced-citations';
import type { TimelineEntry } from './timeline.view';

export type { TimelineEntry } from './timeline.view';

/** Every fact that happened by valid date D, oldest first, each with the sources it rests on. */

export function validTimeOf(fact: FactRecord): string | null {
  const value = fact.data.occurredOn ?? fact.data.from;
  return typeof value === 'string' ? value : null;
}

const money = (value: MoneyValue | undefined) => (value ? `${value.currency} ${value.amount}` : '');

/** One line saying what happened, in English. */
export function summarise(event: FactEvent): string {
  switch (event.type) {
    case AGREEMENT_SIGNED: {
      const { title, commitment } = event.data;
      return `${title.en} signed${commitment ? ` (${money(commitment.total)})` : ''}`;
    }
    case PLEDGE_MADE:
      return `${event.data.donorId} pledged ${money(event.data.total)} to ${event.data.recipientId}`;
    case PLEDGE_RENEWED:
      return `${event.data.donorId} renewed ${event.data.renews} with ${money(event.data.total)} to ${event.data.recipientId}`;
    case CONTRIBUTION_DISBURSED:
      return `${money(event.data.amount)} disbursed`;
    case OFFICE_OPENED:
      return `${event.data.name.en} opened in ${event.data.city}`;
    case OFFICE_CLOSED:
      return `office ${event.data.officeId} closed`;
    case DIALOGUE_HELD:
      return event.data.title.en;
    case PROGRAMME_LAUNCHED:
      return `${event.data.name.en} launched`;
    case PARTY_REGISTERED:
      return `party ${event.data.name.en} registered`;
    case SOURCE_REGISTERED:
      return `source ${event.data.title} registered`;
    default:
      return unreachable(event);
  }
}

function unreachable(event: never): never {
  throw new TypeError(`no summary for ${JSON.stringify(event)}`);
}

/** The fact's summary, or its type for an event the catalogue does not hold. */
function summaryOf(fact: FactRecord): string {
  const event = factEventOf(fact);
  return event ? summarise(event) : fact.type;
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
      const cited = supportingSources(fact);
      entries.push({
        stream: fact.stream,
        eventId: fact.eventId,
        type: fact.type,
        validTime,
        certainty,
        summary: summaryOf(fact),
        data: fact.data,
        corrected: fact.corrections.length > 0,
        recordedAt: fact.recordedAt,
        position: fact.position,
        sources: describeCitations(state, cited),
        claims: claimsOf(fact, cited),
      });
    }
  }
  return byValidTime(entries, (entry) => entry.validTime, (entry) => entry.position);
}

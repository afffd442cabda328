import { happenedBy } from '../../src/domain/partial-date';
import { PROGRAMME_LAUNCHED } from '../../src/events/programme-launched.event';
import { LedgerState, standingFact, supportingSources } from '../ledger/ledger-state';
import { byValidTime } from '../ledger/ordering';
import type { ProgrammeItem } from './programmes.view';

export type { ProgrammeItem } from './programmes.view';

/** Programmes launched by valid date D. */

export function programmesAt(state: LedgerState, asOf: string): ProgrammeItem[] {
  const items: ProgrammeItem[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'programme') continue;
    const launched = standingFact(entity, PROGRAMME_LAUNCHED);
    if (!launched) continue;
    const data = launched.data;
    const certainty = happenedBy(data.occurredOn, asOf);
    if (certainty === 'none') continue;
    items.push({
      id: entity.stream,
      programmeId: data.programmeId,
      name: data.name,
      funders: data.funders,
      partners: data.partners,
      consultedBodies: data.consultedBodies ?? [],
      mandateReferences: data.mandateReferences ?? [],
      atEngagement: data.atEngagement ?? null,
      description: data.description ?? null,
      launchedOn: data.occurredOn,
      certainty,
      sources: entity.facts.filter((f) => !f.retraction).flatMap(supportingSources),
    });
  }
  return byValidTime(items, (item) => item.launchedOn, (item) => item.id);
}

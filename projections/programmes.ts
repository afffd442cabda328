import { Certainty, happenedBy, partialDate } from '../src/domain/partial-date';
import { CitationView, LedgerState, supportingSources } from './ledger-state';
import { byValidTime } from './ordering';

/** Programmes launched by valid date D. */

export interface ProgrammeItem {
  readonly id: string;
  readonly programmeId: string;
  readonly name: { en: string; ar?: string };
  readonly funders: string[];
  readonly partners: string[];
  readonly consultedBodies: string[];
  readonly mandateReferences: string[];
  readonly atEngagement: string | null;
  readonly description: string | null;
  readonly launchedOn: string;
  readonly certainty: Exclude<Certainty, 'none'>;
  readonly sources: readonly CitationView[];
}

interface ProgrammeLaunchedLike {
  programmeId: string;
  name: { en: string; ar?: string };
  funders: string[];
  partners: string[];
  consultedBodies?: string[];
  mandateReferences?: string[];
  atEngagement?: string;
  description?: string;
  occurredOn: string;
}

export function programmesAt(state: LedgerState, asOf: string): ProgrammeItem[] {
  const items: ProgrammeItem[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'programme') continue;
    const fact = entity.facts.find((f) => f.type === 'ProgrammeLaunched' && !f.retraction);
    if (!fact) continue;
    const data = fact.data as unknown as ProgrammeLaunchedLike;
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

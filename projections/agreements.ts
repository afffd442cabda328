import { Certainty, happenedBy } from '../src/domain/partial-date';
import { CitationView, LedgerState, supportingSources } from './ledger-state';
import { byValidTime } from './ordering';

/**
 * Agreements signed by valid date D, with or without money: an establishment agreement or an MoU is part of the
 * partnership's state as much as a contribution agreement, which the commitments view also lists for its money.
 */

export interface AgreementItem {
  readonly id: string;
  readonly agreementId: string;
  readonly kind: string;
  readonly title: { en: string; ar?: string };
  readonly parties: string[];
  readonly place: { city: string; country: string; venue?: string } | null;
  readonly signedOn: string;
  readonly certainty: Exclude<Certainty, 'none'>;
  /** Whether it commits money (then it is also in the commitments view, under the same id). */
  readonly hasCommitment: boolean;
  readonly provisions: string[];
  readonly sources: readonly CitationView[];
}

interface AgreementSignedLike {
  agreementId: string;
  kind: string;
  title: { en: string; ar?: string };
  parties: string[];
  place?: { city: string; country: string; venue?: string };
  commitment?: object;
  provisions?: string[];
  occurredOn: string;
}

export function agreementsAt(state: LedgerState, asOf: string): AgreementItem[] {
  const items: AgreementItem[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'agreement') continue;
    const fact = entity.facts.find((f) => f.type === 'AgreementSigned' && !f.retraction);
    if (!fact) continue;
    const data = fact.data as unknown as AgreementSignedLike;
    const certainty = happenedBy(data.occurredOn, asOf);
    if (certainty === 'none') continue;
    items.push({
      id: entity.stream,
      agreementId: data.agreementId,
      kind: data.kind,
      title: data.title,
      parties: data.parties,
      place: data.place ?? null,
      signedOn: data.occurredOn,
      certainty,
      hasCommitment: data.commitment !== undefined,
      provisions: data.provisions ?? [],
      sources: entity.facts.filter((f) => !f.retraction).flatMap(supportingSources),
    });
  }
  return byValidTime(items, (item) => item.signedOn, (item) => item.id);
}

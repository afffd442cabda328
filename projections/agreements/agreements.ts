import { happenedBy } from '../../src/domain/partial-date';
import { AGREEMENT_SIGNED } from '../../src/events/agreement-signed.event';
import { LedgerState, standingFact, supportingSources } from '../ledger/ledger-state';
import { byValidTime } from '../ledger/ordering';
import type { AgreementItem } from './agreements.view';

export type { AgreementItem } from './agreements.view';

/**
 * Agreements signed by valid date D, with or without money: an establishment agreement or an MoU is part of the
 * partnership's state as much as a contribution agreement, which the commitments view also lists for its money.
 */

export function agreementsAt(state: LedgerState, asOf: string): AgreementItem[] {
  const items: AgreementItem[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'agreement') continue;
    const signed = standingFact(entity, AGREEMENT_SIGNED);
    if (!signed) continue;
    const data = signed.data;
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

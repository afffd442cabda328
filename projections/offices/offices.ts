import { dayNumber } from '../../src/domain/partial-date';
import { PageRequest } from '../columnar/paging';
import { LedgerState } from '../ledger/ledger-state';
import { indexOf, knownPositionOf } from '../valid-time/indexed-state';
import { ValidTimeIndex } from '../valid-time/valid-time-index';
import { officeFactsOf, officeItem } from './offices.rules';
import type { OfficeItem, OfficesView } from './offices.view';

export type { OfficeItem, OfficesView } from './offices.view';

/**
 * The office registry at valid date D, as the API answers it: the index (offices.fast.ts) finds and counts the
 * offices; only the page returned is built from the entity records, by the same function as the rules (officeItem).
 */
export function officesPageAt(state: LedgerState, asOf: string, page: PageRequest = {}, index: ValidTimeIndex = indexOf(state)): OfficesView {
  const scan = index.offices.scan(knownPositionOf(state), dayNumber(asOf), page);
  const items = scan.items.map((row): OfficeItem => {
    const entity = state.entities.get(row.stream)!;
    return officeItem(entity, officeFactsOf(entity)!, row.certainty === 'certain');
  });
  return { items, page: scan.page };
}

/** Every office open at `asOf`, in opening order. */
export function officesAt(state: LedgerState, asOf: string): OfficeItem[] {
  return officesPageAt(state, asOf).items;
}

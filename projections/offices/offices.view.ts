import type { Certainty } from '../../src/domain/partial-date';
import type { PageInfo } from '../columnar/paging';
import type { CitationView, FactClaim } from '../ledger/citation.view';

/** What the office registry answers (types only: the auditor's page imports them too). */

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

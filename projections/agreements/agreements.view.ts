import type { Certainty } from '../../src/domain/partial-date';
import type { CitationView } from '../ledger/citation.view';

/** What the agreements view answers (types only). */

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

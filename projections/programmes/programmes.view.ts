import type { Certainty } from '../../src/domain/partial-date';
import type { CitationView } from '../ledger/citation.view';

/** What the programmes view answers (types only). */

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

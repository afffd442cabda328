/** What the diff answers (types only). Summaries are type literals: a page may read them as records of strings. */

/** One view's changes between two dates: each list cut to a limit (in the later date's order), with its total. */
export interface ModelDiff<Summary> {
  readonly added: Summary[];
  readonly removed: Summary[];
  readonly changed: { id: string; before: Summary; after: Summary }[];
  readonly totals: { readonly added: number; readonly removed: number; readonly changed: number };
}

export type CommitmentSummary = {
  readonly id: string;
  readonly status: string;
  readonly certainty: string;
};

export type AgreementSummary = {
  readonly id: string;
  readonly kind: string;
  readonly certainty: string;
};

export type OfficeSummary = {
  readonly id: string;
  readonly certainty: string;
};

export type EngagementSummary = {
  readonly id: string;
  readonly certainty: string;
  /** `<outcome index>:<status>` of each follow-up, comma-separated. */
  readonly followUps: string;
};

export type ProgrammeSummary = {
  readonly id: string;
  readonly certainty: string;
};

export interface StateDiff {
  readonly from: string;
  readonly to: string;
  readonly commitments: ModelDiff<CommitmentSummary>;
  /** Every agreement signed, with or without money. */
  readonly agreements: ModelDiff<AgreementSummary>;
  readonly offices: ModelDiff<OfficeSummary>;
  readonly engagements: ModelDiff<EngagementSummary>;
  readonly programmes: ModelDiff<ProgrammeSummary>;
}

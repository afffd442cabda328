import { Query } from '@nestjs/cqrs';
import { PartyFilter } from '../../projections/commitments/commitments-by-party';
import { PageRequest } from '../../projections/columnar/paging';
import { ListKey } from './paged-lists';

/** A page of a list with no index (timeline, engagements, programmes, diff): at most `limit` items after `after`. */
export interface ListPageRequest {
  readonly limit: number;
  readonly after?: ListKey;
}

/** Every item (the CLI's reads: a person at a terminal asked for the whole list). */
export const ALL_ITEMS: ListPageRequest = { limit: Number.POSITIVE_INFINITY };

/** Where on the two time axes a read stands: valid date D and, optionally, a recorded time or position. */
export interface ReadPoint {
  /** `YYYY-MM-DD`. */
  readonly asOf: string;
  readonly knownAt?: bigint | Date;
}

/**
 * Every read answer echoes where it stands and the position it reflects. Positions are decimal strings here,
 * where the answer is built: answers are serialised with no replacer (V8's fast path).
 */
export interface ReadAnswer {
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly position: string | null;
}

export class GetStateQuery extends Query<ReadAnswer> {
  constructor(readonly at: ReadPoint) {
    super();
  }
}
export class GetCommitmentsQuery extends Query<ReadAnswer> {
  constructor(
    readonly at: ReadPoint,
    readonly includeRetracted = false,
    readonly page: PageRequest = {},
    /** Only one partnership's commitments: a donor, a recipient or both. */
    readonly parties: PartyFilter = {},
  ) {
    super();
  }
}
export class GetOfficesQuery extends Query<ReadAnswer> {
  constructor(
    readonly at: ReadPoint,
    readonly page: PageRequest = {},
  ) {
    super();
  }
}
export class GetEngagementsQuery extends Query<ReadAnswer> {
  constructor(
    readonly at: ReadPoint,
    readonly page: ListPageRequest = ALL_ITEMS,
  ) {
    super();
  }
}
export class GetAgreementsQuery extends Query<ReadAnswer> {
  constructor(
    readonly at: ReadPoint,
    readonly page: ListPageRequest = ALL_ITEMS,
  ) {
    super();
  }
}
export class GetProgrammesQuery extends Query<ReadAnswer> {
  constructor(
    readonly at: ReadPoint,
    readonly page: ListPageRequest = ALL_ITEMS,
  ) {
    super();
  }
}
export class GetTimelineQuery extends Query<ReadAnswer> {
  constructor(
    readonly at: ReadPoint,
    readonly page: ListPageRequest = ALL_ITEMS,
  ) {
    super();
  }
}
/** Answers null when the stream holds nothing as known at that point. */
export class GetHistoryQuery extends Query<ReadAnswer | null> {
  constructor(
    readonly stream: string,
    readonly at: ReadPoint,
  ) {
    super();
  }
}
export class GetDiffQuery extends Query<ReadAnswer> {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly knownAt?: bigint | Date,
    /** Each list of changes is cut to this many (its total is given); all by default. */
    readonly limit = Number.POSITIVE_INFINITY,
  ) {
    super();
  }
}
export class GetEventsQuery extends Query<ReadAnswer> {
  constructor(
    readonly options: { after?: bigint; limit: number; streamPrefix?: string; type?: string; knownAt?: bigint | Date },
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import { PartyFilter } from '../../projections/commitments-by-party';
import { PageRequest } from '../../projections/valid-time-index';

/** Where on the two time axes a read stands: valid date D and, optionally, a recorded time or position. */
export interface ReadPoint {
  /** `YYYY-MM-DD`. */
  readonly asOf: string;
  readonly knownAt?: bigint | Date;
}

/** Every read answer echoes where it stands and the position it reflects. */
export interface ReadAnswer {
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly position: bigint | null;
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
  constructor(readonly at: ReadPoint) {
    super();
  }
}
export class GetProgrammesQuery extends Query<ReadAnswer> {
  constructor(readonly at: ReadPoint) {
    super();
  }
}
export class GetTimelineQuery extends Query<ReadAnswer> {
  constructor(readonly at: ReadPoint) {
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

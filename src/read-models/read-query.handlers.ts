import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { commitmentsAt } from '../../projections/commitments';
import { commitmentsOfParties } from '../../projections/commitments-by-party';
import { diffBetween } from '../../projections/diff';
import { engagementsAt } from '../../projections/engagements';
import { historyOf } from '../../projections/history';
import { LedgerState } from '../../projections/ledger-state';
import { officesPageAt } from '../../projections/offices';
import { programmesAt } from '../../projections/programmes';
import { timelineAt } from '../../projections/timeline';
import { ValidTimeIndex } from '../../projections/valid-time-index';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { LiveLedger } from './live-ledger';
import { DEFAULT_PAGE } from './read-params.dto';
import {
  GetCommitmentsQuery,
  GetDiffQuery,
  GetEngagementsQuery,
  GetEventsQuery,
  GetHistoryQuery,
  GetOfficesQuery,
  GetProgrammesQuery,
  GetStateQuery,
  GetTimelineQuery,
  ReadAnswer,
  ReadPoint,
} from './read-queries';

const describeKnownAt = (knownAt: bigint | Date | undefined) =>
  knownAt === undefined ? null : knownAt instanceof Date ? knownAt.toISOString() : knownAt.toString();

async function answer<T extends object>(
  live: LiveLedger,
  at: ReadPoint,
  view: (state: LedgerState, index: ValidTimeIndex) => T,
): Promise<ReadAnswer & T> {
  const { state, position } = await live.knownAt(at.knownAt);
  return { asOf: at.asOf, knownAt: describeKnownAt(at.knownAt), position, ...view(state, live.validTimeIndex) };
}

/** What /api/state lists of each paged view. */
const STATE_PAGE = { limit: DEFAULT_PAGE };

@QueryHandler(GetStateQuery)
export class GetStateHandler implements IQueryHandler<GetStateQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at }: GetStateQuery) {
    return answer(this.live, at, (state, index) => {
      const offices = officesPageAt(state, at.asOf, STATE_PAGE, index);
      return {
        events: state.eventCount,
        commitments: commitmentsAt(state, { asOf: at.asOf, page: STATE_PAGE }, index),
        offices: offices.items,
        officesPage: offices.page,
        engagements: engagementsAt(state, at.asOf),
        programmes: programmesAt(state, at.asOf),
      };
    });
  }
}

@QueryHandler(GetCommitmentsQuery)
export class GetCommitmentsHandler implements IQueryHandler<GetCommitmentsQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at, includeRetracted, page, parties }: GetCommitmentsQuery) {
    // The index totals every commitment; one partnership's are counted from its items.
    const filtered = parties.donorId !== undefined || parties.recipientId !== undefined;
    return answer(this.live, at, (state, index) =>
      filtered
        ? commitmentsOfParties(state, { asOf: at.asOf, includeRetracted, page, ...parties })
        : commitmentsAt(state, { asOf: at.asOf, includeRetracted, page }, index),
    );
  }
}

@QueryHandler(GetOfficesQuery)
export class GetOfficesHandler implements IQueryHandler<GetOfficesQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at, page }: GetOfficesQuery) {
    return answer(this.live, at, (state, index) => {
      const offices = officesPageAt(state, at.asOf, page, index);
      return { offices: offices.items, page: offices.page };
    });
  }
}

@QueryHandler(GetEngagementsQuery)
export class GetEngagementsHandler implements IQueryHandler<GetEngagementsQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at }: GetEngagementsQuery) {
    return answer(this.live, at, (state) => ({ engagements: engagementsAt(state, at.asOf) }));
  }
}

@QueryHandler(GetProgrammesQuery)
export class GetProgrammesHandler implements IQueryHandler<GetProgrammesQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at }: GetProgrammesQuery) {
    return answer(this.live, at, (state) => ({ programmes: programmesAt(state, at.asOf) }));
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at }: GetTimelineQuery) {
    return answer(this.live, at, (state) => ({ timeline: timelineAt(state, at.asOf) }));
  }
}

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery> {
  constructor(private readonly live: LiveLedger) {}
  async execute({ stream, at }: GetHistoryQuery) {
    const result = await answer(this.live, at, (state) => ({ history: historyOf(state, stream) }));
    return result.history === null ? null : result;
  }
}

@QueryHandler(GetDiffQuery)
export class GetDiffHandler implements IQueryHandler<GetDiffQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ from, to, knownAt }: GetDiffQuery) {
    return answer(this.live, { asOf: to, knownAt }, (state) => ({ diff: diffBetween(state, from, to) }));
  }
}

/** The raw log, for auditors: stored events in global order with their metadata and chain hashes. */
@QueryHandler(GetEventsQuery)
export class GetEventsHandler implements IQueryHandler<GetEventsQuery> {
  constructor(
    private readonly live: LiveLedger,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}
  async execute({ options }: GetEventsQuery) {
    const { position } = await this.live.knownAt(options.knownAt);
    const page = await this.store.readAll({
      fromPosition: options.after,
      maxCount: options.limit,
      filter: {
        ...(options.streamPrefix ? { streamPrefixes: [options.streamPrefix] } : {}),
        ...(options.type ? { eventTypes: [options.type] } : {}),
      },
    });
    const events = position === null ? [] : page.filter((event) => event.position <= position);
    return { asOf: '', knownAt: describeKnownAt(options.knownAt), position, events };
  }
}

export const READ_QUERY_HANDLERS = [
  GetStateHandler,
  GetCommitmentsHandler,
  GetOfficesHandler,
  GetEngagementsHandler,
  GetProgrammesHandler,
  GetTimelineHandler,
  GetHistoryHandler,
  GetDiffHandler,
  GetEventsHandler,
];

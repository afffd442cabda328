import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AgreementItem, agreementsAt } from '../../projections/agreements/agreements';
import { commitmentsAt } from '../../projections/commitments/commitments';
import { EngagementItem, engagementsAt, fulfilmentsAt } from '../../projections/engagements/engagements';
import { commitmentsOfParties } from '../../projections/commitments/commitments-by-party';
import {
  AgreementSummary,
  EngagementSummary,
  ProgrammeSummary,
  agreementSummary,
  commitmentSummary,
  diffBy,
  engagementSummary,
  officeSummary,
  programmeSummary,
} from '../../projections/diff/diff';
import { historyOf } from '../../projections/history/history';
import { LedgerState } from '../../projections/ledger/ledger-state';
import { officesPageAt } from '../../projections/offices/offices';
import { ProgrammeItem, programmesAt } from '../../projections/programmes/programmes';
import { TimelineEntry, timelineAt } from '../../projections/timeline/timeline';
import { decodeCursor } from '../../projections/columnar/paging';
import { ValidTimeIndex } from '../../projections/valid-time/valid-time-index';
import { EVENT_STORE, EventStore, StoredEvent } from '../event-store/event-store.port';
import { storedEventJson } from '../event-store/stored-event-json';
import { LiveLedger } from './live-ledger';
import { ListPage, dayKey, nextTurn, pageOf, slicesOf } from './paged-lists';
import { DEFAULT_PAGE, MAX_PAGE } from './read-params.dto';
import {
  GetCommitmentsQuery,
  GetDiffQuery,
  GetEngagementsQuery,
  GetEventsQuery,
  GetHistoryQuery,
  GetOfficesQuery,
  GetAgreementsQuery,
  GetProgrammesQuery,
  GetStateQuery,
  GetTimelineQuery,
  ListPageRequest,
  ReadAnswer,
  ReadPoint,
} from './read-queries';

const describeKnownAt = (knownAt: bigint | Date | undefined) =>
  knownAt === undefined ? null : knownAt instanceof Date ? knownAt.toISOString() : knownAt.toString();

async function answer<T extends object>(
  live: LiveLedger,
  at: ReadPoint,
  view: (state: LedgerState, index: ValidTimeIndex) => T | Promise<T>,
): Promise<ReadAnswer & T> {
  const { state, position } = await live.knownAt(at.knownAt);
  const body = await view(state, live.validTimeIndex);
  return { asOf: at.asOf, knownAt: describeKnownAt(at.knownAt), position: position?.toString() ?? null, ...body };
}

type TimelineItem = Omit<TimelineEntry, 'position'> & { readonly position: string };

const timelinePage = (state: LedgerState, asOf: string, page: ListPageRequest): Promise<ListPage<TimelineItem>> =>
  pageOf(
    state,
    (slice) => timelineAt(slice, asOf).map((entry) => ({ ...entry, position: entry.position.toString() })),
    (entry) => ({ day: dayKey(entry.validTime), tie: BigInt(entry.position) }),
    page,
  );

/** Engagements a slice at a time, with the follow-ups fulfilled by engagements in any slice. */
async function engagementsPage(state: LedgerState, asOf: string, page: ListPageRequest): Promise<ListPage<EngagementItem>> {
  const fulfilments = new Map<string, string>();
  for await (const slice of slicesOf(state)) fulfilmentsAt(slice, asOf, fulfilments);
  return pageOf(state, (slice) => engagementsAt(slice, asOf, fulfilments), (item) => ({ day: dayKey(item.from), tie: item.id }), page);
}

const agreementsPage = (state: LedgerState, asOf: string, page: ListPageRequest): Promise<ListPage<AgreementItem>> =>
  pageOf(state, (slice) => agreementsAt(slice, asOf), (item) => ({ day: dayKey(item.signedOn), tie: item.id }), page);

const programmesPage = (state: LedgerState, asOf: string, page: ListPageRequest): Promise<ListPage<ProgrammeItem>> =>
  pageOf(state, (slice) => programmesAt(slice, asOf), (item) => ({ day: dayKey(item.launchedOn), tie: item.id }), page);

/** What /api/state lists of each view. */
const STATE_PAGE = { limit: DEFAULT_PAGE };

/** The summary and the first page of each view, with the query that reads each one's next page. */
@QueryHandler(GetStateQuery)
export class GetStateHandler implements IQueryHandler<GetStateQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at }: GetStateQuery) {
    return answer(this.live, at, async (state, index) => {
      const commitments = commitmentsAt(state, { asOf: at.asOf, page: STATE_PAGE }, index);
      const offices = officesPageAt(state, at.asOf, STATE_PAGE, index);
      const engagements = await engagementsPage(state, at.asOf, STATE_PAGE);
      const programmes = await programmesPage(state, at.asOf, STATE_PAGE);
      const agreements = await agreementsPage(state, at.asOf, STATE_PAGE);
      const point = `asOf=${at.asOf}${at.knownAt === undefined ? '' : `&knownAt=${encodeURIComponent(describeKnownAt(at.knownAt)!)}`}`;
      const link = (route: string, next: string | null) => (next === null ? null : `/api/${route}?${point}&after=${encodeURIComponent(next)}`);
      return {
        events: state.eventCount,
        commitments,
        agreements: agreements.items,
        agreementsPage: agreements.page,
        offices: offices.items,
        officesPage: offices.page,
        engagements: engagements.items,
        engagementsPage: engagements.page,
        programmes: programmes.items,
        programmesPage: programmes.page,
        next: {
          commitments: link('commitments', commitments.page.next),
          agreements: link('agreements', agreements.page.next),
          offices: link('offices', offices.page.next),
          engagements: link('engagements', engagements.page.next),
          programmes: link('programmes', programmes.page.next),
        },
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
  execute({ at, page }: GetEngagementsQuery) {
    return answer(this.live, at, async (state) => {
      const found = await engagementsPage(state, at.asOf, page);
      return { engagements: found.items, page: found.page };
    });
  }
}

@QueryHandler(GetAgreementsQuery)
export class GetAgreementsHandler implements IQueryHandler<GetAgreementsQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at, page }: GetAgreementsQuery) {
    return answer(this.live, at, async (state) => {
      const found = await agreementsPage(state, at.asOf, page);
      return { agreements: found.items, page: found.page };
    });
  }
}

@QueryHandler(GetProgrammesQuery)
export class GetProgrammesHandler implements IQueryHandler<GetProgrammesQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at, page }: GetProgrammesQuery) {
    return answer(this.live, at, async (state) => {
      const found = await programmesPage(state, at.asOf, page);
      return { programmes: found.items, page: found.page };
    });
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ at, page }: GetTimelineQuery) {
    return answer(this.live, at, async (state) => {
      const found = await timelinePage(state, at.asOf, page);
      return { timeline: found.items, page: found.page };
    });
  }
}

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery> {
  constructor(private readonly live: LiveLedger) {}
  async execute({ stream, at }: GetHistoryQuery) {
    const result = await answer(this.live, at, (state) => {
      const history = historyOf(state, stream);
      return { history: history && { ...history, entries: history.entries.map((entry) => ({ ...entry, position: entry.position.toString() })) } };
    });
    return result.history === null ? null : result;
  }
}

/** Walks a paged index view a page at a time, a turn of the event loop between pages. */
async function allPages<T>(read: (after: string | undefined) => { items: T[]; page: { next: string | null } }): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (;;) {
    const found = read(after);
    for (const item of found.items) all.push(item);
    if (found.page.next === null) return all;
    after = found.page.next;
    await nextTurn();
  }
}

/** About 20 ms of the index's paging per turn of the event loop. */
const DIFF_SCAN_PAGE = 500;

/**
 * What changed between two valid dates, by the diff's rule (projections/diff). The lists are built in pages and
 * slices (the server keeps answering meanwhile) and only their summaries are kept; each list of changes is cut
 * to the query's limit, with its total.
 */
async function boundedDiff(state: LedgerState, index: ValidTimeIndex, from: string, to: string, limit: number) {
  const cursor = (after: string | undefined) => (after === undefined ? {} : { after: decodeCursor(after)! });
  const commitments = (day: string) =>
    allPages((after) => commitmentsAt(state, { asOf: day, page: { limit: DIFF_SCAN_PAGE, ...cursor(after) } }, index)).then((items) =>
      items.map(commitmentSummary),
    );
  const offices = (day: string) =>
    allPages((after) => officesPageAt(state, day, { limit: DIFF_SCAN_PAGE, ...cursor(after) }, index)).then((items) => items.map(officeSummary));
  const engagements = async (day: string) => {
    const fulfilments = new Map<string, string>();
    for await (const slice of slicesOf(state)) fulfilmentsAt(slice, day, fulfilments);
    const all: EngagementSummary[] = [];
    for await (const slice of slicesOf(state)) for (const item of engagementsAt(slice, day, fulfilments)) all.push(engagementSummary(item));
    return all;
  };
  const agreements = async (day: string) => {
    const all: AgreementSummary[] = [];
    for await (const slice of slicesOf(state)) for (const item of agreementsAt(slice, day)) all.push(agreementSummary(item));
    return all;
  };
  const programmes = async (day: string) => {
    const all: ProgrammeSummary[] = [];
    for await (const slice of slicesOf(state)) for (const item of programmesAt(slice, day)) all.push(programmeSummary(item));
    return all;
  };
  return {
    from,
    to,
    limit,
    commitments: diffBy(await commitments(from), await commitments(to), limit),
    agreements: diffBy(await agreements(from), await agreements(to), limit),
    offices: diffBy(await offices(from), await offices(to), limit),
    engagements: diffBy(await engagements(from), await engagements(to), limit),
    programmes: diffBy(await programmes(from), await programmes(to), limit),
  };
}

@QueryHandler(GetDiffQuery)
export class GetDiffHandler implements IQueryHandler<GetDiffQuery> {
  constructor(private readonly live: LiveLedger) {}
  execute({ from, to, knownAt, limit }: GetDiffQuery) {
    return answer(this.live, { asOf: to, knownAt }, async (state, index) => ({ diff: await boundedDiff(state, index, from, to, limit) }));
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
      maxCount: Math.min(options.limit, MAX_PAGE),
      filter: {
        ...(options.streamPrefix ? { streamPrefixes: [options.streamPrefix] } : {}),
        ...(options.type ? { eventTypes: [options.type] } : {}),
      },
    });
    const events = position === null ? [] : page.filter((event) => event.position <= position).map(storedEventJson);
    return { asOf: '', knownAt: describeKnownAt(options.knownAt), position: position?.toString() ?? null, events };
  }
}

export const READ_QUERY_HANDLERS = [
  GetStateHandler,
  GetCommitmentsHandler,
  GetOfficesHandler,
  GetEngagementsHandler,
  GetAgreementsHandler,
  GetProgrammesHandler,
  GetTimelineHandler,
  GetHistoryHandler,
  GetDiffHandler,
  GetEventsHandler,
];

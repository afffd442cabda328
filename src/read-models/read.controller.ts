import { Controller, Get, Inject, NotFoundException, Param, Query, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PageRequest } from '../../projections/columnar/paging';
import { Roles } from '../auth/auth.decorators';
import { dayOf } from '../domain/partial-date';
import { JsonAnswerInterceptor } from '../http/json-answer.interceptor';
import { CLOCK, Clock } from '../time/clock';
import {
  CommitmentsParams,
  DEFAULT_PAGE,
  DiffParams,
  EventsParams,
  PagedReadParams,
  ReadAtParams,
  TimelineParams,
  parseCursor,
  parseKnownAt,
  parseListCursor,
  parseTimelineCursor,
} from './read-params.dto';
import { ListKey } from './paged-lists';
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
  ReadPoint,
} from './read-queries';

@Roles('auditor', 'admin')
@UseInterceptors(JsonAnswerInterceptor)
@Controller('api')
export class ReadController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private at(params: ReadAtParams): ReadPoint {
    return { asOf: params.asOf ?? dayOf(this.clock.now()), knownAt: parseKnownAt(params.knownAt) };
  }

  private page(params: PagedReadParams): PageRequest {
    const after = parseCursor(params.after);
    return { limit: params.limit ?? DEFAULT_PAGE, ...(after ? { after } : {}) };
  }

  private listPage(limit: number | undefined, after: ListKey | undefined) {
    return { limit: limit ?? DEFAULT_PAGE, ...(after ? { after } : {}) };
  }

  @Get('state')
  state(@Query() params: ReadAtParams) {
    return this.queries.execute(new GetStateQuery(this.at(params)));
  }

  @Get('commitments')
  commitments(@Query() params: CommitmentsParams) {
    const parties = { ...(params.donor ? { donorId: params.donor } : {}), ...(params.recipient ? { recipientId: params.recipient } : {}) };
    return this.queries.execute(new GetCommitmentsQuery(this.at(params), params.includeRetracted === 'true', this.page(params), parties));
  }

  @Get('offices')
  offices(@Query() params: PagedReadParams) {
    return this.queries.execute(new GetOfficesQuery(this.at(params), this.page(params)));
  }

  @Get('engagements')
  engagements(@Query() params: PagedReadParams) {
    return this.queries.execute(new GetEngagementsQuery(this.at(params), this.listPage(params.limit, parseListCursor(params.after))));
  }

  @Get('agreements')
  agreements(@Query() params: PagedReadParams) {
    return this.queries.execute(new GetAgreementsQuery(this.at(params), this.listPage(params.limit, parseListCursor(params.after))));
  }

  @Get('programmes')
  programmes(@Query() params: PagedReadParams) {
    return this.queries.execute(new GetProgrammesQuery(this.at(params), this.listPage(params.limit, parseListCursor(params.after))));
  }

  @Get('timeline')
  timeline(@Query() params: TimelineParams) {
    return this.queries.execute(new GetTimelineQuery(this.at(params), this.listPage(params.limit, parseTimelineCursor(params.after))));
  }

  @Get('history/:stream')
  async history(@Param('stream') stream: string, @Query() params: ReadAtParams) {
    const found = await this.queries.execute(new GetHistoryQuery(stream, this.at(params)));
    if (!found) throw new NotFoundException(`No stream "${stream}" is known at that point`);
    return found;
  }

  @Get('diff')
  diff(@Query() params: DiffParams) {
    return this.queries.execute(new GetDiffQuery(params.from, params.to, parseKnownAt(params.knownAt), params.limit ?? DEFAULT_PAGE));
  }

  @Get('events')
  events(@Query() params: EventsParams) {
    return this.queries.execute(
      new GetEventsQuery({
        after: params.after === undefined ? undefined : BigInt(params.after),
        limit: params.limit ?? 100,
        streamPrefix: params.stream,
        type: params.type,
        knownAt: parseKnownAt(params.knownAt),
      }),
    );
  }
}

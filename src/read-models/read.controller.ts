import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../auth/auth.decorators';
import { dayOf } from '../domain/partial-date';
import { CLOCK, Clock } from '../time/clock';
import { CommitmentsParams, DiffParams, EventsParams, ReadAtParams, parseKnownAt } from './read-params.dto';
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
  ReadPoint,
} from './read-queries';

@Roles('auditor', 'admin')
@Controller('api')
export class ReadController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private at(params: ReadAtParams): ReadPoint {
    return { asOf: params.asOf ?? dayOf(this.clock.now()), knownAt: parseKnownAt(params.knownAt) };
  }

  @Get('state')
  state(@Query() params: ReadAtParams) {
    return this.queries.execute(new GetStateQuery(this.at(params)));
  }

  @Get('commitments')
  commitments(@Query() params: CommitmentsParams) {
    return this.queries.execute(new GetCommitmentsQuery(this.at(params), params.includeRetracted === 'true'));
  }

  @Get('offices')
  offices(@Query() params: ReadAtParams) {
    return this.queries.execute(new GetOfficesQuery(this.at(params)));
  }

  @Get('engagements')
  engagements(@Query() params: ReadAtParams) {
    return this.queries.execute(new GetEngagementsQuery(this.at(params)));
  }

  @Get('programmes')
  programmes(@Query() params: ReadAtParams) {
    return this.queries.execute(new GetProgrammesQuery(this.at(params)));
  }

  @Get('timeline')
  timeline(@Query() params: ReadAtParams) {
    return this.queries.execute(new GetTimelineQuery(this.at(params)));
  }

  @Get('history/:stream')
  async history(@Param('stream') stream: string, @Query() params: ReadAtParams) {
    const found = await this.queries.execute(new GetHistoryQuery(stream, this.at(params)));
    if (!found) throw new NotFoundException(`No stream "${stream}" is known at that point`);
    return found;
  }

  @Get('diff')
  diff(@Query() params: DiffParams) {
    return this.queries.execute(new GetDiffQuery(params.from, params.to, parseKnownAt(params.knownAt)));
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

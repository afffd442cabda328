import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { IsOptional } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { isSlug } from '../domain/slug';
import { IsKnownAt, parseKnownAt } from './read-params.dto';
import { GetSourceQuery, GetSourcesQuery } from './source-queries';

export class SourcesParams {
  /** Recorded time T: a global position or an ISO timestamp; defaults to now. */
  @IsOptional()
  @IsKnownAt()
  readonly knownAt?: string;
}

/** The documents the ledger holds and what cites them, for auditors. */
@Roles('auditor', 'admin')
@Controller('api/sources')
export class SourcesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@Query() params: SourcesParams) {
    return this.queries.execute(new GetSourcesQuery(parseKnownAt(params.knownAt)));
  }

  @Get(':id')
  async one(@Param('id') id: string, @Query() params: SourcesParams) {
    // An id that cannot be a source id names no source either: the same 404.
    const found = isSlug(id) ? await this.queries.execute(new GetSourceQuery(id, parseKnownAt(params.knownAt))) : null;
    if (!found) throw new NotFoundException(`No source "${id}" is known at that point`);
    return found;
  }
}

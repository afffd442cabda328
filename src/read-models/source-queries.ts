import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { SourceDocument, SourceItem, sourceDocumentAt, sourcesAt } from '../../projections/sources/source-documents';
import { LiveLedger } from './live-ledger';

/** Sources are read at a recorded time only: a document has no valid date to filter by. */
export interface SourcesAnswer {
  readonly knownAt: string | null;
  readonly position: bigint | null;
}

const describeKnownAt = (knownAt: bigint | Date | undefined) =>
  knownAt === undefined ? null : knownAt instanceof Date ? knownAt.toISOString() : knownAt.toString();

export class GetSourcesQuery extends Query<SourcesAnswer & { items: SourceItem[] }> {
  constructor(readonly knownAt?: bigint | Date) {
    super();
  }
}

/** Answers null when no such source is known at that point. */
export class GetSourceQuery extends Query<(SourcesAnswer & SourceDocument) | null> {
  constructor(
    readonly sourceId: string,
    readonly knownAt?: bigint | Date,
  ) {
    super();
  }
}

@QueryHandler(GetSourcesQuery)
export class GetSourcesHandler implements IQueryHandler<GetSourcesQuery> {
  constructor(private readonly live: LiveLedger) {}
  async execute({ knownAt }: GetSourcesQuery) {
    const { state, position } = await this.live.knownAt(knownAt);
    return { knownAt: describeKnownAt(knownAt), position, items: sourcesAt(state) };
  }
}

@QueryHandler(GetSourceQuery)
export class GetSourceHandler implements IQueryHandler<GetSourceQuery> {
  constructor(private readonly live: LiveLedger) {}
  async execute({ sourceId, knownAt }: GetSourceQuery) {
    const { state, position } = await this.live.knownAt(knownAt);
    const document = sourceDocumentAt(state, sourceId);
    return document === null ? null : { knownAt: describeKnownAt(knownAt), position, ...document };
  }
}

export const SOURCE_QUERY_HANDLERS = [GetSourcesHandler, GetSourceHandler];

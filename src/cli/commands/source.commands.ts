import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Command, Option } from 'nest-commander';
import type { SourceDocument, SourceItem } from '../../../projections/sources/source-documents';
import { validated } from '../../domain/validation';
import { SourcesParams } from '../../read-models/sources.controller';
import { GetSourceQuery, GetSourcesQuery, SourcesAnswer } from '../../read-models/source-queries';
import { parseKnownAt } from '../../read-models/read-params.dto';
import { CliFailure } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs, renderTable } from '../output';
import { ReadSide } from '../read-side';
import { JsonOption, LedgerCliCommand } from './base';

interface SourceOptions extends JsonOption {
  knownAt?: string;
}

function knownAtLine(answer: SourcesAnswer): string {
  return `as known at ${answer.knownAt ?? 'now'} (position ${answer.position ?? 'none'})`;
}

/** Sources are read at a recorded time only (--known-at), answered by the same query handlers as the HTTP API. */
@Injectable()
abstract class SourceReadCommand extends LedgerCliCommand<SourceOptions> {
  constructor(
    store: CliStore,
    protected readonly queries: QueryBus,
    protected readonly readSide: ReadSide,
  ) {
    super(store);
  }

  @Option({
    flags: '--known-at <position|timestamp>',
    description: 'recorded time T: a global position or an ISO 8601 timestamp with a zone; the ledger as it stood then (default: now)',
  })
  parseKnownAt(value: string): string {
    return value;
  }

  protected async knownAt(options: SourceOptions): Promise<bigint | Date | undefined> {
    const params = validated(SourcesParams, options.knownAt === undefined ? {} : { knownAt: options.knownAt });
    await this.readSide.ready();
    return parseKnownAt(params.knownAt);
  }
}

@Command({ name: 'sources', description: 'the source documents the ledger holds, each with the number of facts citing it' })
export class SourcesCommand extends SourceReadCommand {
  protected async execute(_args: string[], options: SourceOptions) {
    const answer = await this.queries.execute(new GetSourcesQuery(await this.knownAt(options)));
    if (options.json) return this.printJson(answer);
    const table = renderTable<SourceItem>(
      [
        { header: 'id', value: (s) => s.sourceId },
        { header: 'kind', value: (s) => s.kind },
        { header: 'lang', value: (s) => s.language },
        { header: 'published', value: (s) => s.publishedOn ?? '' },
        { header: 'publisher', value: (s) => s.publisher, max: 40 },
        { header: 'chars', value: (s) => s.length ?? '', right: true },
        { header: 'cited by', value: (s) => s.citedBy, right: true },
      ],
      answer.items,
    );
    this.print(`${knownAtLine(answer)}\n\n${table}`);
  }
}

@Command({
  name: 'source',
  arguments: '<id>',
  argsDescription: { id: 'a source id, e.g. article-000-7b80eea7f1e363f6' },
  description: 'one source document: its metadata, its full text and every fact citing it, with the quote’s offsets',
})
export class SourceCommand extends SourceReadCommand {
  protected async execute([id]: string[], options: SourceOptions) {
    const answer = (await this.queries.execute(new GetSourceQuery(id!, await this.knownAt(options)))) as (SourcesAnswer & SourceDocument) | null;
    if (!answer) throw new CliFailure(`no source "${id}" is known at that point`);
    if (options.json) return this.printJson(answer);
    const { source } = answer;
    const about = renderPairs([
      ['source', source.sourceId],
      ['title', source.title],
      ...(source.titleEn ? [['title (en)', source.titleEn] as const] : []),
      ['publisher', source.publisher],
      ['published', source.publishedOn ?? '(not known)'],
      ['language', source.language],
      ['kind', source.kind],
      ...(source.url ? [['url', source.url] as const] : []),
      ['sha-256', source.contentSha256 ?? '(no text held)'],
      ['characters', source.length ?? '(no text held)'],
      ['cited by', `${source.citedBy} fact(s)`],
    ]);
    const citations = renderTable(
      [
        { header: 'stream', value: (c) => c.stream },
        { header: 'event', value: (c) => (c.corrects ? `${c.type} of ${c.corrects}` : c.type), max: 40 },
        { header: '#', value: (c) => c.citationIndex, right: true },
        { header: 'at', value: (c) => (c.start === null ? '?' : `${c.start}–${c.end}`), right: true },
        { header: 'quote', value: (c) => c.quote, max: 60 },
      ],
      answer.citations,
    );
    this.print(`${knownAtLine(answer)}\n\n${about}\n\n${answer.text ?? '(no text held)'}\n\ncitations\n${citations}`);
  }
}

export const SOURCE_COMMANDS = [SourcesCommand, SourceCommand];

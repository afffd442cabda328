import { Controller, Get, Header, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { Caller } from '../auth/api-key';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { dayOf } from '../domain/partial-date';
import { PROBLEM_BASE, ProblemException } from '../http/problem-details.filter';
import { ReadAtParams, parseKnownAt } from '../read-models/read-params.dto';
import { CLOCK, Clock } from '../time/clock';
import { GetIatiActivitiesQuery, IatiExport } from './exporting/iati-export.query';
import { IATI_FILE_LIMIT_BYTES } from './importing/iati-file';
import { IatiImporter } from './importing/iati-importer.service';

const XML_TYPES = new Set(['application/xml', 'text/xml']);

/** Reads an XML body itself (the app's only body parser is JSON's), refusing other media types and oversize bodies. */
async function xmlBody(request: Request, limit: number): Promise<Buffer> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!XML_TYPES.has(type)) {
    throw new ProblemException({
      type: `${PROBLEM_BASE}unsupported-media-type`,
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the IATI activity file as application/xml.',
    });
  }
  const tooLarge = () =>
    new ProblemException({
      type: `${PROBLEM_BASE}body-too-large`,
      title: 'The request body is too large',
      status: 413,
      detail: `An IATI file may hold at most ${limit} bytes.`,
      errors: [{ field: 'file', rule: 'maxSize', message: `an IATI import takes at most ${limit} bytes` }],
    });
  if (Number(request.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

@Controller('api')
export class IatiController {
  constructor(
    private readonly queries: QueryBus,
    private readonly importer: IatiImporter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('auditor', 'admin')
  @Get('export/iati')
  @Header('Content-Type', 'application/xml; charset=utf-8')
  async export(@Query() params: ReadAtParams): Promise<string> {
    const at = { asOf: params.asOf ?? dayOf(this.clock.now()), knownAt: parseKnownAt(params.knownAt) };
    const answer: IatiExport = await this.queries.execute(new GetIatiActivitiesQuery(at));
    return answer.xml;
  }

  @Roles('admin')
  @Post('imports/iati')
  @HttpCode(200)
  async import(@Req() request: Request, @CurrentCaller() caller: Caller) {
    const bytes = await xmlBody(request, IATI_FILE_LIMIT_BYTES);
    return this.importer.importFile(bytes, { actor: caller.name });
  }
}

import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { setupApiDocs } from './api-docs';
import { jsonBodyParsers } from './json-body';
import { ProblemDetailsFilter, bigintReplacer } from './problem-details.filter';
import { ledgerValidationPipe } from './validation';

/**
 * What the server and every HTTP test share, called before `app.init()`: the only body parser (JSON, 256 kB),
 * JSON with bigints as strings, validation, problem+json, and the OpenAPI document and UI at /api/docs.
 */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.set('json replacer', bigintReplacer);
  express.disable('x-powered-by');
  for (const parser of jsonBodyParsers()) express.use(parser);
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setupApiDocs(app);
  app.enableShutdownHooks();
}

import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemDetailsFilter, bigintReplacer } from './problem-details.filter';
import { ledgerValidationPipe } from './validation';

/** What the server and every HTTP test share: JSON with bigints as strings, validation, problem+json. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.set('json replacer', bigintReplacer);
  express.disable('x-powered-by');
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
}

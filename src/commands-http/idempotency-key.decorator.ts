import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { isUUID } from 'class-validator';
import { ValidationFailed } from '../domain/errors';
import { IDEMPOTENCY_KEY_HEADER } from '../http/problem-details.filter';

/** The command id from the Idempotency-Key header: a UUID, lower-cased; 400 naming the header otherwise. */
export function commandIdFrom(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new ValidationFailed([
      { field: IDEMPOTENCY_KEY_HEADER, rule: 'isDefined', message: `the ${IDEMPOTENCY_KEY_HEADER} header is required: a UUID naming this command` },
    ]);
  }
  const value = Array.isArray(header) ? header.join(', ') : header.trim();
  if (!isUUID(value)) {
    throw new ValidationFailed([
      { field: IDEMPOTENCY_KEY_HEADER, rule: 'isUuid', message: `the ${IDEMPOTENCY_KEY_HEADER} header must be one UUID, e.g. 6f1c0a4e-2b7d-4c3e-9a15-0d8e2f4b7c61` },
    ]);
  }
  return value.toLowerCase();
}

export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  commandIdFrom(context.switchToHttp().getRequest<Request>().headers['idempotency-key']),
);

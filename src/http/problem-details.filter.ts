import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConcurrencyError, DuplicateEventError, StoreUnavailableError } from '../event-store/event-store.errors';
import { FieldError, InvariantViolated, ValidationFailed } from '../domain/errors';
import { CommandConflict, CommandIdReused } from '../recording/recording.errors';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: readonly FieldError[];
  rule?: string;
  [extension: string]: unknown;
}

/** Thrown by the HTTP layer with a ready problem document (and any headers it needs, e.g. WWW-Authenticate). */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: ProblemDetails,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem, problem.status);
  }
}

export const PROBLEM_BASE = 'https://partnership-ledger.example/problems/';

/** The command id the client chose for a request is the HTTP API's Idempotency-Key header. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export function problemFor(error: unknown): ProblemDetails {
  if (error instanceof ProblemException) return error.problem;
  if (error instanceof CommandIdReused) {
    return {
      type: `${PROBLEM_BASE}idempotency-key-reused`,
      title: 'The Idempotency-Key was already used for another request',
      status: 422,
      detail: `${error.message}. Send a new ${IDEMPOTENCY_KEY_HEADER} for a new command, or the original body to get the original result.`,
      errors: [{ field: IDEMPOTENCY_KEY_HEADER, rule: 'sameRequestForSameKey', message: error.message }],
    };
  }
  if (error instanceof CommandConflict) {
    return { type: `${PROBLEM_BASE}conflict`, title: 'The stream changed meanwhile', status: 409, detail: error.message, stream: error.stream };
  }
  if (error instanceof ValidationFailed) {
    return { type: `${PROBLEM_BASE}validation`, title: 'The request is not valid', status: 400, detail: error.message, errors: error.errors };
  }
  if (error instanceof InvariantViolated) {
    return { type: `${PROBLEM_BASE}invariant`, title: 'A ledger rule forbids this', status: 422, detail: error.message, rule: error.rule, ...(error.field ? { field: error.field } : {}) };
  }
  if (error instanceof ConcurrencyError) {
    return { type: `${PROBLEM_BASE}conflict`, title: 'The stream changed meanwhile', status: 409, detail: error.message, stream: error.stream };
  }
  if (error instanceof DuplicateEventError) {
    return { type: `${PROBLEM_BASE}conflict`, title: 'The events were already recorded differently', status: 409, detail: error.message };
  }
  if (error instanceof StoreUnavailableError) {
    return {
      type: `${PROBLEM_BASE}store-unavailable`,
      title: 'The event store is unavailable',
      status: 503,
      detail: `The event store did not answer in time; a command may or may not have been recorded. Repeat the request with the same ${IDEMPOTENCY_KEY_HEADER}: it is recorded once.`,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    return {
      type: status === HttpStatus.NOT_FOUND ? `${PROBLEM_BASE}not-found` : `${PROBLEM_BASE}http-${status}`,
      title: error.message,
      status,
      ...(typeof message === 'string' && message !== error.message ? { detail: message } : {}),
    };
  }
  return { type: `${PROBLEM_BASE}internal`, title: 'Internal error', status: 500, detail: 'The ledger could not answer; the error was logged.' };
}

/** Every error leaves as application/problem+json; a stack trace never does. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = problemFor(error);
    if (problem.status >= 500) this.logger.error(`${request.method} ${request.originalUrl}: ${(error as Error)?.stack ?? String(error)}`);
    sendProblem(request, response, problem, error instanceof ProblemException ? error.headers : retryHeaders(problem));
  }
}

/** An unavailable store is usually back within a leader election or two. */
export const STORE_RETRY_AFTER_SECONDS = 1;

function retryHeaders(problem: ProblemDetails): Record<string, string> {
  return problem.status === 503 ? { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) } : {};
}

/** Writes a problem document (the request's URL as `instance`); used by the filter and by middleware. */
export function sendProblem(request: Request, response: Response, problem: ProblemDetails, headers: Readonly<Record<string, string>> = {}): void {
  if (response.headersSent) return;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify({ ...problem, instance: request.originalUrl }, bigintReplacer));
}

export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

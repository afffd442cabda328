import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { FieldError } from '../domain/errors';
import { PROBLEM_BASE, ProblemDetails, sendProblem } from './problem-details.filter';

/** Largest JSON body accepted; the biggest fixture command is a few kB. */
export const JSON_BODY_LIMIT_BYTES = 256 * 1024;
/** Deepest nesting of objects and arrays in a body: the deepest command payload needs 5. */
export const JSON_MAX_DEPTH = 32;

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** `application/json`, with at most a UTF-8 charset: no other media type is parsed (so none reaches a handler). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => parameter === '' || /^charset="?utf-8"?$/.test(parameter));
}

function problem(status: number, slug: string, title: string, detail: string, errors?: FieldError[]): ProblemDetails {
  return { type: `${PROBLEM_BASE}${slug}`, title, status, detail, ...(errors ? { errors } : {}) };
}

/** What the client did wrong, from a body-parser error (an error we did not expect is the server's: 500). */
export function problemForBodyError(error: unknown): ProblemDetails {
  const { type, status, message } = (error ?? {}) as { type?: string; status?: number; message?: string };
  switch (type) {
    case 'entity.too.large':
      return problem(413, 'body-too-large', 'The request body is too large', `A JSON body may hold at most ${JSON_BODY_LIMIT_BYTES} bytes.`);
    case 'entity.parse.failed':
      return problem(400, 'malformed-json', 'The request body is not valid JSON', `The body must be one JSON object: ${message ?? 'it could not be parsed'}.`, [
        { field: '', rule: 'isJson', message: 'the body must be a JSON object' },
      ]);
    case 'charset.unsupported':
      return problem(415, 'unsupported-media-type', 'Unsupported charset', 'JSON bodies must be UTF-8.');
    case 'encoding.unsupported':
      return problem(415, 'unsupported-media-type', 'Unsupported content encoding', 'Send the body uncompressed, or gzip/deflate/br compressed.');
    case 'request.aborted':
      return problem(400, 'request-aborted', 'The request was aborted', 'The client stopped sending the body.');
    case 'request.size.invalid':
      return problem(400, 'body-length-mismatch', 'The body does not match its Content-Length', 'Content-Length must be the body’s length in bytes.');
    default:
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return problem(status, `http-${status}`, 'The request body was refused', message ?? 'The request body was refused.');
      }
      return { type: `${PROBLEM_BASE}internal`, title: 'Internal error', status: 500, detail: 'The ledger could not read the request; the error was logged.' };
  }
}

/**
 * Where a parsed body breaks the limits every handler relies on: nesting deeper than JSON_MAX_DEPTH, and numbers
 * JSON.parse turned into Infinity (`1e400`). Iterative, so no body can exhaust the stack.
 */
export function jsonShapeErrors(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0 && errors.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      errors.push({ field: path, rule: 'isFiniteNumber', message: `${path || 'the body'} is a number too large to represent` });
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= JSON_MAX_DEPTH) {
        errors.push({ field: path, rule: 'maxDepth', message: `objects and arrays may nest at most ${JSON_MAX_DEPTH} deep` });
        continue;
      }
      const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
      for (const [key, item] of entries) stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return errors;
}

/**
 * The only body parser: `application/json` (UTF-8), strict (an object or array), at most JSON_BODY_LIMIT_BYTES,
 * nesting and numbers checked. A body of any other type is 415; every failure is a problem document (body-parser
 * errors never reach Nest's exception filters, so they are answered here).
 *
 * Named `jsonParser` and `urlencodedParser` on purpose: Nest adds its default parsers at `init()` only when no
 * middleware of those names is installed yet, so installing these first leaves them the only ones.
 */
/** Routes that read, type-check and limit their own bodies (the IATI import takes XML): the JSON parser passes them by. */
export const OWN_BODY_PATHS: ReadonlySet<string> = new Set(['/api/imports/iati']);

export function jsonBodyParsers(): RequestHandler[] {
  const parse = express.json({ limit: JSON_BODY_LIMIT_BYTES, strict: true, type: 'application/json' });

  const jsonParser: RequestHandler = (request: Request, response: Response, next: NextFunction) => {
    if (!hasBody(request) || OWN_BODY_PATHS.has(request.path)) return next();
    if (!isJsonMediaType(request.headers['content-type'])) {
      return sendProblem(
        request,
        response,
        problem(415, 'unsupported-media-type', 'Unsupported media type', 'Request bodies must be sent as Content-Type: application/json (UTF-8).'),
      );
    }
    parse(request, response, (error?: unknown) => {
      if (error) {
        const found = problemForBodyError(error);
        // Stop reading whatever the client still sends; answer at once.
        if (found.status === 413) response.setHeader('Connection', 'close');
        return sendProblem(request, response, found);
      }
      const errors = jsonShapeErrors(request.body);
      if (errors.length > 0) {
        return sendProblem(request, response, problem(400, 'validation', 'The request is not valid', 'The JSON body breaks the API’s limits.', errors));
      }
      next();
    });
  };

  const urlencodedParser: RequestHandler = (_request, _response, next) => next();
  return [jsonParser, urlencodedParser];
}

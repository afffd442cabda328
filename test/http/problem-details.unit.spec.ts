import { NotFoundException } from '@nestjs/common';
import { commandIdFrom } from '../../src/commands-http/idempotency-key.decorator';
import { requestSha256 } from '../../src/recording/request-hash';
import { InvariantViolated, ValidationFailed } from '../../src/domain/errors';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import { JSON_MAX_DEPTH, isJsonMediaType, jsonShapeErrors, problemForBodyError } from '../../src/http/json-body';
import { ProblemException, problemFor } from '../../src/http/problem-details.filter';
import { CommandConflict, CommandIdReused } from '../../src/recording/recording.errors';

describe('problem documents for errors', () => {
  it.each<[string, unknown, number, RegExp]>([
    ['a validation failure', new ValidationFailed([{ field: 'a', rule: 'isSlug', message: 'm' }]), 400, /validation$/],
    ['a broken invariant', new InvariantViolated('office.cannot-open-twice', 'open already'), 422, /invariant$/],
    ['a reused command id', new CommandIdReused('id', 'detail'), 422, /idempotency-key-reused$/],
    ['a store concurrency error', new ConcurrencyError('office-x', 1n, 2n), 409, /conflict$/],
    ['a command that kept losing races', new CommandConflict('office-x', 4), 409, /conflict$/],
    ['a Nest not-found', new NotFoundException('nope'), 404, /not-found$/],
  ])('maps %s to %i', (_case, error, status, type) => {
    expect(problemFor(error)).toMatchObject({ status, type: expect.stringMatching(type), title: expect.any(String) });
  });

  it('lists every field error of a validation failure', () => {
    const errors = [
      { field: 'a', rule: 'isSlug', message: 'm1' },
      { field: 'b.0', rule: 'isText', message: 'm2' },
    ];
    expect(problemFor(new ValidationFailed(errors)).errors).toEqual(errors);
  });

  it('names the Idempotency-Key header when a command id was reused', () => {
    expect(problemFor(new CommandIdReused('id', 'd')).errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('tells nothing of an unexpected error: no message, no stack', () => {
    const problem = problemFor(new Error('SQLITE_CORRUPT at /srv/secret/ledger.sqlite'));
    expect(problem).toEqual({ type: expect.stringMatching(/internal$/), title: 'Internal error', status: 500, detail: expect.any(String) });
    expect(JSON.stringify(problem)).not.toMatch(/secret|SQLITE/);
  });

  it('passes a ready problem through', () => {
    const problem = { type: 't', title: 'x', status: 401 };
    expect(problemFor(new ProblemException(problem, { 'WWW-Authenticate': 'Bearer' }))).toBe(problem);
  });
});

describe('body parser errors', () => {
  it.each<[string, number]>([
    ['entity.too.large', 413],
    ['entity.parse.failed', 400],
    ['charset.unsupported', 415],
    ['encoding.unsupported', 415],
    ['request.aborted', 400],
    ['request.size.invalid', 400],
  ])('%s is %i', (type, status) => {
    expect(problemForBodyError({ type, status: 400, message: 'm' })).toMatchObject({ status });
  });

  it('keeps another client error’s status and calls anything else the server’s', () => {
    expect(problemForBodyError({ status: 403, message: 'no' })).toMatchObject({ status: 403 });
    expect(problemForBodyError(new Error('stream.encoding.set'))).toMatchObject({ status: 500, title: 'Internal error' });
  });
});

describe('JSON bodies', () => {
  it.each([['application/json'], ['application/json; charset=utf-8'], ['Application/JSON;charset="UTF-8"']])('accepts %p', (type) => {
    expect(isJsonMediaType(type)).toBe(true);
  });

  it.each([[undefined], ['text/plain'], ['application/json; charset=latin1'], ['application/json-patch+json'], ['application/jsonx'], ['application/json; foo=bar']])(
    'refuses %p',
    (type) => expect(isJsonMediaType(type)).toBe(false),
  );

  it('accepts nesting up to the limit and refuses one level more, naming where', () => {
    const nest = (depth: number) => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner }), 1);
    expect(jsonShapeErrors(nest(JSON_MAX_DEPTH))).toEqual([]);
    expect(jsonShapeErrors(nest(JSON_MAX_DEPTH + 1))).toEqual([{ field: Array(JSON_MAX_DEPTH).fill('a').join('.'), rule: 'maxDepth', message: expect.any(String) }]);
  });

  it('checks a million levels without exhausting the stack', () => {
    const deep = JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    expect(jsonShapeErrors(deep)).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
  });

  it('refuses numbers that parsed to Infinity, at their path', () => {
    expect(jsonShapeErrors(JSON.parse('{"a": [1, 1e400], "b": -1e400}'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'a.1', rule: 'isFiniteNumber' }), expect.objectContaining({ field: 'b', rule: 'isFiniteNumber' })]),
    );
  });
});

describe('the Idempotency-Key header', () => {
  it('is the command id, lower-cased', () => {
    expect(commandIdFrom('6F1C0A4E-2B7D-4C3E-9A15-0D8E2F4B7C61')).toBe('6f1c0a4e-2b7d-4c3e-9a15-0d8e2f4b7c61');
  });

  it.each<[string | string[] | undefined, string]>([
    [undefined, 'isDefined'],
    ['', 'isDefined'],
    ['abc', 'isUuid'],
    [['6f1c0a4e-2b7d-4c3e-9a15-0d8e2f4b7c61', '6f1c0a4e-2b7d-4c3e-9a15-0d8e2f4b7c62'], 'isUuid'],
  ])('%p is refused by rule %s, naming the header', (header, rule) => {
    let thrown: unknown;
    try {
      commandIdFrom(header);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as ValidationFailed).errors).toEqual([{ field: 'Idempotency-Key', rule, message: expect.any(String) }]);
  });
});

describe('the hash of a command request', () => {
  it('does not depend on key order or whitespace', () => {
    expect(requestSha256('make-pledge', { a: 1, b: { c: 'x', d: [1, 2] } })).toBe(requestSha256('make-pledge', JSON.parse('{ "b": {"d":[1,2], "c":"x"}, "a": 1 }')));
  });

  it('changes with the command or any value', () => {
    const base = requestSha256('make-pledge', { a: 1 });
    expect(requestSha256('renew-pledge', { a: 1 })).not.toBe(base);
    expect(requestSha256('make-pledge', { a: 2 })).not.toBe(base);
    expect(requestSha256('make-pledge', { a: '1' })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

import { Command } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested, isUUID } from 'class-validator';
import { FieldError, ValidationFailed } from '../domain/errors';
import { Citation } from '../domain/value-objects';
import { Optional } from '../domain/validators';

/** Who issued a command and which conversation it belongs to. */
export interface CommandContext {
  readonly actor: string;
  /** Defaults to the command id. */
  readonly correlationId?: string;
  /** Defaults to the command id. */
  readonly causationId?: string;
  /**
   * SHA-256 (hex) of the request that carried the command, when a caller sets one (the HTTP API does). It goes into
   * the events' metadata; a later command with the same id and another hash is refused (CommandIdReused).
   */
  readonly requestSha256?: string;
}

/** What recording a command did; the same for a retry of a command already recorded. */
export interface RecordResult {
  readonly commandId: string;
  readonly stream: string;
  readonly eventIds: readonly string[];
  readonly firstRevision: bigint;
  readonly lastRevision: bigint;
  /** Global position of the last event written. */
  readonly position: bigint;
  /** True when the command had been recorded before and nothing was appended this time. */
  readonly replayed: boolean;
}

/**
 * Every ledger command on the CommandBus, whatever it records: the command's name (its manifest's, e.g.
 * `open-office`), an idempotency key (`commandId`, a UUID), the payload DTO and the caller's context. One class
 * and one handler serve every command: what differs between commands is data, in their manifests.
 */
export class LedgerCommand<Payload extends object = object> extends Command<RecordResult> {
  constructor(
    readonly name: string,
    readonly commandId: string,
    readonly payload: Payload,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Payloads the CommandRegistry built and validated: the recorder does not validate them again. */
const validatedPayloads = new WeakSet<object>();

export function markValidated<Payload extends object>(payload: Payload): Payload {
  validatedPayloads.add(payload);
  return payload;
}

export function wasValidated(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && validatedPayloads.has(payload);
}

function isShortText(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 200;
}

/** Checks the parts of a command outside its payload. */
export function commandEnvelopeErrors(commandId: unknown, context: Partial<CommandContext> | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (!isUUID(commandId)) errors.push({ field: 'commandId', rule: 'isUuid', message: 'commandId must be a UUID' });
  if (!isShortText(context?.actor)) {
    errors.push({ field: 'actor', rule: 'isText', message: 'actor must be non-blank text of at most 200 characters' });
  }
  for (const key of ['correlationId', 'causationId'] as const) {
    if (context?.[key] !== undefined && !isShortText(context[key])) {
      errors.push({ field: key, rule: 'isText', message: `${key} must be non-blank text of at most 200 characters` });
    }
  }
  if (context?.requestSha256 !== undefined && !/^[0-9a-f]{64}$/.test(String(context.requestSha256))) {
    errors.push({ field: 'requestSha256', rule: 'isSha256Hex', message: 'requestSha256 must be 64 lower-case hex digits' });
  }
  return errors;
}

export function assertCommandEnvelope(commandId: unknown, context: Partial<CommandContext> | undefined): void {
  const errors = commandEnvelopeErrors(commandId, context);
  if (errors.length > 0) throw new ValidationFailed(errors);
}

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** The citations of a fact command: at least one, each naming a registered source. */
export function Sources(options: { optional?: boolean } = {}): PropertyDecorator {
  return compose(
    ...(options.optional ? [Optional()] : []),
    IsArray(),
    ...(options.optional ? [] : [ArrayMinSize(1, { message: 'sources must cite at least one source' })]),
    ArrayMaxSize(50),
    ValidateNested({ each: true }),
    Type(() => Citation),
  );
}

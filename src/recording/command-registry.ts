import { Injectable } from '@nestjs/common';
import { ClassConstructor } from 'class-transformer';
import { CorrectFactCommand, CorrectFactPayload } from '../correcting-facts/correct-fact.command';
import { RetractFactCommand, RetractFactPayload } from '../correcting-facts/retract-fact.command';
import { RecordDisbursementCommand, RecordDisbursementPayload } from '../disbursing/record-disbursement.command';
import { FieldError, ValidationFailed } from '../domain/errors';
import { fieldErrors, validateInto } from '../domain/validation';
import { HoldDialogueCommand, HoldDialoguePayload } from '../holding-dialogues/hold-dialogue.command';
import { LaunchProgrammeCommand, LaunchProgrammePayload } from '../launching-programmes/launch-programme.command';
import { CloseOfficeCommand, CloseOfficePayload } from '../opening-offices/close-office.command';
import { OpenOfficeCommand, OpenOfficePayload } from '../opening-offices/open-office.command';
import { MakePledgeCommand, MakePledgePayload } from '../pledging/make-pledge.command';
import { RenewPledgeCommand, RenewPledgePayload } from '../pledging/renew-pledge.command';
import { RegisterPartyCommand, RegisterPartyPayload } from '../registering-parties/register-party.command';
import { RegisterSourceCommand, RegisterSourcePayload } from '../registering-sources/register-source.command';
import { SignAgreementCommand, SignAgreementPayload } from '../signing-agreements/sign-agreement.command';
import { CommandContext, LedgerCommand, LedgerCommandClass, commandEnvelopeErrors, markValidated } from './ledger-command';
import { requestSha256 } from './request-hash';

export interface CommandDefinition<Payload extends object = object> {
  /** Kebab-case name used by the HTTP API (`POST /api/commands/<name>`), the CLI and fixtures. */
  readonly name: string;
  readonly payload: ClassConstructor<Payload>;
  readonly command: LedgerCommandClass<Payload>;
}

function define<Payload extends object>(
  name: string,
  payload: ClassConstructor<Payload>,
  command: LedgerCommandClass<Payload>,
): CommandDefinition {
  return { name, payload, command } as unknown as CommandDefinition;
}

export const COMMAND_DEFINITIONS: readonly CommandDefinition[] = [
  define('register-source', RegisterSourcePayload, RegisterSourceCommand),
  define('register-party', RegisterPartyPayload, RegisterPartyCommand),
  define('sign-agreement', SignAgreementPayload, SignAgreementCommand),
  define('make-pledge', MakePledgePayload, MakePledgeCommand),
  define('renew-pledge', RenewPledgePayload, RenewPledgeCommand),
  define('record-disbursement', RecordDisbursementPayload, RecordDisbursementCommand),
  define('open-office', OpenOfficePayload, OpenOfficeCommand),
  define('close-office', CloseOfficePayload, CloseOfficeCommand),
  define('hold-dialogue', HoldDialoguePayload, HoldDialogueCommand),
  define('launch-programme', LaunchProgrammePayload, LaunchProgrammeCommand),
  define('correct-fact', CorrectFactPayload, CorrectFactCommand),
  define('retract-fact', RetractFactPayload, RetractFactCommand),
];

/**
 * Maps command names to their DTO and command classes, and turns untrusted input (HTTP body, CLI arguments,
 * fixture entries) into a validated command for the CommandBus, or a ValidationFailed naming each bad field.
 */
@Injectable()
export class CommandRegistry {
  private readonly byName = new Map(COMMAND_DEFINITIONS.map((definition) => [definition.name, definition]));

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  definition(name: string): CommandDefinition {
    const definition = this.byName.get(name);
    if (!definition) {
      throw new ValidationFailed([
        { field: 'command', rule: 'isKnownCommand', message: `unknown command "${name}"; known: ${this.names().join(', ')}` },
      ]);
    }
    return definition;
  }

  /** Field errors of a payload for a command (empty when valid); does not throw for a bad payload. */
  payloadErrors(name: string, payload: unknown): FieldError[] {
    return fieldErrors(this.definition(name).payload, payload);
  }

  /**
   * Validates with whitelist + forbidNonWhitelisted (unknown fields are errors) and rejects `__proto__` /
   * `constructor` keys; errors in the envelope (commandId, actor) and the payload are reported together.
   */
  toCommand(
    name: string,
    commandId: string,
    payload: unknown,
    actor: string,
    context: Omit<CommandContext, 'actor'> = {},
  ): LedgerCommand {
    const definition = this.definition(name);
    const fullContext: CommandContext = { ...context, actor };
    const checked = validateInto(definition.payload, payload);
    const errors = [...commandEnvelopeErrors(commandId, fullContext), ...checked.errors];
    if (errors.length > 0 || checked.instance === null) throw new ValidationFailed(errors);
    // Every path (HTTP, CLI, fixtures) records what was asked, so a reused command id with another request is
    // refused whichever path recorded it first.
    const hashed: CommandContext = { ...fullContext, requestSha256: fullContext.requestSha256 ?? requestSha256(name, payload) };
    return new definition.command(commandId, markValidated(checked.instance), hashed);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { FieldError, ValidationFailed } from '../domain/errors';
import { fieldErrors, validateInto } from '../domain/validation';
import { AnyCommandManifest, CapabilityManifest, commandsOf } from './command-manifest';
import { CommandContext, LedgerCommand, commandEnvelopeErrors, markValidated } from './ledger-command';
import { requestSha256 } from './request-hash';

/** The capabilities' manifests this process records (src/capabilities.ts), handed in at the root. */
export const CAPABILITY_MANIFESTS = Symbol('CAPABILITY_MANIFESTS');

/** Each command by its name; two commands under one name are a programming error, refused at start. */
export function commandsByName(capabilities: readonly CapabilityManifest[]): ReadonlyMap<string, AnyCommandManifest> {
  const byName = new Map<string, AnyCommandManifest>();
  for (const command of commandsOf(capabilities)) {
    if (byName.has(command.name)) throw new Error(`Two commands are named "${command.name}"`);
    byName.set(command.name, command);
  }
  return byName;
}

/**
 * The commands of the capabilities it was given, by name, and the one place untrusted input (HTTP body, CLI
 * arguments, fixture entries, an IATI file) becomes a validated command for the CommandBus, or a ValidationFailed
 * naming each bad field.
 */
@Injectable()
export class CommandRegistry {
  private readonly byName: ReadonlyMap<string, AnyCommandManifest>;

  constructor(@Inject(CAPABILITY_MANIFESTS) capabilities: readonly CapabilityManifest[]) {
    this.byName = commandsByName(capabilities);
  }

  /** Every command's manifest, in the capabilities' order. */
  manifests(): AnyCommandManifest[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  manifest(name: string): AnyCommandManifest {
    const manifest = this.byName.get(name);
    if (!manifest) {
      throw new ValidationFailed([
        { field: 'command', rule: 'isKnownCommand', message: `unknown command "${name}"; known: ${this.names().join(', ')}` },
      ]);
    }
    return manifest;
  }

  /** Field errors of a payload for a command (empty when valid); does not throw for a bad payload. */
  payloadErrors(name: string, payload: unknown): FieldError[] {
    return fieldErrors(this.manifest(name).payload, payload);
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
    const manifest = this.manifest(name);
    const fullContext: CommandContext = { ...context, actor };
    // The one class-validator pass over the payload: the recorder trusts what this marked.
    const checked = validateInto(manifest.payload, payload);
    const errors = [...commandEnvelopeErrors(commandId, fullContext), ...checked.errors];
    if (errors.length > 0 || checked.instance === null) throw new ValidationFailed(errors);
    // Every path (HTTP, CLI, fixtures) records what was asked, so a reused command id with another request is
    // refused whichever path recorded it first.
    const hashed: CommandContext = { ...fullContext, requestSha256: fullContext.requestSha256 ?? requestSha256(name, payload) };
    return new LedgerCommand(name, commandId, markValidated(checked.instance), hashed);
  }
}

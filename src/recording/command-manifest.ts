import { ClassConstructor } from 'class-transformer';
import { LedgerEventType } from '../events/event-catalogue';
import { Decider } from './decider';

/** A command as its decider receives it: the command's name and its validated payload. */
export interface DecideCommand<Name extends string, Payload> {
  readonly type: Name;
  readonly data: Payload;
}

/**
 * Everything the shared write machinery knows about one command, declared once, in its capability's folder. The
 * registry, the recorder, the HTTP route and its OpenAPI operation, the CLI command and the fixture importer are
 * all built from these; none of them lists commands of its own.
 */
export interface CommandManifest<Name extends string = string, Payload extends object = object, State = unknown> {
  /**
   * The command's one name: `POST /api/commands/<name>`, `ledger <name>`, a fixture entry's `command`, the `type`
   * its decider switches on.
   */
  readonly name: Name;
  /** One line saying what recording it states (CLI help, OpenAPI). */
  readonly description: string;
  /** What the auditor's page calls it, in its two languages (served in the OpenAPI operation as `x-label`). */
  readonly label: { readonly en: string; readonly ar: string };
  /** The class-validator DTO a request's body is validated into. */
  readonly payload: ClassConstructor<Payload>;
  /** The stream the command is decided on and appended to. */
  streamOf(payload: Payload): string;
  readonly decider: Decider<DecideCommand<Name, Payload>, State>;
  /** The catalogue's event types its decider may append; the recorder refuses a decision holding any other. */
  readonly records: readonly LedgerEventType[];
}

/** A manifest whatever its payload and state, as the shared machinery holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandManifest = CommandManifest<string, any, any>;

/** One capability folder's manifest: the commands it brings. */
export interface CapabilityManifest {
  /** Its folder under src/, e.g. `opening-offices`. */
  readonly capability: string;
  readonly commands: readonly AnyCommandManifest[];
}

/**
 * Types one command's manifest from its name and payload; the decider may take more commands than this one (a
 * capability's decider often rules on all of its commands), so its command type is checked, not inferred.
 */
export function defineCommand<const Name extends string, Payload extends object, State>(
  manifest: Omit<CommandManifest<Name, Payload, State>, 'decider'> & { readonly decider: Decider<DecideCommand<NoInfer<Name>, NoInfer<Payload>>, State> },
): CommandManifest<Name, Payload, State> {
  return manifest;
}

export function defineCapability(capability: string, commands: readonly AnyCommandManifest[]): CapabilityManifest {
  return { capability, commands };
}

/** Every command of these capabilities, in their order. */
export function commandsOf(capabilities: readonly CapabilityManifest[]): AnyCommandManifest[] {
  return capabilities.flatMap((capability) => capability.commands);
}

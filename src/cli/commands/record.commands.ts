import { Injectable, Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AnyCommandManifest } from '../../recording/command-manifest';
import { CommandRegistry } from '../../recording/command-registry';
import { RecordResult } from '../../recording/ledger-command';
import { UsageError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { ACTOR_HELP, JsonOption, LedgerCliCommand, actorFrom } from './base';

interface RecordOptions extends JsonOption {
  payload?: string;
  commandId?: string;
  actor?: string;
}

/** Reads `--payload`: inline JSON, `@file.json`, or `-` for stdin. */
export function readPayload(value: string | undefined): unknown {
  if (value === undefined) throw new UsageError('--payload is required: inline JSON, @file.json, or - to read stdin');
  let text: string;
  let from: string;
  if (value === '-') {
    text = readFileSync(0, 'utf8');
    from = 'stdin';
  } else if (value.startsWith('@')) {
    from = value.slice(1);
    try {
      text = readFileSync(from, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the payload file ${from}: ${(error as Error).message}`);
    }
  } else {
    text = value;
    from = '--payload';
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the payload from ${from} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Records one command through the CommandRegistry (validation) and the CommandBus, as the HTTP API does. The
 * command id is the idempotency key: run again with the same --command-id and nothing new is appended.
 */
@Injectable()
export abstract class RecordCommand extends LedgerCliCommand<RecordOptions> {
  protected override readonly createsLedger = true;
  protected abstract readonly commandName: string;

  constructor(
    store: CliStore,
    private readonly registry: CommandRegistry,
    private readonly commands: CommandBus,
  ) {
    super(store);
  }

  @Option({ flags: '--payload <json|@file|->', description: 'the command’s payload: inline JSON, @file.json, or - to read stdin' })
  parsePayload(value: string): string {
    return value;
  }

  @Option({
    flags: '--command-id <uuid>',
    description: 'idempotency key (default: a new UUID, printed); the same id again appends nothing',
  })
  parseCommandId(value: string): string {
    return value;
  }

  @Option({ flags: '--actor <name>', description: ACTOR_HELP })
  parseActor(value: string): string {
    return value;
  }

  protected async execute(_args: string[], options: RecordOptions) {
    const payload = readPayload(options.payload);
    const commandId = options.commandId ?? randomUUID();
    const command = this.registry.toCommand(this.commandName, commandId, payload, actorFrom(options.actor));
    const result: RecordResult = await this.commands.execute(command);
    if (options.json) return this.printJson({ ok: true, command: this.commandName, ...result });
    this.print(
      renderPairs([
        ['command', `${this.commandName} ${result.commandId}`],
        ['outcome', result.replayed ? 'already recorded: nothing appended' : `recorded ${result.eventIds.length} event(s)`],
        ['stream', `${result.stream} revisions ${result.firstRevision}–${result.lastRevision}`],
        ['position', result.position],
        ['event ids', result.eventIds.join(', ')],
      ]),
    );
  }
}

/**
 * One `ledger <name>` per command manifest (register-source, open-office, …). nest-commander needs its command
 * classes before the application starts, so these come from the manifests themselves, not from the registry.
 */
export function recordCommandClasses(commands: readonly AnyCommandManifest[]): Type<CommandRunner>[] {
  return commands.map(({ name, description }) => {
    class Recorder extends RecordCommand {
      protected readonly commandName = name;
    }
    // nest-commander matches a command's options by class name: each needs its own.
    Object.defineProperty(Recorder, 'name', { value: `Record${name.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Command` });
    Command({
      name,
      description: `${description}; payload as for POST /api/commands/${name}`,
    })(Recorder);
    return Recorder as unknown as Type<CommandRunner>;
  });
}

import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FieldError, ValidationFailed } from '../domain/errors';
import { CommandRegistry } from '../recording/command-registry';
import { RecordResult } from '../recording/ledger-command';
import { withDocumentText } from '../registering-sources/document-file';

export interface FixtureEntry {
  readonly command: string;
  readonly commandId: string;
  readonly payload: unknown;
}

export interface ImportReport {
  readonly files: number;
  readonly commands: number;
  /** Commands recorded by an earlier import, appended nothing this time. */
  readonly replayed: number;
  readonly lastPosition: bigint | null;
}

/** Reads a fixtures directory: JSON files taken in file-name order, each an array of command entries. */
export function readFixtureFiles(dir: string): { file: string; entries: FixtureEntry[] }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      if (!Array.isArray(parsed)) {
        throw new ValidationFailed([{ field: file, rule: 'isArray', message: `${file} must hold an array of commands` }]);
      }
      return { file, entries: parsed as FixtureEntry[] };
    });
}

/**
 * Imports fixtures through the same path as admin tooling: the registry validates each entry into a command
 * and the CommandBus records it. Fixed command ids make a second import append nothing.
 */
@Injectable()
export class FixtureImporter {
  private readonly logger = new Logger('FixtureImporter');

  constructor(
    private readonly registry: CommandRegistry,
    private readonly commands: CommandBus,
  ) {}

  async importDirectory(dir: string, actor = 'fixtures'): Promise<ImportReport> {
    const files = readFixtureFiles(dir);
    let commands = 0;
    let replayed = 0;
    let lastPosition: bigint | null = null;
    for (const { file, entries } of files) {
      for (const [index, entry] of entries.entries()) {
        let command;
        try {
          const payload = withDocumentText(entry.command, entry.payload, dir);
          command = this.registry.toCommand(entry.command, entry.commandId, payload, actor);
        } catch (error) {
          if (error instanceof ValidationFailed) {
            const located: FieldError[] = error.errors.map((e) => ({ ...e, field: `${file}[${index}].${e.field}` }));
            throw new ValidationFailed(located);
          }
          throw error;
        }
        const result: RecordResult = await this.commands.execute(command);
        commands++;
        if (result.replayed) replayed++;
        if (lastPosition === null || result.position > lastPosition) lastPosition = result.position;
      }
    }
    this.logger.log(`imported ${commands} commands from ${files.length} files in ${dir} (${replayed} already recorded)`);
    return { files: files.length, commands, replayed, lastPosition };
  }
}

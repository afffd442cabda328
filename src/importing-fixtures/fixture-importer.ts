import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FieldError, InvariantViolated, ValidationFailed } from '../domain/errors';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { CommandRegistry } from '../recording/command-registry';
import { Recorder } from '../recording/recorder';
import { BatchCommandRefused, RecordingBatch } from '../recording/recording-batch';
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

export interface ImportOptions {
  /** Commands per commit (default DEFAULT_BATCH_SIZE). */
  readonly batchSize?: number;
  /** Called as commands are recorded: how many of `total` are done. */
  readonly onProgress?: (done: number, total: number) => void;
}

interface Where {
  readonly file: string;
  readonly index: number;
}

/** The error a command got, naming the file and index of the fixture entry that carried it. */
function located(error: unknown, { file, index }: Where): unknown {
  const at = `${file}[${index}]`;
  if (error instanceof ValidationFailed) {
    return new ValidationFailed(error.errors.map((e): FieldError => ({ ...e, field: e.field ? `${at}.${e.field}` : at })));
  }
  if (error instanceof InvariantViolated) return new InvariantViolated(error.rule, `${at}: ${error.message}`, error.field ? `${at}.${error.field}` : at);
  if (error instanceof Error) error.message = `${at}: ${error.message}`;
  return error;
}

/**
 * Imports fixtures through the same path as admin tooling: the registry validates each entry into a command and
 * the recorder decides it (invariants, references, idempotency, hash chain), as on the CommandBus path; the
 * decided commands are appended in batches, one commit each. Fixed command ids make a second import append
 * nothing. A refused entry stops the import with its error naming file and index: every entry before it is
 * recorded, none after it.
 */
@Injectable()
export class FixtureImporter {
  private readonly logger = new Logger('FixtureImporter');

  constructor(
    private readonly registry: CommandRegistry,
    private readonly recorder: Recorder,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async importDirectory(dir: string, actor = 'fixtures', options: ImportOptions = {}): Promise<ImportReport> {
    const files = readFixtureFiles(dir);
    const total = files.reduce((sum, { entries }) => sum + entries.length, 0);
    let commands = 0;
    let replayed = 0;
    let lastPosition: bigint | null = null;
    const batch = new RecordingBatch<Where>(
      this.recorder,
      this.store,
      (result) => {
        commands++;
        if (result.replayed) replayed++;
        if (lastPosition === null || result.position > lastPosition) lastPosition = result.position;
        options.onProgress?.(commands, total);
      },
      options.batchSize,
    );
    try {
      for (const { file, entries } of files) {
        for (const [index, entry] of entries.entries()) {
          let command;
          try {
            command = this.registry.toCommand(entry.command, entry.commandId, withDocumentText(entry.command, entry.payload, dir), actor);
          } catch (error) {
            await batch.flush();
            throw located(error, { file, index });
          }
          await batch.add(command, { file, index });
        }
      }
      await batch.flush();
    } catch (error) {
      if (error instanceof BatchCommandRefused) throw located(error.cause, error.tag as Where);
      throw error;
    }
    this.logger.log(`imported ${commands} commands from ${files.length} files in ${dir} (${replayed} already recorded)`);
    return { files: files.length, commands, replayed, lastPosition };
  }
}

import { Injectable } from '@nestjs/common';
import { InvalidArgumentError } from 'commander';
import { CommandRunner, Option } from 'nest-commander';
import { KeyObject } from 'node:crypto';
import { userInfo } from 'node:os';
import { KeyFileError } from '../../auditing/seal-keys';
import { EXIT, UsageError, describeError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { CliStreams, processStreams, toJsonText } from '../output';
import { ProgressBar, progressWanted } from '../progress';
import type * as render from '../render';

export interface JsonOption {
  json?: boolean;
}

/**
 * Shared behaviour of every `ledger` command: `--json` (exactly one JSON document on stdout, for scripts) or a
 * human-readable answer; errors as one clear message on stderr (and, with --json, a JSON error document on
 * stdout) with the exit code of cli-errors.ts.
 */
@Injectable()
export abstract class LedgerCliCommand<Options extends JsonOption = JsonOption> extends CommandRunner {
  protected streams: CliStreams = processStreams;
  /** Whether the command may create the embedded store's file (writers) or needs an existing ledger (readers). */
  protected readonly createsLedger: boolean = false;

  constructor(protected readonly store: CliStore) {
    super();
  }

  /** Does the work; returns the exit code (0 unless said otherwise). */
  protected abstract execute(args: string[], options: Options): Promise<number | void>;

  async run(args: string[], options?: Options): Promise<void> {
    const opts = (options ?? {}) as Options;
    try {
      this.store.prepare({ create: this.createsLedger });
      const code = await this.execute(args, opts);
      process.exitCode = code ?? EXIT.ok;
    } catch (error) {
      const described = describeError(error);
      if (process.env.LEDGER_DEBUG && error instanceof Error) this.streams.err.write(`${error.stack}\n`);
      this.streams.err.write(`ledger ${this.command.name()}: ${described.message}\n`);
      if (opts.json) {
        this.streams.out.write(`${toJsonText({ ok: false, exitCode: described.code, error: described.message, ...(described.detail ? { detail: described.detail } : {}) })}\n`);
      }
      process.exitCode = described.code;
    }
  }

  @Option({ flags: '--json', description: 'print exactly one JSON document on stdout instead of tables' })
  parseJson(): boolean {
    return true;
  }

  protected printJson(value: unknown): void {
    this.streams.out.write(`${toJsonText(value)}\n`);
  }

  protected print(text: string): void {
    this.streams.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  protected progressBar(label: string, option: boolean | undefined, head: bigint | null, first?: bigint, unit?: 'events' | 'commands'): ProgressBar {
    return new ProgressBar(label, this.streams.err, progressWanted(option, this.streams.err), head, first, unit);
  }
}

export interface ProgressOptions extends JsonOption {
  progress?: boolean;
}

/** --progress / --no-progress on the commands that read the whole log. */
@Injectable()
export abstract class LongCommand<Options extends ProgressOptions> extends LedgerCliCommand<Options> {
  @Option({ flags: '--progress', description: 'draw the progress bar on stderr even when it is not a terminal' })
  parseProgress(): boolean {
    return true;
  }

  @Option({ flags: '--no-progress', description: 'never draw the progress bar (default: drawn when stderr is a terminal)' })
  parseNoProgress(): boolean {
    return false;
  }
}

/** What GetStateQuery answers, as the renderers read it. */
export type StateAnswer = Parameters<typeof render.stateSummary>[0] & Parameters<typeof render.readPoint>[0];

/** `--actor`, env LEDGER_ACTOR, else the operating-system user name. */
export function actorFrom(option: string | undefined): string {
  const actor = option ?? process.env.LEDGER_ACTOR ?? safeUserName() ?? 'cli';
  if (actor.trim().length === 0 || actor.length > 200) throw new UsageError('the actor must be non-blank text of at most 200 characters');
  return actor;
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    return process.env.USER || process.env.USERNAME || undefined;
  }
}

export const ACTOR_HELP =
  'who records this (default: env LEDGER_ACTOR, else the operating-system user name); written into every event’s metadata';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Parses an option value that must be a calendar day. */
export function dayOption(value: string): string {
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError('expected a calendar date YYYY-MM-DD.');
  }
  return value;
}

export function positiveIntOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return Number(value);
}

/** A key file option: a file that is missing, not PEM or of the wrong kind is a usage error naming the option. */
export function keyOption(read: (file: string) => KeyObject, value: string): KeyObject {
  try {
    return read(value);
  } catch (error) {
    if (error instanceof KeyFileError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}

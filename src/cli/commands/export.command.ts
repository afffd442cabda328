import { Command, Option } from 'nest-commander';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { LogTransferService } from '../../auditing/log-transfer.service';
import { headOf } from '../../event-store/log-reader';
import { UsageError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { LongCommand, ProgressOptions } from './base';

interface ExportOptions extends ProgressOptions {
  out?: string;
  force?: boolean;
}

@Command({
  name: 'export',
  description:
    'write the whole log as NDJSON: a header line {format, version, exportedAt, eventCount, …}, then one line per stored event {position, stream, revision, id, type, recordedAt, data, metadata} with its chain hash in metadata',
})
export class ExportCommand extends LongCommand<ExportOptions> {
  constructor(
    store: CliStore,
    private readonly transfer: LogTransferService,
  ) {
    super(store);
  }

  @Option({ flags: '--out <file>', description: 'write to this file (fsynced) instead of stdout' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--force', description: 'overwrite --out if it exists' })
  parseForce(): boolean {
    return true;
  }

  protected async execute(_args: string[], options: ExportOptions) {
    if (options.json && !options.out) throw new UsageError('the export itself goes to stdout: use --out <file> with --json');
    const head = (await headOf(this.store));
    const bar = this.progressBar('export', options.progress, head);
    let fd: number | null = null;
    if (options.out) {
      try {
        fd = openSync(options.out, options.force ? 'w' : 'wx', 0o600);
      } catch (error) {
        throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}${options.force ? '' : ' (--force overwrites)'}`);
      }
    }
    let result;
    try {
      const write = fd !== null ? (text: string) => void writeSync(fd!, text) : (text: string) => writeStdout(text);
      result = await this.transfer.export(write, { onProgress: (position, events) => bar.update(position, events) });
      if (fd !== null) fsyncSync(fd);
    } finally {
      if (fd !== null) closeSync(fd);
    }
    bar.finish(result.lastPosition, result.eventCount);
    const summary = { ok: true, out: options.out ?? null, ...result };
    if (options.json) return this.printJson(summary);
    const text = renderPairs([
      ['exported', `${result.eventCount} events`],
      ['last position', result.lastPosition ?? 'none'],
      ['latest seal', result.latestSeal ?? 'none (run `ledger seal` before exporting to carry a digest over)'],
      ['to', options.out ?? 'stdout'],
    ]);
    if (options.out) this.print(text);
    else this.streams.err.write(`${text}\n`);
  }
}

function writeStdout(text: string): Promise<void> | void {
  if (process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

import { Command, Option } from 'nest-commander';
import { resolve } from 'node:path';
import { FixtureImporter } from '../../importing-fixtures/fixture-importer';
import { UsageError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { ProgressBar } from '../progress';
import { ACTOR_HELP, LongCommand, ProgressOptions, actorFrom } from './base';

interface ImportOptions extends ProgressOptions {
  actor?: string;
}

@Command({
  name: 'import',
  arguments: '<dir>',
  argsDescription: { dir: 'a fixtures directory: JSON files of { command, commandId, payload } entries, taken in file-name order' },
  description:
    'record every command of a fixtures directory through the command path, in batches of one commit each (idempotent: recorded commands append nothing); a refused command stops the import, naming its file and index, with every command before it recorded and none after it',
})
export class ImportFixturesCommand extends LongCommand<ImportOptions> {
  protected override readonly createsLedger = true;

  constructor(
    store: CliStore,
    private readonly importer: FixtureImporter,
  ) {
    super(store);
  }

  @Option({ flags: '--actor <name>', description: ACTOR_HELP })
  parseActor(value: string): string {
    return value;
  }

  protected async execute([dir]: string[], options: ImportOptions) {
    let report;
    let bar: ProgressBar | undefined;
    const onProgress = (done: number, total: number) => {
      bar ??= this.progressBar('import', options.progress, BigInt(total), 0n, 'commands');
      bar.update(BigInt(done), done);
    };
    try {
      report = await this.importer.importDirectory(resolve(dir!), actorFrom(options.actor), { onProgress });
      bar?.finish(BigInt(report.commands), report.commands);
    } catch (error) {
      bar?.abandon();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
        throw new UsageError(`cannot read the fixtures directory ${dir}: ${(error as Error).message}`);
      }
      throw error;
    }
    if (options.json) return this.printJson({ ok: true, ...report });
    this.print(
      renderPairs([
        ['files', report.files],
        ['commands', report.commands],
        ['newly recorded', report.commands - report.replayed],
        ['already recorded', report.replayed],
        ['last position', report.lastPosition ?? 'none'],
      ]),
    );
  }
}

import { Command, Option } from 'nest-commander';
import { closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { IatiExport, GetIatiActivitiesQuery } from '../../iati/exporting/iati-export.query';
import { IATI_FILE_LIMIT_BYTES } from '../../iati/importing/iati-file';
import { IatiImporter } from '../../iati/importing/iati-importer.service';
import { ValidationFailed } from '../../domain/errors';
import { UsageError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { ACTOR_HELP, JsonOption, LedgerCliCommand, actorFrom } from './base';
import { ReadCommand } from './query.commands';

interface ExportIatiOptions extends JsonOption {
  asOf?: string;
  knownAt?: string;
  out?: string;
  force?: boolean;
}

@Command({
  name: 'export-iati',
  description: 'the ledger as an IATI 2.03 activity file (one iati-activity per agreement, pledge or programme), as of --as-of, as known at --known-at',
})
export class ExportIatiCommand extends ReadCommand<ExportIatiOptions> {
  @Option({ flags: '--out <file>', description: 'write to this file (fsynced) instead of stdout' })
  parseOut(value: string): string {
    return value;
  }

  @Option({ flags: '--force', description: 'overwrite --out if it exists' })
  parseForce(): boolean {
    return true;
  }

  protected async execute(_args: string[], options: ExportIatiOptions) {
    if (options.json && !options.out) throw new UsageError('the file itself goes to stdout: use --out <file> with --json');
    const answer: IatiExport = await this.queries.execute(new GetIatiActivitiesQuery(await this.readPoint(options)));
    if (!options.out) return void this.streams.out.write(answer.xml);
    let fd: number;
    try {
      fd = openSync(options.out, options.force ? 'w' : 'wx', 0o644);
    } catch (error) {
      throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}${options.force ? '' : ' (--force overwrites)'}`);
    }
    try {
      writeSync(fd, answer.xml);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const summary = { ok: true, out: options.out, asOf: answer.asOf, position: answer.position, bytes: Buffer.byteLength(answer.xml) };
    if (options.json) return this.printJson(summary);
    this.print(renderPairs([['written', options.out], ['as of', answer.asOf], ['position', answer.position ?? 'none'], ['bytes', summary.bytes]]));
  }
}

interface ImportIatiOptions extends JsonOption {
  actor?: string;
}

@Command({
  name: 'import-iati',
  arguments: '<file>',
  argsDescription: { file: 'an IATI 2.03 activity file (XML); it is validated against the official schema first' },
  description: 'record an IATI activity file’s commitments, pledges and disbursements as cited facts (idempotent: the same file again appends nothing)',
})
export class ImportIatiCommand extends LedgerCliCommand<ImportIatiOptions> {
  protected override readonly createsLedger = true;

  constructor(
    store: CliStore,
    private readonly importer: IatiImporter,
  ) {
    super(store);
  }

  @Option({ flags: '--actor <name>', description: ACTOR_HELP })
  parseActor(value: string): string {
    return value;
  }

  protected async execute([file]: string[], options: ImportIatiOptions) {
    let bytes: Buffer;
    try {
      if (statSync(file!).size > IATI_FILE_LIMIT_BYTES) {
        throw new ValidationFailed([{ field: 'file', rule: 'maxSize', message: `${file} has more than ${IATI_FILE_LIMIT_BYTES} bytes, the most an IATI import takes` }]);
      }
      bytes = readFileSync(file!);
    } catch (error) {
      if (error instanceof ValidationFailed) throw error;
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const report = await this.importer.importFile(bytes, { actor: actorFrom(options.actor), fileName: basename(file!) });
    if (options.json) return this.printJson({ ok: true, ...report });
    this.print(
      renderPairs([
        ['file sha-256', report.sha256],
        ['sources', report.sources.length],
        ['newly recorded', report.recorded],
        ['already recorded', report.replayed],
        ['commitments', report.commitments],
        ['pledges', report.pledges],
        ['disbursements', report.disbursements],
        ['parties already known', report.partiesKnown],
        ['unmapped', report.unmapped.length],
        ['last position', report.lastPosition ?? 'none'],
      ]),
    );
    for (const item of report.unmapped) {
      this.streams.err.write(`unmapped ${item.line === null ? '' : `line ${item.line} `}${item.element}${item.code ? ` [${item.code}]` : ''}: ${item.reason}\n`);
    }
  }
}

export const IATI_COMMANDS = [ExportIatiCommand, ImportIatiCommand];

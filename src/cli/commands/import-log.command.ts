import { Command, Option } from 'nest-commander';
import { KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { LogTransferService } from '../../auditing/log-transfer.service';
import { readSigningKey } from '../../auditing/seal-keys';
import { UsageError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { ProgressBar } from '../progress';
import { ACTOR_HELP, LongCommand, ProgressOptions, actorFrom, keyOption } from './base';

interface ImportLogOptions extends ProgressOptions {
  actor?: string;
  signingKey?: KeyObject;
}

@Command({
  name: 'import-log',
  arguments: '<file>',
  argsDescription: { file: 'an export written by `ledger export`' },
  description:
    'restore an export into an empty store: verify the file (every chain and seal, against its own positions and recorded times), append its events in their original order with their original ids, then seal the restored log (the new seal records the export’s latest seal digest)',
})
export class ImportLogCommand extends LongCommand<ImportLogOptions> {
  protected override readonly createsLedger = true;

  constructor(
    store: CliStore,
    private readonly transfer: LogTransferService,
  ) {
    super(store);
  }

  @Option({ flags: '--actor <name>', description: `${ACTOR_HELP} (for the seal closing the import)` })
  parseActor(value: string): string {
    return value;
  }

  @Option({ flags: '--signing-key <file>', description: 'sign the seal closing the import with this Ed25519 private key (.key of `ledger keygen`)' })
  parseSigningKey(value: string): KeyObject {
    return keyOption(readSigningKey, value);
  }

  protected async execute([file]: string[], options: ImportLogOptions) {
    const actor = actorFrom(options.actor);
    const bars = new Map<string, ProgressBar>();
    const labels = { verify: 'verify file', append: 'append', seal: 'seal' } as const;
    let last: { bar: ProgressBar; position: bigint; events: number } | null = null;
    const result = await this.transfer.importLog(resolve(file!), {
      actor,
      signingKey: options.signingKey,
      onProgress: (phase, position, events, head) => {
        let bar = bars.get(phase);
        if (!bar) {
          if (last) last.bar.finish(last.position, last.events);
          bar = this.progressBar(labels[phase].padEnd(11), options.progress, head);
          bars.set(phase, bar);
        }
        bar.update(position, events);
        last = { bar, position, events };
      },
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
      throw error;
    });
    const final = last as { bar: ProgressBar; position: bigint; events: number } | null;
    if (final) final.bar.finish(final.position, final.events);
    if (options.json) return this.printJson({ ok: true, ...result });
    this.print(
      renderPairs([
        ['imported', `${result.eventCount} events of ${result.streams} streams in ${result.appends} appends`],
        ['exported at', result.header.exportedAt],
        ['original latest seal', result.originalDigest ?? 'none'],
        ['new seal', `${result.seal.stream}@${result.seal.revision}, position ${result.seal.position}`],
        ['digest', result.seal.digest],
      ]),
    );
  }
}

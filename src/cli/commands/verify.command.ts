import { InvalidArgumentError } from 'commander';
import { Command, Option } from 'nest-commander';
import { KeyObject } from 'node:crypto';
import { parseDigest } from '../../auditing/seal';
import { SealService, VerifyReport } from '../../auditing/seal.service';
import { readPublicKey } from '../../auditing/seal-keys';
import { headOf } from '../../event-store/log-reader';
import { EXIT, UsageError, describeBroken } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { LongCommand, ProgressOptions, keyOption } from './base';

interface VerifyOptions extends ProgressOptions {
  digest?: string;
  publicKey?: KeyObject;
  signedFrom?: bigint;
}

/**
 * The report says only what was checked: after a break, no "OK", no digest verdict and no seal counted beyond it,
 * and it says what was left unchecked.
 */
export function verifyLines(report: VerifyReport): string {
  const s = report.summary;
  const imported = s.seals.filter((x) => x.status === 'imported').length;
  const signed = s.seals.filter((x) => x.signedBy !== null).length;
  const sealCounts = `${s.seals.length} recomputed${imported ? ` (${imported} made in the store the log was imported from, recomputed from the events’ original positions and times)` : ''}${signed ? `, ${signed} signed` : ''}`;
  const broken = report.broken;
  const pairs: [string, unknown][] = [
    ['result', broken ? 'BROKEN' : 'OK: every chain and seal recomputes'],
    ['store', report.store],
    ['events checked', broken ? `${s.events}, up to the first break` : s.events],
    ['streams', s.streams],
    ['positions', s.firstPosition === null ? 'none' : `${s.firstPosition}–${s.lastPosition}`],
    [broken ? 'seals before it' : 'seals', sealCounts],
  ];
  if (s.importedEvents > 0) pairs.push(['imported', `the first ${s.importedEvents} events were restored by import-log`]);
  if (!broken) {
    pairs.push(['latest seal', s.latestSeal ? s.latestSeal.digest : 'none']);
    pairs.push(['after it', `${s.unsealedEvents} events after the sealed position (seals included), covered by their chains only`]);
  }
  if (report.file) pairs.push(['file checks', `${report.file.rows} rows, positions issued up to ${report.file.highWaterMark ?? 'none'}`]);
  if (report.digest) {
    const label = { found: 'OK', 'not-found': 'NOT FOUND', 'not-checked': 'NOT CHECKED' }[report.digest.outcome];
    pairs.push(['digest', `${label}: ${report.digest.message}`]);
  }
  pairs.push(['took', `${report.elapsedMs} ms`]);
  const lines = [renderPairs(pairs)];
  if (broken) {
    const b = broken;
    const head = report.headPosition;
    lines.push(
      '',
      'First broken event',
      renderPairs([
        ['stream', b.stream ?? '—'],
        ['revision', b.revision ?? '—'],
        ['id', b.id ?? '—'],
        ['position', b.position ?? '—'],
        ['reason', b.reason],
        ['detail', b.message],
      ]),
      '',
      `Not checked: everything after the first break${head !== null ? `, up to position ${head}` : ''} (chains, seals and any digest); fix or explain the break, then verify again.`,
    );
  }
  return lines.join('\n');
}

@Command({
  name: 'verify',
  description:
    'recompute every stream’s hash chain and every seal (and, on the embedded store, check no issued position is missing); exit 3 naming the first broken event (stream, revision, id, position, reason) on any tampering',
})
export class VerifyCommand extends LongCommand<VerifyOptions> {
  constructor(
    store: CliStore,
    private readonly seals: SealService,
  ) {
    super(store);
  }

  @Option({
    flags: '--digest <digest>',
    description: 'a digest kept outside the ledger (from `ledger digest`): also prove the log still contains that seal unchanged and extends it',
  })
  parseDigest(value: string): string {
    if (!parseDigest(value)) {
      throw new InvalidArgumentError('expected <sealedPosition>:<eventCount>:<64 hex digits>[:ed25519-<32 hex digits>], as `ledger digest` prints it.');
    }
    return value;
  }

  @Option({
    flags: '--public-key <file>',
    description: 'the Ed25519 public key (.pub of `ledger keygen`) the auditor keeps: every seal must carry a valid signature by it',
  })
  parsePublicKey(value: string): KeyObject {
    return keyOption(readPublicKey, value);
  }

  @Option({ flags: '--signed-from <position>', description: 'with --public-key: only seals at or after this position must be signed (earlier ones predate the key)' })
  parseSignedFrom(value: string): bigint {
    if (!/^\d{1,20}$/.test(value)) throw new InvalidArgumentError('expected a position (a whole number).');
    return BigInt(value);
  }

  protected async execute(_args: string[], options: VerifyOptions) {
    if (options.signedFrom !== undefined && !options.publicKey) throw new UsageError("option '--signed-from <position>' needs --public-key <file>: whose signature to require");
    const head = (await headOf(this.store));
    const bar = this.progressBar('verify', options.progress, head);
    const report = await this.seals.verify({
      digest: options.digest,
      publicKey: options.publicKey,
      signedFrom: options.signedFrom,
      onProgress: (position, events) => bar.update(position, events),
    });
    bar.finish(report.summary.lastPosition, report.summary.events);
    if (options.json) this.printJson(report);
    else this.print(verifyLines(report));
    if (!report.ok && report.broken) {
      this.streams.err.write(`ledger verify: FAILED at ${describeBroken(report.broken)}\n`);
      return EXIT.verifyFailed;
    }
    return EXIT.ok;
  }
}

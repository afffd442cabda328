import { Command, Option } from 'nest-commander';
import { KeyObject } from 'node:crypto';
import { SealRecord, SealService } from '../../auditing/seal.service';
import { readSigningKey } from '../../auditing/seal-keys';
import { headOf } from '../../event-store/log-reader';
import { EXIT } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { ACTOR_HELP, JsonOption, LedgerCliCommand, LongCommand, ProgressOptions, actorFrom, keyOption } from './base';

function sealLines(seal: SealRecord): string {
  return renderPairs([
    ['seal', `${seal.stream}@${seal.revision}, position ${seal.position}, recorded ${seal.recordedAt.toISOString()}${seal.actor ? ` by ${seal.actor}` : ''}`],
    ['sealed position', seal.data.sealedPosition],
    ['events', seal.data.eventCount],
    ['streams', seal.data.streamCount],
    ['Merkle root', seal.data.merkleRoot],
    ['log hash', seal.data.logHash],
    ['previous seal', seal.data.previousSeal ?? 'none'],
    ...(seal.data.signer ? ([['signed by', seal.data.signer.fingerprint]] as [string, unknown][]) : []),
    ...(seal.data.importedFrom ? ([['imported from', `${seal.data.importedFrom.eventCount} events exported at ${seal.data.importedFrom.exportedAt ?? 'an unknown time'}, latest seal ${seal.data.importedFrom.digest ?? 'none'}`]] as [string, unknown][]) : []),
  ]);
}

interface SealOptions extends ProgressOptions {
  actor?: string;
  signingKey?: KeyObject;
}

@Command({
  name: 'seal',
  description:
    'verify the log, then append a seal to seal-ledger: a Merkle root over all stream heads, the event count and a hash over every event’s position, id and recorded time; prints the digest to keep',
})
export class SealCommand extends LongCommand<SealOptions> {
  constructor(
    store: CliStore,
    private readonly seals: SealService,
  ) {
    super(store);
  }

  @Option({ flags: '--actor <name>', description: ACTOR_HELP })
  parseActor(value: string): string {
    return value;
  }

  @Option({
    flags: '--signing-key <file>',
    description: 'sign the seal with this Ed25519 private key (.key of `ledger keygen`); the digest then names the key’s fingerprint. Keep the key off the server and bring it only to seal',
  })
  parseSigningKey(value: string): KeyObject {
    return keyOption(readSigningKey, value);
  }

  protected async execute(_args: string[], options: SealOptions) {
    const actor = actorFrom(options.actor);
    const head = (await headOf(this.store));
    const bar = this.progressBar('verify', options.progress, head);
    const seal = await this.seals.seal({ actor, signingKey: options.signingKey, onProgress: (position, events) => bar.update(position, events) });
    bar.finish(head, seal.data.eventCount);
    if (options.json) return this.printJson({ ok: true, ...seal });
    this.print(`${seal.digest}\n\n${sealLines(seal)}`);
  }
}

@Command({
  name: 'digest',
  description:
    'print the latest seal’s digest, <sealedPosition>:<eventCount>:<seal hash>, for an auditor to keep outside the ledger; `ledger verify --digest <digest>` later proves the log still extends it',
})
export class DigestCommand extends LedgerCliCommand<JsonOption> {
  constructor(
    store: CliStore,
    private readonly seals: SealService,
  ) {
    super(store);
  }

  protected async execute(_args: string[], options: JsonOption) {
    const seal = await this.seals.latestSeal();
    if (!seal) {
      if (options.json) this.printJson({ ok: false, digest: null, error: 'the ledger has no seal yet' });
      this.streams.err.write('ledger digest: the ledger has no seal yet: run `ledger seal` first\n');
      return EXIT.error;
    }
    if (options.json) return this.printJson({ ok: true, ...seal });
    this.print(`${seal.digest}\n\n${sealLines(seal)}\n\n(as stored: run \`ledger verify\` to check it)`);
  }
}

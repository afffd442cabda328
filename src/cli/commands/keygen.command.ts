import { Command, Option } from 'nest-commander';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { generateSealKeyPair } from '../../auditing/seal-keys';
import { UsageError } from '../cli-errors';
import { CliStore } from '../cli-store';
import { renderPairs } from '../output';
import { JsonOption, LedgerCliCommand } from './base';

interface KeygenOptions extends JsonOption {
  out?: string;
}

@Command({
  name: 'keygen',
  description:
    'make an Ed25519 key pair for signing seals: <out>.key (private, mode 0600: keep it off the server, give it to `ledger seal --signing-key`) and <out>.pub (public: the auditor keeps it, with the digests, for `ledger verify --public-key`)',
})
export class KeygenCommand extends LedgerCliCommand<KeygenOptions> {
  constructor(store: CliStore) {
    super(store);
  }

  @Option({ flags: '--out <path>', description: 'path and name of the two files, without extension (required); existing files are never overwritten' })
  parseOut(value: string): string {
    return value;
  }

  protected async execute(_args: string[], options: KeygenOptions) {
    if (!options.out) throw new UsageError("option '--out <path>' is required: where to write <path>.key and <path>.pub");
    const pair = generateSealKeyPair();
    const files = { key: `${options.out}.key`, pub: `${options.out}.pub` };
    const written: number[] = [];
    try {
      written.push(openSync(files.key, 'wx', 0o600));
      written.push(openSync(files.pub, 'wx', 0o644));
    } catch (error) {
      written.forEach((fd) => closeSync(fd));
      if (written.length > 0) unlinkSync(files.key);
      throw new UsageError(`option '--out <path>': ${(error as Error).message} (keygen never overwrites a key)`);
    }
    writeSync(written[0]!, pair.privatePem);
    writeSync(written[1]!, pair.publicPem);
    written.forEach((fd) => closeSync(fd));
    const result = { ok: true, privateKey: files.key, publicKey: files.pub, fingerprint: pair.fingerprint };
    if (options.json) return this.printJson(result);
    this.print(
      renderPairs([
        ['private key', `${files.key} (keep it off the ledger’s server)`],
        ['public key', `${files.pub} (give it to the auditor)`],
        ['fingerprint', pair.fingerprint],
      ]),
    );
  }
}

#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLedgerConfig } from '../config/ledger-config';
import { describeError } from './cli-errors';
import { CliModule } from './cli.module';
import { exitForCommanderError } from './program-setup';

function version(): string {
  for (const path of [join(__dirname, '..', '..', 'package.json'), join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    } catch {
      // try the next place: src/cli (ts-node) or dist/src/cli (built)
    }
  }
  return 'unknown';
}

// `ledger export | head`: a reader that goes away is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
  throw error;
});

/** `ledger`: the Partnership Ledger's command line (see `ledger --help`). */
async function main(): Promise<void> {
  const config = loadLedgerConfig();
  await CommandFactory.run(CliModule.forConfig(config), {
    logger: false,
    cliName: 'ledger',
    version: version(),
    errorHandler: exitForCommanderError,
    serviceErrorHandler: (error) => {
      const described = describeError(error);
      process.stderr.write(`ledger: ${described.message}\n`);
      process.exitCode = described.code;
    },
  });
}

main().then(
  () => flushAndExit(Number(process.exitCode ?? 0)),
  (error: unknown) => {
    const described = describeError(error);
    process.stderr.write(`ledger: ${described.message}\n`);
    flushAndExit(described.code);
  },
);

/** Exits once stdout has drained, so a piped answer is never cut short by an open handle's absence or presence. */
function flushAndExit(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

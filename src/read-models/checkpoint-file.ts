import { Logger } from '@nestjs/common';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { EncodedLedgerState, decodeLedgerState, encodeLedgerState } from '../../projections/ledger-state-codec';
import { LedgerState } from '../../projections/ledger-state';

/**
 * The live model's checkpoint on disk: the whole state with the position it reflects, written to a temporary
 * file, fsynced and renamed over the old one, so a crash leaves either the old checkpoint or the new one,
 * never half of one, and never a state that disagrees with its position.
 */
export class CheckpointFile {
  private readonly logger = new Logger('Checkpoint');

  constructor(readonly path: string) {}

  save(state: LedgerState): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(encodeLedgerState(state)));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  /** The saved state, or null when there is none or it cannot be read (then the model is rebuilt). */
  load(): LedgerState | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return null;
    }
    try {
      return decodeLedgerState(JSON.parse(text) as EncodedLedgerState);
    } catch (error) {
      this.logger.warn(`ignoring unreadable checkpoint ${this.path}: ${(error as Error).message}; rebuilding`);
      return null;
    }
  }
}

import { Logger } from '@nestjs/common';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CheckpointHeader, EncodedEvent, checkpointHeaderOf, decodeLedgerState, encodedEventsOf } from '../../projections/ledger-state-codec';
import { LedgerState } from '../../projections/ledger-state';

/** Lines written at a time: a checkpoint of a large ledger is bigger than the longest string V8 can make. */
const LINES_PER_WRITE = 2000;

/**
 * The live model's checkpoint on disk, as JSON Lines: a header (format, position, event count), then one
 * line per event folded. Written to a temporary file, fsynced and renamed over the old one, so a crash
 * leaves either the old checkpoint or the new one, never half of one, and never a state that disagrees with
 * its position.
 */
export class CheckpointFile {
  private readonly logger = new Logger('Checkpoint');

  constructor(readonly path: string) {}

  save(state: LedgerState): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      let lines = [JSON.stringify(checkpointHeaderOf(state))];
      for (const event of encodedEventsOf(state)) {
        lines.push(JSON.stringify(event));
        if (lines.length >= LINES_PER_WRITE) {
          writeSync(fd, lines.join('\n') + '\n');
          lines = [];
        }
      }
      if (lines.length > 0) writeSync(fd, lines.join('\n') + '\n');
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
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch {
      return null;
    }
    try {
      const lines = linesOf(bytes);
      const header = lines.next();
      if (header.done) throw new Error('the file is empty');
      return decodeLedgerState(JSON.parse(header.value) as CheckpointHeader, eventsOf(lines));
    } catch (error) {
      this.logger.warn(`ignoring unreadable checkpoint ${this.path}: ${(error as Error).message}; rebuilding`);
      return null;
    }
  }
}

function* linesOf(bytes: Buffer): Generator<string> {
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (end > start) yield bytes.toString('utf8', start, end);
    start = end + 1;
  }
}

function* eventsOf(lines: Iterator<string>): Generator<EncodedEvent> {
  for (let line = lines.next(); !line.done; line = lines.next()) yield JSON.parse(line.value) as EncodedEvent;
}

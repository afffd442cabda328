import { ExportCommand } from './export.command';
import { ImportFixturesCommand } from './import-fixtures.command';
import { ImportLogCommand } from './import-log.command';
import { RebuildCommand } from './rebuild.command';
import { ReplayCommand } from './replay.command';
import { DigestCommand, SealCommand } from './seal.commands';
import { VerifyCommand } from './verify.command';

/** The commands over the whole log (one file each, or a small group): rebuild, replay, import, export, verify, seal. */
export const LEDGER_COMMANDS = [
  RebuildCommand,
  ReplayCommand,
  ImportFixturesCommand,
  ExportCommand,
  ImportLogCommand,
  VerifyCommand,
  SealCommand,
  DigestCommand,
];

import { LedgerNotVerified, NothingToSeal, DigestFormatError } from '../auditing/seal.service';
import { ExportFormatError } from '../auditing/export-format';
import { ExportNotVerified, StoreNotEmpty } from '../auditing/log-transfer.service';
import { ConfigError } from '../config/ledger-config';
import { InvariantViolated, ValidationFailed } from '../domain/errors';
import { ConcurrencyError, DuplicateEventError, StoreUnavailableError } from '../event-store/event-store.errors';
import { CommandConflict } from '../recording/recording.errors';

/** Exit codes of `ledger`. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Refused or failed: a ledger rule, a conflict, an unreachable store, a file that cannot be used. */
  error: 1,
  /** The command line, an option value or a payload is not valid. Nothing was done. */
  usage: 2,
  /** `verify` (or an import's check of its file) found the log broken. */
  verifyFailed: 3,
} as const;

/** A bad command line: a missing or malformed option, an unreadable payload. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A clean refusal with a message of its own (exit 1). */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
}

export interface DescribedError {
  readonly code: number;
  readonly message: string;
  readonly detail?: unknown;
}

/** Turns an error into an exit code and a message for people (never a stack trace unless LEDGER_DEBUG is set). */
export function describeError(error: unknown): DescribedError {
  if (error instanceof UsageError || error instanceof DigestFormatError) return { code: EXIT.usage, message: error.message };
  if (error instanceof ConfigError) return { code: EXIT.usage, message: `configuration: ${error.message}` };
  if (error instanceof ValidationFailed) {
    const fields = error.errors.map((e) => `  ${e.field || '(payload)'}: ${e.message} [${e.rule}]`).join('\n');
    return { code: EXIT.usage, message: `not valid:\n${fields}`, detail: { errors: error.errors } };
  }
  if (error instanceof InvariantViolated) {
    return {
      code: EXIT.error,
      message: `refused by rule ${error.rule}: ${error.message}${error.field ? ` (field ${error.field})` : ''}`,
      detail: { rule: error.rule, field: error.field ?? null },
    };
  }
  if (error instanceof ConcurrencyError || error instanceof CommandConflict || error instanceof DuplicateEventError) {
    return { code: EXIT.error, message: `conflict: ${error.message}` };
  }
  if (error instanceof LedgerNotVerified) {
    const broken = error.report.broken;
    return { code: EXIT.verifyFailed, message: `the ledger does not verify, nothing was done: ${broken ? describeBroken(broken) : error.message}`, detail: { broken } };
  }
  if (error instanceof ExportNotVerified) {
    return {
      code: EXIT.verifyFailed,
      message: `the export does not verify, nothing was imported: ${describeBroken(error.broken)}${error.line ? ` (line ${error.line} of the file)` : ''}`,
      detail: { broken: error.broken, line: error.line },
    };
  }
  if (error instanceof ExportFormatError) return { code: EXIT.error, message: `the export cannot be read: ${error.message}` };
  if (error instanceof StoreNotEmpty || error instanceof NothingToSeal || error instanceof CliFailure) {
    return { code: EXIT.error, message: error.message };
  }
  if (error instanceof StoreUnavailableError) return { code: EXIT.error, message: `store unavailable: ${error.message}` };
  const message = error instanceof Error ? error.message : String(error);
  return { code: EXIT.error, message };
}

export function describeBroken(broken: {
  stream: string | null;
  revision: bigint | null;
  id: string | null;
  position: bigint | null;
  reason: string;
  message: string;
}): string {
  const where = [
    broken.stream !== null ? `stream ${broken.stream}` : null,
    broken.revision !== null ? `revision ${broken.revision}` : null,
    broken.id !== null ? `id ${broken.id}` : null,
    broken.position !== null ? `position ${broken.position}` : null,
  ].filter((part) => part !== null);
  return `${where.length ? where.join(', ') : 'the log'} — ${broken.reason}: ${broken.message}`;
}

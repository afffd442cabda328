import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Command as Program, CommanderError } from 'commander';
import { InjectCommander } from 'nest-commander';
import { EXIT } from './cli-errors';

export const PROGRAM_HELP = `
Environment:
  LEDGER_STORE                  sqlite (embedded, default) or eventstoredb
  LEDGER_DATA_DIR               the embedded store's directory (default ./data; file ledger.sqlite)
  EVENTSTORE_CONNECTION_STRING  esdb://host:2113?tls=false, required with LEDGER_STORE=eventstoredb
  LEDGER_ACTOR                  who records commands (default: the operating-system user name; --actor wins)

Times: --as-of is valid time (when a fact happened in the world, YYYY-MM-DD); --known-at is recorded time
(when the ledger learned it: a global position or an ISO 8601 timestamp). replay --to <day> replays what was
recorded by the end of that UTC day.

Output: tables for people; --json prints exactly one JSON document on stdout. Messages go to stderr.
Exit codes: 0 done, 1 refused or failed, 2 bad command line, option or payload, 3 verification failed.
`;

/** Usage errors (unknown command or option, missing argument) exit 2; help and --version exit 0. */
export function exitForCommanderError(error: Error): never {
  const code = (error as CommanderError).exitCode === 0 ? EXIT.ok : EXIT.usage;
  process.exit(code);
}

/**
 * Names the program `ledger`, adds the environment and exit-code help, and makes every subcommand's usage errors
 * exit 2 (commander applies an exit override only to the command it is set on).
 */
@Injectable()
export class ProgramSetup implements OnApplicationBootstrap {
  constructor(@InjectCommander() private readonly program: Program) {
    program.name('ledger');
    program.description('Partnership Ledger: record, query, replay, export, verify and seal the ledger of the partnership between the State of Qatar and UNOCT');
    program.addHelpText('after', PROGRAM_HELP);
    program.showSuggestionAfterError(true);
  }

  onApplicationBootstrap(): void {
    const visit = (command: Program) => {
      command.exitOverride(exitForCommanderError);
      command.showHelpAfterError('(add --help for usage)');
      for (const sub of command.commands) visit(sub);
    };
    visit(this.program);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LedgerCommand, RecordResult } from './ledger-command';
import { Recorder } from './recorder';

/**
 * The CommandBus's one handler for ledger commands. A command per class and a handler per command would each be
 * one line, `recorder.record(command)`: the recorder finds the command's manifest by its name.
 */
@CommandHandler(LedgerCommand)
export class LedgerCommandHandler implements ICommandHandler<LedgerCommand, RecordResult> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: LedgerCommand): Promise<RecordResult> {
    return this.recorder.record(command);
  }
}

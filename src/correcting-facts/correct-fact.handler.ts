import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { AmendCommand, AmendableState, amendFactDecider } from './amend-fact.decider';
import { CorrectFactCommand, CorrectFactPayload } from './correct-fact.command';

export const correctFact: Recording<CorrectFactPayload, AmendCommand, AmendableState> = {
  payload: CorrectFactPayload,
  streamOf: (payload) => payload.stream,
  decider: amendFactDecider,
  toDecide: (data) => ({ type: 'correct-fact', data }),
};

@CommandHandler(CorrectFactCommand)
export class CorrectFactHandler implements ICommandHandler<CorrectFactCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: CorrectFactCommand): Promise<RecordResult> {
    return this.recorder.record(correctFact, command);
  }
}

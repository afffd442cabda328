import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { AmendCommand, AmendableState, amendFactDecider } from './amend-fact.decider';
import { RetractFactCommand, RetractFactPayload } from './retract-fact.command';

export const retractFact: Recording<RetractFactPayload, AmendCommand, AmendableState> = {
  payload: RetractFactPayload,
  streamOf: (payload) => payload.stream,
  decider: amendFactDecider,
  toDecide: (data) => ({ type: 'retract-fact', data }),
};

@CommandHandler(RetractFactCommand)
export class RetractFactHandler implements ICommandHandler<RetractFactCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: RetractFactCommand): Promise<RecordResult> {
    return this.recorder.record(retractFact, command);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { RecordDisbursementCommand, RecordDisbursementPayload } from './record-disbursement.command';
import { CommitmentCommand, CommitmentState, commitmentDecider } from './record-disbursement.decider';

export const recordDisbursement: Recording<RecordDisbursementPayload, CommitmentCommand, CommitmentState> = {
  payload: RecordDisbursementPayload,
  streamOf: (payload) => payload.commitment,
  decider: commitmentDecider,
  toDecide: (data) => ({ type: 'record-disbursement', data }),
};

@CommandHandler(RecordDisbursementCommand)
export class RecordDisbursementHandler implements ICommandHandler<RecordDisbursementCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: RecordDisbursementCommand): Promise<RecordResult> {
    return this.recorder.record(recordDisbursement, command);
  }
}

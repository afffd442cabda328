import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { MakePledgeCommand, MakePledgePayload } from './make-pledge.command';
import { PledgeCommand, PledgeState, pledgeDecider } from './pledge.decider';

export const makePledge: Recording<MakePledgePayload, PledgeCommand, PledgeState> = {
  payload: MakePledgePayload,
  streamOf: (payload) => streamName('pledge', payload.pledgeId),
  decider: pledgeDecider,
  toDecide: (data) => ({ type: 'make-pledge', data }),
};

@CommandHandler(MakePledgeCommand)
export class MakePledgeHandler implements ICommandHandler<MakePledgeCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: MakePledgeCommand): Promise<RecordResult> {
    return this.recorder.record(makePledge, command);
  }
}

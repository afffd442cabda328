import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { PledgeCommand, PledgeState, pledgeDecider } from './pledge.decider';
import { RenewPledgeCommand, RenewPledgePayload } from './renew-pledge.command';

export const renewPledge: Recording<RenewPledgePayload, PledgeCommand, PledgeState> = {
  payload: RenewPledgePayload,
  streamOf: (payload) => streamName('pledge', payload.pledgeId),
  decider: pledgeDecider,
  toDecide: (data) => ({ type: 'renew-pledge', data }),
};

/** The renewed pledge or agreement must exist: the recorder checks `renews` against the store. */
@CommandHandler(RenewPledgeCommand)
export class RenewPledgeHandler implements ICommandHandler<RenewPledgeCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: RenewPledgeCommand): Promise<RecordResult> {
    return this.recorder.record(renewPledge, command);
  }
}

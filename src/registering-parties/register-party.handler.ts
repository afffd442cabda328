import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { RegisterPartyCommand, RegisterPartyPayload } from './register-party.command';
import { PartyCommand, PartyState, partyDecider } from './register-party.decider';

export const registerParty: Recording<RegisterPartyPayload, PartyCommand, PartyState> = {
  payload: RegisterPartyPayload,
  streamOf: (payload) => streamName('party', payload.partyId),
  decider: partyDecider,
  toDecide: (data) => ({ type: 'register-party', data }),
};

@CommandHandler(RegisterPartyCommand)
export class RegisterPartyHandler implements ICommandHandler<RegisterPartyCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: RegisterPartyCommand): Promise<RecordResult> {
    return this.recorder.record(registerParty, command);
  }
}

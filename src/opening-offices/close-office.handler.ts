import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { CloseOfficeCommand, CloseOfficePayload } from './close-office.command';
import { OfficeCommand, OfficeState, officeDecider } from './office.decider';

export const closeOffice: Recording<CloseOfficePayload, OfficeCommand, OfficeState> = {
  payload: CloseOfficePayload,
  streamOf: (payload) => streamName('office', payload.officeId),
  decider: officeDecider,
  toDecide: (data) => ({ type: 'close-office', data }),
};

@CommandHandler(CloseOfficeCommand)
export class CloseOfficeHandler implements ICommandHandler<CloseOfficeCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: CloseOfficeCommand): Promise<RecordResult> {
    return this.recorder.record(closeOffice, command);
  }
}

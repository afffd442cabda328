import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { OfficeCommand, OfficeState, officeDecider } from './office.decider';
import { OpenOfficeCommand, OpenOfficePayload } from './open-office.command';

export const openOffice: Recording<OpenOfficePayload, OfficeCommand, OfficeState> = {
  payload: OpenOfficePayload,
  streamOf: (payload) => streamName('office', payload.officeId),
  decider: officeDecider,
  toDecide: (data) => ({ type: 'open-office', data }),
};

@CommandHandler(OpenOfficeCommand)
export class OpenOfficeHandler implements ICommandHandler<OpenOfficeCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: OpenOfficeCommand): Promise<RecordResult> {
    return this.recorder.record(openOffice, command);
  }
}

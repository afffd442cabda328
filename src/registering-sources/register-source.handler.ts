import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { RegisterSourceCommand, RegisterSourcePayload } from './register-source.command';
import { SourceCommand, SourceState, sourceDecider } from './register-source.decider';

export const registerSource: Recording<RegisterSourcePayload, SourceCommand, SourceState> = {
  payload: RegisterSourcePayload,
  streamOf: (payload) => streamName('source', payload.sourceId),
  decider: sourceDecider,
  toDecide: (data) => ({ type: 'register-source', data }),
};

@CommandHandler(RegisterSourceCommand)
export class RegisterSourceHandler implements ICommandHandler<RegisterSourceCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: RegisterSourceCommand): Promise<RecordResult> {
    return this.recorder.record(registerSource, command);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { LaunchProgrammeCommand, LaunchProgrammePayload } from './launch-programme.command';
import { ProgrammeCommand, ProgrammeState, programmeDecider } from './launch-programme.decider';

export const launchProgramme: Recording<LaunchProgrammePayload, ProgrammeCommand, ProgrammeState> = {
  payload: LaunchProgrammePayload,
  streamOf: (payload) => streamName('programme', payload.programmeId),
  decider: programmeDecider,
  toDecide: (data) => ({ type: 'launch-programme', data }),
};

@CommandHandler(LaunchProgrammeCommand)
export class LaunchProgrammeHandler implements ICommandHandler<LaunchProgrammeCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: LaunchProgrammeCommand): Promise<RecordResult> {
    return this.recorder.record(launchProgramme, command);
  }
}

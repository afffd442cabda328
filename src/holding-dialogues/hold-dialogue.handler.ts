import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { HoldDialogueCommand, HoldDialoguePayload } from './hold-dialogue.command';
import { EngagementCommand, EngagementState, engagementDecider } from './hold-dialogue.decider';

export const holdDialogue: Recording<HoldDialoguePayload, EngagementCommand, EngagementState> = {
  payload: HoldDialoguePayload,
  streamOf: (payload) => streamName('engagement', payload.engagementId),
  decider: engagementDecider,
  toDecide: (data) => ({ type: 'hold-dialogue', data }),
};

@CommandHandler(HoldDialogueCommand)
export class HoldDialogueHandler implements ICommandHandler<HoldDialogueCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: HoldDialogueCommand): Promise<RecordResult> {
    return this.recorder.record(holdDialogue, command);
  }
}

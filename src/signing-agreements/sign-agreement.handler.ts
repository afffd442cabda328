import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { streamName } from '../domain/stream-name';
import { RecordResult } from '../recording/ledger-command';
import { Recorder, Recording } from '../recording/recorder';
import { SignAgreementCommand, SignAgreementPayload } from './sign-agreement.command';
import { AgreementCommand, AgreementState, agreementDecider } from './sign-agreement.decider';

export const signAgreement: Recording<SignAgreementPayload, AgreementCommand, AgreementState> = {
  payload: SignAgreementPayload,
  streamOf: (payload) => streamName('agreement', payload.agreementId),
  decider: agreementDecider,
  toDecide: (data) => ({ type: 'sign-agreement', data }),
};

@CommandHandler(SignAgreementCommand)
export class SignAgreementHandler implements ICommandHandler<SignAgreementCommand> {
  constructor(private readonly recorder: Recorder) {}

  execute(command: SignAgreementCommand): Promise<RecordResult> {
    return this.recorder.record(signAgreement, command);
  }
}

import { Citation } from '../domain/value-objects';
import { AgreementSignedData } from '../events/agreement-signed.event';
import { Sources } from '../recording/ledger-command';

export class SignAgreementPayload extends AgreementSignedData {
  @Sources()
  readonly sources!: Citation[];
}

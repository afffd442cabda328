import { Citation } from '../domain/value-objects';
import { OfficeOpenedData } from '../events/office.events';
import { Sources } from '../recording/ledger-command';

export class OpenOfficePayload extends OfficeOpenedData {
  @Sources()
  readonly sources!: Citation[];
}

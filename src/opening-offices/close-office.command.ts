import { Citation } from '../domain/value-objects';
import { OfficeClosedData } from '../events/office.events';
import { Sources } from '../recording/ledger-command';

export class CloseOfficePayload extends OfficeClosedData {
  @Sources()
  readonly sources!: Citation[];
}

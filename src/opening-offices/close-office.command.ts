import { Citation } from '../domain/value-objects';
import { OfficeClosedData } from '../events/office.events';
import { LedgerCommand, Sources } from '../recording/ledger-command';

export class CloseOfficePayload extends OfficeClosedData {
  @Sources()
  readonly sources!: Citation[];
}

export class CloseOfficeCommand extends LedgerCommand<CloseOfficePayload> {}

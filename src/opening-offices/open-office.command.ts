import { Citation } from '../domain/value-objects';
import { OfficeOpenedData } from '../events/office.events';
import { LedgerCommand, Sources } from '../recording/ledger-command';

export class OpenOfficePayload extends OfficeOpenedData {
  @Sources()
  readonly sources!: Citation[];
}

export class OpenOfficeCommand extends LedgerCommand<OpenOfficePayload> {}

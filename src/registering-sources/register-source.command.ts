import { SourceRegisteredData } from '../events/source-registered.event';
import { LedgerCommand } from '../recording/ledger-command';

/** A source document: the payload is the event's data (a source cites nothing). */
export class RegisterSourcePayload extends SourceRegisteredData {}

export class RegisterSourceCommand extends LedgerCommand<RegisterSourcePayload> {}

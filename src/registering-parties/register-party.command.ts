import { Citation } from '../domain/value-objects';
import { PartyRegisteredData } from '../events/party-registered.event';
import { LedgerCommand, Sources } from '../recording/ledger-command';

export class RegisterPartyPayload extends PartyRegisteredData {
  /** Optional: most parties are common knowledge. */
  @Sources({ optional: true })
  readonly sources?: Citation[];
}

export class RegisterPartyCommand extends LedgerCommand<RegisterPartyPayload> {}

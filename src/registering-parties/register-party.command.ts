import { Citation } from '../domain/value-objects';
import { PartyRegisteredData } from '../events/party-registered.event';
import { Sources } from '../recording/ledger-command';

export class RegisterPartyPayload extends PartyRegisteredData {
  /** Optional: most parties are common knowledge. */
  @Sources({ optional: true })
  readonly sources?: Citation[];
}

import { Citation } from '../domain/value-objects';
import { PledgeRenewedData } from '../events/pledge.events';
import { Sources } from '../recording/ledger-command';

/** A renewal is a new pledge (its own stream) linked to the pledge or agreement it renews. */
export class RenewPledgePayload extends PledgeRenewedData {
  @Sources()
  readonly sources!: Citation[];
}

import { Citation } from '../domain/value-objects';
import { PledgeMadeData } from '../events/pledge.events';
import { Sources } from '../recording/ledger-command';

export class MakePledgePayload extends PledgeMadeData {
  @Sources()
  readonly sources!: Citation[];
}

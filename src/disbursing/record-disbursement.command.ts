import { Citation } from '../domain/value-objects';
import { IsStreamName } from '../domain/validators';
import { ContributionDisbursedData } from '../events/contribution-disbursed.event';
import { Sources } from '../recording/ledger-command';

export class RecordDisbursementPayload extends ContributionDisbursedData {
  /** Stream of the commitment paid against (`agreement-…` or `pledge-…`); the event is appended there. */
  @IsStreamName(['agreement', 'pledge'])
  readonly commitment!: string;

  @Sources()
  readonly sources!: Citation[];
}

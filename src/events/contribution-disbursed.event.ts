import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { Money } from '../domain/value-objects';
import { IsPartialDate, IsSlug, IsText, Optional } from '../domain/validators';
import { DomainEvent, defineEvent } from './event-definition';

export const CONTRIBUTION_DISBURSED = 'ContributionDisbursed';

/** Recorded when a disbursement knowingly takes the total paid beyond the commitment. */
export class DisbursementOverride {
  @IsText(2000)
  readonly reason!: string;
}

/** Appended to the commitment's own stream (`agreement-…` or `pledge-…`). */
export class ContributionDisbursedData {
  @IsSlug()
  readonly disbursementId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => Money)
  readonly amount!: Money;

  @Optional()
  @ValidateNested()
  @Type(() => DisbursementOverride)
  readonly override?: DisbursementOverride;

  @IsPartialDate()
  readonly occurredOn!: string;
}

export type ContributionDisbursed = DomainEvent<typeof CONTRIBUTION_DISBURSED, ContributionDisbursedData>;

export const contributionDisbursed = defineEvent({
  type: CONTRIBUTION_DISBURSED,
  schemaVersion: 1,
  dataClass: ContributionDisbursedData,
  identity: ['disbursementId'],
  validTimeField: 'occurredOn',
});

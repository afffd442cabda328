import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, ValidateNested } from 'class-validator';
import { Money, Period, PersonRef, YearAmount } from '../domain/value-objects';
import { IsPartialDate, IsSlug, IsStreamName, IsText, Optional } from '../domain/validators';
import { DomainEvent, defineEvent, partyRef, streamRef } from './event-definition';

export const PLEDGE_MADE = 'PledgeMade';
export const PLEDGE_RENEWED = 'PledgeRenewed';

/** A pledge is a non-binding announcement; a commitment is binding (FTS/IATI sense). */
export const PLEDGE_KINDS = ['pledge', 'commitment'] as const;
export type PledgeKind = (typeof PLEDGE_KINDS)[number];

/** What a pledge and a renewal share. */
abstract class PledgeTerms {
  @IsSlug()
  readonly pledgeId!: string;

  @IsSlug()
  readonly donorId!: string;

  @IsSlug()
  readonly recipientId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => Money)
  readonly total!: Money;

  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => YearAmount)
  readonly schedule?: YearAmount[];

  @Optional()
  @IsText(2000)
  readonly purpose?: string;

  @Optional()
  @ValidateNested()
  @Type(() => PersonRef)
  readonly announcedBy?: PersonRef;

  /** Stream of the engagement where it was announced, e.g. `engagement-beneficiaries-forum-2022`. */
  @Optional()
  @IsStreamName(['engagement'])
  readonly atEngagement?: string;

  /** When it was announced. */
  @IsPartialDate()
  readonly occurredOn!: string;
}

export class PledgeMadeData extends PledgeTerms {
  @Optional()
  @ValidateNested()
  @Type(() => Period)
  readonly period?: Period;
}

export class PledgeRenewedData extends PledgeTerms {
  /** Stream of the pledge or agreement renewed. */
  @IsStreamName(['pledge', 'agreement'])
  readonly renews!: string;

  @IsIn(PLEDGE_KINDS)
  readonly kind!: PledgeKind;

  @IsDefined()
  @ValidateNested()
  @Type(() => Period)
  readonly period!: Period;
}

export type PledgeMade = DomainEvent<typeof PLEDGE_MADE, PledgeMadeData>;
export type PledgeRenewed = DomainEvent<typeof PLEDGE_RENEWED, PledgeRenewedData>;

function pledgeReferences(data: PledgeTerms) {
  return [
    ...partyRef('donorId', data.donorId),
    ...partyRef('recipientId', data.recipientId),
    ...partyRef('announcedBy.partyId', data.announcedBy?.partyId),
    ...streamRef('atEngagement', 'engagement', data.atEngagement),
  ];
}

export const pledgeMade = defineEvent({
  type: PLEDGE_MADE,
  schemaVersion: 1,
  dataClass: PledgeMadeData,
  identity: ['pledgeId'],
  validTimeField: 'occurredOn',
  references: pledgeReferences,
});

export const pledgeRenewed = defineEvent({
  type: PLEDGE_RENEWED,
  schemaVersion: 1,
  dataClass: PledgeRenewedData,
  identity: ['pledgeId'],
  validTimeField: 'occurredOn',
  references: (data: PledgeRenewedData) => [...pledgeReferences(data), ...streamRef('renews', 'commitment', data.renews)],
});

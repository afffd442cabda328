import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, ValidateNested } from 'class-validator';
import { BilingualName, Money, Period, Place, YearAmount } from '../domain/value-objects';
import { IsPartialDate, IsSlug, IsText, Optional } from '../domain/validators';
import { DomainEvent, defineEvent, partyRef, partyRefs } from './event-definition';

export const AGREEMENT_SIGNED = 'AgreementSigned';

export const AGREEMENT_KINDS = ['contribution', 'host-country', 'establishment', 'mou'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export class Signatory {
  @IsText(300)
  readonly name!: string;

  @Optional()
  @IsText(300)
  readonly role?: string;

  @IsSlug()
  readonly partyId!: string;
}

/** The money side of a financial agreement. */
export class Commitment {
  @IsSlug()
  readonly donorId!: string;

  @IsSlug()
  readonly recipientId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => Money)
  readonly total!: Money;

  @Optional()
  @ValidateNested()
  @Type(() => Period)
  readonly period?: Period;

  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => YearAmount)
  readonly schedule?: YearAmount[];

  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsText(1000, { each: true })
  readonly purposes?: string[];
}

export class AgreementSignedData {
  @IsSlug()
  readonly agreementId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualName)
  readonly title!: BilingualName;

  @IsIn(AGREEMENT_KINDS)
  readonly kind!: AgreementKind;

  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsSlug({ each: true })
  readonly parties!: string[];

  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => Signatory)
  readonly signatories?: Signatory[];

  @Optional()
  @ValidateNested()
  @Type(() => Place)
  readonly place?: Place;

  @Optional()
  @ValidateNested()
  @Type(() => Commitment)
  readonly commitment?: Commitment;

  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsText(2000, { each: true })
  readonly provisions?: string[];

  @IsPartialDate()
  readonly occurredOn!: string;
}

export type AgreementSigned = DomainEvent<typeof AGREEMENT_SIGNED, AgreementSignedData>;

export const agreementSigned = defineEvent({
  type: AGREEMENT_SIGNED,
  schemaVersion: 1,
  dataClass: AgreementSignedData,
  identity: ['agreementId'],
  validTimeField: 'occurredOn',
  references: (data: AgreementSignedData) => [
    ...partyRefs('parties', data.parties),
    ...(data.signatories ?? []).flatMap((s, i) => partyRef(`signatories.${i}.partyId`, s.partyId)),
    ...partyRef('commitment.donorId', data.commitment?.donorId),
    ...partyRef('commitment.recipientId', data.commitment?.recipientId),
  ],
});

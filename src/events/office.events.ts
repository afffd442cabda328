import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { BilingualName } from '../domain/value-objects';
import { IsCountryCode, IsPartialDate, IsSlug, IsStreamName, IsText, Optional } from '../domain/validators';
import { DomainEvent, defineEvent, partyRef, streamRef } from './event-definition';

export const OFFICE_OPENED = 'OfficeOpened';
export const OFFICE_CLOSED = 'OfficeClosed';

export class OfficeOpenedData {
  @IsSlug()
  readonly officeId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualName)
  readonly name!: BilingualName;

  @IsText(200)
  readonly city!: string;

  @IsCountryCode()
  readonly country!: string;

  /** The party running the office. */
  @IsSlug()
  readonly operatorId!: string;

  /** Stream of the agreement the office is hosted under. */
  @Optional()
  @IsStreamName(['agreement'])
  readonly hostAgreement?: string;

  @Optional()
  @IsText(4000)
  readonly mandate?: string;

  @IsPartialDate()
  readonly occurredOn!: string;
}

export class OfficeClosedData {
  @IsSlug()
  readonly officeId!: string;

  @Optional()
  @IsText(2000)
  readonly reason?: string;

  @IsPartialDate()
  readonly occurredOn!: string;
}

export type OfficeOpened = DomainEvent<typeof OFFICE_OPENED, OfficeOpenedData>;
export type OfficeClosed = DomainEvent<typeof OFFICE_CLOSED, OfficeClosedData>;

export const officeOpened = defineEvent({
  type: OFFICE_OPENED,
  schemaVersion: 1,
  dataClass: OfficeOpenedData,
  identity: ['officeId'],
  validTimeField: 'occurredOn',
  references: (data: OfficeOpenedData) => [
    ...partyRef('operatorId', data.operatorId),
    ...streamRef('hostAgreement', 'agreement', data.hostAgreement),
  ],
});

export const officeClosed = defineEvent({
  type: OFFICE_CLOSED,
  schemaVersion: 1,
  dataClass: OfficeClosedData,
  identity: ['officeId'],
  validTimeField: 'occurredOn',
});

import { Type } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested } from 'class-validator';
import { BilingualName } from '../domain/value-objects';
import { IsPartialDate, IsSlug, Optional } from '../domain/validators';
import { DomainEvent, defineEvent, partyRef } from './event-definition';

export const PARTY_REGISTERED = 'PartyRegistered';

export const PARTY_KINDS = ['state', 'government-body', 'parliament', 'un-entity', 'international-organisation'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export class PartyRegisteredData {
  @IsSlug()
  readonly partyId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualName)
  readonly name!: BilingualName;

  @IsIn(PARTY_KINDS)
  readonly kind!: PartyKind;

  /** The party this one belongs to (a ministry's state, a UN office's parent). */
  @Optional()
  @IsSlug()
  readonly parentId?: string;

  /** When the party came into being, where a source says. */
  @Optional()
  @IsPartialDate()
  readonly occurredOn?: string;
}

export type PartyRegistered = DomainEvent<typeof PARTY_REGISTERED, PartyRegisteredData>;

export const partyRegistered = defineEvent({
  type: PARTY_REGISTERED,
  schemaVersion: 1,
  dataClass: PartyRegisteredData,
  identity: ['partyId'],
  validTimeField: 'occurredOn',
  references: (data: PartyRegisteredData) => partyRef('parentId', data.parentId),
});

import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, ValidateNested } from 'class-validator';
import { BilingualName } from '../domain/value-objects';
import { IsPartialDate, IsSlug, IsStreamName, IsText, Optional } from '../domain/validators';
import { DomainEvent, defineEvent, partyRefs, streamRef } from './event-definition';

export const PROGRAMME_LAUNCHED = 'ProgrammeLaunched';

export class ProgrammeLaunchedData {
  @IsSlug()
  readonly programmeId!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualName)
  readonly name!: BilingualName;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsSlug({ each: true })
  readonly funders!: string[];

  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsSlug({ each: true })
  readonly partners!: string[];

  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsSlug({ each: true })
  readonly consultedBodies?: string[];

  /** E.g. "UNSC resolution 2396". */
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsText(300, { each: true })
  readonly mandateReferences?: string[];

  @Optional()
  @IsStreamName(['engagement'])
  readonly atEngagement?: string;

  @Optional()
  @IsText(4000)
  readonly description?: string;

  @IsPartialDate()
  readonly occurredOn!: string;
}

export type ProgrammeLaunched = DomainEvent<typeof PROGRAMME_LAUNCHED, ProgrammeLaunchedData>;

export const programmeLaunched = defineEvent({
  type: PROGRAMME_LAUNCHED,
  schemaVersion: 1,
  dataClass: ProgrammeLaunchedData,
  identity: ['programmeId'],
  validTimeField: 'occurredOn',
  references: (data: ProgrammeLaunchedData) => [
    ...partyRefs('funders', data.funders),
    ...partyRefs('partners', data.partners),
    ...partyRefs('consultedBodies', data.consultedBodies),
    ...streamRef('atEngagement', 'engagement', data.atEngagement),
  ],
});

import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { BilingualName, Place } from '../domain/value-objects';
import { EndsAfterStart, IsPartialDate, IsSlug, IsStreamName, IsText, Optional } from '../domain/validators';
import { DomainEvent, Reference, defineEvent, partyRef, partyRefs } from './event-definition';

export const DIALOGUE_HELD = 'DialogueHeld';

export const ENGAGEMENT_KINDS = ['strategic-dialogue', 'coordination-meeting', 'policy-dialogue', 'forum', 'launch-event'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const PARTICIPANT_CAPACITIES = ['chair', 'attendee', 'speaker', 'host'] as const;
export type ParticipantCapacity = (typeof PARTICIPANT_CAPACITIES)[number];

export class Participant {
  @IsText(300)
  readonly name!: string;

  @Optional()
  @IsText(300)
  readonly role?: string;

  @Optional()
  @IsSlug()
  readonly partyId?: string;

  @Optional()
  @IsIn(PARTICIPANT_CAPACITIES)
  readonly capacity?: ParticipantCapacity;
}

/** Something the engagement promised for later (e.g. "next session: Doha, end of 2019"). */
export class FollowUp {
  @IsText(2000)
  readonly description!: string;

  @Optional()
  @IsText(300)
  readonly expectedPlace?: string;

  @Optional()
  @IsPartialDate()
  readonly expectedBy?: string;
}

export class Outcome {
  @IsText(4000)
  readonly description!: string;

  @Optional()
  @ValidateNested()
  @Type(() => FollowUp)
  readonly followUp?: FollowUp;
}

/** A follow-up of an earlier engagement that this one carries out. */
export class Fulfilment {
  @IsStreamName(['engagement'])
  readonly engagement!: string;

  @IsInt()
  @Min(0)
  @Max(1000)
  readonly outcomeIndex!: number;
}

export class DialogueHeldData {
  @IsSlug()
  readonly engagementId!: string;

  @IsIn(ENGAGEMENT_KINDS)
  readonly kind!: EngagementKind;

  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualName)
  readonly title!: BilingualName;

  /** 1 for "the first" session. */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1000)
  readonly sequence?: number;

  @Optional()
  @ValidateNested()
  @Type(() => Place)
  readonly place?: Place;

  @Optional()
  @IsBoolean()
  readonly virtual?: boolean;

  /** Valid time of an engagement: its first and (inclusive) last day. */
  @IsPartialDate()
  readonly from!: string;

  @Optional()
  @IsPartialDate()
  @EndsAfterStart('from')
  readonly to?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsSlug({ each: true })
  readonly organisers!: string[];

  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => Participant)
  readonly participants!: Participant[];

  @IsArray()
  @ArrayMaxSize(100)
  @IsText(1000, { each: true })
  readonly topics!: string[];

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => Outcome)
  readonly outcomes!: Outcome[];

  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => Fulfilment)
  readonly fulfils?: Fulfilment[];
}

export type DialogueHeld = DomainEvent<typeof DIALOGUE_HELD, DialogueHeldData>;

export const dialogueHeld = defineEvent({
  type: DIALOGUE_HELD,
  schemaVersion: 1,
  dataClass: DialogueHeldData,
  identity: ['engagementId'],
  validTimeField: 'from',
  references: (data: DialogueHeldData): Reference[] => [
    ...partyRefs('organisers', data.organisers),
    ...(data.participants ?? []).flatMap((p, i) => partyRef(`participants.${i}.partyId`, p.partyId)),
    ...(data.fulfils ?? []).map((f, i) => ({
      field: `fulfils.${i}`,
      kind: 'engagement' as const,
      stream: f.engagement,
      outcomeIndex: f.outcomeIndex,
    })),
  ],
});

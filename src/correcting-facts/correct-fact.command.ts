import { IsObject, IsUUID } from 'class-validator';
import { Citation } from '../domain/value-objects';
import { STREAM_KINDS } from '../domain/stream-name';
import { IsChangeSet, IsPartialDate, IsStreamName, IsText, Optional } from '../domain/validators';
import { JsonObject } from '../event-store/event-store.port';
import { Sources } from '../recording/ledger-command';

export class CorrectFactPayload {
  /** The corrected fact's stream; the correction is appended there. */
  @IsStreamName(STREAM_KINDS)
  readonly stream!: string;

  /** Id of the corrected event. */
  @IsUUID()
  readonly eventId!: string;

  /** Dotted field path of that event's data → new value; only fields the event has. */
  @IsObject()
  @IsChangeSet()
  readonly changes!: JsonObject;

  @IsText(4000)
  readonly reason!: string;

  @Optional()
  @IsPartialDate()
  readonly occurredOn?: string;

  /** The better source(s) the correction rests on. */
  @Sources()
  readonly sources!: Citation[];
}

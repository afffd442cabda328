import { IsUUID } from 'class-validator';
import { Citation } from '../domain/value-objects';
import { STREAM_KINDS } from '../domain/stream-name';
import { IsPartialDate, IsStreamName, IsText, Optional } from '../domain/validators';
import { Sources } from '../recording/ledger-command';

export class RetractFactPayload {
  @IsStreamName(STREAM_KINDS)
  readonly stream!: string;

  @IsUUID()
  readonly eventId!: string;

  @IsText(4000)
  readonly reason!: string;

  @Optional()
  @IsPartialDate()
  readonly occurredOn?: string;

  @Sources()
  readonly sources!: Citation[];
}

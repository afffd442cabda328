import { Citation } from '../domain/value-objects';
import { DialogueHeldData } from '../events/dialogue-held.event';
import { Sources } from '../recording/ledger-command';

/** An engagement's valid time is `from`/`to`, so it carries no occurredOn. */
export class HoldDialoguePayload extends DialogueHeldData {
  @Sources()
  readonly sources!: Citation[];
}

import { IsDocumentText, MatchesDocumentText, SourceDescription } from '../events/source-registered.event';
import { IsSha256Hex } from '../domain/validators';

/**
 * A source document: the payload is the event's data (a source cites nothing). Registering one now requires its
 * full text and the hash of that text; a new version of a document is a new source.
 */
export class RegisterSourcePayload extends SourceDescription {
  @IsSha256Hex()
  @MatchesDocumentText()
  readonly contentSha256!: string;

  @IsDocumentText()
  readonly text!: string;
}

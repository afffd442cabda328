import { IsIn, IsUrl, Matches, ValidateBy, ValidationArguments, buildMessage } from 'class-validator';
import { IsLanguageCode, IsPartialDate, IsSha256Hex, IsSlug, IsText, Optional } from '../domain/validators';
import { documentTextProblem, sha256OfText } from '../domain/document-text';
import { DomainEvent, defineEvent } from './event-definition';

export const SOURCE_REGISTERED = 'SourceRegistered';

export const SOURCE_KINDS = ['news-article', 'public-record', 'official-statement'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A document's full text: UTF-8, NFC, at most MAX_DOCUMENT_BYTES (each failure reported under its own rule). */
export function IsDocumentText(): PropertyDecorator {
  return (target, key) => {
    for (const rule of ['isText', 'isUtf8', 'maxDocumentBytes', 'isNfc'] as const) {
      ValidateBy({
        name: rule,
        validator: {
          // Only the first problem is reported, under its own rule.
          validate: (value) => documentTextProblem(value)?.rule !== rule,
          defaultMessage: (args?: ValidationArguments) => documentTextProblem(args?.value)?.message ?? '',
        },
      })(target, key);
    }
  };
}

/** On `contentSha256`: the SHA-256 of the sibling `text`'s UTF-8 bytes, when the source carries its text. */
export function MatchesDocumentText(): PropertyDecorator {
  return ValidateBy({
    name: 'matchesText',
    validator: {
      validate(value, args?: ValidationArguments) {
        const text = (args?.object as { text?: unknown }).text;
        // A bad text or hash is reported by its own rule.
        if (typeof value !== 'string' || documentTextProblem(text) !== null) return true;
        return sha256OfText(text as string) === value;
      },
      defaultMessage: buildMessage(() => '$property must be the SHA-256 of text’s UTF-8 bytes; it is not'),
    },
  });
}

/** What describes a source, apart from its text and content hash. */
export abstract class SourceDescription {
  @IsSlug()
  readonly sourceId!: string;

  /** In the document's own language. */
  @IsText(500)
  readonly title!: string;

  @Optional()
  @IsText(500)
  readonly titleEn?: string;

  @IsText(300)
  readonly publisher!: string;

  @Optional()
  @IsPartialDate()
  readonly publishedOn?: string;

  @IsLanguageCode()
  readonly language!: string;

  @Optional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  readonly url?: string;

  @IsIn(SOURCE_KINDS)
  readonly kind!: SourceKind;

  /** File name the document was registered from (fixtures: under fixtures/sources/): provenance only, the text is held. */
  @Optional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, { message: 'document must be a plain file name' })
  readonly document?: string;
}

/**
 * The event carries the document's text, so the text is as immutable and hash-chained as every other fact.
 * Sources registered before the ledger held documents have no text (and may have no hash); none is invented.
 */
export class SourceRegisteredData extends SourceDescription {
  @Optional()
  @IsSha256Hex()
  @MatchesDocumentText()
  readonly contentSha256?: string;

  @Optional()
  @IsDocumentText()
  readonly text?: string;
}

export type SourceRegistered = DomainEvent<typeof SOURCE_REGISTERED, SourceRegisteredData>;

export const sourceRegistered = defineEvent({
  type: SOURCE_REGISTERED,
  schemaVersion: 1,
  dataClass: SourceRegisteredData,
  identity: ['sourceId'],
  validTimeField: 'publishedOn',
});

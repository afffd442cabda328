import { IsIn, IsUrl, Matches } from 'class-validator';
import { IsLanguageCode, IsPartialDate, IsSha256Hex, IsSlug, IsText, Optional } from '../domain/validators';
import { DomainEvent, defineEvent } from './event-definition';

export const SOURCE_REGISTERED = 'SourceRegistered';

export const SOURCE_KINDS = ['news-article', 'public-record', 'official-statement'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export class SourceRegisteredData {
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

  @Optional()
  @IsSha256Hex()
  readonly contentSha256?: string;

  @IsIn(SOURCE_KINDS)
  readonly kind!: SourceKind;

  /** File name of the document kept with the ledger (e.g. under shared/sources/), so a citation leads to its text. */
  @Optional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, { message: 'document must be a plain file name' })
  readonly document?: string;
}

export type SourceRegistered = DomainEvent<typeof SOURCE_REGISTERED, SourceRegisteredData>;

export const sourceRegistered = defineEvent({
  type: SOURCE_REGISTERED,
  schemaVersion: 1,
  dataClass: SourceRegisteredData,
  identity: ['sourceId'],
  validTimeField: 'publishedOn',
});

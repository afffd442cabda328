import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';
import { PageCursor, decodeCursor } from '../../projections/columnar/paging';
import { parsePartialDate } from '../domain/partial-date';
import { ListKey } from './paged-lists';
import { IsSlug } from '../domain/validators';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const POSITION = /^\d{1,20}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function IsDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDay',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && DAY.test(value) && parsePartialDate(value) !== undefined,
        defaultMessage: (args) => `${args?.property ?? "value"} must be a calendar date YYYY-MM-DD`,
      },
    },
    options,
  );
}

export function IsKnownAt(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKnownAt',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          ((POSITION.test(value) && BigInt(value) < 2n ** 64n) || (INSTANT.test(value) && !Number.isNaN(Date.parse(value)))),
        defaultMessage: (args) => `${args?.property ?? "value"} must be a global position (a whole number) or an ISO 8601 timestamp with a time zone`,
      },
    },
    options,
  );
}

/** Parses a validated knownAt: a position or an instant. */
export function parseKnownAt(value: string | undefined): bigint | Date | undefined {
  if (value === undefined) return undefined;
  return POSITION.test(value) ? BigInt(value) : new Date(value);
}

export class ReadAtParams {
  /** Valid date D; defaults to today. */
  @IsOptional()
  @IsDay()
  readonly asOf?: string;

  /** Recorded time T: a global position or an ISO timestamp; defaults to now. */
  @IsOptional()
  @IsKnownAt()
  readonly knownAt?: string;
}

/** Parses a validated page cursor. */
export function parseCursor(value: string | undefined): PageCursor | undefined {
  return value === undefined ? undefined : (decodeCursor(value) ?? undefined);
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

/** A list read one page at a time: totals always cover every item, `page.next` leads on. */
abstract class ListReadParams extends ReadAtParams {
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  readonly limit?: number;
}

/** Lists paged by valid day, then stream: the cursor is `YYYYMMDD~stream`. */
export class PagedReadParams extends ListReadParams {
  /** The `page.next` of the previous answer. */
  @IsOptional()
  @ValidateBy({
    name: 'isPageCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== null,
      defaultMessage: () => 'after must be the page.next cursor of a previous answer (YYYYMMDD~stream)',
    },
  })
  readonly after?: string;
}

const TIMELINE_CURSOR = /^(\d{8})~(\d{1,20})$/;

/** The timeline pages by valid day, then position: its cursor is `YYYYMMDD~position`. */
export class TimelineParams extends ListReadParams {
  @IsOptional()
  @Matches(TIMELINE_CURSOR, { message: 'after must be the page.next cursor of a previous timeline answer (YYYYMMDD~position)' })
  readonly after?: string;
}

/** Parses a validated timeline cursor. */
export function parseTimelineCursor(value: string | undefined): ListKey | undefined {
  const match = value === undefined ? null : TIMELINE_CURSOR.exec(value);
  return match ? { day: Number(match[1]), tie: BigInt(match[2]!) } : undefined;
}

/** Parses a validated `YYYYMMDD~stream` cursor as a list key. */
export function parseListCursor(value: string | undefined): ListKey | undefined {
  const cursor = parseCursor(value);
  return cursor && { day: cursor.day, tie: cursor.stream };
}

export class CommitmentsParams extends PagedReadParams {
  @IsOptional()
  @IsIn(['true', 'false'])
  readonly includeRetracted?: 'true' | 'false';

  /** Only commitments and pledges from this donor (a party id). */
  @IsOptional()
  @IsSlug()
  readonly donor?: string;

  /** Only commitments and pledges to this recipient (a party id). */
  @IsOptional()
  @IsSlug()
  readonly recipient?: string;
}

export class DiffParams {
  @IsDay()
  readonly from!: string;

  @IsDay()
  readonly to!: string;

  /** Each list of changes (added, removed, changed, per view) holds at most this many; its total is given. */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  readonly limit?: number;

  @IsOptional()
  @IsKnownAt()
  readonly knownAt?: string;
}

export class EventsParams {
  /** Return events after this global position. */
  @IsOptional()
  @Matches(POSITION, { message: 'after must be a global position (a whole number)' })
  readonly after?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  readonly limit?: number;

  @IsOptional()
  @Matches(/^[a-z0-9-]{1,200}$/, { message: 'stream must be a stream name or prefix (lower-case letters, digits, dashes)' })
  readonly stream?: string;

  @IsOptional()
  @Matches(/^[A-Z][A-Za-z0-9]{0,99}$/, { message: 'type must be an event type such as AgreementSigned' })
  readonly type?: string;

  @IsOptional()
  @IsKnownAt()
  readonly knownAt?: string;
}

import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import {
  EndsAfterStart,
  FitsCurrencyPrecision,
  IsArabicText,
  IsChangeSet,
  IsCountryCode,
  IsKnownCurrency,
  IsPartialDate,
  IsPeriodDuration,
  IsPositiveDecimal,
  IsSlug,
  IsText,
  Optional,
} from './validators';

/** Validated value objects, shared by commands and event data. JSON shapes are in spec/catalogue-spec.md. */

export class Money {
  @IsPositiveDecimal()
  @FitsCurrencyPrecision()
  readonly amount!: string;

  @IsKnownCurrency()
  readonly currency!: string;
}

/** See PeriodValue (src/domain/period.ts): from and to, or a duration from `from` or from the signing. */
export class Period {
  @Optional()
  @IsPartialDate()
  readonly from?: string;

  @Optional()
  @IsPartialDate()
  @EndsAfterStart('from')
  readonly to?: string;

  /** Checked whenever present, and when from or to is missing (a period without both needs a duration). */
  @ValidateIf((period: Period) => period.duration !== undefined || period.from === undefined || period.to === undefined)
  @IsPeriodDuration()
  readonly duration?: string;

  /** `whole` (default): the period covers `from` and `to` whole; `within`: it starts within `from` and ends within `to`. */
  @Optional()
  @IsIn(['whole', 'within'])
  readonly bounds?: 'whole' | 'within';
}

/** One row of a per-year schedule. */
export class YearAmount {
  @IsInt()
  @Min(1900)
  @Max(2200)
  readonly year!: number;

  @IsDefined()
  @ValidateNested()
  @Type(() => Money)
  readonly amount!: Money;
}

export class BilingualName {
  @IsText(300)
  readonly en!: string;

  @Optional()
  @IsArabicText()
  readonly ar?: string;
}

/** What supports a fact: a registered source and the verbatim words (original language) it rests on. */
export class Citation {
  @IsSlug()
  readonly sourceId!: string;

  @IsText(5000)
  readonly quote!: string;

  @Optional()
  @IsText(2000)
  readonly note?: string;

  /**
   * What this source says where it disagrees with the fact as recorded: field path → the value it gives
   * (`{ "occurredOn": "2020" }`). The fact keeps the value the ledger adopts; the claim keeps the other source's
   * value beside it, so one recorded time shows both and which sources hold each.
   */
  @Optional()
  @IsChangeSet()
  readonly claim?: Record<string, unknown>;
}

export class Place {
  @IsText(200)
  readonly city!: string;

  @IsCountryCode()
  readonly country!: string;

  @Optional()
  @IsText(300)
  readonly venue?: string;
}

/** A named person speaking or acting for a party (e.g. who announced a pledge). */
export class PersonRef {
  @IsText(300)
  readonly name!: string;

  @Optional()
  @IsText(300)
  readonly role?: string;

  @Optional()
  @IsSlug()
  readonly partyId?: string;
}

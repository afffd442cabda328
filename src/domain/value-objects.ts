import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, Max, Min, ValidateNested } from 'class-validator';
import {
  EndsAfterStart,
  FitsCurrencyPrecision,
  IsArabicText,
  IsCountryCode,
  IsKnownCurrency,
  IsPartialDate,
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

export class Period {
  @IsPartialDate()
  readonly from!: string;

  @IsPartialDate()
  @EndsAfterStart('from')
  readonly to!: string;
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

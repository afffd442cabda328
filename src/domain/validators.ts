import { ValidateBy, ValidateIf, ValidationArguments, ValidationOptions, buildMessage, isISO31661Alpha2 } from 'class-validator';
import { fitsCurrency, isKnownCurrency, isPositiveDecimal } from './money';
import { isPartialDate } from './partial-date';
import { durationMonths, endsAfterStart } from './period';
import { isSlug } from './slug';
import { StreamKind, isStreamName } from './stream-name';

/** Custom class-validator decorators; each constraint name is the `rule` reported in ValidationFailed. */

/** An optional field may be absent, but not null: JSON null would otherwise slip into stored events. */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

export function IsCountryCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCountryCode',
      validator: {
        validate: (value) => typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isISO31661Alpha2(value),
        defaultMessage: buildMessage(() => `$property must be an upper-case ISO 3166-1 alpha-2 country code such as QA`, options),
      },
    },
    options,
  );
}

/** Arabic names must contain Arabic script: a transliteration belongs in `en`. */
export function IsArabicText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isArabicText',
      validator: {
        validate: (value) => typeof value === 'string' && /[\u0600-\u06FF]/.test(value) && value.length <= 500,
        defaultMessage: buildMessage(() => `$property must be Arabic text (at most 500 characters)`, options),
      },
    },
    options,
  );
}

export function IsSlug(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSlug',
      validator: {
        validate: (value) => isSlug(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a slug (lower-case letters and digits joined by single hyphens, at most 80 characters)`,
          options,
        ),
      },
    },
    options,
  );
}

export function IsPartialDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPartialDate',
      validator: {
        validate: (value) => isPartialDate(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a real date written YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY`,
          options,
        ),
      },
    },
    options,
  );
}

export function IsPositiveDecimal(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveDecimal',
      validator: {
        validate: (value) => isPositiveDecimal(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a positive decimal string such as "75000000" or "5000000.50" (never a number)`,
          options,
        ),
      },
    },
    options,
  );
}

/** On an amount: no more decimals than the sibling `currency` has minor units. */
export function FitsCurrencyPrecision(currencyProperty = 'currency', options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'fitsCurrencyPrecision',
      constraints: [currencyProperty],
      validator: {
        validate(value, args?: ValidationArguments) {
          const currency = (args?.object as Record<string, unknown>)[currencyProperty];
          // A bad amount or currency is reported by its own rule.
          if (!isPositiveDecimal(value) || !isKnownCurrency(currency)) return true;
          return fitsCurrency(value, currency);
        },
        defaultMessage: buildMessage(
          () => `$property has more decimals than its currency's minor units (ISO 4217)`,
          options,
        ),
      },
    },
    options,
  );
}

export function IsKnownCurrency(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isKnownCurrency',
      validator: {
        validate: (value) => isKnownCurrency(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a known ISO 4217 currency code such as USD`, options),
      },
    },
    options,
  );
}

export function IsStreamName(kinds: readonly StreamKind[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStreamName',
      constraints: [kinds],
      validator: {
        validate: (value) => isStreamName(value, kinds),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a stream name <kind>-<slug> with kind ${kinds.join(' or ')}`,
          options,
        ),
      },
    },
    options,
  );
}

/** On the end of a period: it cannot begin before the start (sibling `startProperty`) begins. */
export function EndsAfterStart(startProperty = 'from', options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'endsAfterStart',
      constraints: [startProperty],
      validator: {
        validate(value, args?: ValidationArguments) {
          const start = (args?.object as Record<string, unknown>)[startProperty];
          if (typeof value !== 'string' || typeof start !== 'string') return true;
          return endsAfterStart(start, value);
        },
        defaultMessage: buildMessage(() => `$property must not be before ${startProperty} (a period ends after it starts)`, options),
      },
    },
    options,
  );
}

/** A string with some non-space content, at most `max` characters. */
export function IsText(max = 2000, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      constraints: [max],
      validator: {
        validate: (value) => typeof value === 'string' && value.trim().length > 0 && value.length <= max,
        defaultMessage: buildMessage((each) => `${each}$property must be non-blank text of at most ${max} characters`, options),
      },
    },
    options,
  );
}

export function IsSha256Hex(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSha256Hex',
      validator: {
        validate: (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value),
        defaultMessage: buildMessage(() => `$property must be a SHA-256 digest: 64 lower-case hex digits`, options),
      },
    },
    options,
  );
}

export function IsLanguageCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLanguageCode',
      validator: {
        validate: (value) => typeof value === 'string' && /^[a-z]{2,3}$/.test(value),
        defaultMessage: buildMessage(() => `$property must be an ISO 639 language code such as ar or en`, options),
      },
    },
    options,
  );
}

const FIELD_PATH = /^[A-Za-z][A-Za-z0-9]*(?:\.(?:0|[1-9]\d*|[A-Za-z][A-Za-z0-9]*))*$/;

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

export function isFieldPath(value: string): boolean {
  return FIELD_PATH.test(value) && !value.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment));
}

/** A non-empty object whose keys are dotted field paths (`occurredOn`, `commitment.period`, `participants.0.role`). */
export function IsChangeSet(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isChangeSet',
      validator: {
        validate(value) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const keys = Object.keys(value);
          return keys.length > 0 && keys.every(isFieldPath);
        },
        defaultMessage: buildMessage(
          () => `$property must be a non-empty object of field path → new value (paths like occurredOn or commitment.period)`,
          options,
        ),
      },
    },
    options,
  );
}

/** On a period's `duration`: ISO 8601 years and months (`P3Y`, `P18M`), and no `to` beside it (one or the other). */
export function IsPeriodDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPeriodDuration',
      validator: {
        validate: (value, args?: ValidationArguments) =>
          durationMonths(value) !== undefined && (args?.object as Record<string, unknown>).to === undefined,
        // Reported at `duration` also when from or to is missing: a period is from and to, or a duration.
        defaultMessage: buildMessage(
          () => `$property must be ISO 8601 years and/or months such as P3Y or P18M (a period has from and to, or a duration, not a duration and a to)`,
          options,
        ),
      },
    },
    options,
  );
}

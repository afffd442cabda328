import 'reflect-metadata';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import type { MetadataStorage as TransformerMetadata } from 'class-transformer/types/MetadataStorage';
import { ValidationError, ValidationTypes, getMetadataStorage, validateSync } from 'class-validator';
import { FieldError, ValidationFailed } from './errors';
import { isSlug } from './slug';
import { cacheValidationMetadata } from './validation-metadata-cache';

cacheValidationMetadata();

/** Keys that could reach an object's prototype if a payload were merged or transformed. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/** Finds `__proto__` / `constructor` / `prototype` keys anywhere in untrusted JSON. */
export function forbiddenKeys(value: unknown, path = ''): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => forbiddenKeys(item, join(path, String(i))));
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) =>
    FORBIDDEN_KEYS.has(key)
      ? [{ field: join(path, key), rule: 'forbiddenKey', message: `${key} is not allowed as a field name` }]
      : forbiddenKeys((value as Record<string, unknown>)[key], join(path, key)),
  );
}

/** Element-wise rules whose failing indexes can be pinpointed (`parties.1` rather than `parties`). */
const ELEMENT_RULES: Record<string, (value: unknown) => boolean> = { isSlug };

/** Flattens class-validator's error tree into dotted field paths with array indexes. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = join(prefix, error.property);
    const own = Object.entries(error.constraints ?? {}).flatMap(([rule, message]): FieldError[] => {
      if (rule === 'whitelistValidation') {
        return [{ field, rule: 'unknownField', message: `${error.property} is not a known field` }];
      }
      const elementRule = ELEMENT_RULES[rule];
      if (elementRule && Array.isArray(error.value)) {
        const bad = error.value.flatMap((item: unknown, i: number) => (elementRule(item) ? [] : [i]));
        if (bad.length > 0) return bad.map((i: number) => ({ field: `${field}.${i}`, rule, message }));
      }
      return [{ field, rule, message }];
    });
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

// class-transformer's @Type() metadata, from the module its main entry uses (the path has no typings of its own).
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerMetadata };

/**
 * Arrays where one nested object is expected. class-validator's @ValidateNested() validates each element of an
 * array, so `title: []` would otherwise pass for a BilingualName (and `sources: [[...]]` for citations).
 */
export function arraysForObjects(cls: ClassConstructor<object>, plain: unknown, prefix = ''): FieldError[] {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return [];
  const record = plain as Record<string, unknown>;
  const notArray = (field: string): FieldError => ({ field, rule: 'isObject', message: `${field} must be an object, not an array` });
  return getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .filter((meta) => meta.type === ValidationTypes.NESTED_VALIDATION)
    .flatMap((meta): FieldError[] => {
      const field = join(prefix, meta.propertyName);
      const value = Object.hasOwn(record, meta.propertyName) ? record[meta.propertyName] : undefined;
      const type = defaultMetadataStorage.findTypeMetadata(cls, meta.propertyName)?.typeFunction() as ClassConstructor<object> | undefined;
      if (!meta.each) {
        if (Array.isArray(value)) return [notArray(field)];
        return type ? arraysForObjects(type, value, field) : [];
      }
      if (!Array.isArray(value)) return [];
      return value.flatMap((item, i) => {
        const itemField = join(field, String(i));
        if (Array.isArray(item)) return [notArray(itemField)];
        return type ? arraysForObjects(type, item, itemField) : [];
      });
    });
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
} as const;

/**
 * Transforms untrusted JSON into `cls` and validates it, once: the instance when valid, else every bad field.
 * The one pass behind `fieldErrors` and `validated`.
 */
export function validateInto<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix = ''): { instance: T; errors: [] } | { instance: null; errors: FieldError[] } {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { instance: null, errors: [{ field: prefix, rule: 'isObject', message: `${prefix || 'payload'} must be a JSON object` }] };
  }
  const forbidden = forbiddenKeys(plain, prefix);
  if (forbidden.length > 0) return { instance: null, errors: forbidden };
  const instance = plainToInstance(cls, plain);
  const errors = [...flattenValidationErrors(validateSync(instance, VALIDATION_OPTIONS), prefix), ...arraysForObjects(cls, plain, prefix)];
  return errors.length > 0 ? { instance: null, errors } : { instance, errors: [] };
}

/** Field errors of a plain value against a validated class, as if it were untrusted input. */
export function fieldErrors<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix = ''): FieldError[] {
  return validateInto(cls, plain, prefix).errors;
}

/** Transforms and validates untrusted JSON into `cls`; throws ValidationFailed naming every bad field. */
export function validated<T extends object>(cls: ClassConstructor<T>, plain: unknown, prefix = ''): T {
  const { instance, errors } = validateInto(cls, plain, prefix);
  if (instance === null) throw new ValidationFailed(errors);
  return instance;
}

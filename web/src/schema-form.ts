import { h } from './dom.js';
import { choiceLabel, fieldLabel, itemLabel } from './field-labels.js';
import { t } from './i18n.js';
import { formatMoney } from './money.js';

/**
 * Forms generated from a command's JSON Schema in the OpenAPI document (/api/docs-json): no form is written by hand
 * per command. The schema says the shape; a few of the ledger's value kinds get inputs of their own: partial dates,
 * money, registered parties and sources, stream references and repeated fields.
 */

export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string;
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly description?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** An operation as the page reads it; a command's also says its name on the page and the events it records. */
export interface OperationDoc {
  readonly requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  readonly 'x-label'?: { readonly en: string; readonly ar: string };
  readonly 'x-records'?: readonly string[];
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OperationDoc>>;
  readonly components: { readonly schemas: Record<string, JsonSchema> };
}

export interface FormContext {
  readonly schemas: Record<string, JsonSchema>;
  /** Registered parties as [id, name]. */
  parties(): readonly (readonly [string, string])[];
  /** Registered sources as [id, title]. */
  sources(): readonly (readonly [string, string])[];
  /** Known streams of the given kinds, for stream references. */
  streams(kinds: readonly string[]): readonly string[];
  /** Lets the user pick words in a source's document; resolves to the words, or null. */
  pickQuote?(sourceId: string, opener: HTMLElement): Promise<string | null>;
  onChange(): void;
}

export interface Field {
  readonly element: HTMLElement;
  /** The value for the payload; undefined when left empty. */
  read(): unknown;
  write(value: unknown): void;
  child(key: string): Field | undefined;
  focusTarget(): HTMLElement;
  readonly errorBox: HTMLElement;
}

/** Fields whose values are party ids (the server checks them against PartyRegistered). */
const PARTY_FIELDS = new Set(['partyId', 'donorId', 'recipientId', 'operatorId', 'parentId', 'parties', 'organisers', 'funders', 'partners', 'consultedBodies']);
const CURRENCIES = ['USD', 'QAR', 'EUR', 'GBP', 'CHF'];

let nextId = 0;
const uid = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '')}-${++nextId}`;

export function commandSchema(document: OpenApiDocument, command: string): JsonSchema | null {
  return document.paths[`/api/commands/${command}`]?.post?.requestBody?.content?.['application/json']?.schema ?? null;
}

export function resolve(schema: JsonSchema, schemas: Record<string, JsonSchema>): { schema: JsonSchema; name: string | null } {
  if (!schema.$ref) return { schema, name: null };
  const name = schema.$ref.split('/').pop() ?? '';
  const found = schemas[name];
  if (!found) throw new Error(`The API document has no schema ${name}`);
  return { schema: found, name };
}

export function isPartialDateSchema(schema: JsonSchema): boolean {
  return schema.type === 'string' && (schema.pattern ?? '').includes('Q[1-4]');
}

/** The stream kinds a stream-reference field accepts, from its pattern `^(kind|kind)-…`; null when not one. */
export function streamKinds(schema: JsonSchema): string[] | null {
  const match = /^\^\(([a-z|]+)\)-/.exec(schema.pattern ?? '');
  return match ? match[1].split('|') : null;
}

function errorBoxFor(id: string): HTMLElement {
  return h('p', { className: 'field-error', id: `${id}-error`, hidden: true, 'aria-live': 'polite' });
}

function describedBy(control: HTMLElement, ...ids: string[]): void {
  control.setAttribute('aria-describedby', ids.join(' '));
}

function labelText(name: string, required: boolean): (string | HTMLElement)[] {
  return [fieldLabel(name), required ? h('span', { className: 'required-mark', 'aria-hidden': 'true' }, ' *') : h('span', { className: 'optional-mark' }, ` (${t('form.optional')})`)];
}

function leaf(element: HTMLElement, control: HTMLElement, errorBox: HTMLElement, read: () => unknown, write: (value: unknown) => void): Field {
  return { element, read, write, child: () => undefined, focusTarget: () => control, errorBox };
}

// ---------------------------------------------------------------------------------------------- simple inputs

function textField(name: string, schema: JsonSchema, required: boolean, ctx: FormContext): Field {
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const long = (schema.maxLength ?? 0) > 300;
  const arabic = (schema.pattern ?? '').includes('\\u0600');
  const kinds = streamKinds(schema);
  const attributes = {
    id,
    name,
    'aria-required': required ? 'true' : null,
    dir: arabic ? 'rtl' : 'auto',
    lang: arabic ? 'ar' : null,
    spellcheck: 'false',
    maxlength: schema.maxLength ?? null,
    'data-path-name': name,
  };
  let list: HTMLDataListElement | null = null;
  if (kinds) list = h('datalist', { id: `${id}-list` }, ctx.streams(kinds).map((s) => h('option', { value: s })));
  const control = long ? h('textarea', { ...attributes, rows: 3 }) : h('input', { ...attributes, type: 'text', list: list ? `${id}-list` : null });
  control.addEventListener('input', () => ctx.onChange());
  const hint = schema.description && !kinds ? h('span', { className: 'field-hint', id: `${id}-hint` }, schema.description) : null;
  describedBy(control, ...(hint ? [`${id}-hint`] : []), `${id}-error`);
  const element = h('div', { className: 'field field-text' }, h('label', { for: id }, labelText(name, required)), control, list, hint, errorBox);
  return leaf(
    element,
    control,
    errorBox,
    () => (control.value.trim() === '' ? undefined : control.value.trim()),
    (value) => {
      control.value = value === undefined || value === null ? '' : String(value);
    },
  );
}

function selectField(name: string, choices: readonly (readonly [string, string])[], required: boolean, ctx: FormContext, className = 'field-select'): Field {
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const control = h('select', { id, name, 'aria-required': required ? 'true' : null }, h('option', { value: '' }, required ? t('record.choose') : t('form.none')), choices.map(([value, label]) => h('option', { value }, label)));
  describedBy(control, `${id}-error`);
  control.addEventListener('change', () => ctx.onChange());
  const element = h('div', { className: `field ${className}` }, h('label', { for: id }, labelText(name, required)), control, errorBox);
  return leaf(
    element,
    control,
    errorBox,
    () => (control.value === '' ? undefined : control.value),
    (value) => {
      const text = value === undefined || value === null ? '' : String(value);
      if (text && ![...control.options].some((o) => o.value === text)) control.append(h('option', { value: text }, text));
      control.value = text;
    },
  );
}

function numberField(name: string, schema: JsonSchema, required: boolean, ctx: FormContext): Field {
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const control = h('input', { id, name, type: 'number', inputmode: 'numeric', step: '1', min: schema.minimum ?? null, max: schema.maximum ?? null, 'aria-required': required ? 'true' : null, dir: 'ltr' });
  describedBy(control, `${id}-error`);
  control.addEventListener('input', () => ctx.onChange());
  const element = h('div', { className: 'field field-number' }, h('label', { for: id }, labelText(name, required)), control, errorBox);
  return leaf(
    element,
    control,
    errorBox,
    () => {
      const text = control.value.trim();
      if (text === '') return undefined;
      return /^-?\d+$/.test(text) ? Number(text) : text;
    },
    (value) => {
      control.value = value === undefined || value === null ? '' : String(value);
    },
  );
}

function booleanField(name: string, required: boolean, ctx: FormContext): Field {
  if (!required) {
    const field = selectField(name, [['true', t('form.yes')], ['false', t('form.no')]], false, ctx);
    return { ...field, read: () => (field.read() === undefined ? undefined : field.read() === 'true'), write: (value) => field.write(value === undefined ? undefined : String(value)) };
  }
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const control = h('input', { id, name, type: 'checkbox' });
  describedBy(control, `${id}-error`);
  control.addEventListener('change', () => ctx.onChange());
  const element = h('div', { className: 'field field-boolean' }, control, h('label', { for: id }, fieldLabel(name)), errorBox);
  return leaf(element, control, errorBox, () => control.checked, (value) => (control.checked = value === true));
}

// ---------------------------------------------------------------------------------------------- partial dates

const PRECISIONS = ['day', 'month', 'quarter', 'year'] as const;
type Precision = (typeof PRECISIONS)[number];

/** A partial date from its parts: `YYYY`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD` (left for the server to judge). */
export function composePartialDate(precision: Precision, year: string, month: string, day: string, quarter: string): string | undefined {
  const y = year.trim();
  if (y === '') return undefined;
  const mm = month.padStart(2, '0');
  switch (precision) {
    case 'year':
      return y;
    case 'quarter':
      return `${y}-Q${quarter}`;
    case 'month':
      return `${y}-${mm}`;
    case 'day':
      return `${y}-${mm}-${day.trim().padStart(2, '0')}`;
  }
}

export function splitPartialDate(text: string): { precision: Precision; year: string; month: string; day: string; quarter: string } | null {
  const match = /^(\d{4})(?:-(?:Q([1-4])|(\d{2})(?:-(\d{2}))?))?$/.exec(text);
  if (!match) return null;
  const [, year, quarter, month, day] = match;
  if (quarter) return { precision: 'quarter', year, month: '', day: '', quarter };
  if (day) return { precision: 'day', year, month: String(Number(month)), day: String(Number(day)), quarter: '' };
  if (month) return { precision: 'month', year, month: String(Number(month)), day: '', quarter: '' };
  return { precision: 'year', year, month: '', day: '', quarter: '' };
}

const MONTH_NAMES: Record<'en' | 'ar', string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  ar: ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'],
};

function partialDateField(name: string, required: boolean, ctx: FormContext): Field {
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const lang = document.documentElement.lang === 'ar' ? 'ar' : 'en';
  const precision = h('select', { id: `${id}-precision`, 'data-part': 'precision' }, PRECISIONS.map((p) => h('option', { value: p }, t(`date.${p}`))));
  const year = h('input', { id: `${id}-year`, type: 'number', inputmode: 'numeric', min: '1900', max: '2200', step: '1', className: 'date-year', 'data-part': 'year', dir: 'ltr' });
  const month = h('select', { id: `${id}-month`, 'data-part': 'month' }, MONTH_NAMES[lang].map((m, i) => h('option', { value: String(i + 1) }, m)));
  const day = h('input', { id: `${id}-day`, type: 'number', inputmode: 'numeric', min: '1', max: '31', step: '1', className: 'date-day', 'data-part': 'day', dir: 'ltr' });
  const quarter = h('select', { id: `${id}-quarter`, 'data-part': 'quarter' }, ['1', '2', '3', '4'].map((q) => h('option', { value: q }, `Q${q}`)));
  const part = (control: HTMLElement, key: string) => h('span', { className: `date-part date-part-${key}` }, h('label', { for: control.id }, t(`date.${key}Field`)), control);
  const parts = { day: part(day, 'day'), month: part(month, 'month'), quarter: part(quarter, 'quarter'), year: part(year, 'year') };
  const showParts = () => {
    const p = precision.value as Precision;
    parts.day.hidden = p !== 'day';
    parts.month.hidden = p !== 'day' && p !== 'month';
    parts.quarter.hidden = p !== 'quarter';
  };
  precision.addEventListener('change', () => {
    showParts();
    ctx.onChange();
  });
  for (const control of [year, month, day, quarter]) control.addEventListener('input', () => ctx.onChange());
  for (const control of [precision, year, month, day, quarter]) describedBy(control, `${id}-error`);
  showParts();
  const element = h(
    'fieldset',
    { className: 'field field-date', 'data-field': name },
    h('legend', {}, labelText(name, required)),
    h('span', { className: 'date-part date-part-precision' }, h('label', { for: precision.id }, t('date.precision')), precision),
    parts.day,
    parts.month,
    parts.quarter,
    parts.year,
    errorBox,
  );
  return leaf(
    element,
    year,
    errorBox,
    () => composePartialDate(precision.value as Precision, year.value, month.value, day.value, quarter.value),
    (value) => {
      const split = typeof value === 'string' ? splitPartialDate(value) : null;
      precision.value = split?.precision ?? 'day';
      year.value = split?.year ?? '';
      month.value = split?.month || '1';
      day.value = split?.day ?? '';
      quarter.value = split?.quarter || '1';
      showParts();
    },
  );
}

// ---------------------------------------------------------------------------------------------- money

function moneyField(name: string, required: boolean, ctx: FormContext): Field {
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const amount = h('input', { id: `${id}-amount`, type: 'text', inputmode: 'decimal', className: 'money-amount', dir: 'ltr', spellcheck: 'false', placeholder: '45000000' });
  const currency = h('input', { id: `${id}-currency`, type: 'text', className: 'money-currency', maxlength: 3, list: `${id}-currencies`, dir: 'ltr', spellcheck: 'false', placeholder: 'USD' });
  const echo = h('output', { className: 'money-echo', for: `${amount.id} ${currency.id}`, dir: 'ltr' });
  const amountError = errorBoxFor(amount.id);
  const currencyError = errorBoxFor(currency.id);
  describedBy(amount, `${amount.id}-error`, `${id}-error`);
  describedBy(currency, `${currency.id}-error`, `${id}-error`);
  const update = () => {
    const a = amount.value.trim();
    const c = currency.value.trim().toUpperCase();
    echo.textContent = /^\d+(\.\d+)?$/.test(a) && /^[A-Z]{3}$/.test(c) ? formatMoney({ amount: a, currency: c }) : '';
    ctx.onChange();
  };
  amount.addEventListener('input', update);
  currency.addEventListener('input', update);
  const element = h(
    'fieldset',
    { className: 'field field-money', 'data-field': name },
    h('legend', {}, labelText(name, required)),
    h('span', { className: 'money-part' }, h('label', { for: amount.id }, t('money.amount')), amount, amountError),
    h('span', { className: 'money-part' }, h('label', { for: currency.id }, t('money.currency')), currency, currencyError),
    h('datalist', { id: `${id}-currencies` }, CURRENCIES.map((c) => h('option', { value: c }))),
    echo,
    errorBox,
  );
  const sub = (control: HTMLInputElement, box: HTMLElement): Field =>
    leaf(control, control, box, () => control.value.trim() || undefined, (v) => (control.value = v === undefined ? '' : String(v)));
  const children: Record<string, Field> = { amount: sub(amount, amountError), currency: sub(currency, currencyError) };
  return {
    element,
    errorBox,
    focusTarget: () => amount,
    child: (key) => children[key],
    read: () => {
      const a = amount.value.trim();
      const c = currency.value.trim().toUpperCase();
      return a === '' && c === '' ? undefined : { amount: a, currency: c };
    },
    write: (value) => {
      const money = (value ?? {}) as { amount?: string; currency?: string };
      amount.value = money.amount ?? '';
      currency.value = money.currency ?? '';
      update();
    },
  };
}

// ---------------------------------------------------------------------------------------------- objects and arrays

function objectField(name: string, schema: JsonSchema, required: boolean, ctx: FormContext, refName: string | null, top: boolean): Field {
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const requiredKeys = new Set(schema.required ?? []);
  const children = new Map<string, Field>();
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const field = buildField(key, property, requiredKeys.has(key), ctx, false, false, refName);
    if (field) children.set(key, field);
  }
  const body = [...children.values()].map((f) => f.element);
  const extra: HTMLElement[] = [];
  if (refName === 'Citation' && ctx.pickQuote) {
    const pick = h('button', { type: 'button', className: 'pick-quote' }, t('cite.pick'));
    pick.addEventListener('click', async () => {
      const sourceId = children.get('sourceId')?.read();
      if (typeof sourceId !== 'string') {
        children.get('sourceId')?.focusTarget().focus();
        return;
      }
      const words = await ctx.pickQuote!(sourceId, pick);
      if (words) {
        children.get('quote')?.write(words);
        ctx.onChange();
      }
    });
    extra.push(pick);
  }
  const element = top
    ? h('div', { className: 'object-fields' }, body, errorBox)
    : h('fieldset', { className: `field field-object${refName ? ` object-${refName}` : ''}`, 'data-field': name }, h('legend', {}, labelText(name, required)), body, extra, errorBox);
  const firstControl = () => [...children.values()][0]?.focusTarget() ?? element;
  return {
    element,
    errorBox,
    focusTarget: firstControl,
    child: (key) => children.get(key),
    read: () => {
      const out: Record<string, unknown> = {};
      for (const [key, field] of children) {
        const value = field.read();
        if (value !== undefined) out[key] = value;
      }
      return Object.keys(out).length === 0 && !required && !top ? undefined : out;
    },
    write: (value) => {
      const object = (value ?? {}) as Record<string, unknown>;
      for (const [key, field] of children) field.write(object[key]);
    },
  };
}

function arrayField(name: string, schema: JsonSchema, required: boolean, ctx: FormContext): Field {
  const id = uid(name);
  const errorBox = errorBoxFor(id);
  const itemSchema = schema.items ?? { type: 'string' };
  const items: { field: Field; row: HTMLElement }[] = [];
  const list = h('ol', { className: 'array-items' });
  const what = itemLabel(name);
  const add = h('button', { type: 'button', className: 'array-add' }, t('form.add', { what: document.documentElement.lang === 'ar' ? what : what.toLocaleLowerCase() }));
  const min = schema.minItems ?? 0;
  const renumber = () => {
    items.forEach(({ row }, i) => {
      row.dataset.index = String(i);
      const label = row.querySelector(':scope > .field > legend, :scope > .field > label');
      if (label) label.textContent = `${what} ${i + 1}`;
      const remove = row.querySelector<HTMLButtonElement>('.array-remove');
      if (remove) remove.lastElementChild!.textContent = ` ${what} ${i + 1}`;
    });
    add.disabled = schema.maxItems !== undefined && items.length >= schema.maxItems;
  };
  const addItem = (value?: unknown) => {
    const field = buildField(name, itemSchema, true, ctx, true);
    if (!field) return;
    const remove = h('button', { type: 'button', className: 'array-remove' }, t('form.remove'), h('span', { className: 'visually-hidden' }, ''));
    const row = h('li', { className: 'array-item' }, field.element, remove);
    remove.addEventListener('click', () => {
      const index = items.findIndex((item) => item.row === row);
      items.splice(index, 1);
      row.remove();
      renumber();
      ctx.onChange();
      (items[Math.min(index, items.length - 1)]?.field.focusTarget() ?? add).focus();
    });
    items.push({ field, row });
    list.append(row);
    if (value !== undefined) field.write(value);
    renumber();
  };
  add.addEventListener('click', () => {
    addItem();
    items[items.length - 1]?.field.focusTarget().focus();
    ctx.onChange();
  });
  for (let i = 0; i < Math.max(min, 0); i++) addItem();
  const element = h('fieldset', { className: 'field field-array', 'data-field': name, id }, h('legend', {}, labelText(name, required)), list, add, errorBox);
  return {
    element,
    errorBox,
    focusTarget: () => items[0]?.field.focusTarget() ?? add,
    child: (key) => items[Number(key)]?.field,
    read: () => {
      const values = items.map((item) => item.field.read()).filter((v) => v !== undefined);
      return values.length === 0 && !required ? undefined : values;
    },
    write: (value) => {
      for (const item of items) item.row.remove();
      items.length = 0;
      const values = Array.isArray(value) ? value : [];
      for (const v of values) addItem(v);
      for (let i = values.length; i < min; i++) addItem();
      renumber();
    },
  };
}

/** The input for one property; null for a property no form can fill (a correction's free-form change set). */
export function buildField(name: string, raw: JsonSchema, required: boolean, ctx: FormContext, item = false, top = false, parent: string | null = null): Field | null {
  const { schema, name: refName } = resolve(raw, ctx.schemas);
  if (refName === 'Money') return moneyField(name, required, ctx);
  if (schema.type === 'array' && !item) return arrayField(name, schema, required, ctx);
  if (schema.type === 'object' || schema.properties) {
    if (!schema.properties) return null;
    return objectField(name, schema, required, ctx, refName, top);
  }
  if (isPartialDateSchema(schema)) return partialDateField(name, required, ctx);
  if (schema.enum) return selectField(name, schema.enum.map((v) => [String(v), choiceLabel(String(v))] as const), required, ctx);
  if (schema.type === 'integer' || schema.type === 'number') return numberField(name, schema, required, ctx);
  if (schema.type === 'boolean') return booleanField(name, required, ctx);
  // On a payload itself, partyId and sourceId name the party or source being registered; inside it, one registered.
  const onPayload = parent?.endsWith('Payload') ?? false;
  if (PARTY_FIELDS.has(name) && !(onPayload && name === 'partyId')) return selectField(name, ctx.parties(), required, ctx, 'field-party');
  if (name === 'sourceId' && parent === 'Citation') return selectField(name, ctx.sources(), required, ctx, 'field-source');
  return textField(name, schema, required, ctx);
}

/** The field at a dotted path (`participants.0.name`), or the deepest field on the way there. */
export function fieldAt(root: Field, path: string): { field: Field; exact: boolean } {
  let field = root;
  const parts = path.split('.').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    const next = field.child(parts[i]);
    if (!next) return { field, exact: false };
    field = next;
  }
  return { field, exact: true };
}

export function showFieldError(field: Field, message: string): void {
  const box = field.errorBox;
  box.hidden = false;
  box.append(h('span', { className: 'field-error-message' }, message));
  field.focusTarget().setAttribute('aria-invalid', 'true');
  field.element.classList.add('has-error');
}

export function clearFieldErrors(root: HTMLElement): void {
  for (const box of root.querySelectorAll<HTMLElement>('.field-error')) {
    box.replaceChildren();
    box.hidden = true;
  }
  for (const invalid of root.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  for (const marked of root.querySelectorAll('.has-error')) marked.classList.remove('has-error');
}

// ---------------------------------------------------------------------------------------------- corrections

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Stable JSON for comparing values (object keys sorted). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The changes a correction names: dotted paths of the fact's data to their new values. Objects present on both sides
 * are compared member by member; arrays and plain values as a whole. A field the fact never had and the form left
 * empty is no change.
 */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[key];
    const now = after[key];
    if (now === undefined) continue;
    const path = `${prefix}${key}`;
    if (isPlainObject(was) && isPlainObject(now)) Object.assign(changes, changedFields(was, now, `${path}.`));
    else if (canonical(was) !== canonical(now)) changes[path] = now;
  }
  return changes;
}

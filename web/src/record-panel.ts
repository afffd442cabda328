import { ApiError, apiDocument, getJson, postCommand } from './api.js';
import { commandLabel, commandNames, commandRecording } from './command-labels.js';
import { h, replaceChildren } from './dom.js';
import { fieldLabel } from './field-labels.js';
import { t } from './i18n.js';
import { typeLabel } from './labels.js';
import {
  type Field,
  type FormContext,
  type JsonSchema,
  type OpenApiDocument,
  buildField,
  changedFields,
  clearFieldErrors,
  commandSchema,
  fieldAt,
  resolve,
  showFieldError,
} from './schema-form.js';
import { valueText } from './views.js';

/**
 * The record panel for admin keys: a command's form generated from the OpenAPI document, a dry-run preview of the
 * events, then "Record" with one Idempotency-Key per submission; errors are put beside the fields they name.
 */

export interface RecordPanelDeps {
  readonly context: Omit<FormContext, 'schemas' | 'onChange'>;
  /** After something was recorded: reload the page's views. */
  onRecorded(stream: string, position: string): Promise<void>;
}

interface Preview {
  readonly dryRun: true;
  readonly stream: string;
  readonly expectedRevision: string | null;
  readonly events: readonly { type: string; stream: string; data: Record<string, unknown> }[];
}

interface RecordResult {
  readonly stream: string;
  readonly position: string;
  readonly replayed: boolean;
}

/** What a form sends and how it maps errors back: a fact, a correction or a retraction. */
interface FormSpec {
  readonly command: string;
  readonly title: string;
  readonly fields: HTMLElement[];
  body(): unknown;
  /** The field an error's path names, or null for an error about the form as a whole. */
  fieldFor(path: string): Field | null;
  /** Shown live under the form (a correction's changed fields). */
  summary?(): HTMLElement | null;
}

/** A submission: its body and the key it goes with, kept until the ledger answers definitely. */
interface Submission {
  readonly text: string;
  readonly key: string;
}

const UNLISTED = new Set(['correct-fact', 'retract-fact']);

export class RecordPanel {
  private document: OpenApiDocument | null = null;
  private spec: FormSpec | null = null;
  private previewed: string | null = null;
  private submission: Submission | null = null;
  private busy = false;
  private readonly el = {
    section: document.getElementById('record') as HTMLElement,
    title: document.getElementById('record-title') as HTMLElement,
    select: document.getElementById('record-command') as HTMLSelectElement,
    form: document.getElementById('record-form') as HTMLFormElement,
    fields: document.getElementById('record-fields') as HTMLElement,
    summary: document.getElementById('record-summary') as HTMLElement,
    status: document.getElementById('record-status') as HTMLElement,
    preview: document.getElementById('record-preview') as HTMLElement,
    previewButton: document.getElementById('record-preview-button') as HTMLButtonElement,
    recordButton: document.getElementById('record-button') as HTMLButtonElement,
    cancelButton: document.getElementById('record-cancel') as HTMLButtonElement,
  };

  constructor(private readonly deps: RecordPanelDeps) {
    this.el.select.addEventListener('change', () => this.choose(this.el.select.value));
    this.el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.preview();
    });
    this.el.recordButton.addEventListener('click', () => void this.record());
    this.el.cancelButton.addEventListener('click', () => this.choose(''));
  }

  /** Shows the panel when the key may record (an auditor's key is refused 403 and sees none). */
  async start(): Promise<void> {
    this.el.section.hidden = true;
    this.document = null;
    const caller = await getJson<{ mayRecord: boolean }>('caller');
    if (!caller.mayRecord) return;
    const doc = await apiDocument<OpenApiDocument>();
    this.document = doc;
    replaceChildren(this.el.select, h('option', { value: '' }, t('record.choose')), this.listed().map((name) => h('option', { value: name }, commandLabel(doc, name))));
    this.el.section.hidden = false;
    this.el.section.dataset.state = 'ready';
    this.choose('');
  }

  get available(): boolean {
    return this.document !== null;
  }

  private formContext(): FormContext {
    return { ...this.deps.context, schemas: this.document!.components.schemas, onChange: () => this.changed() };
  }

  /** A new fact of the chosen command, from its schema. */
  choose(command: string): void {
    this.el.select.value = command;
    if (!command || !this.document) {
      this.show(null);
      return;
    }
    const schema = commandSchema(this.document, command);
    if (!schema) return;
    const root = buildField(command, schema, true, this.formContext(), false, true)!;
    this.show({
      command,
      title: commandLabel(this.document, command),
      fields: [root.element],
      body: () => root.read(),
      fieldFor: (path) => {
        const { field, exact } = fieldAt(root, path);
        return exact || field !== root ? field : null;
      },
    });
  }

  /** A correction of one fact: its command's form prefilled with what the ledger now believes. */
  correct(stream: string, eventId: string, type: string, current: Record<string, unknown>, what: string): void {
    const command = this.document ? commandRecording(this.document, type, this.listed()) : null;
    const schema = command && this.document ? commandSchema(this.document, command) : null;
    const correctSchema = this.document ? commandSchema(this.document, 'correct-fact') : null;
    if (!command || !schema || !correctSchema) return;
    const ctx = this.formContext();
    const { schema: payload } = resolve(schema, ctx.schemas);
    // The fact's own citations stay as they are: a correction cites its own sources.
    const dataSchema: JsonSchema = { ...payload, properties: Object.fromEntries(Object.entries(payload.properties ?? {}).filter(([k]) => k !== 'sources')), required: (payload.required ?? []).filter((k) => k !== 'sources') };
    const data = buildField(command, dataSchema, true, ctx, false, true)!;
    data.write(current);
    const meta = this.metaFields(correctSchema, ['reason', 'sources', 'occurredOn'], ctx);
    const changes = () => changedFields(current, data.read() as Record<string, unknown>);
    this.show({
      command: 'correct-fact',
      title: t('record.correctTitle', { what }),
      fields: [h('div', { className: 'correct-data' }, data.element), ...meta.elements],
      body: () => ({ stream, eventId, changes: changes(), ...meta.read() }),
      fieldFor: (path) => {
        if (path.startsWith('changes.')) {
          const { field, exact } = fieldAt(data, path.slice('changes.'.length));
          return exact || field !== data ? field : null;
        }
        return meta.fieldFor(path);
      },
      summary: () => {
        const changed = Object.entries(changes());
        return h(
          'div',
          { className: 'changed-fields', 'data-count': String(changed.length) },
          h('h4', {}, t('record.changed')),
          changed.length === 0
            ? h('p', { className: 'empty' }, t('record.noChange'))
            : h('ul', {}, changed.map(([path, value]) => h('li', { 'data-path': path }, h('code', {}, path), `: ${valueText(path.split('.').pop() ?? path, valueAt(current, path) as never)} → ${valueText(path.split('.').pop() ?? path, value as never)}`))),
        );
      },
    });
  }

  retract(stream: string, eventId: string, what: string): void {
    const schema = this.document ? commandSchema(this.document, 'retract-fact') : null;
    if (!schema) return;
    const meta = this.metaFields(schema, ['reason', 'sources', 'occurredOn'], this.formContext());
    this.show({
      command: 'retract-fact',
      title: t('record.retractTitle', { what }),
      fields: meta.elements,
      body: () => ({ stream, eventId, ...meta.read() }),
      fieldFor: (path) => meta.fieldFor(path),
    });
  }

  /** The commands that record a fact, in the document's order (corrections and retractions have their own forms). */
  private listed(): string[] {
    return this.document ? commandNames(this.document).filter((name) => !UNLISTED.has(name)) : [];
  }

  private metaFields(schema: JsonSchema, keys: string[], ctx: FormContext) {
    const { schema: payload, name } = resolve(schema, ctx.schemas);
    const required = new Set(payload.required ?? []);
    const fields = new Map<string, Field>();
    for (const key of keys) {
      const property = payload.properties?.[key];
      if (!property) continue;
      const field = buildField(key, property, required.has(key), ctx, false, false, name);
      if (field) fields.set(key, field);
    }
    return {
      elements: [...fields.values()].map((f) => f.element),
      read: () => Object.fromEntries([...fields].map(([k, f]) => [k, f.read()]).filter(([, v]) => v !== undefined)),
      fieldFor: (path: string): Field | null => {
        const [head, ...rest] = path.split('.');
        const field = fields.get(head);
        if (!field) return null;
        return fieldAt(field, rest.join('.')).field;
      },
    };
  }

  private show(spec: FormSpec | null): void {
    this.spec = spec;
    this.previewed = null;
    this.submission = null;
    replaceChildren(this.el.preview);
    replaceChildren(this.el.status);
    this.el.recordButton.hidden = true;
    this.el.form.hidden = spec === null;
    this.el.section.dataset.command = spec?.command ?? '';
    this.el.section.dataset.state = 'ready';
    if (!spec) {
      replaceChildren(this.el.fields);
      replaceChildren(this.el.summary);
      return;
    }
    replaceChildren(this.el.fields, h('h3', { id: 'record-form-title' }, spec.title), spec.fields);
    this.changed();
  }

  /** Opens the panel on a form and moves focus to it. */
  reveal(): void {
    this.el.section.hidden = false;
    this.el.section.scrollIntoView({ block: 'start' });
    const first = this.el.fields.querySelector<HTMLElement>('input, select, textarea');
    (first ?? this.el.select).focus();
  }

  private bodyText(): string {
    return JSON.stringify(this.spec?.body() ?? null);
  }

  private changed(): void {
    if (!this.spec) return;
    replaceChildren(this.el.summary, this.spec.summary?.() ?? null);
    const stale = this.previewed !== null && this.previewed !== this.bodyText();
    if (stale) {
      this.el.recordButton.hidden = true;
      this.el.preview.dataset.state = 'stale';
      replaceChildren(this.el.status, h('p', { className: 'notice' }, t('record.previewStale')));
    }
  }

  private async preview(): Promise<void> {
    if (!this.spec || this.busy) return;
    const spec = this.spec;
    const text = this.bodyText();
    this.busy = true;
    this.el.section.dataset.state = 'previewing';
    clearFieldErrors(this.el.form);
    replaceChildren(this.el.status, h('p', { role: 'status' }, t('record.previewing')));
    try {
      const { body } = await postCommand<Preview>(spec.command, JSON.parse(text), { dryRun: true });
      if (this.spec !== spec) return;
      this.previewed = text;
      replaceChildren(this.el.status);
      this.renderPreview(body);
      this.el.recordButton.hidden = false;
      this.el.section.dataset.state = 'previewed';
      this.el.recordButton.focus();
    } catch (error) {
      if (this.spec === spec) this.showProblem(error, spec);
    } finally {
      this.busy = false;
    }
  }

  private renderPreview(preview: Preview): void {
    this.el.preview.dataset.state = 'fresh';
    replaceChildren(
      this.el.preview,
      h('h4', {}, t('record.previewTitle', { count: preview.events.length, stream: preview.stream })),
      h(
        'ol',
        { className: 'preview-events' },
        preview.events.map((event) =>
          h(
            'li',
            { className: 'preview-event', 'data-type': event.type },
            h('p', { className: 'preview-type' }, h('strong', {}, typeLabel(event.type)), ' ', h('code', {}, event.stream)),
            h('dl', { className: 'believed' }, Object.entries(event.data).map(([key, value]) => [h('dt', {}, fieldLabel(key)), h('dd', { 'data-field': key }, valueText(key, value as never))])),
          ),
        ),
      ),
    );
  }

  private async record(): Promise<void> {
    if (!this.spec || this.busy) return;
    const spec = this.spec;
    const text = this.bodyText();
    if (this.previewed !== text) {
      await this.preview();
      return;
    }
    // One key per submission: the same body again (a double click, a retry after no answer) reuses it, so the
    // ledger records it once; a changed body is a new submission.
    if (!this.submission || this.submission.text !== text) this.submission = { text, key: crypto.randomUUID() };
    const { key } = this.submission;
    this.busy = true;
    this.el.section.dataset.state = 'recording';
    this.el.recordButton.setAttribute('aria-disabled', 'true');
    replaceChildren(this.el.status, h('p', { role: 'status' }, t('record.recording')));
    try {
      const { body } = await postCommand<RecordResult>(spec.command, JSON.parse(text), { idempotencyKey: key });
      this.submission = null;
      // A fact recorded leaves an empty form of the same command for the next one; a correction closes its form.
      if (UNLISTED.has(spec.command)) this.choose('');
      else this.choose(spec.command);
      replaceChildren(this.el.status, h('p', { role: 'status', className: 'success' }, t(body.replayed ? 'record.replayed' : 'record.recorded', { stream: body.stream, position: body.position })));
      this.el.section.dataset.state = 'recorded';
      this.el.section.dataset.position = body.position;
      await this.deps.onRecorded(body.stream, body.position);
    } catch (error) {
      // No answer, or a server fault: the submission may have been recorded, so its key is kept for the retry.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) this.submission = null;
      this.showProblem(error, spec);
    } finally {
      this.busy = false;
      this.el.recordButton.removeAttribute('aria-disabled');
    }
  }

  private showProblem(error: unknown, spec: FormSpec): void {
    this.el.section.dataset.state = 'error';
    if (!(error instanceof ApiError)) {
      replaceChildren(this.el.status, h('p', { role: 'alert', className: 'error' }, (error as Error).message));
      return;
    }
    if (error.status === 0) {
      replaceChildren(this.el.status, h('p', { role: 'alert', className: 'error' }, t('record.networkError', { detail: error.detail ?? error.title })));
      return;
    }
    if (error.status === 409) {
      const reload = h('button', { type: 'button', className: 'reload-decide' }, t('record.reload'));
      reload.addEventListener('click', () => {
        this.previewed = null;
        void this.preview();
      });
      this.el.recordButton.hidden = true;
      replaceChildren(this.el.status, h('div', { role: 'alert', className: 'error' }, h('p', {}, t('record.conflict', { stream: error.detail ?? '' })), reload));
      reload.focus();
      return;
    }
    const named = [...error.errors.map((e) => ({ field: e.field, message: e.message })), ...(error.field ? [{ field: error.field, message: error.detail ?? error.title }] : [])];
    const unplaced: string[] = [];
    let first: Field | null = null;
    for (const { field, message } of named) {
      const target = spec.fieldFor(field);
      if (target) {
        showFieldError(target, message);
        first ??= target;
      } else unplaced.push(`${field}: ${message}`);
    }
    this.el.recordButton.hidden = true;
    this.previewed = null;
    const lines = named.length === 0 ? [error.message] : unplaced;
    replaceChildren(
      this.el.status,
      h('div', { role: 'alert', className: 'error' }, h('p', {}, named.length > 0 ? t('record.fixFields', { count: named.length }) : error.title), lines.length > 0 ? h('ul', {}, lines.map((line) => h('li', {}, line))) : null),
    );
    first?.focusTarget().focus();
  }
}

function valueAt(object: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
}

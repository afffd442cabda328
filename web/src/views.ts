import { formatDayLong, formatInstant, formatPartial, parsePartial } from './dates.js';
import { h, langAttributes } from './dom.js';
import { fieldLabel } from './field-labels.js';
import { hasString, language, t } from './i18n.js';
import { partyName, precisionLabel, typeLabel } from './labels.js';
import { formatCount, formatMoney, formatYear } from './money.js';
import type { PerYear } from './per-year.js';
import { factSummary } from './summaries.js';
import type {
  Certainty,
  Citation,
  CommitmentItem,
  CommitmentsView,
  DiffResponse,
  HistoryEntry,
  HistoryResponse,
  JsonObject,
  JsonValue,
  ModelDiff,
  OfficeItem,
  SourcedCitation,
  TimelineEntry,
} from './types.js';

/**
 * A period as the ledger knows it: both ends as recorded, or, for one known by its duration (three years from a
 * signing known to the month), the span of every possible period, from its earliest start to its latest end.
 */
function periodText(item: CommitmentItem): string {
  const { period, periodSpan } = item;
  if (period?.from !== undefined && period.to !== undefined) return `${formatPartial(period.from)} – ${formatPartial(period.to)}`;
  if (periodSpan) return `${formatPartial(periodSpan.startEarliest)} – ${formatPartial(periodSpan.endLatest)} (${t('card.periodAtMost')})`;
  return t('card.notRecorded');
}

/** Source documents as registered (SourceRegistered), to describe citations that arrive without them. */
export type SourceInfo = Omit<SourcedCitation, 'sourceId' | 'quote' | 'note'>;

export interface RenderContext {
  readonly sources: ReadonlyMap<string, SourceInfo>;
  readonly names: ReadonlyMap<string, string>;
  readonly openHistory: (stream: string, opener: HTMLElement) => void;
  /** Opens a source's document (GET /api/sources/:id). */
  readonly openSource?: (sourceId: string, opener: HTMLElement) => void;
  /** For admin keys: start a correction or retraction of a fact still believed. */
  readonly amend?: {
    correct(stream: string, eventId: string, type: string, data: JsonObject): void;
    retract(stream: string, eventId: string, type: string): void;
  };
}

const statusText = (status: string) => (hasString(`status.${status}`) ? t(`status.${status}`) : status);

function nameOf(context: RenderContext, id: string): string {
  return context.names.get(id) ?? id;
}

export function dateText(text: string): HTMLElement {
  const date = parsePartial(text);
  const shown = formatPartial(text);
  if (!date) return h('span', {}, text);
  return h(
    'span',
    { className: 'partial-date', 'data-precision': date.precision },
    date.precision === 'day' ? h('time', { datetime: text }, shown) : shown,
    date.precision === 'day' ? null : h('span', { className: 'precision' }, ` (${precisionLabel(date.precision)})`),
  );
}

export function certaintyBadge(certainty: Certainty, explanation: string): HTMLElement | null {
  if (certainty !== 'possible') return null;
  return h('span', { className: 'badge badge-possible', title: explanation, 'data-certainty': 'possible' }, h('span', { 'aria-hidden': 'true' }, '◐ '), t('badge.possible'), h('span', { className: 'visually-hidden' }, `: ${explanation}`));
}

function historyButton(context: RenderContext, stream: string, what: string): HTMLButtonElement {
  const button = h('button', { type: 'button', className: 'history-button', 'data-stream': stream }, t('history.button'), h('span', { className: 'visually-hidden' }, ` ${t('history.of', { what })}`));
  button.addEventListener('click', () => context.openHistory(stream, button));
  return button;
}

// ---------------------------------------------------------------------------------------------- citations

export function describe(citation: Citation | SourcedCitation, context: RenderContext): SourcedCitation {
  if ('publisher' in citation) return citation;
  const source = context.sources.get(citation.sourceId);
  return { ...citation, title: source?.title ?? null, publisher: source?.publisher ?? null, publishedOn: source?.publishedOn ?? null, language: source?.language ?? null, document: source?.document ?? null, url: source?.url ?? null };
}

export function citationList(citations: readonly (Citation | SourcedCitation)[], context: RenderContext): HTMLElement {
  if (citations.length === 0) return h('p', { className: 'empty' }, t('cite.none'));
  return h(
    'ol',
    { className: 'citations' },
    citations.map((raw) => {
      const c = describe(raw, context);
      const quoteLang = c.language ?? (/[\u0600-\u06FF]/.test(c.quote) ? 'ar' : null);
      return h(
        'li',
        { className: 'citation', 'data-source': c.sourceId },
        h('blockquote', { className: 'quote', ...langAttributes(quoteLang, c.quote) }, c.quote),
        h(
          'p',
          { className: 'citation-source' },
          h('span', { className: 'source-title', ...langAttributes(/[\u0600-\u06FF]/.test(c.title ?? '') ? 'ar' : null, c.title ?? '') }, c.title ?? c.sourceId),
          h('span', { className: 'source-meta' },
            c.publisher ? h('span', { className: 'publisher' }, h('span', { className: 'meta-label' }, t('cite.publisher')), h('bdi', {}, c.publisher)) : null,
            c.publishedOn ? h('span', {}, h('span', { className: 'meta-label' }, t('cite.published')), formatPartial(c.publishedOn)) : h('span', {}, t('cite.noDate')),
            c.document ? h('span', { className: 'document' }, h('span', { className: 'meta-label' }, t('cite.documentLabel')), h('code', {}, c.document)) : h('span', { className: 'document' }, t('cite.notHeld')),
            c.url ? h('span', {}, h('a', { href: c.url, rel: 'noopener noreferrer external' }, c.url)) : null,
          ),
        ),
        c.note ? h('p', { className: 'citation-note' }, h('span', { className: 'meta-label' }, t('cite.note')), c.note) : null,
        readButton(c.sourceId, context),
      );
    }),
  );
}

function readButton(sourceId: string, context: RenderContext): HTMLElement | null {
  const open = context.openSource;
  if (!open) return null;
  const button = h('button', { type: 'button', className: 'read-source', 'data-source': sourceId }, t('cite.read'));
  button.addEventListener('click', () => open(sourceId, button));
  return button;
}

function sourcesDisclosure(citations: readonly (Citation | SourcedCitation)[], context: RenderContext): HTMLElement {
  return h('details', { className: 'sources' }, h('summary', {}, t('cite.sources', { count: formatCount(citations.length) })), citationList(citations, context));
}

// ---------------------------------------------------------------------------------------------- commitments

export function renderTotals(view: CommitmentsView): HTMLElement {
  const line = (totals: CommitmentsView['totals']['commitments'], none: string) =>
    totals.length === 0
      ? h('dd', {}, none)
      : totals.map((total) => h('dd', { 'data-currency': total.currency }, h('strong', { className: 'total' }, formatMoney(total.total)), h('span', { className: 'active' }, ` · ${t('totals.active')} ${formatMoney(total.active)}`)));
  const count = (kind: string) => view.items.filter((i) => i.kind === kind && i.status !== 'retracted').length;
  return h(
    'dl',
    { className: 'totals' },
    h('div', { className: 'total-box total-commitments' }, h('dt', {}, t('totals.commitments', { count: formatCount(count('commitment')) })), line(view.totals.commitments, t('totals.none'))),
    h('div', { className: 'total-box total-pledges' }, h('dt', {}, t('totals.pledges', { count: formatCount(count('pledge')) })), line(view.totals.pledges, t('totals.none'))),
  );
}

export function renderPerYearTable(data: PerYear, highlightYear: number): HTMLElement {
  if (data.rows.length === 0) return h('p', { className: 'empty' }, t('perYear.empty'));
  const currencies = new Set(data.rows.map((r) => r.currency));
  return h(
    'div',
    { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('perYear.region') },
    h(
      'table',
      { className: 'per-year', id: 'per-year-table' },
      h('caption', {}, t('perYear.caption')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('perYear.year')), data.series.map((s) => h('th', { scope: 'col' }, t(`perYear.${s}`))))),
      h(
        'tbody',
        {},
        data.rows.map((r) =>
          h(
            'tr',
            { className: r.year === highlightYear ? 'current-year' : null, 'aria-current': r.year === highlightYear ? 'date' : null },
            h('th', { scope: 'row' }, currencies.size > 1 ? `${formatYear(r.year)} (${r.currency})` : formatYear(r.year)),
            data.series.map((s) => h('td', {}, Number(r.amounts[s]) === 0 ? '—' : formatMoney({ amount: r.amounts[s], currency: r.currency }))),
          ),
        ),
      ),
    ),
  );
}

export function renderUnscheduled(data: PerYear, context: RenderContext): HTMLElement | null {
  if (data.unscheduled.length === 0) return null;
  return h(
    'div',
    { className: 'unplaced', id: 'unscheduled' },
    h('p', {}, t('perYear.unscheduled')),
    h(
      'ul',
      {},
      data.unscheduled.map((i) =>
        h('li', { 'data-id': i.id }, h('strong', {}, formatMoney(i.total)), ` — ${i.title ?? nameOf(context, i.id)} (${t(`kind.${i.kind}`)}; ${i.period ? `${t('card.period')} ${periodText(i)}` : t('perYear.noPeriod')})`),
      ),
    ),
  );
}

function commitmentCard(item: CommitmentItem, context: RenderContext, asOf: string): HTMLElement {
  const title = item.title ?? nameOf(context, item.id);
  const kindText = t(`kindTitle.${item.kind}`);
  return h(
    'li',
    { className: `card commitment kind-${item.kind}`, 'data-id': item.id, 'data-kind': item.kind, 'data-status': item.status },
    h('p', { className: 'card-kicker' }, h('span', { className: `kind-tag kind-tag-${item.kind}` }, kindText), ' ', h('span', { className: `status status-${item.status}` }, statusText(item.status)), ' ', certaintyBadge(item.certainty, t('badge.straddles', { date: formatPartial(item.occurredOn), day: formatDayLong(asOf) }))),
    h('h3', { className: 'card-title' }, title),
    h('p', { className: 'amount', 'data-amount': item.total.amount, 'data-currency': item.total.currency }, formatMoney(item.total)),
    h(
      'dl',
      { className: 'facts' },
      h('dt', {}, t('card.fromTo')), h('dd', {}, `${partyName(item.donorId)} ${language() === 'ar' ? '←' : '→'} ${partyName(item.recipientId)}`),
      h('dt', {}, t(item.kind === 'commitment' ? 'card.signed' : 'card.announced')), h('dd', {}, dateText(item.occurredOn)),
      h('dt', {}, t('card.period')), h('dd', {}, item.period ? periodText(item) : t('card.notRecorded')),
      item.schedule.length > 0 ? [h('dt', {}, t('card.schedule')), h('dd', {}, item.schedule.map((s) => `${formatYear(s.year)}: ${formatMoney(s.amount)}`).join('; '))] : null,
      h('dt', {}, t('card.disbursed')), h('dd', {}, formatMoney(item.disbursed)),
      item.renews ? [h('dt', {}, t('card.renews')), h('dd', {}, nameOf(context, item.renews))] : null,
      item.renewedBy.length > 0 ? [h('dt', {}, t('card.renewedBy')), h('dd', {}, item.renewedBy.map((id) => nameOf(context, id)).join('; '))] : null,
    ),
    item.purposes.length > 0 ? h('details', { className: 'purposes' }, h('summary', {}, t('card.purposes', { count: formatCount(item.purposes.length) })), h('ul', {}, item.purposes.map((p) => h('li', {}, p)))) : null,
    h('div', { className: 'card-actions' }, sourcesDisclosure(item.sources, context), historyButton(context, item.id, title)),
  );
}

export function renderCommitmentList(view: CommitmentsView, context: RenderContext, asOf: string): HTMLElement {
  if (view.items.length === 0) return h('p', { className: 'empty' }, t('commitments.empty'));
  return h('ul', { className: 'cards', id: 'commitment-list' }, view.items.map((item) => commitmentCard(item, context, asOf)));
}

// ---------------------------------------------------------------------------------------------- offices

export function renderOffices(offices: readonly OfficeItem[], context: RenderContext, asOf: string): HTMLElement {
  if (offices.length === 0) return h('p', { className: 'empty' }, t('offices.empty'));
  return h(
    'ul',
    { className: 'cards', id: 'office-list' },
    offices.map((office) =>
      h(
        'li',
        { className: `card office certainty-${office.certainty}`, 'data-id': office.id, 'data-certainty': office.certainty },
        h('h3', { className: 'card-title' }, office.name.en),
        office.name.ar ? h('p', { className: 'name-ar', lang: 'ar', dir: 'rtl' }, office.name.ar) : null,
        h(
          'dl',
          { className: 'facts' },
          h('dt', {}, t('office.opened')),
          h('dd', { className: 'opened', 'data-opened-on': office.openedOn, 'data-precision': office.openedOnPrecision }, dateText(office.openedOn), ' ', certaintyBadge(office.certainty, t('badge.officeStraddles', { date: formatPartial(office.openedOn), precision: precisionLabel(office.openedOnPrecision), day: formatDayLong(asOf) }))),
          h('dt', {}, t('office.city')), h('dd', { className: 'city' }, `${office.city}, ${office.country}`),
          h('dt', {}, t('office.operator')), h('dd', {}, partyName(office.operatorId)),
          h('dt', {}, t('office.host')), h('dd', {}, office.hostAgreement ? nameOf(context, office.hostAgreement) : t('office.noHost')),
          office.closedOn ? [h('dt', {}, t('office.closes')), h('dd', {}, dateText(office.closedOn))] : null,
        ),
        office.mandate ? h('details', { className: 'mandate' }, h('summary', {}, t('office.mandate')), h('p', {}, office.mandate)) : null,
        h('div', { className: 'card-actions' }, sourcesDisclosure(office.sources, context), historyButton(context, office.id, office.name.en)),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------- timeline

export function renderTimeline(entries: readonly TimelineEntry[], context: RenderContext, asOf: string): HTMLElement {
  if (entries.length === 0) return h('p', { className: 'empty' }, t('timeline.empty'));
  return h(
    'ol',
    { className: 'timeline', id: 'timeline-list' },
    entries.map((entry) =>
      h(
        'li',
        { className: 'fact', 'data-stream': entry.stream, 'data-type': entry.type, 'data-event': entry.eventId },
        h(
          'p',
          { className: 'fact-head' },
          h('span', { className: 'fact-date' }, dateText(entry.validTime)),
          ' ',
          h('span', { className: 'fact-type' }, typeLabel(entry.type)),
          ' ',
          certaintyBadge(entry.certainty, t('badge.factStraddles', { date: formatPartial(entry.validTime), day: formatDayLong(asOf) })),
          entry.corrected ? h('span', { className: 'badge badge-corrected' }, t('badge.corrected')) : null,
        ),
        h('p', { className: 'fact-summary' }, factSummary(entry, context)),
        h('p', { className: 'fact-recorded' }, t('timeline.recorded', { when: formatInstant(entry.recordedAt), position: entry.position })),
        h('div', { className: 'card-actions' }, sourcesDisclosure(entry.sources, context), historyButton(context, entry.stream, factSummary(entry, context))),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------- history

const DATE_KEYS = new Set(['occurredOn', 'from', 'to', 'expectedBy', 'publishedOn']);

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function valueText(key: string, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return t('card.notRecorded');
  if (typeof value === 'string') {
    if (!DATE_KEYS.has(key) || !parsePartial(value)) return value;
    const shown = formatPartial(value);
    return shown === value ? value : `${shown} (${value})`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? t('totals.none') : value.map((v) => valueText(key, v)).join('; ');
  if (typeof value.amount === 'string' && typeof value.currency === 'string') return formatMoney({ amount: value.amount, currency: value.currency });
  if (typeof value.en === 'string') return language() === 'ar' && typeof value.ar === 'string' ? value.ar : value.en;
  if (typeof value.from === 'string' && typeof value.to === 'string') return `${formatPartial(value.from)} – ${formatPartial(value.to)}`;
  return JSON.stringify(value);
}

const BELIEF_KEYS = ['occurredOn', 'from', 'to', 'name', 'title', 'city', 'country', 'operatorId', 'hostAgreement', 'kind', 'total', 'period', 'renews'];

function believed(data: JsonObject): HTMLElement {
  const source = isObject(data.commitment) ? { ...data, ...data.commitment } : data;
  const keys = BELIEF_KEYS.filter((k) => source[k] !== undefined);
  return h('dl', { className: 'believed' }, keys.map((k) => [h('dt', {}, fieldLabel(k)), h('dd', { 'data-field': k }, valueText(k, source[k]))]));
}

/** Each changed field with its value before and after; objects are compared member by member. */
function changeRows(changes: JsonObject, before: JsonObject): { field: string; was: string; now: string }[] {
  const rows: { field: string; was: string; now: string }[] = [];
  for (const [key, now] of Object.entries(changes)) {
    const was = before[key];
    if (isObject(now) && isObject(was) && typeof now.amount !== 'string' && typeof now.en !== 'string') {
      for (const sub of new Set([...Object.keys(was), ...Object.keys(now)])) {
        if (JSON.stringify(was[sub]) !== JSON.stringify(now[sub])) rows.push({ field: `${key}.${sub}`, was: valueText(sub, was[sub]), now: valueText(sub, now[sub]) });
      }
    } else {
      rows.push({ field: key, was: valueText(key, was), now: valueText(key, now) });
    }
  }
  return rows;
}

function amendButtons(entry: HistoryEntry, stream: string, current: HistoryResponse['history']['current'], context: RenderContext): HTMLElement | null {
  const amend = context.amend;
  const fact = current.find((c) => c.eventId === entry.eventId && !c.retracted);
  if (!amend || entry.change !== 'recorded' || !fact) return null;
  const correct = h('button', { type: 'button', className: 'correct-button', 'data-event': entry.eventId }, t('record.correct'));
  correct.addEventListener('click', () => amend.correct(stream, entry.eventId, fact.type, fact.data));
  const retract = h('button', { type: 'button', className: 'retract-button', 'data-event': entry.eventId }, t('record.retract'));
  retract.addEventListener('click', () => amend.retract(stream, entry.eventId, fact.type));
  return h('div', { className: 'amend-actions' }, correct, retract);
}

function historyEntry(entry: HistoryEntry, context: RenderContext, stream = '', current: HistoryResponse['history']['current'] = []): HTMLElement {
  const meta = h('p', { className: 'history-meta' }, t('history.recordedAt'), ' ', h('time', { datetime: entry.recordedAt }, formatInstant(entry.recordedAt)), ` ${t('history.by')} `, h('strong', { className: 'actor' }, entry.actor ?? '?'), ` · ${t('history.position', { position: entry.position })}`);
  const sources = [h('h4', {}, t('history.sources')), citationList(entry.sources, context)];
  switch (entry.change) {
    case 'recorded':
      return h(
        'li',
        { className: 'history-entry history-recorded', 'data-change': 'recorded', 'data-position': entry.position },
        h('h3', {}, `${t('history.recorded')}: ${typeLabel(entry.type)}`),
        meta,
        h('h4', {}, t('history.believed')),
        believed(entry.data),
        h('details', { className: 'raw' }, h('summary', {}, t('history.allFields')), h('pre', {}, JSON.stringify(entry.data, null, 2))),
        sources,
        amendButtons(entry, stream, current, context),
      );
    case 'corrected':
      return h(
        'li',
        { className: 'history-entry history-corrected', 'data-change': 'corrected', 'data-position': entry.position },
        h('h3', {}, `${t('history.corrected')}: ${typeLabel(entry.type)}`),
        meta,
        h(
          'table',
          { className: 'changes' },
          h('caption', {}, t('history.whatChanged')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('history.field')), h('th', { scope: 'col' }, t('history.before')), h('th', { scope: 'col' }, t('history.after')))),
          h('tbody', {}, changeRows(entry.changes, entry.before).map((r) => h('tr', { 'data-field': r.field }, h('th', { scope: 'row' }, r.field), h('td', { className: 'was' }, r.was), h('td', { className: 'now' }, r.now)))),
        ),
        h('p', { className: 'reason' }, h('span', { className: 'meta-label' }, `${t('record.reason')}: `), entry.reason),
        sources,
      );
    case 'retracted':
      return h(
        'li',
        { className: 'history-entry history-retracted', 'data-change': 'retracted', 'data-position': entry.position },
        h('h3', {}, `${t('history.retracted')}: ${typeLabel(entry.type)}`),
        meta,
        h('p', { className: 'reason' }, h('span', { className: 'meta-label' }, `${t('record.reason')}: `), entry.reason),
        sources,
      );
  }
}

export function renderHistory(response: HistoryResponse, context: RenderContext): HTMLElement {
  const { history } = response;
  return h(
    'div',
    { className: 'history' },
    h('p', { className: 'history-intro' }, h('code', {}, history.stream), ` · ${t('history.intro', { count: formatCount(history.entries.length), knownAt: response.knownAt ?? t('history.now'), position: response.position ?? '—' })}`),
    h('ol', { className: 'history-entries' }, history.entries.map((e) => historyEntry(e, context, history.stream, history.current))),
  );
}

// ---------------------------------------------------------------------------------------------- diff

const DIFF_MODELS: { key: keyof Omit<DiffResponse['diff'], 'from' | 'to'>; title: string }[] = [
  { key: 'commitments', title: 'commitments.title' },
  { key: 'offices', title: 'diff.offices' },
  { key: 'engagements', title: 'diff.engagements' },
  { key: 'programmes', title: 'diff.programmes' },
];

function summaryText(summary: Record<string, string>): string {
  return Object.entries(summary)
    .filter(([k, v]) => k !== 'id' && v !== '')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export function renderDiff(response: DiffResponse, context: RenderContext): HTMLElement {
  const { diff } = response;
  const sections = DIFF_MODELS.map(({ key, title }) => {
    const model = diff[key] as ModelDiff<Record<string, string> & { id: string }>;
    const items: HTMLElement[] = [
      ...model.added.map((s) => h('li', { className: 'diff-added', 'data-id': s.id }, h('span', { className: 'diff-sign', 'aria-hidden': 'true' }, '+ '), h('span', { className: 'visually-hidden' }, t('diff.added')), nameOf(context, s.id), h('span', { className: 'diff-detail' }, ` (${summaryText(s)})`))),
      ...model.removed.map((s) => h('li', { className: 'diff-removed', 'data-id': s.id }, h('span', { className: 'diff-sign', 'aria-hidden': 'true' }, '− '), h('span', { className: 'visually-hidden' }, t('diff.removed')), nameOf(context, s.id), h('span', { className: 'diff-detail' }, ` (${summaryText(s)})`))),
      ...model.changed.map((c) => h('li', { className: 'diff-changed', 'data-id': c.id }, h('span', { className: 'diff-sign', 'aria-hidden': 'true' }, '~ '), h('span', { className: 'visually-hidden' }, t('diff.changed')), nameOf(context, c.id), h('span', { className: 'diff-detail' }, `: ${summaryText(c.before)} → ${summaryText(c.after)}`))),
    ];
    return h('section', { className: 'diff-model', 'data-model': key }, h('h3', {}, t(title)), items.length === 0 ? h('p', { className: 'empty' }, t('diff.none')) : h('ul', {}, items));
  });
  return h('div', { className: 'diff-result' }, h('p', {}, t('diff.intro', { from: formatDayLong(diff.from), to: formatDayLong(diff.to), knownAt: response.knownAt ?? t('history.now') })), h('div', { className: 'diff-grid' }, sections));
}

import { ApiError, type Params, auditorKey, getJson } from './api.js';
import { chartAvailable, clearChart, drawPerYearChart } from './chart.js';
import { addMonths, dayOfEpoch, epochDay, formatDayLong, formatInstant, isDay, parsePartial, today } from './dates.js';
import { byId, h, replaceChildren } from './dom.js';
import { language, setLanguage, t, translateStatic } from './i18n.js';
import { isRegisteredParty, partyEntries, setParties } from './labels.js';
import { type Partnership, partnershipName, solePartnership } from './partnership.js';
import { RecordPanel } from './record-panel.js';
import { SourceView } from './source-view.js';
import { formatCount } from './money.js';
import { perYearOf } from './per-year.js';
import type { DiffResponse, EventsResponse, HistoryResponse, Party, StateResponse, StoredEvent, TimelineResponse } from './types.js';
import { KNOWN_AT_PATTERN, type ViewState, readViewState, viewStateQuery, writeViewState } from './url-state.js';
import {
  type RenderContext,
  type SourceInfo,
  renderCommitmentList,
  renderDiff,
  renderHistory,
  renderOffices,
  renderPerYearTable,
  renderTimeline,
  renderTotals,
  renderUnscheduled,
} from './views.js';

/** The auditor's page: wiring between the controls, the address bar and the ledger's read API. */

const FAR_FUTURE = '2999-12-31';
const el = {
  main: byId('main'),
  keyForm: byId<HTMLFormElement>('key-form'),
  keyInput: byId<HTMLInputElement>('auditor-key'),
  forgetKey: byId<HTMLButtonElement>('forget-key'),
  keyStatus: byId('key-status'),
  slider: byId<HTMLInputElement>('as-of-slider'),
  sliderMin: byId('slider-min'),
  sliderMax: byId('slider-max'),
  factDays: byId<HTMLDataListElement>('fact-days'),
  asOfShown: byId('as-of-shown'),
  dateInput: byId<HTMLInputElement>('as-of-date'),
  todayButton: byId<HTMLButtonElement>('as-of-today'),
  prevFact: byId<HTMLButtonElement>('prev-fact'),
  nextFact: byId<HTMLButtonElement>('next-fact'),
  knownAtSelect: byId<HTMLSelectElement>('known-at-select'),
  knownAtForm: byId<HTMLFormElement>('known-at-form'),
  knownAtInput: byId<HTMLInputElement>('known-at-input'),
  viewStatus: byId('view-status'),
  error: byId('error'),
  totals: byId('commitment-totals'),
  chartBox: byId('chart-box'),
  chart: byId<HTMLCanvasElement>('per-year-chart'),
  perYear: byId('per-year'),
  commitments: byId('commitments-body'),
  offices: byId('offices-body'),
  officesDate: byId('offices-date'),
  commitmentsDate: byId('commitments-date'),
  commitmentsScope: byId('commitments-scope'),
  partnershipTitle: byId('partnership-title'),
  donorSelect: byId<HTMLSelectElement>('donor-select'),
  recipientSelect: byId<HTMLSelectElement>('recipient-select'),
  timelineDate: byId('timeline-date'),
  timeline: byId('timeline-body'),
  diffForm: byId<HTMLFormElement>('diff-form'),
  diffFrom: byId<HTMLInputElement>('diff-from'),
  diffTo: byId<HTMLInputElement>('diff-to'),
  diffResult: byId('diff-result'),
  dialog: byId<HTMLDialogElement>('history-dialog'),
  dialogTitle: byId('history-title'),
  dialogBody: byId('history-body'),
  dialogClose: byId<HTMLButtonElement>('history-close'),
};

const view: ViewState = readViewState();
let range = { min: epochDay('2017-01-01'), max: epochDay(today()) };
let factDays: number[] = [];
const names = new Map<string, string>();
const sources = new Map<string, SourceInfo>();
let headPosition: string | null = null;
let refreshController: AbortController | null = null;
let refreshTimer: number | undefined;
let historyOpener: HTMLElement | null = null;
/** The partnership the ledger holds when it holds only one: the header's name when no party is chosen. */
let sole: Partnership | null = null;
/** Whether the registered parties have been read (until then a chosen id is not yet known to be unregistered). */
let partiesRead = false;

const sourceView = new SourceView(() => view.knownAt);
const context: RenderContext = {
  sources,
  names,
  openHistory: (stream, opener) => void openHistory(stream, opener),
  openSource: (sourceId, opener) => void sourceView.open(sourceId, opener),
};

const recordPanel = new RecordPanel({
  context: {
    parties: () => partyEntries(),
    sources: () => [...sources].map(([id, s]): [string, string] => [id, s.title ? `${s.title} (${id})` : id]),
    streams: (kinds) => [...names.keys()].filter((stream) => kinds.some((kind) => stream.startsWith(`${kind}-`))).sort(),
    pickQuote: (sourceId, opener) => sourceView.open(sourceId, opener, true),
  },
  onRecorded: async (stream) => {
    await loadReference();
    await refresh();
    if (el.dialog.open && el.dialog.dataset.stream === stream) await openHistory(stream, null);
  },
});

/** Corrections and retractions start from an entity's history, on admin keys only. */
function amendActions(): RenderContext['amend'] {
  if (!recordPanel.available) return undefined;
  const what = (stream: string) => names.get(stream) ?? stream;
  return {
    correct: (stream, eventId, type, data) => {
      el.dialog.close();
      recordPanel.correct(stream, eventId, type, data, what(stream));
      recordPanel.reveal();
    },
    retract: (stream, eventId) => {
      el.dialog.close();
      recordPanel.retract(stream, eventId, what(stream));
      recordPanel.reveal();
    },
  };
}

// ------------------------------------------------------------------------------------------------ helpers

function currentAsOf(): string {
  return view.asOf ?? dayOfEpoch(clamp(epochDay(today())));
}

function clamp(day: number): number {
  return Math.min(range.max, Math.max(range.min, day));
}

function readParams(extra: Params = {}): Params {
  return { knownAt: view.knownAt, ...extra };
}

function showError(error: unknown): void {
  if ((error as Error).name === 'AbortError') return;
  const message =
    error instanceof ApiError
      ? error.needsKey
        ? t('key.invalid')
        : `${error.title}${error.detail ? `: ${error.detail}` : ''}${error.errors.length ? ` (${error.errors.map((e) => `${e.field}: ${e.message}`).join('; ')})` : ''}`
      : t('page.error', { message: (error as Error).message });
  replaceChildren(el.error, message);
  el.error.hidden = false;
  el.main.dataset.state = 'error';
  if (error instanceof ApiError && error.needsKey) el.keyInput.focus();
}

function clearError(): void {
  el.error.hidden = true;
  replaceChildren(el.error);
}

async function allEvents(params: Params): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let after: string | undefined;
  for (let page = 0; page < 20; page++) {
    const response = await getJson<EventsResponse>('events', { ...params, limit: 1000, after });
    events.push(...response.events);
    if (response.events.length < 1000) break;
    after = response.events[response.events.length - 1].position;
  }
  return events;
}

// ------------------------------------------------------------------------------------------------ reference data

/** What every view needs once: names, sources, the span of the partnership's history, recorded points. */
async function loadReference(): Promise<void> {
  const [parties, registered, corrections, retractions, everything, facts] = await Promise.all([
    allEvents({ stream: 'party-', type: 'PartyRegistered' }),
    allEvents({ stream: 'source-', type: 'SourceRegistered' }),
    allEvents({ type: 'FactCorrected' }),
    allEvents({ type: 'FactRetracted' }),
    getJson<StateResponse>('state', { asOf: FAR_FUTURE }),
    getJson<TimelineResponse>('timeline', { asOf: FAR_FUTURE }),
  ]);
  setParties(parties.map((e) => [String(e.data.partyId), e.data.name as unknown as Party]));
  sources.clear();
  for (const e of registered) {
    const d = e.data;
    const text = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : null);
    sources.set(String(d.sourceId), { title: text('title'), publisher: text('publisher'), publishedOn: text('publishedOn'), language: text('language'), document: text('document'), url: text('url') });
  }
  names.clear();
  for (const entry of facts.timeline) if (!names.has(entry.stream)) names.set(entry.stream, entry.summary);
  const local = (name: { en: string; ar?: string }) => (language() === 'ar' && name.ar ? name.ar : name.en);
  for (const item of everything.commitments.items) names.set(item.id, item.title ?? item.id);
  for (const office of everything.offices) names.set(office.id, local(office.name));
  for (const engagement of everything.engagements) names.set(engagement.id, local(engagement.title));
  for (const programme of everything.programmes) names.set(programme.id, local(programme.name));
  headPosition = everything.position;
  sole = solePartnership(everything.commitments.items, everything.commitments.items.length === (everything.commitments as CommitmentsAnswer & Paged).page?.total);
  buildPartyOptions();

  // The slider spans the partnership's history: from the first fact's year to the end of the last period (or today).
  const earliest = facts.timeline.map((e) => parsePartial(e.validTime)?.earliest).filter(isDay).sort()[0] ?? today();
  const ends = everything.commitments.items.flatMap((i) => (i.periodSpan ? [i.periodSpan.endLatest] : [])).filter(isDay);
  const latest = [today(), ...ends].sort().reverse()[0];
  range = { min: epochDay(`${earliest.slice(0, 4)}-01-01`), max: epochDay(`${latest.slice(0, 4)}-12-31`) };
  factDays = [...new Set(facts.timeline.map((e) => parsePartial(e.validTime)?.earliest).filter(isDay).map(epochDay))].sort((a, b) => a - b);
  el.slider.min = String(range.min);
  el.slider.max = String(range.max);
  el.dateInput.min = dayOfEpoch(range.min);
  el.dateInput.max = dayOfEpoch(range.max);
  el.sliderMin.textContent = formatDayLong(dayOfEpoch(range.min));
  el.sliderMax.textContent = formatDayLong(dayOfEpoch(range.max));
  replaceChildren(el.factDays, factDays.map((d) => h('option', { value: String(d) })));

  buildKnownAtOptions([...corrections, ...retractions].sort((a, b) => Number(BigInt(a.position) - BigInt(b.position))));
}

function buildKnownAtOptions(amendments: StoredEvent[]): void {
  const options: HTMLOptionElement[] = [h('option', { value: '' }, t('known.now', { position: headPosition ?? '—' }))];
  for (const e of amendments.slice(-200).reverse()) {
    const before = (BigInt(e.position) - 1n).toString();
    const target = names.get(e.stream) ?? e.stream;
    const short = target.length > 70 ? `${target.slice(0, 67)}…` : target;
    options.push(h('option', { value: before }, t('known.before', { position: before, what: short, change: t(e.type === 'FactRetracted' ? 'known.retracted' : 'known.corrected'), when: formatInstant(e.recordedAt) })));
  }
  replaceChildren(el.knownAtSelect, options);
  syncKnownAtSelect();
}

function syncKnownAtSelect(): void {
  const value = view.knownAt ?? '';
  if (![...el.knownAtSelect.options].some((o) => o.value === value)) {
    el.knownAtSelect.append(h('option', { value, 'data-custom': 'true' }, /^\d+$/.test(value) ? t('known.position', { position: value }) : t('known.recordedBy', { value })));
  }
  el.knownAtSelect.value = value;
}

// ------------------------------------------------------------------------------------------------ partnership

/** `page` of a list answer (declared here: web/src/types.ts leaves it out). */
interface Paged {
  readonly page?: { readonly total: number };
}

function chosenPartnership(): Partnership {
  return { donor: view.donor, recipient: view.recipient };
}

function isFiltered(): boolean {
  return view.donor !== null || view.recipient !== null;
}

function showPartnership(): void {
  const chosen = chosenPartnership();
  const name = partnershipName(isFiltered() ? chosen : (sole ?? chosen));
  el.partnershipTitle.textContent = t('page.subtitle', { partnership: name });
  document.title = `${name} — ${t('page.title')}`;
  el.commitmentsScope.hidden = !isFiltered();
  el.commitmentsScope.textContent = isFiltered() ? t('partnership.scope', { partnership: partnershipName(chosen) }) : '';
}

function buildPartyOptions(): void {
  const parties = partyEntries();
  const options = (any: string) => [h('option', { value: '' }, t(any)), ...parties.map(([id, name]) => h('option', { value: id }, name))];
  replaceChildren(el.donorSelect, options('partnership.anyDonor'));
  replaceChildren(el.recipientSelect, options('partnership.anyRecipient'));
  partiesRead = true;
  syncPartySelects();
}

/** A party id from a shared address that names no registered party stays visible as such (its list is empty). */
function syncPartySelects(): void {
  for (const [select, value] of [
    [el.donorSelect, view.donor],
    [el.recipientSelect, view.recipient],
  ] as const) {
    for (const custom of select.querySelectorAll('option[data-custom]')) custom.remove();
    if (value && partiesRead && !isRegisteredParty(value)) select.append(h('option', { value, 'data-custom': 'true' }, t('partnership.notRegistered', { id: value })));
    select.value = value ?? '';
  }
  showPartnership();
}

function setParty(role: 'donor' | 'recipient', value: string): void {
  view[role] = value || null;
  writeViewState(view);
  syncPartySelects();
  scheduleRefresh();
}

// ------------------------------------------------------------------------------------------------ valid date

function showAsOf(): void {
  const day = currentAsOf();
  el.slider.value = String(epochDay(day));
  el.slider.setAttribute('aria-valuetext', formatDayLong(day));
  el.dateInput.value = day;
  el.asOfShown.textContent = formatDayLong(day);
  const n = epochDay(day);
  el.prevFact.disabled = !factDays.some((d) => d < n);
  el.nextFact.disabled = !factDays.some((d) => d > n);
}

function setAsOf(day: string, delay = 0): void {
  const clamped = dayOfEpoch(clamp(epochDay(day)));
  view.asOf = clamped;
  showAsOf();
  writeViewState(view);
  scheduleRefresh(delay);
}

function onSliderKey(event: KeyboardEvent): void {
  const day = currentAsOf();
  const n = epochDay(day);
  let next: number | null = null;
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      next = n - 1;
      break;
    case 'ArrowRight':
    case 'ArrowUp':
      next = n + 1;
      break;
    case 'PageUp':
      next = epochDay(addMonths(day, event.shiftKey ? 12 : 1));
      break;
    case 'PageDown':
      next = epochDay(addMonths(day, event.shiftKey ? -12 : -1));
      break;
    case 'Home':
      next = range.min;
      break;
    case 'End':
      next = range.max;
      break;
    default:
      return;
  }
  event.preventDefault();
  setAsOf(dayOfEpoch(clamp(next)), 150);
}

// ------------------------------------------------------------------------------------------------ the views

function scheduleRefresh(delay = 0): void {
  window.clearTimeout(refreshTimer);
  el.main.dataset.state = 'loading';
  el.main.setAttribute('aria-busy', 'true');
  refreshTimer = window.setTimeout(() => void refresh(), delay);
}

async function refresh(): Promise<void> {
  refreshController?.abort();
  const controller = (refreshController = new AbortController());
  const asOf = currentAsOf();
  const knownAt = view.knownAt;
  const { donor, recipient } = chosenPartnership();
  try {
    const [state, timeline, partnership] = await Promise.all([
      getJson<StateResponse>('state', readParams({ asOf }), controller.signal),
      getJson<TimelineResponse>('timeline', readParams({ asOf }), controller.signal),
      // Only the commitments API filters by party: one partnership's totals and per-year rows are its own answer.
      donor || recipient ? getJson<CommitmentsAnswer>('commitments', readParams({ asOf, donor, recipient }), controller.signal) : null,
    ]);
    if (controller.signal.aborted) return;
    clearError();
    const commitmentsView = partnership ?? state.commitments;
    render(commitmentsView, state, timeline, asOf);
    const offices = state.offices.length;
    const commitments = commitmentsView.items.filter((i) => i.kind === 'commitment').length;
    const pledges = commitmentsView.items.filter((i) => i.kind === 'pledge').length;
    el.viewStatus.textContent = t('view.status', {
      day: formatDayLong(asOf),
      knownAt: knownAt ? t(/^\d+$/.test(knownAt) ? 'view.knownPosition' : 'view.knownAt', { value: knownAt }) : t('view.knownNow'),
      position: state.position ?? '—',
      commitments: formatCount(commitments),
      pledges: formatCount(pledges),
      offices: formatCount(offices),
      facts: formatCount(timeline.timeline.length),
    });
    el.main.dataset.asOf = asOf;
    el.main.dataset.knownAt = knownAt ?? '';
    el.main.dataset.donor = donor ?? '';
    el.main.dataset.recipient = recipient ?? '';
    el.main.dataset.state = 'ready';
    el.main.removeAttribute('aria-busy');
  } catch (error) {
    if (!controller.signal.aborted) {
      el.main.removeAttribute('aria-busy');
      showError(error);
    }
  }
}

/** What GET /api/commitments answers: the state's commitments view, for the parties asked about. */
type CommitmentsAnswer = StateResponse['commitments'];

function render(commitments: CommitmentsAnswer, state: StateResponse, timeline: TimelineResponse, asOf: string): void {
  const shown = formatDayLong(asOf);
  for (const target of [el.commitmentsDate, el.officesDate, el.timelineDate]) target.textContent = shown;
  const year = Number(asOf.slice(0, 4));
  const perYear = perYearOf(commitments);
  replaceChildren(el.totals, renderTotals(commitments));
  if (perYear.rows.length > 0 && chartAvailable()) {
    el.chartBox.hidden = false;
    drawPerYearChart(el.chart, perYear, year);
    el.chart.setAttribute('aria-label', t('chart.label', { day: shown }));
  } else {
    el.chartBox.hidden = true;
    clearChart();
  }
  replaceChildren(el.perYear, renderPerYearTable(perYear, year), renderUnscheduled(perYear, context));
  replaceChildren(el.commitments, renderCommitmentList(commitments, context, asOf));
  replaceChildren(el.offices, renderOffices(state.offices, context, asOf));
  replaceChildren(el.timeline, renderTimeline(timeline.timeline, context, asOf));
}

// ------------------------------------------------------------------------------------------------ history

async function openHistory(stream: string, opener: HTMLElement | null): Promise<void> {
  historyOpener = opener;
  view.entity = stream;
  writeViewState(view);
  el.dialogTitle.textContent = t('history.heading', { what: names.get(stream) ?? stream });
  replaceChildren(el.dialogBody, h('p', { role: 'status' }, t('history.loading')));
  el.dialog.dataset.state = 'loading';
  if (!el.dialog.open) el.dialog.showModal();
  el.dialogClose.focus();
  try {
    const history = await getJson<HistoryResponse>(`history/${encodeURIComponent(stream)}`, readParams());
    replaceChildren(el.dialogBody, renderHistory(history, { ...context, amend: amendActions() }));
    el.dialog.dataset.state = 'ready';
    el.dialog.dataset.stream = stream;
  } catch (error) {
    const message = error instanceof ApiError ? error.message : (error as Error).message;
    replaceChildren(el.dialogBody, h('p', { className: 'error', role: 'alert' }, message));
    el.dialog.dataset.state = 'error';
  }
}

function onHistoryClosed(): void {
  view.entity = null;
  writeViewState(view);
  delete el.dialog.dataset.stream;
  if (historyOpener && document.contains(historyOpener)) historyOpener.focus();
  else {
    const again = el.main.querySelector<HTMLElement>(`.history-button[data-stream="${CSS.escape(el.dialog.dataset.stream ?? '')}"]`);
    (again ?? el.main).focus();
  }
  historyOpener = null;
}

// ------------------------------------------------------------------------------------------------ diff

async function runDiff(): Promise<void> {
  if (!view.diffFrom || !view.diffTo) return;
  el.diffFrom.value = view.diffFrom;
  el.diffTo.value = view.diffTo;
  el.diffResult.dataset.state = 'loading';
  try {
    const diff = await getJson<DiffResponse>('diff', readParams({ from: view.diffFrom, to: view.diffTo }));
    replaceChildren(el.diffResult, renderDiff(diff, context));
    el.diffResult.dataset.state = 'ready';
  } catch (error) {
    replaceChildren(el.diffResult, h('p', { className: 'error', role: 'alert' }, error instanceof ApiError ? error.message : (error as Error).message));
    el.diffResult.dataset.state = 'error';
  }
}

// ------------------------------------------------------------------------------------------------ start

function showKeyState(): void {
  const key = auditorKey.get();
  el.keyStatus.textContent = key ? t('key.inUse') : t('key.none');
  el.forgetKey.disabled = !key;
}

function showLanguage(): void {
  setLanguage(view.lang);
  translateStatic();
  showPartnership();
  const other = view.lang === 'ar' ? 'en' : 'ar';
  const link = byId<HTMLAnchorElement>('language-switch');
  link.href = `${location.pathname}${viewStateQuery({ ...view, lang: other })}`;
  link.lang = other;
  link.hreflang = other;
}

async function start(): Promise<void> {
  showLanguage();
  showKeyState();
  if (!auditorKey.get()) {
    // Every read carries the key: without one the page asks for it and calls nothing.
    el.main.dataset.state = 'needs-key';
    el.main.removeAttribute('aria-busy');
    el.viewStatus.textContent = t('key.needed');
    el.keyInput.focus();
    return;
  }
  el.main.dataset.state = 'loading';
  el.main.setAttribute('aria-busy', 'true');
  try {
    await loadReference();
  } catch (error) {
    showError(error);
    return;
  }
  clearError();
  try {
    await recordPanel.start();
  } catch (error) {
    showError(error);
  }
  showAsOf();
  syncKnownAtSelect();
  el.diffFrom.value = view.diffFrom ?? dayOfEpoch(range.min);
  el.diffTo.value = view.diffTo ?? currentAsOf();
  await refresh();
  if (view.diffFrom && view.diffTo) await runDiff();
  if (view.entity && !el.dialog.open) await openHistory(view.entity, null);
}

el.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = el.keyInput.value.trim();
  if (!key) {
    el.keyStatus.textContent = t('key.enterFirst');
    return;
  }
  auditorKey.set(key);
  el.keyInput.value = '';
  void start();
});
el.forgetKey.addEventListener('click', () => {
  auditorKey.clear();
  refreshController?.abort();
  void start();
});

el.slider.addEventListener('input', () => setAsOf(dayOfEpoch(Number(el.slider.value)), 150));
el.slider.addEventListener('keydown', onSliderKey);
// A text field (ISO year-month-day, never a locale's month-first format): a complete, real day applies at once.
el.dateInput.addEventListener('input', () => {
  if (isDay(el.dateInput.value)) setAsOf(el.dateInput.value, 300);
});
el.dateInput.addEventListener('change', () => {
  if (isDay(el.dateInput.value)) setAsOf(el.dateInput.value);
});
el.todayButton.addEventListener('click', () => setAsOf(today()));
el.prevFact.addEventListener('click', () => {
  const n = epochDay(currentAsOf());
  const previous = factDays.filter((d) => d < n).pop();
  if (previous !== undefined) setAsOf(dayOfEpoch(previous));
});
el.nextFact.addEventListener('click', () => {
  const n = epochDay(currentAsOf());
  const next = factDays.find((d) => d > n);
  if (next !== undefined) setAsOf(dayOfEpoch(next));
});

function setKnownAt(value: string | null): void {
  view.knownAt = value;
  syncKnownAtSelect();
  writeViewState(view);
  scheduleRefresh();
  if (view.diffFrom && view.diffTo) void runDiff();
}

el.knownAtSelect.addEventListener('change', () => setKnownAt(el.knownAtSelect.value || null));
el.donorSelect.addEventListener('change', () => setParty('donor', el.donorSelect.value));
el.recipientSelect.addEventListener('change', () => setParty('recipient', el.recipientSelect.value));
el.knownAtForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = el.knownAtInput.value.trim();
  if (!KNOWN_AT_PATTERN.test(value)) {
    el.knownAtInput.setAttribute('aria-invalid', 'true');
    replaceChildren(el.error, t('known.bad'));
    el.error.hidden = false;
    el.knownAtInput.focus();
    return;
  }
  el.knownAtInput.removeAttribute('aria-invalid');
  clearError();
  setKnownAt(value);
});

el.diffForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!isDay(el.diffFrom.value) || !isDay(el.diffTo.value)) return;
  view.diffFrom = el.diffFrom.value;
  view.diffTo = el.diffTo.value;
  writeViewState(view);
  void runDiff();
});

el.dialogClose.addEventListener('click', () => el.dialog.close());
el.dialog.addEventListener('close', onHistoryClosed);
el.dialog.addEventListener('click', (event) => {
  if (event.target === el.dialog) el.dialog.close();
});

window.addEventListener('popstate', () => {
  Object.assign(view, readViewState());
  showAsOf();
  syncKnownAtSelect();
  syncPartySelects();
  scheduleRefresh();
});

void start();


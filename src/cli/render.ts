import type { AgreementItem } from '../../projections/agreements/agreements';
import type { CommitmentsView } from '../../projections/commitments/commitments';
import type { StateDiff } from '../../projections/diff/diff';
import type { EngagementItem } from '../../projections/engagements/engagements';
import type { EntityHistory, HistoryEntry } from '../../projections/history/history';
import type { OfficeItem } from '../../projections/offices/offices';
import type { ProgrammeItem } from '../../projections/programmes/programmes';
import type { TimelineEntry } from '../../projections/timeline/timeline';
import type { StoredEvent } from '../event-store/event-store.port';
import type { ReadAnswer } from '../read-models/read-queries';
import { english, money, renderPairs, renderTable } from './output';

/** Human-readable renderings of the read models' answers (the --json output is the answer itself). */

export function readPoint(answer: ReadAnswer): string {
  const known = answer.knownAt === null ? 'now' : answer.knownAt;
  return `as of ${answer.asOf || '—'}, as known at ${known} (position ${answer.position ?? 'none'})`;
}

/** A period as recorded: `2019–2023`, `2019–2023 (within)`, `P3Y from signing`, `P18M from 2019-Q2`. */
function periodText(c: CommitmentsView['items'][number]): string {
  const p = c.period;
  if (!p) return c.occurredOn;
  if (p.duration) return `${p.duration} from ${p.from ?? `signing (${c.occurredOn})`}`;
  return `${p.from}–${p.to}${p.bounds === 'within' ? ' (within)' : ''}`;
}

export function commitmentsTable(view: CommitmentsView): string {
  if (view.items.length === 0) return '(none)';
  const items = renderTable(
    [
      { header: 'id', value: (c) => c.id },
      { header: 'kind', value: (c) => c.kind },
      { header: 'status', value: (c) => (c.certainty === 'possible' ? `${c.status}?` : c.status) },
      { header: 'donor → recipient', value: (c) => `${c.donorId} → ${c.recipientId}` },
      { header: 'total', value: (c) => money(c.total), right: true },
      { header: 'period', value: (c) => periodText(c) },
      { header: 'disbursed', value: (c) => money(c.disbursed), right: true },
      { header: 'sources', value: (c) => c.sources.length, right: true },
    ],
    view.items,
  );
  const totals = renderTable(
    [
      { header: 'totals', value: (t: { label: string }) => t.label },
      { header: 'currency', value: (t) => t.currency },
      { header: 'total', value: (t) => t.total, right: true },
      { header: 'active', value: (t) => t.active, right: true },
    ],
    [
      ...view.totals.commitments.map((t) => ({ label: 'commitments', currency: t.currency, total: t.total.amount, active: t.active.amount })),
      ...view.totals.pledges.map((t) => ({ label: 'pledges', currency: t.currency, total: t.total.amount, active: t.active.amount })),
    ],
  );
  return `${items}\n\n${totals}\n(status? = possible: a partial date straddles the valid date)`;
}

export function agreementsTable(agreements: readonly AgreementItem[]): string {
  return renderTable(
    [
      { header: 'id', value: (a) => a.id },
      { header: 'kind', value: (a) => a.kind },
      { header: 'title', value: (a) => a.title.en, max: 48 },
      { header: 'parties', value: (a) => a.parties.join(', '), max: 40 },
      { header: 'signed', value: (a) => (a.certainty === 'possible' ? `${a.signedOn}?` : a.signedOn) },
      { header: 'money', value: (a) => (a.hasCommitment ? 'yes' : 'no') },
    ],
    agreements,
  );
}

export function officesTable(offices: readonly OfficeItem[]): string {
  return renderTable(
    [
      { header: 'id', value: (o) => o.id },
      { header: 'name', value: (o) => o.name.en, max: 48 },
      { header: 'city', value: (o) => `${o.city}, ${o.country}` },
      { header: 'operator', value: (o) => o.operatorId },
      { header: 'opened', value: (o) => `${o.openedOn} (${o.openedOnPrecision})` },
      { header: 'closed', value: (o) => o.closedOn ?? '' },
      { header: 'certainty', value: (o) => o.certainty },
    ],
    offices,
  );
}

export function engagementsTable(engagements: readonly EngagementItem[]): string {
  return renderTable(
    [
      { header: 'id', value: (e) => e.id },
      { header: 'kind', value: (e) => e.kind },
      { header: 'title', value: (e) => english(e.title), max: 48 },
      { header: 'from', value: (e) => (e.to ? `${e.from}–${e.to}` : e.from) },
      { header: 'place', value: (e) => (e.virtual ? 'virtual' : e.place ? `${e.place.city}, ${e.place.country}` : '') },
      { header: 'follow-ups', value: (e) => e.followUps.map((f) => `${f.outcomeIndex}:${f.status}`).join(' ') },
      { header: 'certainty', value: (e) => e.certainty },
    ],
    engagements,
  );
}

export function programmesTable(programmes: readonly ProgrammeItem[]): string {
  return renderTable(
    [
      { header: 'id', value: (p) => p.id },
      { header: 'name', value: (p) => p.name.en, max: 48 },
      { header: 'launched', value: (p) => p.launchedOn },
      { header: 'funders', value: (p) => p.funders },
      { header: 'partners', value: (p) => p.partners },
      { header: 'certainty', value: (p) => p.certainty },
    ],
    programmes,
  );
}

export function timelineTable(entries: readonly TimelineEntry[]): string {
  return renderTable(
    [
      { header: 'valid time', value: (t) => t.validTime },
      { header: 'certainty', value: (t) => t.certainty },
      { header: 'type', value: (t) => t.type },
      { header: 'summary', value: (t) => `${t.summary}${t.corrected ? ' (corrected)' : ''}`, max: 56 },
      { header: 'stream', value: (t) => t.stream },
      { header: 'sources', value: (t) => t.sources.map((s) => s.sourceId), max: 40 },
    ],
    entries,
  );
}

function historyDetail(entry: HistoryEntry): string {
  switch (entry.change) {
    case 'recorded':
      return JSON.stringify(entry.data);
    case 'corrected':
      return `${JSON.stringify(entry.changes)} — ${entry.reason}`;
    case 'retracted':
      return entry.reason;
  }
}

export function historyTable(history: EntityHistory): string {
  const entries = renderTable(
    [
      { header: 'position', value: (e) => e.position, right: true },
      { header: 'recorded at', value: (e) => e.recordedAt },
      { header: 'change', value: (e) => e.change },
      { header: 'type', value: (e) => e.type },
      { header: 'actor', value: (e) => e.actor ?? '' },
      { header: 'event', value: (e) => e.eventId },
      { header: 'detail', value: historyDetail, max: 70 },
    ],
    history.entries,
  );
  const current = renderTable(
    [
      { header: 'believed now', value: (c) => c.eventId },
      { header: 'type', value: (c) => c.type },
      { header: 'retracted', value: (c) => (c.retracted ? 'yes' : '') },
      { header: 'data', value: (c) => JSON.stringify(c.data), max: 90 },
    ],
    history.current,
  );
  return `${history.stream}\n\n${entries}\n\n${current}`;
}

export function diffTable(diff: StateDiff): string {
  const rows: { model: string; change: string; id: string; detail: string }[] = [];
  for (const model of ['commitments', 'agreements', 'offices', 'engagements', 'programmes'] as const) {
    const part = diff[model];
    for (const item of part.added) rows.push({ model, change: 'added', id: item.id, detail: JSON.stringify(item) });
    for (const item of part.removed) rows.push({ model, change: 'removed', id: item.id, detail: JSON.stringify(item) });
    for (const item of part.changed) {
      rows.push({ model, change: 'changed', id: item.id, detail: `${JSON.stringify(item.before)} → ${JSON.stringify(item.after)}` });
    }
  }
  return `from ${diff.from} to ${diff.to}\n\n${renderTable(
    [
      { header: 'model', value: (r) => r.model },
      { header: 'change', value: (r) => r.change },
      { header: 'id', value: (r) => r.id },
      { header: 'detail', value: (r) => r.detail, max: 90 },
    ],
    rows,
  )}`;
}

export function eventsTable(events: readonly StoredEvent[]): string {
  return renderTable(
    [
      { header: 'position', value: (e) => e.position, right: true },
      { header: 'recorded at', value: (e) => e.recordedAt },
      { header: 'stream', value: (e) => e.stream },
      { header: 'rev', value: (e) => e.revision, right: true },
      { header: 'type', value: (e) => e.type },
      { header: 'actor', value: (e) => e.metadata.actor },
      { header: 'hash', value: (e) => String((e.metadata.chain as { hash?: string } | undefined)?.hash ?? '').slice(0, 16) },
    ],
    events,
  );
}

export function stateSummary(state: {
  events: number;
  commitments: CommitmentsView;
  agreements: AgreementItem[];
  offices: OfficeItem[];
  engagements: EngagementItem[];
  programmes: ProgrammeItem[];
  officesPage: { total: number };
  agreementsPage: { total: number };
  engagementsPage: { total: number };
  programmesPage: { total: number };
}): string {
  // The state lists the first page of each view; its totals count every item.
  return renderPairs([
    ['events folded', state.events],
    ['commitments and pledges', state.commitments.page.total],
    ['agreements signed', state.agreementsPage.total],
    ['offices open', state.officesPage.total],
    ['engagements held', state.engagementsPage.total],
    ['programmes', state.programmesPage.total],
  ]);
}

/** The state at a valid date as the CLI prints it: the summary, then each read model as a table. */
export function stateReport(state: Parameters<typeof stateSummary>[0]): string {
  return [
    stateSummary(state),
    '',
    'Commitments and pledges',
    commitmentsTable(state.commitments),
    '',
    'Agreements (with or without money)',
    agreementsTable(state.agreements),
    '',
    'Offices',
    officesTable(state.offices),
    '',
    'Engagements',
    engagementsTable(state.engagements),
    '',
    'Programmes',
    programmesTable(state.programmes),
  ].join('\n');
}

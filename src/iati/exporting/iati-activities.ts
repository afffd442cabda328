import { CommitmentItem, commitmentsAt } from '../../../projections/commitments/commitments';
import { CitationView, EntityRecord, LedgerState, supportingSources } from '../../../projections/ledger/ledger-state';
import { programmesAt } from '../../../projections/programmes/programmes';
import { describeCitations } from '../../../projections/sources/sourced-citations';
import { MoneyValue } from '../../domain/money';
import { certainlyBefore, happenedBy } from '../../domain/partial-date';
import {
  ACTIVITY_DATE_TYPE,
  ACTIVITY_STATUS,
  BUDGET_STATUS,
  BUDGET_TYPE_ORIGINAL,
  DOCUMENT_CATEGORY_SOURCE,
  ORGANISATION_ROLE,
  TRANSACTION_TYPE,
  isoDateOf,
  organisationTypeOf,
  precisionNote,
  renewsNote,
} from '../iati-codes';
import { XmlElement, element, xmlDocument } from '../xml-writer';
import { organisationRefOf } from '../organisation-identifiers';

/** Who publishes the file: the ledger's operator, by its IATI organisation identifier. */
export interface ReportingOrg {
  readonly ref: string;
  readonly name: string;
  /** IATI OrganisationType code. */
  readonly type: string;
}

export interface IatiExportOptions {
  /** Valid date D, `YYYY-MM-DD`: the ledger as of that day. */
  readonly asOf: string;
  readonly reportingOrg: ReportingOrg;
  /** The file's generated-datetime (the recorded time the answer reflects, not the wall clock). */
  readonly generatedAt: string | null;
}

type Bilingual = { readonly en: string; readonly ar?: string };

function narratives(text: Bilingual): XmlElement[] {
  return [element('narrative', {}, text.en), text.ar ? element('narrative', { 'xml:lang': 'ar' }, text.ar) : null].filter(
    (n): n is XmlElement => n !== null,
  );
}

function partyName(state: LedgerState, partyId: string): Bilingual {
  const fact = state.entities.get(`party-${partyId}`)?.facts.find((f) => f.type === 'PartyRegistered' && !f.retraction);
  const name = fact?.data.name as Bilingual | undefined;
  return name ?? { en: partyId };
}

function partyKind(state: LedgerState, partyId: string): string | undefined {
  const fact = state.entities.get(`party-${partyId}`)?.facts.find((f) => f.type === 'PartyRegistered' && !f.retraction);
  return typeof fact?.data.kind === 'string' ? fact.data.kind : undefined;
}

function org(state: LedgerState, name: string, reporting: ReportingOrg, partyId: string, extra: Record<string, string> = {}): XmlElement {
  return element(
    name,
    { ref: organisationRefOf(partyId, reporting.ref), ...extra, type: organisationTypeOf(partyKind(state, partyId)) },
    ...narratives(partyName(state, partyId)),
  );
}

function activityDate(type: string, partial: string, role: 'start' | 'end'): XmlElement {
  const note = precisionNote(partial);
  return element('activity-date', { 'iso-date': isoDateOf(partial, role), type }, note ? element('narrative', {}, note) : null);
}

/**
 * A period known only by its duration (three years from a signing known to the month): its start, and as its end
 * the latest day it may end, saying so and giving the duration.
 */
function durationDates(asOf: string, start: string, duration: string, latestEnd: string): XmlElement[] {
  const done = (date: string) => happenedBy(date, asOf) === 'certain';
  const end = element(
    'activity-date',
    { 'iso-date': latestEnd, type: done(latestEnd) ? ACTIVITY_DATE_TYPE.actualEnd : ACTIVITY_DATE_TYPE.plannedEnd },
    element('narrative', {}, `Duration ${duration} from the start; this is the latest day it may end.`),
  );
  return [activityDate(done(start) ? ACTIVITY_DATE_TYPE.actualStart : ACTIVITY_DATE_TYPE.plannedStart, start, 'start'), end];
}

/** Start and end as planned or actual: actual once the whole date is on or before D. */
function activityDates(asOf: string, start: string, end: string | undefined): XmlElement[] {
  const done = (date: string) => happenedBy(date, asOf) === 'certain';
  return [
    activityDate(done(start) ? ACTIVITY_DATE_TYPE.actualStart : ACTIVITY_DATE_TYPE.plannedStart, start, 'start'),
    end ? activityDate(done(end) ? ACTIVITY_DATE_TYPE.actualEnd : ACTIVITY_DATE_TYPE.plannedEnd, end, 'end') : null,
  ].filter((d): d is XmlElement => d !== null);
}

function value(money: MoneyValue, valueDate: string): XmlElement {
  return element('value', { currency: money.currency, 'value-date': valueDate }, money.amount);
}

function transaction(
  state: LedgerState,
  reporting: ReportingOrg,
  type: string,
  ref: string,
  money: MoneyValue,
  occurredOn: string,
  donorId: string,
  recipientId: string,
): XmlElement {
  const day = isoDateOf(occurredOn, 'transaction');
  const note = precisionNote(occurredOn);
  return element(
    'transaction',
    { ref },
    element('transaction-type', { code: type }),
    element('transaction-date', { 'iso-date': day }),
    value(money, day),
    note ? element('description', {}, element('narrative', {}, note)) : null,
    org(state, 'provider-org', reporting, donorId),
    org(state, 'receiver-org', reporting, recipientId),
  );
}

function budgets(item: CommitmentItem): XmlElement[] {
  const status = item.kind === 'pledge' ? BUDGET_STATUS.indicative : BUDGET_STATUS.committed;
  return item.schedule.map((row) =>
    element(
      'budget',
      { type: BUDGET_TYPE_ORIGINAL, status },
      element('period-start', { 'iso-date': `${row.year}-01-01` }),
      element('period-end', { 'iso-date': `${row.year}-12-31` }),
      value(row.amount, `${row.year}-01-01`),
    ),
  );
}

function documentLinks(state: LedgerState, citations: readonly CitationView[]): XmlElement[] {
  const seen = new Set<string>();
  return describeCitations(state, citations).flatMap((source) => {
    if (seen.has(source.sourceId)) return [];
    seen.add(source.sourceId);
    // A source kept only in the ledger has no web address; its ledger id names it.
    const url = source.url ?? `urn:partnership-ledger:source:${source.sourceId}`;
    return [
      element(
        'document-link',
        { url, format: source.url ? 'text/html' : 'text/plain' },
        element('title', {}, element('narrative', source.language && source.language !== 'en' ? { 'xml:lang': source.language } : {}, source.title ?? source.sourceId)),
        element('category', { code: DOCUMENT_CATEGORY_SOURCE }),
        source.language ? element('language', { code: source.language }) : null,
        source.publishedOn ? element('document-date', { 'iso-date': isoDateOf(source.publishedOn, 'transaction') }) : null,
      ),
    ];
  });
}

function statusCode(status: CommitmentItem['status']): string {
  switch (status) {
    case 'announced':
    case 'upcoming':
      return ACTIVITY_STATUS.pipeline;
    case 'active':
      return ACTIVITY_STATUS.implementation;
    case 'completed':
      return ACTIVITY_STATUS.finalisation;
    case 'superseded':
    case 'retracted':
      return ACTIVITY_STATUS.closed;
  }
}

interface ActivityParts {
  readonly stream: string;
  readonly title: Bilingual;
  readonly description: string;
  readonly orgs: readonly { partyId: string; role: string }[];
  readonly status: string;
  readonly dates: readonly XmlElement[];
  readonly budgets: readonly XmlElement[];
  readonly transactions: readonly XmlElement[];
  readonly related: readonly XmlElement[];
  /** The activity this one renews (its IATI identifier), said in an "other" description an import reads back. */
  readonly renews?: string;
  readonly citations: readonly CitationView[];
}

function activity(state: LedgerState, options: IatiExportOptions, parts: ActivityParts): XmlElement {
  const reporting = options.reportingOrg;
  const seen = new Set<string>();
  const orgs = parts.orgs.filter(({ partyId, role }) => !seen.has(`${partyId} ${role}`) && seen.add(`${partyId} ${role}`));
  return element(
    'iati-activity',
    { 'xml:lang': 'en' },
    element('iati-identifier', {}, `${reporting.ref}-${parts.stream}`),
    element('reporting-org', { ref: reporting.ref, type: reporting.type }, element('narrative', {}, reporting.name)),
    element('title', {}, ...narratives(parts.title)),
    element('description', { type: '1' }, element('narrative', {}, parts.description)),
    parts.renews ? element('description', { type: '4' }, element('narrative', {}, renewsNote(parts.renews))) : null,
    ...orgs.map(({ partyId, role }) => org(state, 'participating-org', reporting, partyId, { role })),
    element('activity-status', { code: parts.status }),
    ...parts.dates,
    ...parts.budgets,
    ...parts.transactions,
    ...documentLinks(state, parts.citations),
    ...parts.related,
  );
}

function citationsOf(entity: EntityRecord | undefined): CitationView[] {
  return entity ? entity.facts.filter((f) => !f.retraction).flatMap(supportingSources) : [];
}

function commitmentActivity(state: LedgerState, options: IatiExportOptions, item: CommitmentItem): XmlElement {
  const entity = state.entities.get(item.id)!;
  const first = entity.facts.find((f) => !f.retraction)!;
  const data = first.data;
  const reporting = options.reportingOrg;
  const pledge = item.kind === 'pledge';
  const title = (data.title as Bilingual | undefined) ?? {
    en: `${pledge ? 'Pledge' : 'Commitment'} of ${partyName(state, item.donorId).en} to ${partyName(state, item.recipientId).en}, ${item.total.amount} ${item.total.currency}`,
  };
  const parties = Array.isArray(data.parties) ? (data.parties as string[]) : [];
  const disbursements = entity.facts.filter(
    (f) => f.type === 'ContributionDisbursed' && !f.retraction && happenedBy(f.data.occurredOn as string, options.asOf) !== 'none',
  );
  const type = pledge ? TRANSACTION_TYPE.outgoingPledge : TRANSACTION_TYPE.outgoingCommitment;
  return activity(state, options, {
    stream: item.id,
    title,
    description: item.purposes.length > 0 ? item.purposes.join('\n') : title.en,
    orgs: [
      { partyId: item.donorId, role: ORGANISATION_ROLE.funding },
      { partyId: item.recipientId, role: ORGANISATION_ROLE.implementing },
      ...parties.filter((p) => p !== item.donorId && p !== item.recipientId).map((partyId) => ({ partyId, role: ORGANISATION_ROLE.accountable })),
    ],
    status: statusCode(item.status),
    dates:
      item.period?.duration !== undefined && item.period.to === undefined && item.periodSpan
        ? durationDates(options.asOf, item.period.from ?? item.occurredOn, item.period.duration, item.periodSpan.endLatest)
        : activityDates(options.asOf, item.period?.from ?? item.occurredOn, item.period?.to),
    budgets: budgets(item),
    transactions: [
      transaction(state, reporting, type, item.id, item.total, item.occurredOn, item.donorId, item.recipientId),
      ...disbursements.map((f) =>
        transaction(
          state,
          reporting,
          TRANSACTION_TYPE.disbursement,
          f.data.disbursementId as string,
          f.data.amount as unknown as MoneyValue,
          f.data.occurredOn as string,
          item.donorId,
          item.recipientId,
        ),
      ),
    ],
    // IATI has no "renews" relation; the renewed activity is named as a sibling so a reader can follow it.
    related: item.renews ? [element('related-activity', { ref: `${reporting.ref}-${item.renews}`, type: '3' })] : [],
    ...(item.renews ? { renews: `${reporting.ref}-${item.renews}` } : {}),
    citations: citationsOf(entity),
  });
}

/** Agreements that commit no money (establishment, host-country, MoU) are activities too, without transactions. */
function agreementActivities(state: LedgerState, options: IatiExportOptions, financial: ReadonlySet<string>): XmlElement[] {
  const out: XmlElement[] = [];
  for (const entity of state.entities.values()) {
    if (entity.kind !== 'agreement' || financial.has(entity.stream)) continue;
    const fact = entity.facts.find((f) => f.type === 'AgreementSigned' && !f.retraction);
    if (!fact || happenedBy(fact.data.occurredOn as string, options.asOf) === 'none') continue;
    const data = fact.data as unknown as { title: Bilingual; parties: string[]; provisions?: string[]; occurredOn: string; commitment?: unknown };
    if (data.commitment) continue;
    out.push(
      activity(state, options, {
        stream: entity.stream,
        title: data.title,
        description: data.provisions?.length ? data.provisions.join('\n') : data.title.en,
        orgs: data.parties.map((partyId) => ({ partyId, role: ORGANISATION_ROLE.accountable })),
        status: ACTIVITY_STATUS.implementation,
        dates: activityDates(options.asOf, data.occurredOn, undefined),
        budgets: [],
        transactions: [],
        related: [],
        citations: citationsOf(entity),
      }),
    );
  }
  return out;
}

function programmeActivities(state: LedgerState, options: IatiExportOptions): XmlElement[] {
  return programmesAt(state, options.asOf).map((programme) =>
    activity(state, options, {
      stream: programme.id,
      title: programme.name,
      description: programme.description ?? programme.name.en,
      orgs: [
        ...programme.funders.map((partyId) => ({ partyId, role: ORGANISATION_ROLE.funding })),
        ...programme.partners.map((partyId) => ({ partyId, role: ORGANISATION_ROLE.implementing })),
      ],
      status: ACTIVITY_STATUS.implementation,
      dates: activityDates(options.asOf, programme.launchedOn, undefined),
      budgets: [],
      transactions: [],
      related: [],
      citations: programme.sources,
    }),
  );
}

/** The ledger as of D (and as known at the state's position) as IATI 2.03 activities, one per agreement, pledge or programme. */
export function iatiActivitiesElement(state: LedgerState, options: IatiExportOptions): XmlElement {
  const commitments = commitmentsAt(state, { asOf: options.asOf }).items.filter((item) => item.status !== 'retracted');
  const financial = new Set(commitments.map((item) => item.id));
  const activities = [
    ...commitments.filter((item) => !certainlyBefore(options.asOf, item.occurredOn)).map((item) => commitmentActivity(state, options, item)),
    ...agreementActivities(state, options, financial),
    ...programmeActivities(state, options),
  ];
  return element(
    'iati-activities',
    { version: '2.03', 'generated-datetime': options.generatedAt ?? undefined },
    ...activities,
  );
}

export function iatiActivitiesXml(state: LedgerState, options: IatiExportOptions): string {
  return xmlDocument(iatiActivitiesElement(state, options));
}

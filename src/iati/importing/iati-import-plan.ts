import { v5 as uuidv5 } from 'uuid';
import { FieldError, ValidationFailed } from '../../domain/errors';
import { MoneyValue, fitsCurrency, isKnownCurrency, toMinorUnits } from '../../domain/money';
import { compareDays, dayOf, parsePartialDate } from '../../domain/partial-date';
import { PeriodValue } from '../../domain/period';
import { isSlug } from '../../domain/slug';
import { MAX_DOCUMENT_BYTES, sha256OfText } from '../../domain/document-text';
import { ACTIVITY_DATE_TYPE, DURATION_NOTE, DateRole, ORGANISATION_ROLE, TRANSACTION_TYPE, partialFromNote, partyKindOf, renewedIdentifierOf } from '../iati-codes';
import { partyIdOf, slugOfIdentifier } from '../organisation-identifiers';
import { IatiFile, XmlNode, attribute, child, children, sourceOf, textOf } from './iati-file';

/** Namespace of the command ids an import derives from its file's hash and an element's path. */
const IATI_COMMAND_NAMESPACE = '4c0d7c53-2f6a-4b8e-9a1d-6b2f1e0c7a35';

export interface PlannedCommand {
  readonly command: string;
  readonly commandId: string;
  readonly payload: Record<string, unknown>;
  /** The element it comes from, `iati-activity[2]/transaction[1]`. */
  readonly element: string;
  readonly line: number | null;
}

/** Something in the file the ledger has no mapping for; listed, never guessed, and nothing is recorded for it. */
export interface Unmapped {
  readonly element: string;
  readonly line: number | null;
  readonly code?: string;
  readonly reason: string;
}

export interface IatiImportPlan {
  readonly sha256: string;
  /** One source per activity that yields facts: the activity's XML is the document the ledger holds and quotes. */
  readonly sources: readonly PlannedCommand[];
  readonly parties: readonly PlannedCommand[];
  /** Commitments and pledges first, in file order, then disbursements. */
  readonly facts: readonly PlannedCommand[];
  readonly unmapped: readonly Unmapped[];
}

export interface PlanOptions {
  /** The day after which no transaction may have happened (the ledger records nothing in the future). */
  readonly today: string;
  /** The file's name, kept on the source (a plain file name). */
  readonly fileName?: string;
}

const TRANSACTION_TYPE_NAMES: Record<string, string> = {
  '1': 'Incoming Funds',
  '4': 'Expenditure',
  '5': 'Interest Payment',
  '6': 'Loan Repayment',
  '7': 'Reimbursement',
  '8': 'Purchase of Equity',
  '9': 'Sale of Equity',
  '10': 'Credit Guarantee',
};

interface Located {
  readonly path: string;
  readonly line: number | null;
}

class PlanErrors {
  readonly errors: FieldError[] = [];
  add(at: Located, rule: string, message: string): void {
    this.errors.push({ field: at.line === null ? at.path : `line ${at.line}: ${at.path}`, rule, message });
  }
}

function locate(file: IatiFile, node: XmlNode, path: string): Located {
  return { path, line: sourceOf(file, node)?.line ?? null };
}

function langOf(narrative: XmlNode, fallback: string): string {
  return (attribute(narrative, 'xml:lang') ?? fallback).toLowerCase();
}

function bilingual(node: XmlNode | undefined, defaultLang: string): { en?: string; ar?: string } {
  const narratives = children(node, 'narrative').filter((n) => textOf(n).trim() !== '');
  const en = narratives.find((n) => langOf(n, defaultLang) === 'en') ?? narratives.find((n) => langOf(n, defaultLang) !== 'ar');
  const ar = narratives.find((n) => langOf(n, defaultLang) === 'ar');
  return { ...(en ? { en: textOf(en) } : {}), ...(ar ? { ar: textOf(ar) } : {}) };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * xs:decimal allows `+1`, `.5` and `1.`; the ledger's amounts are plain decimal strings. Negative and zero
 * amounts are refused: the ledger records money committed, pledged or paid, never a reversal.
 */
function amountOf(raw: string, at: Located, errors: PlanErrors): string | null {
  const text = raw.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    errors.add(at, 'isDecimal', `the value must be a decimal number, not ${JSON.stringify(raw)}`);
    return null;
  }
  const whole = (match[2] || '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const amount = fraction ? `${whole}.${fraction}` : whole;
  if (match[1] === '-' && /[1-9]/.test(amount)) {
    errors.add(at, 'isPositive', `the value ${text} is negative; the ledger records amounts committed, pledged or paid, which are positive`);
    return null;
  }
  if (!/[1-9]/.test(amount)) {
    errors.add(at, 'isPositive', `the value ${text} is zero; amounts must be positive`);
    return null;
  }
  return amount;
}

function moneyOf(value: XmlNode | undefined, defaultCurrency: string | undefined, at: Located, errors: PlanErrors): MoneyValue | null {
  const amount = amountOf(textOf(value), at, errors);
  const currency = attribute(value, 'currency') ?? defaultCurrency;
  if (currency === undefined) {
    errors.add(at, 'currencyRequired', 'the value has no currency attribute and its activity no default-currency');
    return null;
  }
  if (!isKnownCurrency(currency)) {
    errors.add(at, 'isKnownCurrency', `the currency ${JSON.stringify(currency)} is not an ISO 4217 code the ledger knows`);
    return null;
  }
  if (amount === null) return null;
  if (!fitsCurrency(amount, currency)) {
    errors.add(at, 'fitsCurrencyPrecision', `${amount} has more decimals than ${currency} has minor units; the ledger keeps amounts exact and will not round`);
    return null;
  }
  return { amount, currency };
}

/** A day from an iso-date attribute, widened back to the partial date a ledger export noted, if it noted one. */
function dateOf(isoDate: string | undefined, note: string | undefined, role: DateRole): string | null {
  if (isoDate === undefined) return null;
  const day = isoDate.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !parsePartialDate(day)) return null;
  return partialFromNote(note, day, role);
}

function notInFuture(date: string, today: string, at: Located, errors: PlanErrors): boolean {
  if (compareDays(parsePartialDate(date)!.earliest, today) > 0) {
    errors.add(at, 'notInFuture', `the date ${date} is after today (${today}); the ledger records what has happened`);
    return false;
  }
  return true;
}

interface ActivityContext {
  readonly file: IatiFile;
  readonly activity: XmlNode;
  readonly path: string;
  readonly reportingRef: string;
  readonly lang: string;
  readonly currency: string | undefined;
}

/** Parties by role from participating-org, for transactions that name no provider or receiver. */
function roleRefs(activity: XmlNode): Map<string, string> {
  const refs = new Map<string, string>();
  for (const org of children(activity, 'participating-org')) {
    const role = attribute(org, 'role');
    const ref = attribute(org, 'ref')?.trim();
    if (role && ref && !refs.has(role)) refs.set(role, ref);
  }
  return refs;
}

function entityIdOf(identifier: string, reportingRef: string, kind: 'agreement' | 'pledge'): string {
  // An activity the ledger exported keeps its id: `<reporting-org>-agreement-<id>`.
  for (const known of ['agreement', 'pledge', 'programme']) {
    const prefix = `${reportingRef}-${known}-`;
    if (identifier.startsWith(prefix) && isSlug(identifier.slice(prefix.length))) return identifier.slice(prefix.length);
  }
  return slugOfIdentifier(identifier, kind === 'agreement' ? 'iati-' : 'iati-');
}

/** The stream a ledger-exported renewal renews: its "Renews <identifier>." description, in the same reporter's namespace. */
function renewedStreamOf(activity: XmlNode, reportingRef: string): string | null {
  const other = children(activity, 'description').find((d) => attribute(d, 'type') === '4');
  const identifier = renewedIdentifierOf(children(other, 'narrative').map(textOf).find((text) => text.startsWith('Renews ')));
  if (!identifier || !identifier.startsWith(`${reportingRef}-`)) return null;
  const stream = identifier.slice(reportingRef.length + 1);
  const match = /^(agreement|pledge)-(.+)$/.exec(stream);
  return match && isSlug(match[2]!) ? stream : null;
}

function withSuffix(id: string, n: number): string {
  if (n === 1) return id;
  const suffixed = `${id}-${n}`;
  return isSlug(suffixed) ? suffixed : `${id.slice(0, 80 - String(n).length - 1).replace(/-+$/, '')}-${n}`;
}

/**
 * What an IATI activity file becomes in the ledger: one source for the file, a party for each organisation
 * identifier, and for each activity its commitments (transaction types 2 and 11) as agreements, its pledges
 * (12 and 13) as pledges, and its disbursements (3) paid against the activity's first commitment or pledge.
 * Throws ValidationFailed naming every bad element and rule; nothing is recorded then.
 */
export function planIatiImport(file: IatiFile, options: PlanOptions): IatiImportPlan {
  const errors = new PlanErrors();
  const unmapped: Unmapped[] = [];
  const commandId = (path: string) => uuidv5(`${file.sha256}:${path}`, IATI_COMMAND_NAMESPACE);
  const root = child(file.root, 'iati-activities')!;
  const activities = children(root, 'iati-activity');

  const firstReporting = child(activities[0], 'reporting-org');
  const publisher = shorten(bilingual(firstReporting, 'en').en ?? attribute(firstReporting, 'ref') ?? 'IATI publisher (not named in the file)', 300);
  const generated = attribute(root, 'generated-datetime');
  const generatedDay = generated && !Number.isNaN(Date.parse(generated)) ? dayOf(new Date(generated)) : undefined;
  const sources: PlannedCommand[] = [];
  /**
   * The activity's own XML is the document a source holds (a whole file is often larger than a source may be); its
   * title names the file by its hash. Registered once its first fact is planned.
   */
  const sourceOfActivity = (activity: XmlNode, index: number, identifier: string): { sourceId: string; text: string } | null => {
    const sourceId = `iati-${file.sha256.slice(0, 16)}-${index + 1}`;
    const raw = sourceOf(file, activity);
    if (!raw) return null;
    const text = raw.xml.normalize('NFC');
    if (!sources.some((s) => s.payload.sourceId === sourceId)) {
      const path = `iati-activity[${index + 1}]`;
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > MAX_DOCUMENT_BYTES) {
        errors.add({ path, line: raw.line }, 'maxDocumentBytes', `the activity's XML has ${bytes} bytes; a source document the ledger holds may have at most ${MAX_DOCUMENT_BYTES}`);
        return null;
      }
      sources.push({
        command: 'register-source',
        commandId: commandId(`source:${path}`),
        element: path,
        line: raw.line,
        payload: {
          sourceId,
          title: shorten(`IATI activity ${identifier || path}, ${path} (line ${raw.line}) of the file with SHA-256 ${file.sha256}`, 500),
          publisher,
          ...(generatedDay && compareDays(generatedDay, options.today) <= 0 ? { publishedOn: generatedDay } : {}),
          language: 'en',
          contentSha256: sha256OfText(text),
          text,
          kind: 'public-record',
          ...(options.fileName && /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(options.fileName) ? { document: options.fileName } : {}),
        },
      });
    }
    return { sourceId, text };
  };

  const parties = new Map<string, PlannedCommand>();
  /** The party an organisation element names, registered on first sight; null (and listed) when it cannot be one. */
  const partyOf = (org: XmlNode | undefined, ref: string | undefined, reportingRef: string, at: Located): string | null => {
    if (!ref) {
      unmapped.push({ element: at.path, line: at.line, reason: 'the organisation has no IATI identifier (ref), so it cannot become a party' });
      return null;
    }
    const partyId = partyIdOf(ref, reportingRef);
    if (parties.has(partyId)) return partyId;
    const orgType = attribute(org, 'type');
    const kind = partyKindOf(orgType);
    if (!kind) {
      unmapped.push({
        element: at.path,
        line: at.line,
        code: orgType === undefined ? undefined : `OrganisationType ${orgType}`,
        reason: `organisation ${ref} has ${orgType === undefined ? 'no type' : `type ${orgType}`}, which no ledger party kind stands for`,
      });
      return null;
    }
    const name = bilingual(org, 'en');
    parties.set(partyId, {
      command: 'register-party',
      commandId: commandId(`party:${partyId}`),
      element: at.path,
      line: at.line,
      payload: {
        partyId,
        name: { en: shorten(name.en ?? ref, 300), ...(name.ar ? { ar: shorten(name.ar, 500) } : {}) },
        kind,
      },
    });
    return partyId;
  };

  const commitments: PlannedCommand[] = [];
  const renewals: PlannedCommand[] = [];
  const disbursements: PlannedCommand[] = [];

  activities.forEach((activity, activityIndex) => {
    const path = `iati-activity[${activityIndex + 1}]`;
    const identifier = textOf(child(activity, 'iati-identifier')).trim();
    const reportingRef = attribute(child(activity, 'reporting-org'), 'ref') ?? '';
    const ctx: ActivityContext = {
      file,
      activity,
      path,
      reportingRef,
      lang: (attribute(activity, 'xml:lang') ?? attribute(root, 'xml:lang') ?? 'en').toLowerCase(),
      currency: attribute(activity, 'default-currency'),
    };
    const title = bilingual(child(activity, 'title'), ctx.lang);
    const description = bilingual(child(activity, 'description'), ctx.lang).en;
    const byRole = roleRefs(activity);
    const orgByRef = new Map(children(activity, 'participating-org').map((org) => [attribute(org, 'ref')?.trim(), org]));

    const dates = new Map<string, string>();
    let duration: string | undefined;
    for (const date of children(activity, 'activity-date')) {
      const type = attribute(date, 'type') ?? '';
      const role: DateRole = type === ACTIVITY_DATE_TYPE.plannedStart || type === ACTIVITY_DATE_TYPE.actualStart ? 'start' : 'end';
      const note = bilingual(date, ctx.lang).en;
      const known = role === 'end' ? DURATION_NOTE.exec(note ?? '') : null;
      if (known) duration ??= known[1];
      const parsed = dateOf(attribute(date, 'iso-date'), note, role);
      if (parsed && !dates.has(type)) dates.set(type, parsed);
    }
    const start = dates.get(ACTIVITY_DATE_TYPE.actualStart) ?? dates.get(ACTIVITY_DATE_TYPE.plannedStart);
    const end = dates.get(ACTIVITY_DATE_TYPE.actualEnd) ?? dates.get(ACTIVITY_DATE_TYPE.plannedEnd);
    // A period the export gave by its duration comes back as one; `from` is dropped later where it is the signing.
    const period: PeriodValue | undefined =
      start && duration
        ? { from: start, duration }
        : start && end && compareDays(parsePartialDate(start)!.earliest, parsePartialDate(end)!.latest) < 0
          ? { from: start, to: end }
          : undefined;
    const periodFor = (signedOn: string): PeriodValue | undefined =>
      period?.duration !== undefined && period.from === signedOn ? { duration: period.duration } : period;

    let paidAgainst: { stream: string; currency: string; total: bigint; paid: bigint } | null = null;
    let commitmentCount = 0;
    let pledgeCount = 0;

    children(activity, 'transaction').forEach((transaction, index) => {
      const tPath = `${path}/transaction[${index + 1}]`;
      const at = locate(file, transaction, tPath);
      const type = attribute(child(transaction, 'transaction-type'), 'code') ?? '';
      const isCommitment = type === TRANSACTION_TYPE.outgoingCommitment || type === TRANSACTION_TYPE.incomingCommitment;
      const isPledge = type === TRANSACTION_TYPE.outgoingPledge || type === TRANSACTION_TYPE.incomingPledge;
      const isDisbursement = type === TRANSACTION_TYPE.disbursement;
      if (!isCommitment && !isPledge && !isDisbursement) {
        unmapped.push({ element: tPath, line: at.line, code: `TransactionType ${type}`, reason: `transaction type ${type}${TRANSACTION_TYPE_NAMES[type] ? ` (${TRANSACTION_TYPE_NAMES[type]})` : ''} is not a commitment, pledge or disbursement` });
        return;
      }
      const valueNode = child(transaction, 'value');
      const valueAt = locate(file, valueNode ?? transaction, `${tPath}/value`);
      const money = moneyOf(valueNode, ctx.currency, valueAt, errors);
      const note = bilingual(child(transaction, 'description'), ctx.lang).en;
      const dateAt = locate(file, child(transaction, 'transaction-date') ?? transaction, `${tPath}/transaction-date`);
      const occurredOn = dateOf(attribute(child(transaction, 'transaction-date'), 'iso-date'), note, 'transaction');
      if (occurredOn === null) {
        errors.add(dateAt, 'isDate', 'transaction-date must have an iso-date YYYY-MM-DD');
        return;
      }
      if (!notInFuture(occurredOn, options.today, dateAt, errors) || money === null) return;

      const providerNode = child(transaction, 'provider-org');
      const receiverNode = child(transaction, 'receiver-org');
      const donorRef = attribute(providerNode, 'ref')?.trim() || byRole.get(ORGANISATION_ROLE.funding);
      const recipientRef = attribute(receiverNode, 'ref')?.trim() || byRole.get(ORGANISATION_ROLE.implementing) || byRole.get(ORGANISATION_ROLE.extending);
      const xml = sourceOf(file, transaction);
      const valueDate = attribute(valueNode, 'value-date');
      // Called only for a transaction that becomes a fact, so only such activities become sources.
      const cite = () => {
        const document = sourceOfActivity(activity, activityIndex, identifier);
        if (!document) return null;
        // The transaction's XML is the quote; one too long to quote is cited by its value element.
        const whole = (xml?.xml ?? '').normalize('NFC');
        const quote = whole.length > 0 && whole.length <= 5000 ? whole : (sourceOf(file, valueNode ?? transaction)?.xml ?? '').normalize('NFC');
        const note = `IATI file SHA-256 ${file.sha256}, ${tPath}${xml ? ` (line ${xml.line})` : ''}; transaction type ${type}${valueDate ? `; value-date ${valueDate}` : ''}`;
        return { sourceId: document.sourceId, quote, note: shorten(note, 2000) };
      };

      if (isDisbursement) {
        if (!paidAgainst) {
          unmapped.push({ element: tPath, line: at.line, code: `TransactionType ${type}`, reason: 'a disbursement in an activity with no commitment or pledge before it has nothing to be paid against' });
          return;
        }
        if (money.currency !== paidAgainst.currency) {
          errors.add(valueAt, 'disbursement.currency-must-match-commitment', `the activity's commitment is in ${paidAgainst.currency}, this disbursement in ${money.currency}`);
          return;
        }
        const citation = cite();
        if (!citation) return;
        paidAgainst.paid += toMinorUnits(money);
        const ref = attribute(transaction, 'ref');
        disbursements.push({
          command: 'record-disbursement',
          commandId: commandId(tPath),
          element: tPath,
          line: at.line,
          payload: {
            commitment: paidAgainst.stream,
            disbursementId: ref && isSlug(ref) ? ref : `transaction-${index + 1}`,
            amount: money,
            occurredOn,
            ...(paidAgainst.paid > paidAgainst.total ? { override: { reason: 'The IATI file reports disbursements beyond the commitment.' } } : {}),
            sources: [citation],
          },
        });
        return;
      }

      const donorId = partyOf(orgByRef.get(donorRef) ?? providerNode, donorRef, reportingRef, locate(file, providerNode ?? transaction, `${tPath}/provider-org`));
      const recipientId = partyOf(orgByRef.get(recipientRef) ?? receiverNode, recipientRef, reportingRef, locate(file, receiverNode ?? transaction, `${tPath}/receiver-org`));
      if (donorId === null || recipientId === null) {
        unmapped.push({ element: tPath, line: at.line, reason: 'the transaction’s provider or receiver is not an organisation the ledger can record, so it is not recorded' });
        return;
      }
      if (donorId === recipientId) {
        errors.add(at, 'donorIsNotRecipient', `provider and receiver are the same organisation (${donorRef})`);
        return;
      }
      const schedule = children(activity, 'budget').flatMap((budget, b) => {
        const from = attribute(child(budget, 'period-start'), 'iso-date') ?? '';
        const to = attribute(child(budget, 'period-end'), 'iso-date') ?? '';
        const year = from.slice(0, 4);
        if (from !== `${year}-01-01` || to !== `${year}-12-31`) {
          if (commitmentCount + pledgeCount === 0) {
            unmapped.push({ element: `${path}/budget[${b + 1}]`, line: sourceOf(file, budget)?.line ?? null, reason: `a budget from ${from} to ${to} is not one calendar year, which is what a ledger schedule holds` });
          }
          return [];
        }
        const amount = moneyOf(child(budget, 'value'), ctx.currency, locate(file, child(budget, 'value') ?? budget, `${path}/budget[${b + 1}]/value`), errors);
        return amount && amount.currency === money.currency ? [{ year: Number(year), amount }] : [];
      });
      const citation = cite();
      if (!citation) return;
      const base = entityIdOf(identifier || `${file.sha256.slice(0, 16)}-${activityIndex + 1}`, reportingRef, isCommitment ? 'agreement' : 'pledge');
      const common = { total: money, ...(schedule.length > 0 ? { schedule } : {}) };
      let planned: PlannedCommand;
      const renews = renewedStreamOf(activity, reportingRef);
      if (renews && period) {
        // A renewal this ledger exported: recorded as one again, after what it renews.
        const pledgeId = withSuffix(base, ++pledgeCount);
        renewals.push({
          command: 'renew-pledge',
          commandId: commandId(tPath),
          element: tPath,
          line: at.line,
          payload: {
            pledgeId,
            renews,
            kind: isCommitment ? 'commitment' : 'pledge',
            donorId,
            recipientId,
            ...common,
            period: periodFor(occurredOn),
            ...(description && description !== title.en ? { purpose: shorten(description, 2000) } : {}),
            occurredOn,
            sources: [citation],
          },
        });
        paidAgainst ??= { stream: `pledge-${pledgeId}`, currency: money.currency, total: toMinorUnits(money), paid: 0n };
        return;
      }
      if (isCommitment) {
        const agreementId = withSuffix(base, ++commitmentCount);
        const purposes = description && description !== title.en ? description.split('\n').map((line) => line.trim()).filter(Boolean).slice(0, 50).map((line) => shorten(line, 1000)) : [];
        planned = {
          command: 'sign-agreement',
          commandId: commandId(tPath),
          element: tPath,
          line: at.line,
          payload: {
            agreementId,
            title: { en: shorten(title.en ?? identifier, 300), ...(title.ar ? { ar: shorten(title.ar, 500) } : {}) },
            kind: 'contribution',
            parties: [donorId, recipientId],
            commitment: { donorId, recipientId, ...common, ...(periodFor(occurredOn) ? { period: periodFor(occurredOn) } : {}), ...(purposes.length ? { purposes } : {}) },
            occurredOn,
            sources: [citation],
          },
        };
        paidAgainst ??= { stream: `agreement-${agreementId}`, currency: money.currency, total: toMinorUnits(money), paid: 0n };
      } else {
        const pledgeId = withSuffix(base, ++pledgeCount);
        planned = {
          command: 'make-pledge',
          commandId: commandId(tPath),
          element: tPath,
          line: at.line,
          payload: {
            pledgeId,
            donorId,
            recipientId,
            ...common,
            ...(periodFor(occurredOn) ? { period: periodFor(occurredOn) } : {}),
            ...(description && description !== title.en ? { purpose: shorten(description, 2000) } : {}),
            occurredOn,
            sources: [citation],
          },
        };
        paidAgainst ??= { stream: `pledge-${pledgeId}`, currency: money.currency, total: toMinorUnits(money), paid: 0n };
      }
      commitments.push(planned);
    });
  });

  if (errors.errors.length > 0) throw new ValidationFailed(errors.errors);
  return { sha256: file.sha256, sources, parties: [...parties.values()], facts: [...commitments, ...renewals, ...disbursements], unmapped };
}

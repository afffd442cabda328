import { formatPartial } from './dates.js';
import { language, t } from './i18n.js';
import { partyName } from './labels.js';
import { formatMoney } from './money.js';
import type { JsonValue, Money } from './types.js';
import type { RenderContext } from './views.js';

/**
 * A timeline fact in words, in the page's language: parties by name, amounts grouped with their currency, other
 * entities by their names. The ledger's own English summary is the fallback for a fact this does not know.
 */

type Data = Readonly<Record<string, JsonValue | undefined>>;

function text(value: JsonValue | undefined): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const ar = value.ar;
    const en = value.en;
    if (language() === 'ar' && typeof ar === 'string') return ar;
    if (typeof en === 'string') return en;
  }
  return '';
}

function money(value: JsonValue | undefined): string {
  const m = value as Partial<Money> | undefined;
  return m && typeof m.amount === 'string' && typeof m.currency === 'string' ? formatMoney({ amount: m.amount, currency: m.currency }) : '';
}

function party(value: JsonValue | undefined): string {
  return typeof value === 'string' ? partyName(value) : '';
}

function parties(value: JsonValue | undefined): string {
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map(partyName) : [];
  return list.join(language() === 'ar' ? '، ' : ', ');
}

export function summaryOf(type: string, data: Data, entity: (stream: string) => string): string | null {
  const commitment = (data.commitment ?? null) as Data | null;
  switch (type) {
    case 'AgreementSigned':
      return commitment
        ? t('summary.agreementMoney', { title: text(data.title), parties: parties(data.parties), amount: money(commitment.total) })
        : t('summary.agreement', { title: text(data.title), parties: parties(data.parties) });
    case 'PledgeMade':
      return t('summary.pledge', { donor: party(data.donorId), amount: money(data.total), recipient: party(data.recipientId) });
    case 'PledgeRenewed':
      return t('summary.renewal', { donor: party(data.donorId), renews: typeof data.renews === 'string' ? entity(data.renews) : '', amount: money(data.total), recipient: party(data.recipientId) });
    case 'ContributionDisbursed':
      return t('summary.disbursed', { amount: money(data.amount), commitment: typeof data.commitment === 'string' ? entity(data.commitment) : '' });
    case 'OfficeOpened':
      return t('summary.officeOpened', { name: text(data.name), city: text(data.city), operator: party(data.operatorId) });
    case 'OfficeClosed':
      return t('summary.officeClosed', { name: typeof data.officeId === 'string' ? entity(`office-${data.officeId}`) : '' });
    case 'DialogueHeld':
      return t('summary.dialogue', { title: text(data.title), organisers: parties(data.organisers), when: typeof data.from === 'string' ? formatPartial(data.from) : '' });
    case 'ProgrammeLaunched':
      return t('summary.programme', { name: text(data.name), funders: parties(data.funders) });
    case 'PartyRegistered':
      return t('summary.party', { name: text(data.name) });
    case 'SourceRegistered':
      return t('summary.source', { title: text(data.title) });
    default:
      return null;
  }
}

export function factSummary(entry: { type: string; summary: string; data?: Data }, context: RenderContext): string {
  if (!entry.data) return entry.summary;
  return summaryOf(entry.type, entry.data, (stream) => context.names.get(stream) ?? stream) ?? entry.summary;
}

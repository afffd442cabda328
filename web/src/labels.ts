import { language } from './i18n.js';
import type { Party } from './types.js';

/** Display names: parties from the ledger (PartyRegistered), event types in words. */

const parties = new Map<string, Party>();

export function setParties(entries: Iterable<[string, Party]>): void {
  parties.clear();
  for (const [id, party] of entries) parties.set(id, party);
}

export function partyName(id: string): string {
  const party = parties.get(id);
  if (!party) return id;
  return language() === 'ar' && party.ar ? party.ar : party.en;
}

export function isRegisteredParty(id: string): boolean {
  return parties.has(id);
}

/** Registered parties as [id, name], by name. */
export function partyEntries(): [string, string][] {
  return [...parties.keys()].map((id): [string, string] => [id, partyName(id)]).sort((a, b) => a[1].localeCompare(b[1]));
}

const TYPE_LABELS: Record<string, string> = {
  AgreementSigned: 'Agreement signed',
  PledgeMade: 'Pledge made',
  PledgeRenewed: 'Pledge renewed',
  ContributionDisbursed: 'Contribution disbursed',
  OfficeOpened: 'Office opened',
  OfficeClosed: 'Office closed',
  DialogueHeld: 'Engagement held',
  ProgrammeLaunched: 'Programme launched',
  PartyRegistered: 'Party founded',
  SourceRegistered: 'Source registered',
  FactCorrected: 'Fact corrected',
  FactRetracted: 'Fact retracted',
};

const TYPE_LABELS_AR: Record<string, string> = {
  AgreementSigned: 'توقيع اتفاقية',
  PledgeMade: 'قطع تعهد',
  PledgeRenewed: 'تجديد تعهد',
  ContributionDisbursed: 'دفع مساهمة',
  OfficeOpened: 'افتتاح مكتب',
  OfficeClosed: 'إغلاق مكتب',
  DialogueHeld: 'انعقاد لقاء',
  ProgrammeLaunched: 'إطلاق برنامج',
  PartyRegistered: 'تأسيس طرف',
  SourceRegistered: 'تسجيل مصدر',
  FactCorrected: 'تصحيح واقعة',
  FactRetracted: 'سحب واقعة',
};

export function typeLabel(type: string): string {
  if (language() === 'ar' && TYPE_LABELS_AR[type]) return TYPE_LABELS_AR[type];
  return TYPE_LABELS[type] ?? type.replace(/([a-z])([A-Z])/g, '$1 $2');
}

const PRECISION_LABELS: Record<string, string> = {
  day: 'exact day',
  month: 'month only',
  quarter: 'quarter only',
  year: 'year only',
};

const PRECISION_LABELS_AR: Record<string, string> = {
  day: 'اليوم محدد',
  month: 'الشهر فقط',
  quarter: 'الربع فقط',
  year: 'السنة فقط',
};

export function precisionLabel(precision: string): string {
  return (language() === 'ar' ? PRECISION_LABELS_AR : PRECISION_LABELS)[precision] ?? precision;
}

/** "office-parliamentary-engagement-office" → its kind ("office") for grouping and headings. */
export function streamKind(stream: string): string {
  return stream.split('-')[0] ?? stream;
}

import { createHash } from 'node:crypto';
import { ClassConstructor } from 'class-transformer';
import { validated } from '../../src/domain/validation';
import { CorrectFactPayload } from '../../src/correcting-facts/correct-fact.command';
import { RetractFactPayload } from '../../src/correcting-facts/retract-fact.command';
import { RecordDisbursementPayload } from '../../src/disbursing/record-disbursement.command';
import { HoldDialoguePayload } from '../../src/holding-dialogues/hold-dialogue.command';
import { LaunchProgrammePayload } from '../../src/launching-programmes/launch-programme.command';
import { CloseOfficePayload } from '../../src/opening-offices/close-office.command';
import { OpenOfficePayload } from '../../src/opening-offices/open-office.command';
import { MakePledgePayload } from '../../src/pledging/make-pledge.command';
import { RenewPledgePayload } from '../../src/pledging/renew-pledge.command';
import { RegisterPartyPayload } from '../../src/registering-parties/register-party.command';
import { RegisterSourcePayload } from '../../src/registering-sources/register-source.command';
import { SignAgreementPayload } from '../../src/signing-agreements/sign-agreement.command';

/** Valid JSON payloads for each command, in the shapes of spec/catalogue-spec.md; tests override fields. */

type Json = Record<string, unknown>;

/** The sample source's document: it holds every quote the sample payloads cite. */
export const SAMPLE_TEXT =
  'الدوحة – قنا:\nوقعت دولة قطر ومكتب الأمم المتحدة لمكافحة الإرهاب اتفاقية مساهمة.\nوأكدت دولة قطر دعمها، وهذا نص الخبر.\n';

export const CITE = [{ sourceId: 'article-000', quote: 'وقعت دولة قطر ومكتب الأمم المتحدة لمكافحة الإرهاب اتفاقية', note: 'test' }];

export const json = {
  source: (over: Json = {}): Json => ({
    sourceId: 'article-000',
    title: 'انعقاد الحوار الاستراتيجي الأول',
    titleEn: 'First Strategic Dialogue held',
    publisher: 'Qatar News Agency',
    publishedOn: '2019-03-20',
    language: 'ar',
    contentSha256: createHash('sha256').update(SAMPLE_TEXT, 'utf8').digest('hex'),
    kind: 'news-article',
    document: '000_7b80eea7f1e363f6.txt',
    text: SAMPLE_TEXT,
    ...over,
  }),
  party: (over: Json = {}): Json => ({
    partyId: 'qatar',
    name: { en: 'State of Qatar', ar: 'دولة قطر' },
    kind: 'state',
    ...over,
  }),
  agreement: (over: Json = {}): Json => ({
    agreementId: 'qa-unoct-2018',
    title: { en: 'Contribution agreement', ar: 'اتفاقية مساهمة' },
    kind: 'contribution',
    parties: ['qatar', 'unoct'],
    signatories: [{ name: 'A. Signer', role: 'Minister', partyId: 'qatar' }],
    place: { city: 'Doha', country: 'QA' },
    commitment: {
      donorId: 'qatar',
      recipientId: 'unoct',
      total: { amount: '75000000', currency: 'USD' },
      period: { from: '2019', to: '2023' },
      schedule: [{ year: 2019, amount: { amount: '15000000', currency: 'USD' } }],
      purposes: ['Counter-terrorism programmes'],
    },
    occurredOn: '2018-12-16',
    sources: CITE,
    ...over,
  }),
  pledge: (over: Json = {}): Json => ({
    pledgeId: 'qa-unoct-2022',
    donorId: 'qatar',
    recipientId: 'unoct',
    total: { amount: '45000000', currency: 'USD' },
    period: { from: '2024', to: '2026' },
    schedule: [
      { year: 2024, amount: { amount: '15000000', currency: 'USD' } },
      { year: 2025, amount: { amount: '15000000', currency: 'USD' } },
      { year: 2026, amount: { amount: '15000000', currency: 'USD' } },
    ],
    purpose: 'Renewed support',
    announcedBy: { name: 'Minister of State', partyId: 'qatar-mofa' },
    occurredOn: '2022-03-28',
    sources: CITE,
    ...over,
  }),
  renewal: (over: Json = {}): Json => ({
    ...json.pledge(),
    pledgeId: 'qa-unoct-renewal-2024',
    renews: 'agreement-qa-unoct-2018',
    kind: 'pledge',
    atEngagement: 'engagement-forum-2022',
    ...over,
  }),
  disbursement: (over: Json = {}): Json => ({
    disbursementId: 'first-tranche',
    commitment: 'agreement-qa-unoct-2018',
    amount: { amount: '15000000', currency: 'USD' },
    occurredOn: '2019-06',
    sources: CITE,
    ...over,
  }),
  openOffice: (over: Json = {}): Json => ({
    officeId: 'behavioural-insights-hub',
    name: { en: 'International Hub on Behavioural Insights', ar: 'المركز الدولي للرؤى السلوكية' },
    city: 'Doha',
    country: 'QA',
    operatorId: 'unoct',
    hostAgreement: 'agreement-qa-unoct-2018',
    mandate: 'Behavioural insights to counter terrorism',
    occurredOn: '2020-12',
    sources: CITE,
    ...over,
  }),
  closeOffice: (over: Json = {}): Json => ({
    officeId: 'behavioural-insights-hub',
    reason: 'Mandate ended',
    occurredOn: '2024-01',
    sources: CITE,
    ...over,
  }),
  dialogue: (over: Json = {}): Json => ({
    engagementId: 'strategic-dialogue-2019',
    kind: 'strategic-dialogue',
    title: { en: 'First Strategic Dialogue', ar: 'الحوار الاستراتيجي الأول' },
    sequence: 1,
    place: { city: 'New York', country: 'US', venue: 'UN Headquarters' },
    virtual: false,
    from: '2019-03-19',
    organisers: ['qatar', 'unoct'],
    participants: [{ name: 'Vladimir Voronkov', role: 'Under-Secretary-General', partyId: 'unoct', capacity: 'chair' }],
    topics: ['Behavioural insights'],
    outcomes: [
      {
        description: 'Next session agreed',
        followUp: { description: 'Second strategic dialogue', expectedPlace: 'Doha', expectedBy: '2019-Q4' },
      },
    ],
    sources: CITE,
    ...over,
  }),
  programme: (over: Json = {}): Json => ({
    programmeId: 'vulnerable-targets',
    name: { en: 'Global Programme on vulnerable targets', ar: 'البرنامج العالمي' },
    funders: ['qatar'],
    partners: ['unaoc', 'unicri'],
    consultedBodies: ['interpol', 'cted'],
    mandateReferences: ['UNSC resolution 2396'],
    occurredOn: '2021-01-19',
    sources: CITE,
    ...over,
  }),
  correct: (over: Json = {}): Json => ({
    stream: 'office-behavioural-insights-hub',
    eventId: '00000000-0000-4000-8000-000000000000',
    changes: { occurredOn: '2020-12-07' },
    reason: 'The public record gives the day',
    sources: CITE,
    ...over,
  }),
  retract: (over: Json = {}): Json => ({
    stream: 'office-behavioural-insights-hub',
    eventId: '00000000-0000-4000-8000-000000000000',
    reason: 'The source was wrong',
    sources: CITE,
    ...over,
  }),
};

function as<T extends object>(cls: ClassConstructor<T>, plain: Json): T {
  return validated(cls, plain);
}

/** Validated payload instances, as the recorder hands them to deciders. */
export const payload = {
  source: (over?: Json) => as(RegisterSourcePayload, json.source(over)),
  party: (over?: Json) => as(RegisterPartyPayload, json.party(over)),
  agreement: (over?: Json) => as(SignAgreementPayload, json.agreement(over)),
  pledge: (over?: Json) => as(MakePledgePayload, json.pledge(over)),
  renewal: (over?: Json) => as(RenewPledgePayload, json.renewal(over)),
  disbursement: (over?: Json) => as(RecordDisbursementPayload, json.disbursement(over)),
  openOffice: (over?: Json) => as(OpenOfficePayload, json.openOffice(over)),
  closeOffice: (over?: Json) => as(CloseOfficePayload, json.closeOffice(over)),
  dialogue: (over?: Json) => as(HoldDialoguePayload, json.dialogue(over)),
  programme: (over?: Json) => as(LaunchProgrammePayload, json.programme(over)),
  correct: (over?: Json) => as(CorrectFactPayload, json.correct(over)),
  retract: (over?: Json) => as(RetractFactPayload, json.retract(over)),
};

/** The event data a payload becomes (its citations go to metadata). */
export function dataOf(plainPayload: Json): Json {
  const { sources: _sources, ...data } = plainPayload;
  return data;
}

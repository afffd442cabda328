import { language } from './i18n.js';

/**
 * Labels for the commands' fields and choices. The forms are generated from the OpenAPI schemas, so a field this
 * table does not know still gets a label: its name in words.
 */

const FIELDS: Record<string, [en: string, ar: string]> = {
  sources: ['Sources', 'المصادر'],
  sourceId: ['Source', 'المصدر'],
  quote: ['Quote (in the document’s language)', 'الاقتباس (بلغة الوثيقة)'],
  note: ['Note', 'ملاحظة'],
  engagementId: ['Engagement id', 'معرّف اللقاء'],
  agreementId: ['Agreement id', 'معرّف الاتفاقية'],
  pledgeId: ['Pledge id', 'معرّف التعهد'],
  officeId: ['Office id', 'معرّف المكتب'],
  programmeId: ['Programme id', 'معرّف البرنامج'],
  partyId: ['Party', 'الطرف'],
  disbursementId: ['Disbursement id', 'معرّف الدفعة'],
  kind: ['Kind', 'النوع'],
  title: ['Title', 'العنوان'],
  titleEn: ['Title in English', 'العنوان بالإنجليزية'],
  name: ['Name', 'الاسم'],
  en: ['In English', 'بالإنجليزية'],
  ar: ['In Arabic', 'بالعربية'],
  sequence: ['Session number', 'رقم الدورة'],
  place: ['Place', 'المكان'],
  city: ['City', 'المدينة'],
  country: ['Country (ISO code, e.g. QA)', 'الدولة (رمز ISO، مثل QA)'],
  venue: ['Venue', 'مكان الانعقاد'],
  virtual: ['Held online', 'عُقد عبر الإنترنت'],
  from: ['From', 'من'],
  to: ['To', 'إلى'],
  organisers: ['Organisers', 'المنظمون'],
  participants: ['Participants', 'المشاركون'],
  role: ['Role', 'الصفة'],
  capacity: ['Capacity', 'الدور'],
  topics: ['Topics', 'المواضيع'],
  outcomes: ['Outcomes', 'النتائج'],
  description: ['Description', 'الوصف'],
  followUp: ['Follow-up promised', 'متابعة موعودة'],
  expectedPlace: ['Expected place', 'المكان المتوقع'],
  expectedBy: ['Expected by', 'متوقع بحلول'],
  fulfils: ['Fulfils', 'يفي بـ'],
  engagement: ['Engagement', 'اللقاء'],
  outcomeIndex: ['Outcome number (from 0)', 'رقم النتيجة (من 0)'],
  parties: ['Parties', 'الأطراف'],
  signatories: ['Signatories', 'الموقعون'],
  commitment: ['Commitment', 'الالتزام'],
  donorId: ['Donor', 'المانح'],
  recipientId: ['Recipient', 'المتلقي'],
  total: ['Total', 'المجموع'],
  amount: ['Amount', 'المبلغ'],
  currency: ['Currency', 'العملة'],
  period: ['Period', 'الفترة'],
  schedule: ['Yearly schedule', 'الجدول السنوي'],
  year: ['Year', 'السنة'],
  purposes: ['Purposes', 'الأغراض'],
  purpose: ['Purpose', 'الغرض'],
  provisions: ['Provisions', 'الأحكام'],
  occurredOn: ['Date it happened', 'تاريخ الوقوع'],
  announcedBy: ['Announced by', 'أعلنه'],
  atEngagement: ['At engagement', 'خلال اللقاء'],
  renews: ['Renews', 'يجدّد'],
  operatorId: ['Operator', 'الجهة المشغّلة'],
  hostAgreement: ['Host agreement', 'اتفاقية الاستضافة'],
  mandate: ['Mandate', 'الولاية'],
  reason: ['Reason', 'السبب'],
  funders: ['Funders', 'الممولون'],
  partners: ['Partners', 'الشركاء'],
  consultedBodies: ['Bodies consulted', 'الجهات المستشارة'],
  mandateReferences: ['Mandate references', 'مراجع الولاية'],
  override: ['Override', 'تجاوز'],
  parentId: ['Parent party', 'الطرف الأم'],
  publisher: ['Publisher', 'الناشر'],
  publishedOn: ['Published on', 'تاريخ النشر'],
  language: ['Language (ISO code, e.g. ar)', 'اللغة (رمز ISO، مثل ar)'],
  url: ['Address (URL)', 'الرابط'],
  contentSha256: ['Content SHA-256', 'بصمة المحتوى SHA-256'],
  document: ['Document file', 'ملف الوثيقة'],
  stream: ['Stream', 'السلسلة'],
  eventId: ['Event id', 'معرّف الحدث'],
};

/** One item of a repeated field: "Participant 2", not "Participants". */
const ITEMS: Record<string, [en: string, ar: string]> = {
  sources: ['Citation', 'استشهاد'],
  participants: ['Participant', 'مشارك'],
  outcomes: ['Outcome', 'نتيجة'],
  topics: ['Topic', 'موضوع'],
  organisers: ['Organiser', 'منظم'],
  parties: ['Party', 'طرف'],
  signatories: ['Signatory', 'موقّع'],
  schedule: ['Year of the schedule', 'سنة من الجدول'],
  purposes: ['Purpose', 'غرض'],
  provisions: ['Provision', 'حكم'],
  funders: ['Funder', 'ممول'],
  partners: ['Partner', 'شريك'],
  consultedBodies: ['Body consulted', 'جهة مستشارة'],
  mandateReferences: ['Mandate reference', 'مرجع ولاية'],
  fulfils: ['Fulfilment', 'وفاء بمتابعة'],
};

const CHOICES: Record<string, [en: string, ar: string]> = {
  'strategic-dialogue': ['Strategic dialogue', 'حوار استراتيجي'],
  'coordination-meeting': ['Coordination meeting', 'اجتماع تنسيقي'],
  'policy-dialogue': ['Policy dialogue', 'حوار سياسات'],
  forum: ['Forum', 'منتدى'],
  'launch-event': ['Launch event', 'فعالية إطلاق'],
  chair: ['Chair', 'رئيس'],
  attendee: ['Attendee', 'حاضر'],
  speaker: ['Speaker', 'متحدث'],
  host: ['Host', 'مضيف'],
  contribution: ['Contribution', 'مساهمة'],
  'host-country': ['Host country', 'بلد مضيف'],
  establishment: ['Establishment', 'إنشاء'],
  mou: ['Memorandum of understanding', 'مذكرة تفاهم'],
  pledge: ['Pledge', 'تعهد'],
  commitment: ['Commitment', 'التزام'],
  state: ['State', 'دولة'],
  'government-body': ['Government body', 'جهة حكومية'],
  parliament: ['Parliament', 'برلمان'],
  'un-entity': ['UN entity', 'كيان أممي'],
  'international-organisation': ['International organisation', 'منظمة دولية'],
  'news-article': ['News article', 'مقال إخباري'],
  'public-record': ['Public record', 'سجل عام'],
  'official-statement': ['Official statement', 'بيان رسمي'],
};

function pick(entry: [string, string] | undefined): string | null {
  return entry ? entry[language() === 'ar' ? 1 : 0] : null;
}

/** "engagementId" → "Engagement id" when the table has no label. */
function words(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function fieldLabel(name: string): string {
  return pick(FIELDS[name]) ?? words(name);
}

export function itemLabel(name: string): string {
  return pick(ITEMS[name]) ?? fieldLabel(name);
}

export function choiceLabel(value: string): string {
  return pick(CHOICES[value]) ?? value;
}

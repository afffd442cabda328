/**
 * The page's two languages. English and Arabic strings sit side by side so a missing translation is seen in review;
 * the language is read from the address (`lang=ar`) and set on <html> with its direction.
 */

export type Language = 'en' | 'ar';

let current: Language = 'en';

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

export function isLanguage(value: string | null | undefined): value is Language {
  return value === 'en' || value === 'ar';
}

type Strings = Record<string, string>;

const EN: Strings = {
  // static page
  'page.title': 'Partnership Ledger',
  'page.subtitle': 'State of Qatar · United Nations Office of Counter-Terrorism — auditor’s view',
  'page.skip': 'Skip to the ledger’s views',
  'lang.switch': 'العربية',
  'lang.switchLabel': 'اعرض الصفحة بالعربية',
  'key.label': 'API key',
  'key.use': 'Use key',
  'key.forget': 'Forget',
  'key.help': 'Sent as a bearer token with every request; kept for this tab only, never in the address.',
  'key.inUse': 'A key is in use for this tab.',
  'key.none': 'No key entered.',
  'key.enterFirst': 'Enter a key first.',
  'key.needed': 'Enter your API key above to read the ledger.',
  'key.invalid': 'The ledger needs a valid key: enter it above and choose “Use key”.',
  'controls.title': 'Point in time',
  'valid.label': 'Valid date',
  'valid.hint': '— when the facts happened:',
  'valid.prev': 'Previous fact',
  'valid.next': 'Next fact',
  'valid.help': 'Arrow keys: one day. Page Up / Page Down: one month (with Shift: one year). Home / End: first and last day. Tick marks are the facts’ dates.',
  'valid.date': 'Date',
  'valid.today': 'Today',
  'known.label': 'Known at',
  'known.hint': '— what the ledger had recorded by then',
  'known.or': 'Or a position or timestamp',
  'known.apply': 'Apply',
  'known.help': 'A global position (whole number) or an ISO 8601 timestamp with a time zone.',
  'known.bad': 'Known at must be a position (a whole number) or a timestamp with a time zone, such as 2021-06-16T00:00:00Z.',
  'known.now': 'Now (everything recorded{position})',
  'known.before': 'Position {position}: before “{what}” was {change} ({when})',
  'known.corrected': 'corrected',
  'known.retracted': 'retracted',
  'known.position': 'Position {position}',
  'known.recordedBy': 'Recorded by {value}',
  'commitments.title': 'Commitments and pledges',
  'commitments.list': 'Each commitment and pledge',
  'at': 'at',
  'upTo': 'up to',
  'chart.caption': 'Amounts per year, as the ledger’s yearly schedules give them. Pledges are announcements, shown apart from (and never added to) commitments.',
  'offices.title': 'Office registry',
  'offices.help': 'Opening dates at the precision the sources give. “◐ possible” marks an office whose opening date (a month or a year) straddles the chosen date.',
  'timeline.title': 'Timeline of facts',
  'diff.title': 'What changed between two dates',
  'diff.from': 'From',
  'diff.to': 'To',
  'diff.compare': 'Compare',
  'history.title': 'History',
  'history.close': 'Close',
  'history.help': 'Every belief the ledger has held about this entity: as first recorded, then each correction — what was believed before, when the change was recorded, by whom, and on which sources.',
  // record panel
  'record.title': 'Record a fact',
  'record.help': 'For administrators. Choose what happened, fill in what the sources say, preview the events, then record them. Nothing is recorded until you choose “Record”.',
  'record.command': 'What happened',
  'record.choose': 'Choose…',
  'record.preview': 'Preview',
  'record.record': 'Record',
  'record.recording': 'Recording…',
  'record.previewing': 'Checking with the ledger…',
  'record.previewTitle': 'The ledger would append {count} event(s) to {stream}',
  'record.previewStale': 'The form changed since the preview: preview again before recording.',
  'record.recorded': 'Recorded in {stream} at position {position}.',
  'record.replayed': 'Already recorded (this submission had reached the ledger): {stream}, position {position}. Nothing was appended again.',
  'record.fixFields': 'The ledger refused the form: {count} field(s) need attention.',
  'record.conflict': 'Someone else changed {stream} while this was decided.',
  'record.reload': 'Reload and decide again',
  'record.cancel': 'Close the form',
  'record.networkError': 'The ledger did not answer ({detail}). Choose “Record” again: the same submission will not be recorded twice.',
  'record.correctTitle': 'Correct: {what}',
  'record.retractTitle': 'Retract: {what}',
  'record.changed': 'Changed fields',
  'record.noChange': 'Nothing changed yet: edit the fields that were wrong.',
  'record.correct': 'Correct',
  'record.retract': 'Retract',
  'record.reason': 'Reason',
  'record.correctionSources': 'Sources of the correction',
  'record.retractionSources': 'Sources of the retraction',
  'record.correctionDate': 'When the correction was made (optional)',
  'form.add': 'Add {what}',
  'form.remove': 'Remove',
  'form.required': 'required',
  'form.optional': 'optional',
  'form.none': '—',
  'form.yes': 'Yes',
  'form.no': 'No',
  'date.precision': 'Known to the',
  'date.day': 'day',
  'date.month': 'month',
  'date.quarter': 'quarter',
  'date.year': 'year',
  'date.yearField': 'Year',
  'date.monthField': 'Month',
  'date.dayField': 'Day',
  'date.quarterField': 'Quarter',
  'money.amount': 'Amount',
  'money.currency': 'Currency',
  'cite.pick': 'Pick words from the document',
  'cite.use': 'Use the selected words',
  'cite.noSelection': 'Select words in the document first.',
  'cite.document': 'Document',
};

const AR: Strings = {
  'page.title': 'سجل الشراكة',
  'page.subtitle': 'دولة قطر · مكتب الأمم المتحدة لمكافحة الإرهاب — عرض المدقق',
  'page.skip': 'انتقل إلى عروض السجل',
  'lang.switch': 'English',
  'lang.switchLabel': 'Show the page in English',
  'key.label': 'مفتاح الوصول',
  'key.use': 'استخدم المفتاح',
  'key.forget': 'انسَ المفتاح',
  'key.help': 'يُرسل مع كل طلب، ويُحفظ لهذه النافذة فقط، ولا يظهر في العنوان أبدًا.',
  'key.inUse': 'مفتاح قيد الاستخدام في هذه النافذة.',
  'key.none': 'لم يُدخل أي مفتاح.',
  'key.enterFirst': 'أدخل مفتاحًا أولًا.',
  'key.needed': 'أدخل مفتاح الوصول أعلاه لقراءة السجل.',
  'key.invalid': 'يحتاج السجل إلى مفتاح صالح: أدخله أعلاه واختر «استخدم المفتاح».',
  'controls.title': 'النقطة الزمنية',
  'valid.label': 'التاريخ الفعلي',
  'valid.hint': '— متى وقعت الوقائع:',
  'valid.prev': 'الواقعة السابقة',
  'valid.next': 'الواقعة التالية',
  'valid.help': 'مفاتيح الأسهم: يوم واحد. Page Up / Page Down: شهر واحد (مع Shift: سنة). Home / End: أول يوم وآخر يوم. العلامات هي تواريخ الوقائع.',
  'valid.date': 'التاريخ',
  'valid.today': 'اليوم',
  'known.label': 'كما عُرف في',
  'known.hint': '— ما كان السجل قد دوّنه حينئذ',
  'known.or': 'أو موضع أو طابع زمني',
  'known.apply': 'طبّق',
  'known.help': 'موضع عام (عدد صحيح) أو طابع زمني بصيغة ISO 8601 مع المنطقة الزمنية.',
  'known.bad': 'يجب أن يكون «كما عُرف في» موضعًا (عددًا صحيحًا) أو طابعًا زمنيًا مع المنطقة الزمنية، مثل 2021-06-16T00:00:00Z.',
  'known.now': 'الآن (كل ما دُوّن{position})',
  'known.before': 'الموضع {position}: قبل {change} «{what}» ({when})',
  'known.corrected': 'تصحيح',
  'known.retracted': 'سحب',
  'known.position': 'الموضع {position}',
  'known.recordedBy': 'ما دُوّن حتى {value}',
  'commitments.title': 'الالتزامات والتعهدات',
  'commitments.list': 'كل التزام وتعهد',
  'at': 'في',
  'upTo': 'حتى',
  'chart.caption': 'المبالغ لكل سنة كما تعطيها الجداول السنوية في السجل. التعهدات إعلانات، تُعرض منفصلة عن الالتزامات ولا تُضاف إليها أبدًا.',
  'offices.title': 'سجل المكاتب',
  'offices.help': 'تواريخ الافتتاح بالدقة التي تعطيها المصادر. «◐ محتمل» يعني أن تاريخ الافتتاح (شهر أو سنة) يمتد عبر التاريخ المختار.',
  'timeline.title': 'الخط الزمني للوقائع',
  'diff.title': 'ما الذي تغيّر بين تاريخين',
  'diff.from': 'من',
  'diff.to': 'إلى',
  'diff.compare': 'قارن',
  'history.title': 'السجل التاريخي',
  'history.close': 'إغلاق',
  'history.help': 'كل ما اعتقده السجل عن هذا الكيان: كما دُوّن أولًا، ثم كل تصحيح — ما كان معتقدًا قبله، ومتى دُوّن التغيير، ومن دوّنه، وبأي مصادر.',
  'record.title': 'تدوين واقعة',
  'record.help': 'للمشرفين. اختر ما حدث، واملأ ما تقوله المصادر، واستعرض الأحداث، ثم دوّنها. لا يُدوَّن شيء حتى تختار «دوّن».',
  'record.command': 'ما الذي حدث',
  'record.choose': 'اختر…',
  'record.preview': 'استعرض',
  'record.record': 'دوّن',
  'record.recording': 'جارٍ التدوين…',
  'record.previewing': 'جارٍ التحقق مع السجل…',
  'record.previewTitle': 'سيضيف السجل {count} حدثًا إلى {stream}',
  'record.previewStale': 'تغيّر النموذج بعد الاستعراض: استعرض مجددًا قبل التدوين.',
  'record.recorded': 'دُوّن في {stream} في الموضع {position}.',
  'record.replayed': 'دُوّن من قبل (كان هذا الإرسال قد وصل إلى السجل): {stream}، الموضع {position}. لم يُضف شيء مرة أخرى.',
  'record.fixFields': 'رفض السجل النموذج: {count} من الحقول تحتاج إلى مراجعة.',
  'record.conflict': 'غيّر شخص آخر {stream} أثناء اتخاذ القرار.',
  'record.reload': 'أعد التحميل وقرّر من جديد',
  'record.cancel': 'أغلق النموذج',
  'record.networkError': 'لم يُجب السجل ({detail}). اختر «دوّن» مجددًا: لن يُدوَّن الإرسال نفسه مرتين.',
  'record.correctTitle': 'تصحيح: {what}',
  'record.retractTitle': 'سحب: {what}',
  'record.changed': 'الحقول المعدّلة',
  'record.noChange': 'لم يتغير شيء بعد: عدّل الحقول الخاطئة.',
  'record.correct': 'صحّح',
  'record.retract': 'اسحب',
  'record.reason': 'السبب',
  'record.correctionSources': 'مصادر التصحيح',
  'record.retractionSources': 'مصادر السحب',
  'record.correctionDate': 'متى جرى التصحيح (اختياري)',
  'form.add': 'أضف {what}',
  'form.remove': 'احذف',
  'form.required': 'مطلوب',
  'form.optional': 'اختياري',
  'form.none': '—',
  'form.yes': 'نعم',
  'form.no': 'لا',
  'date.precision': 'معروف حتى',
  'date.day': 'اليوم',
  'date.month': 'الشهر',
  'date.quarter': 'الربع',
  'date.year': 'السنة',
  'date.yearField': 'السنة',
  'date.monthField': 'الشهر',
  'date.dayField': 'اليوم',
  'date.quarterField': 'الربع',
  'money.amount': 'المبلغ',
  'money.currency': 'العملة',
  'cite.pick': 'اختر كلمات من الوثيقة',
  'cite.use': 'استخدم الكلمات المحددة',
  'cite.noSelection': 'حدّد كلمات في الوثيقة أولًا.',
  'cite.document': 'الوثيقة',
};

const TABLES: Record<Language, Strings> = { en: EN, ar: AR };

/** A string in the page's language, `{name}` filled from `values`; English when Arabic lacks it. */
export function t(key: string, values: Record<string, string | number> = {}): string {
  const template = TABLES[current][key] ?? EN[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => (name in values ? String(values[name]) : `{${name}}`));
}

export function hasString(key: string): boolean {
  return key in EN;
}

/** Keys English has and Arabic lacks (a test holds this empty). */
export function missingArabic(): string[] {
  return Object.keys(EN).filter((key) => !(key in AR));
}

/** Sets the text of every element marked `data-i18n="key"` (and `data-i18n-attr="attr:key"`). */
export function translateStatic(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) element.textContent = t(element.dataset.i18n!);
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr!.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) element.setAttribute(attr, t(key));
    }
  }
}

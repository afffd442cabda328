/** IATI activity files as another publisher would write them, for import tests. */

export interface TransactionSpec {
  readonly type: string;
  readonly value: string;
  readonly currency?: string;
  readonly date?: string;
  readonly ref?: string;
  readonly provider?: string;
  readonly receiver?: string;
}

export interface ActivitySpec {
  readonly identifier: string;
  readonly title?: string;
  readonly titleAr?: string;
  readonly transactions: readonly TransactionSpec[];
  readonly budgets?: readonly { from: string; to: string; value: string }[];
  readonly orgs?: readonly { ref: string; role: string; type?: string; name: string }[];
}

const DEFAULT_ORGS = [
  { ref: 'GB-GOV-1', role: '1', type: '10', name: 'Foreign, Commonwealth and Development Office' },
  { ref: 'XM-DAC-41114', role: '4', type: '40', name: 'United Nations Development Programme' },
];

function transaction(t: TransactionSpec): string {
  const date = t.date ?? '2021-05-04';
  return [
    `      <transaction${t.ref ? ` ref="${t.ref}"` : ''}>`,
    `        <transaction-type code="${t.type}"/>`,
    `        <transaction-date iso-date="${date}"/>`,
    `        <value${t.currency ? ` currency="${t.currency}"` : ''} value-date="${date}">${t.value}</value>`,
    `        <provider-org ref="${t.provider ?? 'GB-GOV-1'}"><narrative>Provider</narrative></provider-org>`,
    `        <receiver-org ref="${t.receiver ?? 'XM-DAC-41114'}"><narrative>Receiver</narrative></receiver-org>`,
    `      </transaction>`,
  ].join('\n');
}

export function activity(spec: ActivitySpec): string {
  const orgs = spec.orgs ?? DEFAULT_ORGS;
  return [
    `  <iati-activity default-currency="GBP" xml:lang="en">`,
    `    <iati-identifier>${spec.identifier}</iati-identifier>`,
    `    <reporting-org ref="GB-GOV-1" type="10"><narrative>Foreign, Commonwealth and Development Office</narrative></reporting-org>`,
    `    <title><narrative>${spec.title ?? 'Support to counter-terrorism capacity'}</narrative>${spec.titleAr ? `<narrative xml:lang="ar">${spec.titleAr}</narrative>` : ''}</title>`,
    `    <description><narrative>Strengthening national capacity &amp; coordination</narrative></description>`,
    ...orgs.map((o) => `    <participating-org ref="${o.ref}" role="${o.role}"${o.type ? ` type="${o.type}"` : ''}><narrative>${o.name}</narrative></participating-org>`),
    `    <activity-status code="2"/>`,
    `    <activity-date iso-date="2021-01-01" type="2"/>`,
    `    <activity-date iso-date="2023-12-31" type="3"/>`,
    ...(spec.budgets ?? []).map(
      (b) => `    <budget type="1" status="2"><period-start iso-date="${b.from}"/><period-end iso-date="${b.to}"/><value value-date="${b.from}">${b.value}</value></budget>`,
    ),
    ...spec.transactions.map(transaction),
    `  </iati-activity>`,
  ].join('\n');
}

export function iatiFile(...activities: ActivitySpec[]): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<iati-activities version="2.03" generated-datetime="2024-02-01T10:00:00Z">', ...activities.map(activity), '</iati-activities>', ''].join('\n');
}

/** A file whose one value is `value` (with `currency`), in an otherwise valid commitment. */
export function fileWithValue(value: string, currency?: string): string {
  return iatiFile({ identifier: 'GB-GOV-1-300001', transactions: [{ type: '2', value, currency }] });
}

export const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE iati-activities [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03">
  <iati-activity>
    <iati-identifier>&lol9;</iati-identifier>
  </iati-activity>
</iati-activities>
`;

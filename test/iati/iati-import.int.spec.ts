import { createHash } from 'node:crypto';
import { ValidationFailed } from '../../src/domain/errors';
import { IATI_FILE_LIMIT_BYTES } from '../../src/iati/importing/iati-file';
import { BILLION_LAUGHS, fileWithValue, iatiFile } from './iati-files';
import { IatiLedger, startIatiLedger } from './support';

async function refusal(promise: Promise<unknown>): Promise<ValidationFailed> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationFailed);
  return error as ValidationFailed;
}

const THIRD_PARTY = iatiFile(
  {
    identifier: 'GB-GOV-1-300001',
    titleAr: 'دعم القدرات',
    budgets: [
      { from: '2021-01-01', to: '2021-12-31', value: '600000000000.20' },
      { from: '2022-04-01', to: '2023-03-31', value: '5' },
    ],
    transactions: [
      { type: '2', value: '1234567890123.45', ref: 'c-1' },
      { type: '3', value: '0.05', ref: 'payment-1', date: '2021-06-30' },
      { type: '4', value: '100', date: '2021-07-01' },
    ],
  },
  {
    identifier: 'GB-GOV-1-300002',
    orgs: [
      { ref: 'GB-GOV-1', role: '1', type: '10', name: 'FCDO' },
      { ref: 'GB-CHC-202918', role: '4', type: '21', name: 'An NGO' },
    ],
    transactions: [{ type: '12', value: '+250000', currency: 'USD', receiver: 'GB-CHC-202918' }],
  },
  {
    identifier: 'GB-GOV-1-300003',
    transactions: [{ type: '12', value: '.5', currency: 'USD', date: '2022-01-15' }],
  },
);

describe('IATI import', () => {
  let ledger: IatiLedger;
  beforeEach(async () => {
    ledger = await startIatiLedger();
  });
  afterEach(() => ledger.close());

  describe('of another publisher’s file', () => {
    it('records commitments, pledges and disbursements, exactly, as cited facts by parties named by IATI identifiers', async () => {
      const report = await ledger.importXml(THIRD_PARTY, 'fcdo.xml');
      expect(report).toMatchObject({ commitments: 1, pledges: 1, disbursements: 1, replayed: 0 });

      // Each activity that yields facts is a source holding the activity's XML; its title names the file by its hash.
      const sha = createHash('sha256').update(THIRD_PARTY).digest('hex');
      expect(report.sources).toEqual([`iati-${sha.slice(0, 16)}-1`, `iati-${sha.slice(0, 16)}-3`]);
      const [source] = await ledger.store.readStream(`source-iati-${sha.slice(0, 16)}-1`);
      const activityXml = THIRD_PARTY.slice(THIRD_PARTY.indexOf('<iati-activity '), THIRD_PARTY.indexOf('</iati-activity>') + '</iati-activity>'.length);
      expect(source!.data).toMatchObject({
        text: activityXml,
        contentSha256: createHash('sha256').update(activityXml).digest('hex'),
        document: 'fcdo.xml',
        kind: 'public-record',
        publishedOn: '2024-02-01',
      });
      expect(source!.data.title).toContain(sha);

      const [party] = await ledger.store.readStream('party-iati-gb-gov-1');
      expect(party!.data).toMatchObject({ partyId: 'iati-gb-gov-1', kind: 'government-body', name: { en: 'Foreign, Commonwealth and Development Office' } });

      const [agreement, disbursement] = await ledger.store.readStream('agreement-iati-gb-gov-1-300001');
      expect(agreement!.data).toMatchObject({
        title: { en: 'Support to counter-terrorism capacity', ar: 'دعم القدرات' },
        commitment: {
          donorId: 'iati-gb-gov-1',
          recipientId: 'iati-xm-dac-41114',
          total: { amount: '1234567890123.45', currency: 'GBP' },
          period: { from: '2021-01-01', to: '2023-12-31' },
          schedule: [{ year: 2021, amount: { amount: '600000000000.2', currency: 'GBP' } }],
        },
        occurredOn: '2021-05-04',
      });
      const citation = (agreement!.metadata.sources as { sourceId: string; quote: string; note: string }[])[0]!;
      expect(citation.sourceId).toBe(`iati-${sha.slice(0, 16)}-1`);
      expect(THIRD_PARTY).toContain(citation.quote);
      expect(citation.quote).toMatch(/^<transaction ref="c-1">[\s\S]*<\/transaction>$/);
      expect(citation.note).toContain('value-date 2021-05-04');
      expect(disbursement!.data).toMatchObject({ disbursementId: 'payment-1', amount: { amount: '0.05', currency: 'GBP' }, occurredOn: '2021-06-30' });

      const [pledge] = await ledger.store.readStream('pledge-iati-gb-gov-1-300003');
      expect(pledge!.data).toMatchObject({ total: { amount: '0.5', currency: 'USD' }, donorId: 'iati-gb-gov-1' });
    });

    it('lists what it cannot map instead of guessing', async () => {
      const report = await ledger.importXml(THIRD_PARTY);
      const listed = report.unmapped.map((u) => `${u.element} ${u.code ?? ''}`.trim());
      expect(listed).toEqual(
        expect.arrayContaining([
          'iati-activity[1]/budget[2]',
          'iati-activity[1]/transaction[3] TransactionType 4',
          'iati-activity[2]/transaction[1]/receiver-org OrganisationType 21',
          'iati-activity[2]/transaction[1]',
        ]),
      );
      expect(report.unmapped.find((u) => u.code === 'TransactionType 4')!.line).toBe(THIRD_PARTY.split('\n').findIndex((l) => l.includes('<transaction-type code="4"/>')));
      expect(await ledger.store.readStream('pledge-iati-gb-gov-1-300002')).toEqual([]);
    });

    it('appends nothing when the same file is imported again', async () => {
      await ledger.importXml(THIRD_PARTY);
      const count = await ledger.eventCount();
      const again = await ledger.importXml(THIRD_PARTY);
      expect(again.recorded).toBe(0);
      expect(again.replayed).toBeGreaterThan(0);
      expect(await ledger.eventCount()).toBe(count);
    });
  });

  describe('refuses a bad file, naming where and which rule, and appends nothing', () => {
    async function refused(xml: string | Buffer): Promise<ValidationFailed> {
      const error = await refusal(ledger.importXml(xml));
      expect(await ledger.eventCount()).toBe(0);
      return error;
    }

    it('malformed XML', async () => {
      const error = await refused(fileWithValue('10').replace('</transaction>', '</transactio>'));
      expect(error.errors[0]).toMatchObject({ rule: 'wellFormedXml' });
      expect(error.errors[0]!.field).toMatch(/^line \d+/);
    });

    it('a file the schema rejects: a non-numeric value', async () => {
      const xml = fileWithValue('12abc');
      const error = await refused(xml);
      const line = xml.split('\n').findIndex((l) => l.includes('12abc')) + 1;
      expect(error.errors[0]).toMatchObject({ field: `line ${line}: value`, rule: 'iati-activities-schema.xsd' });
      expect(error.errors[0]!.message).toContain("'12abc' is not a valid value of the atomic type 'xs:decimal'");
    });

    it('an XML bomb: a document type declaration with entities is refused before any parser expands them', async () => {
      const error = await refused(BILLION_LAUGHS);
      expect(error.errors).toEqual([expect.objectContaining({ field: 'line 2', rule: 'noDocumentTypeDeclaration' })]);
    });

    it('a file over the size limit', async () => {
      const error = await refused(Buffer.alloc(IATI_FILE_LIMIT_BYTES + 1, 0x20));
      expect(error.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'maxSize' })]);
    });

    it('an unknown currency', async () => {
      const xml = fileWithValue('10', 'XYZ');
      const error = await refused(xml);
      const line = xml.split('\n').findIndex((l) => l.includes('currency="XYZ"')) + 1;
      expect(error.errors).toEqual([expect.objectContaining({ field: `line ${line}: iati-activity[1]/transaction[1]/value`, rule: 'isKnownCurrency' })]);
    });

    it('a negative value', async () => {
      const error = await refused(fileWithValue('-5.00'));
      expect(error.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/transaction\[1\]\/value$/), rule: 'isPositive' })]);
    });

    it('an amount finer than its currency (no rounding)', async () => {
      const error = await refused(fileWithValue('10.001', 'USD'));
      expect(error.errors).toEqual([expect.objectContaining({ rule: 'fitsCurrencyPrecision' })]);
    });

    it('a transaction dated after today', async () => {
      const xml = iatiFile({ identifier: 'GB-GOV-1-1', transactions: [{ type: '2', value: '10', date: '2030-01-01' }] });
      const error = await refused(xml);
      expect(error.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/transaction-date$/), rule: 'notInFuture' })]);
    });

    it('every bad element at once, with nothing of the good ones recorded', async () => {
      const xml = iatiFile(
        { identifier: 'GB-GOV-1-1', transactions: [{ type: '2', value: '10' }] },
        { identifier: 'GB-GOV-1-2', transactions: [{ type: '2', value: '-1' }, { type: '12', value: '3', currency: 'XYZ' }] },
      );
      const error = await refused(xml);
      expect(error.errors.map((e) => e.rule)).toEqual(['isPositive', 'isKnownCurrency']);
    });
  });
});

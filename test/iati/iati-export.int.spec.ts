import { validateIatiActivities } from '../../src/iati/iati-schema';
import { IatiLedger, elements, recordFixtures, startIatiLedger } from './support';
import { recordSyntheticLedger } from './synthetic-ledger';

describe('IATI export', () => {
  describe('of the fixtures', () => {
    let ledger: IatiLedger;
    let xml: string;
    beforeAll(async () => {
      ledger = await startIatiLedger();
      await recordFixtures(ledger);
      xml = await ledger.exportXml('2025-06-01');
    }, 60_000);
    afterAll(() => ledger.close());

    it('validates against the official iati-activities-schema.xsd (xmllint --schema)', async () => {
      expect(await validateIatiActivities(xml)).toEqual([]);
    });

    it('has one iati-activity per agreement, pledge and programme', () => {
      const identifiers = elements(xml, 'iati-identifier').map((e) => e.replace(/<[^>]+>/g, ''));
      expect(identifiers.sort()).toEqual(
        [
          'XX-PARTNERSHIP-LEDGER-agreement-qa-unoct-2018',
          'XX-PARTNERSHIP-LEDGER-agreement-qa-unoct-behavioural-insights-hub',
          'XX-PARTNERSHIP-LEDGER-agreement-shura-unoct-parliamentary-office',
          'XX-PARTNERSHIP-LEDGER-pledge-qa-unoct-renewal-2024-2026',
          'XX-PARTNERSHIP-LEDGER-programme-global-programme-vulnerable-targets',
        ].sort(),
      );
    });

    it('writes commitments as transaction type 2 and pledges as 12, with value dates', () => {
      const agreement = elements(xml, 'iati-activity').find((a) => a.includes('agreement-qa-unoct-2018</iati-identifier>'))!;
      expect(agreement).toContain('<transaction-type code="2"/>');
      expect(agreement).toContain('<value currency="USD" value-date="2018-12-16">75000000</value>');
      const pledge = elements(xml, 'iati-activity').find((a) => a.includes('pledge-qa-unoct-renewal-2024-2026</iati-identifier>'))!;
      expect(pledge).toContain('<transaction-type code="12"/>');
      expect(pledge).toContain('<transaction-date iso-date="2022-03-28"/>');
    });

    it('writes per-year budgets from a schedule', () => {
      const pledge = elements(xml, 'iati-activity').find((a) => a.includes('pledge-qa-unoct-renewal-2024-2026</iati-identifier>'))!;
      const budgets = elements(pledge, 'budget');
      expect(budgets).toHaveLength(3);
      expect(budgets[0]).toContain('<period-start iso-date="2024-01-01"/>');
      expect(budgets[0]).toContain('<period-end iso-date="2024-12-31"/>');
      expect(budgets[0]).toContain('<value currency="USD" value-date="2024-01-01">15000000</value>');
    });

    it('names the participating organisations with their roles, in English and Arabic', () => {
      const agreement = elements(xml, 'iati-activity').find((a) => a.includes('agreement-qa-unoct-2018</iati-identifier>'))!;
      const orgs = elements(agreement, 'participating-org');
      expect(orgs[0]).toContain('ref="XX-PARTNERSHIP-LEDGER-PARTY-QATAR" role="1" type="10"');
      expect(orgs[0]).toContain('<narrative xml:lang="ar">دولة قطر</narrative>');
      expect(orgs[1]).toContain('ref="XX-PARTNERSHIP-LEDGER-PARTY-UNOCT" role="4" type="40"');
      expect(elements(agreement, 'title')[0]).toMatch(/<narrative xml:lang="ar">اتفاق مساهمة/);
    });

    it('dates a partial date by the rule and says so: a start on its first day, an end on its last', () => {
      const agreement = elements(xml, 'iati-activity').find((a) => a.includes('agreement-qa-unoct-2018</iati-identifier>'))!;
      const dates = elements(agreement, 'activity-date');
      expect(dates[0]).toContain('iso-date="2019-01-01" type="2"');
      expect(dates[0]).toContain('Date known only to the year: 2019.');
      expect(dates[1]).toContain('iso-date="2023-12-31" type="4"');
    });

    it('links the documents the facts cite', () => {
      const agreement = elements(xml, 'iati-activity').find((a) => a.includes('agreement-qa-unoct-2018</iati-identifier>'))!;
      expect(agreement).toContain('url="urn:partnership-ledger:source:article-000-7b80eea7f1e363f6"');
      expect(elements(agreement, 'document-link')[0]).toContain('<language code="ar"/>');
    });

    it('shows only what had happened by the valid date', async () => {
      const early = await ledger.exportXml('2019-01-01');
      expect(elements(early, 'iati-identifier').map((e) => e.replace(/<[^>]+>/g, ''))).toEqual(['XX-PARTNERSHIP-LEDGER-agreement-qa-unoct-2018']);
      expect(await validateIatiActivities(early)).toEqual([]);
    });
  });

  describe('of a synthetic ledger', () => {
    let ledger: IatiLedger;
    let xml: string;
    beforeAll(async () => {
      ledger = await startIatiLedger();
      await recordSyntheticLedger(ledger, 9);
      xml = await ledger.exportXml('2026-01-01');
    }, 60_000);
    afterAll(() => ledger.close());

    it('validates, with markup characters in titles and names escaped', async () => {
      expect(await validateIatiActivities(xml)).toEqual([]);
      expect(xml).toContain('Agreement 0 on "counter-terrorism" &amp; &lt;prevention&gt;');
    });

    it('writes disbursements as transaction type 3 on the last day of a partial date, noting the date as recorded', () => {
      const activity = elements(xml, 'iati-activity').find((a) => a.includes('agreement-synthetic-0</iati-identifier>'))!;
      const disbursement = elements(activity, 'transaction').find((t) => t.includes('code="3"'))!;
      expect(disbursement).toContain('<transaction-date iso-date="2020-03-31"/>');
      expect(disbursement).toContain('<value currency="USD" value-date="2020-03-31">500.01</value>');
      expect(disbursement).toContain('Date known only to the quarter: 2020-Q1.');
    });

    it('leaves a retracted pledge out', () => {
      expect(xml).not.toContain('synthetic-retracted');
    });
  });
});

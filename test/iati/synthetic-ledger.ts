import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { IatiLedger } from './support';

const NS = '0f4b8c7e-5d1a-4e2b-9c3d-7a6b5c4d3e2f';
const id = (name: string) => uuidv5(name, NS);

/** The synthetic source's document: every quote below occurs in it. */
export const SYNTHETIC_REPORT = 'A synthetic report, as reported by nobody; one pledge was announced by mistake, and one agreement renewed.';

const cite = [{ sourceId: 'synthetic-report', quote: 'as reported' }];

/** Dates of every precision the ledger keeps, all before 2026. */
const DATES = ['2019-03-14', '2020-07', '2021-Q2', '2022', '2018-11-30', '2023-02', '2024-Q4', '2025-05-02'];

/**
 * A ledger unlike the fixtures: several donors and recipients, commitments and pledges with periods and schedules,
 * disbursements on partial dates, amounts with cents, text that needs escaping, and a retracted pledge.
 */
export async function recordSyntheticLedger(ledger: IatiLedger, size = 6): Promise<void> {
  await ledger.run('register-source', id('source'), {
    sourceId: 'synthetic-report',
    title: 'Synthetic report <with> "markup" & ampersands',
    publisher: 'Test & Co',
    language: 'en',
    kind: 'public-record',
    text: SYNTHETIC_REPORT,
    contentSha256: createHash('sha256').update(SYNTHETIC_REPORT, 'utf8').digest('hex'),
  });
  const parties = [
    { partyId: 'donor-state', name: { en: 'Donor State', ar: 'الدولة المانحة' }, kind: 'state' },
    { partyId: 'donor-fund', name: { en: 'Development Fund <Fund>' }, kind: 'government-body' },
    { partyId: 'un-office', name: { en: 'UN Office', ar: 'مكتب الأمم المتحدة' }, kind: 'un-entity' },
    { partyId: 'regional-body', name: { en: 'Regional Body' }, kind: 'international-organisation' },
  ];
  for (const party of parties) await ledger.run('register-party', id(`party ${party.partyId}`), party);
  for (let i = 0; i < size; i++) {
    const donorId = i % 2 === 0 ? 'donor-state' : 'donor-fund';
    const recipientId = i % 3 === 0 ? 'regional-body' : 'un-office';
    const year = 2019 + (i % 4);
    const occurredOn = DATES[i % DATES.length]!;
    const schedule = [0, 1].map((k) => ({ year: year + k, amount: { amount: `${(i + 1) * 1000}.${k}5`, currency: 'USD' } }));
    const total = { amount: `${(i + 1) * 2000}.60`, currency: 'USD' };
    if (i % 3 !== 2) {
      await ledger.run('sign-agreement', id(`agreement ${i}`), {
        agreementId: `synthetic-${i}`,
        title: { en: `Agreement ${i} on "counter-terrorism" & <prevention>`, ar: `اتفاق ${i}` },
        kind: 'contribution',
        parties: [donorId, recipientId],
        commitment: {
          donorId,
          recipientId,
          total,
          ...(i % 2 === 0 ? { period: { from: `${year}`, to: `${year + 1}-06` }, schedule } : {}),
          purposes: [`Purpose ${i} & more`],
        },
        occurredOn,
        sources: cite,
      });
      for (let d = 0; d < 2; d++) {
        await ledger.run('record-disbursement', id(`disbursement ${i} ${d}`), {
          commitment: `agreement-synthetic-${i}`,
          disbursementId: `payment-${d + 1}`,
          amount: { amount: `${(i + 1) * 500}.${d}1`, currency: 'USD' },
          occurredOn: d === 0 ? `${year + 1}-Q${(i % 4) + 1}` : `${year + 1}-0${(i % 9) + 1}-15`,
          sources: cite,
        });
      }
    } else {
      await ledger.run('make-pledge', id(`pledge ${i}`), {
        pledgeId: `synthetic-${i}`,
        donorId,
        recipientId,
        total,
        ...(i % 2 === 1 ? { period: { from: `${year}-01`, to: `${year + 1}` }, schedule } : {}),
        purpose: `Pledge purpose ${i}`,
        occurredOn,
        sources: cite,
      });
    }
  }
  if (size > 3) {
    // A binding renewal with a period supersedes what it renews once its period has begun.
    await ledger.run('renew-pledge', id('renewal 3'), {
      pledgeId: 'synthetic-3-renewal',
      renews: 'agreement-synthetic-3',
      kind: 'commitment',
      donorId: 'donor-fund',
      recipientId: 'regional-body',
      total: { amount: '7000.25', currency: 'USD' },
      period: { from: '2023', to: '2024-Q2' },
      schedule: [{ year: 2023, amount: { amount: '7000.25', currency: 'USD' } }],
      purpose: 'Renewed support',
      occurredOn: '2022-12',
      sources: [{ sourceId: 'synthetic-report', quote: 'renewed' }],
    });
  }
  await ledger.run('make-pledge', id('pledge retracted'), {
    pledgeId: 'synthetic-retracted',
    donorId: 'donor-state',
    recipientId: 'un-office',
    total: { amount: '10', currency: 'USD' },
    occurredOn: '2021',
    sources: cite,
  });
  const [pledgeEvent] = await ledger.store.readStream('pledge-synthetic-retracted');
  await ledger.run('retract-fact', id('retract'), {
    stream: 'pledge-synthetic-retracted',
    eventId: pledgeEvent!.id,
    reason: 'announced by mistake',
    sources: cite,
  });
}

import type { Page } from 'playwright-core';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { iatiFile } from '../iati/iati-files';
import { BrowserRig, screenshot, startRig } from './browser-harness';

/**
 * The page's partnership filter in a real Chromium: the fixtures (State of Qatar → UNOCT), then a second
 * partnership imported from IATI (FCDO → UNDP). The tests run in order on one page.
 */

const TIMEOUT = { timeout: 15_000 };
const AS_OF = '2025-06-01';
const QATAR_UNOCT = ['agreement-qa-unoct-2018', 'agreement-qa-unoct-behavioural-insights-hub', 'pledge-qa-unoct-renewal-2024-2026'];
const FCDO_UNDP = ['agreement-iati-gb-gov-1-900001'];
const QATAR = 'State of Qatar';
const UNOCT = 'United Nations Office of Counter-Terrorism (UNOCT)';
const FCDO = 'Foreign, Commonwealth and Development Office';

let rig: BrowserRig;
let page: Page;

async function enterKey(target: Page, key: string): Promise<void> {
  await target.getByLabel('API key').fill(key);
  await target.getByRole('button', { name: 'Use key' }).click();
}

/** The view once the page has answered for these parties ('' = every one). */
async function waitForParties(target: Page, donor: string, recipient: string): Promise<void> {
  await target.waitForSelector(`main[data-state="ready"][data-as-of="${AS_OF}"][data-donor="${donor}"][data-recipient="${recipient}"]`, TIMEOUT);
}

function listedIds(target: Page): Promise<string[]> {
  return target.locator('#commitment-list > li').evaluateAll((items: any[]) => items.map((li) => li.getAttribute('data-id') as string)); // eslint-disable-line @typescript-eslint/no-explicit-any
}

function header(target: Page): Promise<string | null> {
  return target.locator('#partnership-title').textContent();
}

async function commitmentsApi(query: string): Promise<{ items: { id: string }[]; totals: { commitments: { total: { amount: string; currency: string } }[] } }> {
  const response = await fetch(`${rig.baseUrl}/api/commitments?asOf=${AS_OF}&${query}`, { headers: { Authorization: `Bearer ${rig.ledger.auditorKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as never;
}

beforeAll(async () => {
  rig = await startRig();
  ({ page } = await rig.newPage({ width: 1280, height: 800 }));
  await page.goto(`${rig.baseUrl}/?asOf=${AS_OF}`);
  await enterKey(page, rig.ledger.auditorKey);
  await waitForParties(page, '', '');
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

test('a ledger of one partnership is named by it in the header, from the parties’ registered names', async () => {
  await expect(header(page)).resolves.toBe(`${QATAR} — ${UNOCT} — auditor’s view`);
  await expect(page.getByLabel('Donor', { exact: true }).inputValue()).resolves.toBe('');
  await expect(page.getByLabel('Recipient', { exact: true }).inputValue()).resolves.toBe('');
  expect((await listedIds(page)).sort()).toEqual(QATAR_UNOCT);
});

test('with a second partnership recorded, the unfiltered page names every partnership and lists both', async () => {
  const imported = await fetch(`${rig.baseUrl}/api/imports/iati`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${rig.ledger.adminKey}`, 'Content-Type': 'application/xml' },
    body: iatiFile({ identifier: 'GB-GOV-1-900001', transactions: [{ type: '2', value: '1000.50' }] }),
  });
  expect(imported.status).toBe(200);
  await rig.ledger.app.get(LiveLedger).waitFor(BigInt(((await imported.json()) as { lastPosition: string }).lastPosition));

  await page.reload();
  await waitForParties(page, '', '');
  await expect(header(page)).resolves.toBe('Every partnership in the ledger — auditor’s view');
  expect((await listedIds(page)).sort()).toEqual([...FCDO_UNDP, ...QATAR_UNOCT].sort());
  await expect(page.locator('#commitments-scope').isVisible()).resolves.toBe(false);
});

test('choosing a donor and a recipient from the registered parties shows that partnership’s commitments, totals and name, kept in the address', async () => {
  const donors = await page.getByLabel('Donor', { exact: true }).locator('option').allTextContents();
  expect(donors[0]).toBe('Every donor');
  expect(donors).toEqual(expect.arrayContaining([QATAR, UNOCT, FCDO]));

  await page.getByLabel('Donor', { exact: true }).selectOption({ label: QATAR });
  await page.getByLabel('Recipient', { exact: true }).selectOption({ label: UNOCT });
  await waitForParties(page, 'qatar', 'unoct');
  const address = new URL(page.url()).searchParams;
  expect([address.get('donor'), address.get('recipient'), address.get('asOf')]).toEqual(['qatar', 'unoct', AS_OF]);
  await expect(header(page)).resolves.toBe(`${QATAR} — ${UNOCT} — auditor’s view`);
  await expect(page.title()).resolves.toBe(`${QATAR} — ${UNOCT} — Partnership Ledger`);
  await expect(page.locator('#commitments-scope').textContent()).resolves.toBe(
    `Commitments and pledges of ${QATAR} — ${UNOCT} only. Offices, the timeline and the diff cover the whole ledger.`,
  );
  expect((await listedIds(page)).sort()).toEqual(QATAR_UNOCT);
  // The totals are the API's answer for the same parties, not the whole ledger's.
  const api = await commitmentsApi('donor=qatar&recipient=unoct');
  expect(api.items.map((i) => i.id).sort()).toEqual(QATAR_UNOCT);
  const shownTotal = await page.locator('.total-commitments .total').allTextContents();
  expect(shownTotal.join(' ')).toContain('USD');
  expect(shownTotal.join(' ')).not.toContain('GBP');
  await screenshot(page, 'partnership-01-qatar-unoct-1280x800', false);

  await page.getByLabel('Donor', { exact: true }).selectOption({ label: FCDO });
  await page.getByLabel('Recipient', { exact: true }).selectOption({ label: 'Every recipient' });
  await waitForParties(page, 'iati-gb-gov-1', '');
  expect(new URL(page.url()).searchParams.has('recipient')).toBe(false);
  await expect(header(page)).resolves.toBe(`${FCDO} — every recipient — auditor’s view`);
  expect(await listedIds(page)).toEqual(FCDO_UNDP);
  await expect(page.locator('.total-commitments .total').textContent()).resolves.toBe('GBP 1,000.50');
  await expect(page.locator('.total-commitments dt').textContent()).resolves.toBe('Commitments (1)');
  // Offices are not a partnership's: they stay the whole ledger's, as the note says.
  await expect(page.locator('#office-list > li').count()).resolves.toBeGreaterThan(0);
});

test('a shared address opens the same partnership, and in Arabic the header names it in Arabic', async () => {
  const { context, page: shared } = await rig.newPage({ width: 1280, height: 800 });
  try {
    await shared.goto(`${rig.baseUrl}/?asOf=${AS_OF}&donor=qatar&recipient=unoct&lang=ar`);
    await shared.getByLabel('مفتاح الوصول').fill(rig.ledger.auditorKey);
    await shared.getByRole('button', { name: 'استخدم المفتاح' }).click();
    await waitForParties(shared, 'qatar', 'unoct');
    await expect(header(shared)).resolves.toBe('دولة قطر — مكتب الأمم المتحدة لمكافحة الإرهاب — عرض المدقق');
    await expect(shared.getByLabel('الجهة المانحة').inputValue()).resolves.toBe('qatar');
    await expect(shared.getByLabel('الجهة المستفيدة').inputValue()).resolves.toBe('unoct');
    await expect(shared.getByLabel('الجهة المانحة').locator('option:checked').textContent()).resolves.toBe('دولة قطر');
    expect((await listedIds(shared)).sort()).toEqual(QATAR_UNOCT);
    // The language switch keeps the partnership.
    const english = new URL((await shared.locator('#language-switch').getAttribute('href'))!, rig.baseUrl).searchParams;
    expect([english.get('donor'), english.get('recipient'), english.get('lang')]).toEqual(['qatar', 'unoct', null]);
    await screenshot(shared, 'partnership-02-arabic-1280x800', false);
  } finally {
    await context.close();
  }
});

test('an address naming no registered party says so beside the choice and lists nothing, without an error', async () => {
  const { context, page: shared } = await rig.newPage({ width: 390, height: 844 });
  try {
    await shared.goto(`${rig.baseUrl}/?asOf=${AS_OF}&recipient=nobody&donor=Not%20A%20Slug`);
    await enterKey(shared, rig.ledger.auditorKey);
    // A donor that is no party id at all is left out of the view; one that is well formed but unknown is shown.
    await waitForParties(shared, '', 'nobody');
    await expect(shared.getByLabel('Donor', { exact: true }).inputValue()).resolves.toBe('');
    await expect(shared.getByLabel('Recipient', { exact: true }).locator('option:checked').textContent()).resolves.toBe('nobody (no party of that id is registered)');
    await expect(header(shared)).resolves.toBe('Every donor — nobody — auditor’s view');
    await expect(shared.locator('#commitment-list').count()).resolves.toBe(0);
    await expect(shared.locator('#commitments-body .empty').isVisible()).resolves.toBe(true);
    await expect(shared.locator('#error').isVisible()).resolves.toBe(false);
    const size = await shared.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(size.scroll).toBeLessThanOrEqual(size.client);
    await screenshot(shared, 'partnership-03-unknown-party-390', false);
  } finally {
    await context.close();
  }
});

test('no page logged an error or a CSP violation', () => {
  expect(rig.problems).toEqual([]);
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR, BrowserRig, CHROMIUM_PATH, epochDay, missingChromiumMessage, screenshot, startRig } from './browser-harness';

/**
 * The auditor's page in a real Chromium, against the whole ledger on a temporary embedded store loaded with the
 * fixtures. The tests run in order on one page (one tab, so the auditor key entered once stays in sessionStorage).
 */

const PARLIAMENTARY_OFFICE = 'office-parliamentary-engagement-office';
const HUB_OFFICE = 'office-behavioural-insights-hub';
const TIMEOUT = { timeout: 15_000 };

let rig: BrowserRig;
let page: Page;
/** The rig's key with the auditor role, typed into the page and sent as `Authorization: Bearer …` on every API call. */
let auditorKey: string;

async function waitForView(asOf: string, knownAt = ''): Promise<void> {
  await page.waitForSelector(`main[data-state="ready"][data-as-of="${asOf}"][data-known-at="${knownAt}"]`, TIMEOUT);
}

async function enterKey(target: Page, key = auditorKey): Promise<void> {
  await target.getByLabel('API key').fill(key);
  await target.getByRole('button', { name: 'Use key' }).click();
  await target.waitForSelector('main[data-state="ready"]', TIMEOUT);
}

async function moveSlider(day: string): Promise<void> {
  await page.getByRole('slider', { name: 'Valid date' }).fill(String(epochDay(day)));
  await waitForView(day, await page.evaluate<string>("document.getElementById('main').dataset.knownAt || ''"));
}

function officeCard(id: string): Locator {
  return page.locator(`#office-list > li[data-id="${id}"]`);
}

/**
 * Polls an expression through the DevTools protocol. (page.waitForFunction evaluates its predicate with eval
 * inside the page, which the page's Content-Security-Policy rightly refuses.)
 */
async function waitUntil(expression: string, target: Page = page): Promise<void> {
  const deadline = Date.now() + TIMEOUT.timeout;
  while (!(await target.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await target.waitForTimeout(50);
  }
}

/** A computed style property (the test files compile without the DOM library, hence `any`). */
function computedStyle(locator: Locator, property: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return locator.evaluate((element: any, name: string) => element.ownerDocument.defaultView.getComputedStyle(element)[name] as string, property);
}

async function activeElement(target: Page = page): Promise<{ id: string; className: string; stream: string | null; tag: string }> {
  return target.evaluate<{ id: string; className: string; stream: string | null; tag: string }>(
    '({ id: document.activeElement.id, className: document.activeElement.className, stream: document.activeElement.getAttribute("data-stream"), tag: document.activeElement.tagName })',
  );
}

function searchParams(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

beforeAll(async () => {
  rig = await startRig();
  auditorKey = rig.ledger.auditorKey;
  expect(auditorKey).not.toBe('');
  ({ page } = await rig.newPage({ width: 1280, height: 800 }));
  await page.goto(`${rig.baseUrl}/`);
  await enterKey(page);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

test(`Chromium is installed at ${CHROMIUM_PATH} (a missing browser fails, never skips)`, () => {
  expect(missingChromiumMessage()).toBeNull();
});

test('the ledger serves the page at / with a restrictive CSP; /api and /health keep their own answers', async () => {
  const home = await fetch(`${rig.baseUrl}/`);
  expect(home.status).toBe(200);
  expect(home.headers.get('content-type')).toMatch(/^text\/html/);
  expect(home.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  const script = await fetch(`${rig.baseUrl}/vendor/chart.umd.js`);
  expect(script.status).toBe(200);
  expect(await script.text()).toMatch(/Chart\.js v4/);

  const unknownApi = await fetch(`${rig.baseUrl}/api/no-such-read`);
  expect(unknownApi.status).toBe(404);
  expect(unknownApi.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(((await unknownApi.json()) as { status: number }).status).toBe(404);
  const unknownPage = await fetch(`${rig.baseUrl}/no-such-page`);
  expect(unknownPage.status).toBe(404);
  expect(unknownPage.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect((await fetch(`${rig.baseUrl}/health`)).status).toBe(200);
  // The page is public; what it reads is not.
  expect((await fetch(`${rig.baseUrl}/api/offices?asOf=2021-07-01`)).status).toBe(401);
  const offices = await fetch(`${rig.baseUrl}/api/offices?asOf=2021-07-01`, { headers: { Authorization: `Bearer ${auditorKey}` } });
  expect(offices.status).toBe(200);
  expect(offices.headers.get('content-type')).toMatch(/^application\/json/);
});

test('without a key the page asks for one and reads nothing; a wrong key is refused and said so', async () => {
  const { context, page: fresh } = await rig.newPage({ width: 1280, height: 800 });
  try {
    const before = rig.requests.length;
    await fresh.goto(`${rig.baseUrl}/?asOf=2019-06-30`);
    await fresh.waitForSelector('main[data-state="needs-key"]', TIMEOUT);
    await expect(fresh.locator('#view-status').textContent()).resolves.toContain('Enter your API key');
    await expect(fresh.evaluate<string>('document.activeElement.id')).resolves.toBe('auditor-key');
    expect(rig.requests.slice(before).filter((r) => r.url.includes('/api/'))).toEqual([]);

    const problemsBefore = rig.problems.length;
    await fresh.getByLabel('API key').fill('not-a-key');
    await fresh.getByRole('button', { name: 'Use key' }).click();
    await fresh.waitForSelector('main[data-state="error"]', TIMEOUT);
    await expect(fresh.getByRole('alert').textContent()).resolves.toContain('needs a valid key');
    // The browser logs each refused request (401) as a console error: expected here, and only here.
    const refused = rig.problems.splice(problemsBefore);
    expect(refused.every((p) => p.includes('401'))).toBe(true);

    await fresh.getByRole('button', { name: 'Forget' }).click();
    await enterKey(fresh);
    await fresh.waitForSelector('main[data-state="ready"][data-as-of="2019-06-30"]', TIMEOUT);
  } finally {
    await context.close();
  }
  // The wrong key's requests are not counted against "every API call carried the auditor key" below.
  rig.requests.splice(0, rig.requests.length, ...rig.requests.filter((r) => r.authorization !== 'Bearer not-a-key'));
});

test('the auditor key is kept for the tab (sessionStorage), never in the address', async () => {
  expect(await page.evaluate<string | null>("sessionStorage.getItem('partnership-ledger.auditor-key')")).toBe(auditorKey);
  expect(page.url()).not.toContain(auditorKey);
  await expect(page.locator('#key-status').textContent()).resolves.toContain('A key is in use');
});

test('slider at 2019-06-30: one commitment of USD 75,000,000, no pledge, and the date is in the URL', async () => {
  await moveSlider('2019-06-30');
  expect(searchParams().get('asOf')).toBe('2019-06-30');
  await expect(page.locator('#as-of-date').inputValue()).resolves.toBe('2019-06-30');
  await expect(page.getByRole('slider', { name: 'Valid date' }).getAttribute('aria-valuetext')).resolves.toBe('30 June 2019');

  const cards = page.locator('#commitment-list > li');
  await expect(cards.count()).resolves.toBe(1);
  const card = cards.first();
  await expect(card.getAttribute('data-kind')).resolves.toBe('commitment');
  await expect(card.locator('.amount').textContent()).resolves.toBe('USD 75,000,000');
  await expect(card.getAttribute('data-status')).resolves.toBe('active');
  await expect(page.locator('.total-commitments dt').textContent()).resolves.toBe('Commitments (1)');
  await expect(page.locator('.total-commitments .total').textContent()).resolves.toBe('USD 75,000,000');
  await expect(page.locator('.total-pledges dd').textContent()).resolves.toBe('none');

  // The agreement has no yearly schedule, so the ledger places its 75 million in no year, and neither does the page:
  // no chart, no table row; the agreement is listed beside them with its total and period.
  await expect(page.locator('#chart-box').isVisible()).resolves.toBe(false);
  await expect(page.locator('#per-year-table').count()).resolves.toBe(0);
  const unscheduled = page.locator('#unscheduled li');
  await expect(unscheduled.count()).resolves.toBe(1);
  await expect(unscheduled.first().textContent()).resolves.toContain('USD 75,000,000');
  await expect(unscheduled.first().textContent()).resolves.toContain('2019');
  await screenshot(page, '01-commitments-2019-06-30-1280x800', false);
  await screenshot(page, '01-commitments-2019-06-30-full');
});

test('per-year amounts: the page shows exactly the rows /api/commitments gives (one answer per question)', async () => {
  await moveSlider('2025-06-30');
  const api = (await (await fetch(`${rig.baseUrl}/api/commitments?asOf=2025-06-30`, { headers: { Authorization: `Bearer ${auditorKey}` } })).json()) as {
    perYear: { year: number; currency: string; commitments: { amount: string }; pledges: { amount: string } }[];
  };
  expect(api.perYear.length).toBeGreaterThan(0);
  const rows = page.locator('#per-year-table tbody tr');
  await expect(rows.count()).resolves.toBe(api.perYear.length);
  const shown = await rows.evaluateAll((trs: any[]) => trs.map((tr) => [tr.querySelector('th').textContent, ...[...tr.querySelectorAll('td')].map((td: any) => td.textContent)])); // eslint-disable-line @typescript-eslint/no-explicit-any
  const grouped = (amount: string) => (Number(amount) === 0 ? '—' : `USD ${BigInt(amount.split('.')[0]).toLocaleString('en-GB')}`);
  const headers = await page.locator('#per-year-table thead th').allTextContents();
  expect(shown).toEqual(
    api.perYear.map((r) => [String(r.year), ...headers.slice(1).map((h) => grouped(h.startsWith('Pledges') ? r.pledges.amount : r.commitments.amount))]),
  );
  await expect(page.locator('#per-year-table tbody tr[aria-current="date"] th').textContent()).resolves.toBe('2025');
  await expect(page.locator('#chart-box').isVisible()).resolves.toBe(true);
  await screenshot(page, '01b-per-year-2025-06-30-1280x800', false);
});

test('slider at 2021-07-01: both Doha offices (the Behavioural Insights Hub and the parliamentary office) are open', async () => {
  await moveSlider('2021-07-01');
  expect(searchParams().get('asOf')).toBe('2021-07-01');
  for (const [id, opened] of [
    [HUB_OFFICE, '7 Dec 2020'],
    [PARLIAMENTARY_OFFICE, '16 Jun 2021'],
  ] as const) {
    const card = officeCard(id);
    await expect(card.count()).resolves.toBe(1);
    await expect(card.locator('.city').textContent()).resolves.toBe('Doha, QA');
    await expect(card.locator('.opened').textContent()).resolves.toContain(opened);
    await expect(card.getAttribute('data-certainty')).resolves.toBe('certain');
  }
  await expect(officeCard(PARLIAMENTARY_OFFICE).locator('.name-ar').getAttribute('dir')).resolves.toBe('rtl');
  // A year-precision opening is labelled with its precision.
  await expect(officeCard('office-qatar-national-targeting-office').locator('.opened').textContent()).resolves.toContain('2017 (year only)');
  await screenshot(page, '02-offices-2021-07-01-full');
});

test("the parliamentary office's history: the July 2021 and 2020 claims, then the 16 Jun 2021 correction, each with its sources", async () => {
  const opener = officeCard(PARLIAMENTARY_OFFICE).getByRole('button', { name: /^History/ });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: /^History: UNOCT Programme Office on Parliamentary Engagement/ });
  await page.waitForSelector('#history-dialog[data-state="ready"]', TIMEOUT);
  await expect(dialog.isVisible()).resolves.toBe(true);
  expect(searchParams().get('entity')).toBe(PARLIAMENTARY_OFFICE);

  const entries = dialog.locator('.history-entry');
  await expect(entries.count()).resolves.toBe(2);
  const recorded = dialog.locator('.history-entry[data-change="recorded"]');
  const corrected = dialog.locator('.history-entry[data-change="corrected"]');

  // What was first believed: July 2021 (article 003), with article 004's "2020" cited against it.
  await expect(recorded.locator('dd[data-field="occurredOn"]').textContent()).resolves.toBe('Jul 2021 (2021-07)');
  await expect(recorded.locator('.actor').textContent()).resolves.toBe('fixtures');
  const july = recorded.locator('.citation', { hasText: 'يوليو/تموز الماضي' });
  await expect(july.count()).resolves.toBe(1);
  const julyQuote = july.locator('blockquote');
  await expect(julyQuote.getAttribute('dir')).resolves.toBe('rtl');
  await expect(julyQuote.getAttribute('lang')).resolves.toBe('ar');
  await expect(july.locator('.document').textContent()).resolves.toContain('003_7f8fa76ddfdbdce5.txt');
  await expect(july.locator('.source-title').textContent()).resolves.toBe('الاجتماع التنسيقي الأول للجمعيات البرلمانية لمكافحة الإرهاب');
  const twenty = recorded.locator('.citation', { hasText: 'منذ افتتاحه في العام 2020' });
  await expect(twenty.count()).resolves.toBe(1);
  await expect(twenty.locator('blockquote').getAttribute('dir')).resolves.toBe('rtl');
  await expect(twenty.locator('.publisher').textContent()).resolves.toContain('Qatar News Agency');
  await expect(twenty.locator('.document').textContent()).resolves.toContain('004_a2ea7cfc649d0564.txt');
  await expect(twenty.locator('.citation-note').textContent()).resolves.toContain('Conflicting claim');

  // The correction: what was believed before, what it became, when and by whom, on which sources.
  const change = corrected.locator('table.changes tr[data-field="occurredOn"]');
  await expect(change.locator('td.was').textContent()).resolves.toBe('Jul 2021 (2021-07)');
  await expect(change.locator('td.now').textContent()).resolves.toBe('16 Jun 2021 (2021-06-16)');
  await expect(corrected.locator('.actor').textContent()).resolves.toBe('fixtures');
  await expect(corrected.locator('.history-meta time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}T/);
  await expect(corrected.locator('.reason').textContent()).resolves.toContain('16 June 2021');
  const dohaNews = corrected.locator('.citation[data-source="public-doha-news-2021-06-17"]');
  await expect(dohaNews.locator('blockquote').textContent()).resolves.toBe('official opening in Doha 16 Jun 2021');
  await expect(dohaNews.locator('.publisher').textContent()).resolves.toContain('Doha News');
  await expect(dohaNews.locator('blockquote').getAttribute('dir')).resolves.not.toBe('rtl');
  await expect(corrected.locator('.citation[data-source="public-shura-qa-2020-11-25"]').count()).resolves.toBe(1);

  await page.screenshot({ path: join(ARTIFACTS_DIR, '03-parliamentary-office-history-1280x800.png') });
  await corrected.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS_DIR, '03-parliamentary-office-correction-1280x800.png') });

  // Escape closes it, the address forgets it, and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await waitUntil("!document.getElementById('history-dialog').open && !new URLSearchParams(location.search).has('entity')");
  await expect(dialog.isVisible()).resolves.toBe(false);
  await expect(activeElement()).resolves.toMatchObject({ className: 'history-button', stream: PARLIAMENTARY_OFFICE });
});

test('a history shared by URL opens by itself', async () => {
  await page.goto(`${rig.baseUrl}/?asOf=2021-07-01&entity=${PARLIAMENTARY_OFFICE}`);
  await page.waitForSelector('#history-dialog[data-state="ready"]', TIMEOUT);
  await expect(page.locator('#history-dialog .history-entry').count()).resolves.toBe(2);
  await page.getByRole('button', { name: 'Close history' }).click();
  await waitUntil("!document.getElementById('history-dialog').open && !new URLSearchParams(location.search).has('entity')");
  await waitForView('2021-07-01');
});

test('timeline: each fact opens its sources, the Arabic quote right-to-left with its document and publisher', async () => {
  const fact = page.locator(`#timeline-list > li[data-stream="${PARLIAMENTARY_OFFICE}"][data-type="OfficeOpened"]`);
  await expect(fact.locator('.fact-date').textContent()).resolves.toBe('16 Jun 2021');
  await expect(fact.locator('.badge-corrected').count()).resolves.toBe(1);
  const sources = fact.locator('details.sources');
  await sources.locator('summary').click();
  await expect(sources.getAttribute('open')).resolves.toBe('');
  const citation = sources.locator('.citation', { hasText: 'يوليو/تموز الماضي' });
  const quote = citation.locator('blockquote[lang="ar"]');
  await expect(quote.isVisible()).resolves.toBe(true);
  await expect(quote.getAttribute('dir')).resolves.toBe('rtl');
  await expect(computedStyle(quote, 'direction')).resolves.toBe('rtl');
  await expect(computedStyle(quote, 'textAlign')).resolves.toBe('right');
  await expect(citation.locator('.document').textContent()).resolves.toContain('003_7f8fa76ddfdbdce5.txt');
  await expect(citation.locator('.publisher').textContent()).resolves.toContain('Unknown (the document names no publisher)');
  await fact.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS_DIR, '04-timeline-sources-1280x800.png') });
  await sources.locator('summary').click();
});

test('known at: a recorded position before the correction shows the old belief ("possible"), and survives a reload', async () => {
  const select = page.getByLabel('Known at');
  const option = select.locator('option', { hasText: 'UNOCT Programme Office on Parliamentary Engagement' });
  const before = await option.getAttribute('value');
  expect(before).toMatch(/^\d+$/);
  await select.selectOption(before!);
  await waitForView('2021-07-01', before!);
  expect(searchParams().get('knownAt')).toBe(before);

  // Before the correction the ledger believed "July 2021", which straddles 1 July 2021.
  const card = officeCard(PARLIAMENTARY_OFFICE);
  await expect(card.getAttribute('data-certainty')).resolves.toBe('possible');
  await expect(card.locator('.opened').textContent()).resolves.toContain('Jul 2021 (month only)');
  await expect(card.locator('.badge-possible').isVisible()).resolves.toBe(true);
  await expect(officeCard(HUB_OFFICE).getAttribute('data-certainty')).resolves.toBe('certain');
  await screenshot(page, '05-known-at-before-correction-1280x800', false);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS_DIR, '05-known-at-possible-office-1280x800.png') });

  // Its history as known then has no correction yet.
  await card.getByRole('button', { name: /^History/ }).click();
  await page.waitForSelector('#history-dialog[data-state="ready"]', TIMEOUT);
  await expect(page.locator('#history-dialog .history-entry').count()).resolves.toBe(1);
  await page.keyboard.press('Escape');
  await waitUntil("!document.getElementById('history-dialog').open && !new URLSearchParams(location.search).has('entity')");

  await page.reload();
  await waitForView('2021-07-01', before!);
  await expect(page.getByLabel('Known at').inputValue()).resolves.toBe(before);
  await expect(officeCard(PARLIAMENTARY_OFFICE).getAttribute('data-certainty')).resolves.toBe('possible');

  // A timestamp typed in round-trips too; "now" brings the correction back.
  const instant = new Date().toISOString();
  await page.getByLabel('Or a position or timestamp').fill(instant);
  await page.getByRole('button', { name: 'Apply' }).click();
  await waitForView('2021-07-01', instant);
  expect(searchParams().get('knownAt')).toBe(instant);
  await expect(officeCard(PARLIAMENTARY_OFFICE).getAttribute('data-certainty')).resolves.toBe('certain');
  await page.reload();
  await waitForView('2021-07-01', instant);
  await expect(page.getByLabel('Known at').inputValue()).resolves.toBe(instant);

  await page.getByLabel('Known at').selectOption('');
  await waitForView('2021-07-01');
  expect(searchParams().get('knownAt')).toBeNull();
});

test('diff between two dates, shareable by URL', async () => {
  await page.getByLabel('From').fill('2019-06-30');
  await page.getByLabel('To', { exact: true }).fill('2021-07-01');
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.waitForSelector('#diff-result[data-state="ready"]', TIMEOUT);
  expect(searchParams().get('from')).toBe('2019-06-30');
  expect(searchParams().get('to')).toBe('2021-07-01');
  const offices = page.locator('#diff-result .diff-model[data-model="offices"]');
  await expect(offices.locator(`li.diff-added[data-id="${HUB_OFFICE}"]`).count()).resolves.toBe(1);
  await expect(offices.locator(`li.diff-added[data-id="${PARLIAMENTARY_OFFICE}"]`).textContent()).resolves.toContain('UNOCT Programme Office on Parliamentary Engagement');
  const commitments = page.locator('#diff-result .diff-model[data-model="commitments"]');
  await expect(commitments.locator('li.diff-added[data-id="agreement-qa-unoct-behavioural-insights-hub"]').count()).resolves.toBe(1);
  await page.locator('#diff').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS_DIR, '06-diff-1280x800.png') });

  await page.reload();
  await page.waitForSelector('#diff-result[data-state="ready"]', TIMEOUT);
  await expect(page.locator(`#diff-result li.diff-added[data-id="${PARLIAMENTARY_OFFICE}"]`).count()).resolves.toBe(1);
});

test('keyboard: the slider moves by day, month and year with arrow and page keys; controls are labelled; focus is visible', async () => {
  const slider = page.getByRole('slider', { name: 'Valid date' });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await waitForView('2021-07-02');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await waitForView('2021-06-30');
  await page.keyboard.press('PageUp');
  await waitForView('2021-07-30');
  await page.keyboard.press('Shift+PageDown');
  await waitForView('2020-07-30');
  await expect(slider.getAttribute('aria-valuetext')).resolves.toBe('30 July 2020');
  await page.keyboard.press('Home');
  await waitForView('2017-01-01');
  await page.keyboard.press('End');
  const max = await page.locator('#as-of-date').getAttribute('max');
  await waitForView(max!);
  expect(searchParams().get('asOf')).toBe(max);

  // The focused slider shows a focus ring (keyboard focus is never invisible).
  await expect(computedStyle(slider, 'outlineStyle')).resolves.toBe('solid');
  await expect(computedStyle(slider, 'outlineWidth')).resolves.toBe('3px');

  // From the top of the page, Tab reaches the skip link, the key field, then the time controls in reading order.
  await page.reload();
  await waitForView(max!);
  const order: string[] = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const active = await activeElement();
    const name = active.id || active.className || active.tag;
    if (order[order.length - 1] !== name) order.push(name); // a date field takes one Tab per part
  }
  // At the last day there is no next fact, so that (disabled) button is skipped.
  expect(order.slice(0, 10)).toEqual(['skip-link', 'language-switch', 'auditor-key', 'BUTTON', 'forget-key', 'prev-fact', 'as-of-slider', 'as-of-date', 'as-of-today', 'known-at-select']);

  // Every form control has an accessible name.
  const unlabelled = await page.evaluate<string[]>(`[...document.querySelectorAll('input, select, button')]
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
    .map((e) => e.outerHTML)`);
  expect(unlabelled).toEqual([]);

  // The date field drives the slider too.
  await page.getByLabel('Date', { exact: true }).fill('2019-06-30');
  await waitForView('2019-06-30');
  await expect(slider.inputValue()).resolves.toBe(String(epochDay('2019-06-30')));
});

test('readable at 1280×800 (two columns) and on a 390px-wide screen (one column), without sideways scrolling', async () => {
  await page.goto(`${rig.baseUrl}/?asOf=2021-07-01`);
  await waitForView('2021-07-01');
  const wide = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
  expect(wide.scroll).toBeLessThanOrEqual(wide.client);
  const officesBox = await page.locator('#offices').boundingBox();
  const timelineBox = await page.locator('#timeline').boundingBox();
  expect(Math.abs(officesBox!.y - timelineBox!.y)).toBeLessThan(2);
  expect(timelineBox!.x).toBeGreaterThan(officesBox!.x + officesBox!.width - 1);
  await screenshot(page, '07-overview-2021-07-01-1280x800', false);
  await screenshot(page, '07-overview-2021-07-01-1280-full');

  const { context, page: narrow } = await rig.newPage({ width: 390, height: 844 });
  try {
    await narrow.goto(`${rig.baseUrl}/?asOf=2019-06-30`);
    await enterKey(narrow);
    await narrow.waitForSelector('main[data-state="ready"][data-as-of="2019-06-30"]', TIMEOUT);
    const size = await narrow.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(size.scroll).toBeLessThanOrEqual(size.client);
    const offices = await narrow.locator('#offices').boundingBox();
    const timeline = await narrow.locator('#timeline').boundingBox();
    expect(timeline!.y).toBeGreaterThanOrEqual(offices!.y + offices!.height);
    await expect(narrow.locator('#commitment-list .amount').first().textContent()).resolves.toBe('USD 75,000,000');
    await narrow.screenshot({ path: join(ARTIFACTS_DIR, '08-narrow-390-2019-06-30.png') });
    await narrow.screenshot({ path: join(ARTIFACTS_DIR, '08-narrow-390-2019-06-30-full.png'), fullPage: true });
    await narrow.locator(`#office-list > li[data-id="office-qatar-national-targeting-office"] .history-button`).click();
    await narrow.waitForSelector('#history-dialog[data-state="ready"]', TIMEOUT);
    await narrow.screenshot({ path: join(ARTIFACTS_DIR, '08-narrow-390-history.png') });
  } finally {
    await context.close();
  }
});

test('no request left the ledger, every API call carried the auditor key, and the page logged no error or CSP violation', () => {
  expect(rig.requests.length).toBeGreaterThan(20);
  const outside = rig.requests.filter((r) => !r.url.startsWith(`${rig.baseUrl}/`) && !r.url.startsWith('data:'));
  expect(outside).toEqual([]);
  const api = rig.requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  expect(api.length).toBeGreaterThan(10);
  expect(api.filter((r) => r.authorization !== `Bearer ${auditorKey}`)).toEqual([]);
  expect(rig.requests.filter((r) => r.url.includes(auditorKey))).toEqual([]);
  expect(rig.problems).toEqual([]);
  expect(existsSync(join(ARTIFACTS_DIR, '01-commitments-2019-06-30-1280x800.png'))).toBe(true);
});

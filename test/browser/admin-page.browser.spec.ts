import type { Locator, Page } from 'playwright-core';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { BrowserRig, screenshot, startRig } from './browser-harness';

/**
 * The record panel in a real Chromium, with an admin key, against the whole ledger on a temporary embedded store
 * loaded with the fixtures. The tests run in order on one page.
 */

const TIMEOUT = { timeout: 15_000 };
const SOURCE = 'article-000-7b80eea7f1e363f6';
/** Words of the 2019 strategic dialogue's article (fixtures/00-sources.json, shared/sources/000_…txt). */
const QUOTE = 'الحوار الاستراتيجي';
const ENGAGEMENT = 'engagement-browser-dialogue-2022';

let rig: BrowserRig;
let page: Page;
let store: EventStore;

const panel = () => page.locator('#record');
const field = (name: string): Locator => page.locator(`#record-fields [data-field="${name}"]`).first();

async function count(filter: (e: { stream: string; type: string }) => boolean = () => true): Promise<number> {
  return (await store.readAll()).filter(filter).length;
}

async function waitUntil(expression: string, target: Page = page): Promise<void> {
  const deadline = Date.now() + TIMEOUT.timeout;
  while (!(await target.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await target.waitForTimeout(50);
  }
}

async function enterKey(target: Page, key: string): Promise<void> {
  await target.getByLabel('API key').fill(key);
  await target.getByRole('button', { name: 'Use key' }).click();
  await target.waitForSelector('main[data-state="ready"]', TIMEOUT);
}

async function fillDate(name: string, precision: string, year: string, month?: string, day?: string): Promise<void> {
  const date = field(name);
  await date.locator('[data-part="precision"]').selectOption(precision);
  await date.locator('[data-part="year"]').fill(year);
  if (month) await date.locator('[data-part="month"]').selectOption(month);
  if (day) await date.locator('[data-part="day"]').fill(day);
}

/** The new dialogue's form, filled with a typed quote of registered source words. */
async function fillDialogue(id: string, from: { year: string; month: string; day: string }): Promise<void> {
  await page.getByLabel('What happened').selectOption('hold-dialogue');
  await page.getByLabel('Engagement id').fill(id);
  await page.locator('#record-fields select[name="kind"]').selectOption('policy-dialogue');
  await field('title').getByLabel('In English').fill('Browser policy dialogue');
  await fillDate('from', 'day', from.year, from.month, from.day);
  await field('organisers').locator('select').first().selectOption('qatar');
  await field('sources').locator('select[name="sourceId"]').selectOption(SOURCE);
  await field('sources').locator('textarea[name="quote"]').fill(QUOTE);
}

/** Selects the first occurrence of `words` in the open document's text, as a reader would with the mouse. */
async function selectInDocument(words: string): Promise<void> {
  await page.evaluate(`(() => {
    const root = document.getElementById('source-text');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push([node, text.length]); text += node.data; }
    const at = text.indexOf(${JSON.stringify(words)});
    if (at < 0) throw new Error('words not in the document');
    const locate = (offset) => { let found = nodes[0]; for (const entry of nodes) if (entry[1] <= offset) found = entry; return [found[0], offset - found[1]]; };
    const range = document.createRange();
    range.setStart(...locate(at));
    range.setEnd(...locate(at + ${JSON.stringify(words)}.length));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  })()`);
}

async function preview(): Promise<void> {
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.waitForSelector('#record[data-state="previewed"]', TIMEOUT);
}

beforeAll(async () => {
  rig = await startRig();
  store = rig.ledger.app.get(EVENT_STORE);
  ({ page } = await rig.newPage({ width: 1280, height: 800 }));
  await page.goto(`${rig.baseUrl}/?asOf=2022-12-31`);
  await enterKey(page, rig.ledger.adminKey);
  await page.waitForSelector('#record[data-state="ready"]', TIMEOUT);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

test('an admin records a dialogue citing words selected in the document, previews its events, records it; it shows on the timeline', async () => {
  await fillDialogue('browser-dialogue-2022', { year: '2022', month: '5', day: '10' });
  await field('sources').locator('textarea[name="quote"]').fill('');
  await field('sources').getByRole('button', { name: 'Pick words from the document' }).click();
  await page.waitForSelector(`#source-dialog[open][data-state="ready"][data-source="${SOURCE}"]`, TIMEOUT);
  await expect(page.locator('#source-text').getAttribute('dir')).resolves.toBe('rtl');
  // Words other facts already cite are marked in the text.
  await expect(page.locator('#source-text mark.cited').count()).resolves.toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Use the selected words' }).click();
  await expect(page.locator('#source-status').textContent()).resolves.toContain('Select words');
  await selectInDocument(QUOTE);
  await screenshot(page, 'admin-00-document-selection-1280x800', false);
  await page.getByRole('button', { name: 'Use the selected words' }).click();
  await waitUntil("!document.getElementById('source-dialog').open");
  await expect(field('sources').locator('textarea[name="quote"]').inputValue()).resolves.toBe(QUOTE);
  await expect(page.evaluate<string>('document.activeElement.className')).resolves.toBe('pick-quote');
  const before = await count();
  await preview();
  await expect(page.locator('#record-preview .preview-event').getAttribute('data-type')).resolves.toBe('DialogueHeld');
  await expect(page.locator('#record-preview h4').textContent()).resolves.toContain(ENGAGEMENT);
  expect(await count()).toBe(before);
  await screenshot(page, 'admin-01-preview-1280x800', false);

  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForSelector('#record[data-state="recorded"]', TIMEOUT);
  expect(await count()).toBe(before + 1);
  const recorded = (await store.readAll()).find((e) => e.stream === ENGAGEMENT)!;
  expect(recorded.metadata.sources).toEqual([expect.objectContaining({ sourceId: SOURCE, quote: QUOTE })]);
  await page.waitForSelector(`#timeline-list > li[data-stream="${ENGAGEMENT}"]`, TIMEOUT);
  await expect(page.locator(`#timeline-list > li[data-stream="${ENGAGEMENT}"] time`).getAttribute('datetime')).resolves.toBe('2022-05-10');
});

test('a bad field shows its error beside that field, and nothing is appended', async () => {
  await fillDialogue('browser-bad-date', { year: '2022', month: '2', day: '30' });
  const before = await count();
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.waitForSelector('#record[data-state="error"]', TIMEOUT);
  const error = field('from').locator('.field-error');
  await expect(error.isVisible()).resolves.toBe(true);
  await expect(error.textContent()).resolves.toMatch(/from/);
  // The year input of that date is marked invalid and has the focus; the Record button is not offered.
  await expect(field('from').locator('[data-part="year"]').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.evaluate<string>('document.activeElement.dataset.part')).resolves.toBe('year');
  await expect(page.locator('#record-button').isHidden()).resolves.toBe(true);
  await expect(page.locator('#record-fields .field-error:not([hidden])').count()).resolves.toBe(1);
  await screenshot(page, 'admin-02-field-error-1280x800', false);
  expect(await count()).toBe(before);
  await page.getByRole('button', { name: 'Close the form' }).click();
  // The browser logs the refused preview (400) as a console error: expected here, and only here.
  rig.problems.splice(0, rig.problems.length, ...rig.problems.filter((p) => !p.includes('status of 400')));
});

test('a double click on Record records once', async () => {
  await fillDialogue('browser-double-click', { year: '2022', month: '6', day: '1' });
  await preview();
  const before = await count();
  await page.getByRole('button', { name: 'Record' }).dblclick();
  await page.waitForSelector('#record[data-state="recorded"]', TIMEOUT);
  await page.waitForTimeout(300);
  expect(await count()).toBe(before + 1);
});

test('a retry after the answer was lost reuses the submission’s Idempotency-Key: recorded once', async () => {
  await fillDialogue('browser-lost-answer', { year: '2022', month: '6', day: '2' });
  await preview();
  const before = await count();
  const keys: string[] = [];
  // The first Record reaches the ledger, which records it; its answer is lost on the way back.
  let lose = true;
  await page.route('**/api/commands/hold-dialogue', async (route) => {
    if (route.request().url().includes('dryRun')) return route.continue();
    keys.push(route.request().headers()['idempotency-key']);
    if (!lose) return route.continue();
    lose = false;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForSelector('#record[data-state="error"]', TIMEOUT);
  await expect(page.locator('#record-status').textContent()).resolves.toContain('did not answer');
  expect(await count()).toBe(before + 1);
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForSelector('#record[data-state="recorded"]', TIMEOUT);
  await expect(page.locator('#record-status').textContent()).resolves.toContain('Already recorded');
  await page.unroute('**/api/commands/hold-dialogue');
  expect(keys).toHaveLength(2);
  expect(keys[0]).toBe(keys[1]);
  expect(await count()).toBe(before + 1);
  // The browser logs the reset connection; expected here only.
  rig.problems.splice(0, rig.problems.length, ...rig.problems.filter((p) => !p.includes('ERR_CONNECTION_RESET')));
});

test('a conflict (409) offers to reload and decide again, then records', async () => {
  await fillDialogue('browser-conflict', { year: '2022', month: '6', day: '3' });
  await preview();
  const before = await count();
  // Another recorder keeps changing the stream: the ledger answers 409 once (simulated on the wire).
  let conflicts = 0;
  await page.route('**/api/commands/hold-dialogue', async (route) => {
    if (route.request().url().includes('dryRun') || conflicts > 0) return route.continue();
    conflicts++;
    await route.fulfill({
      status: 409,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'engagement-browser-conflict kept changing', instance: '/api/commands/hold-dialogue' }),
    });
  });
  await page.getByRole('button', { name: 'Record' }).click();
  const reload = page.getByRole('button', { name: 'Reload and decide again' });
  await reload.waitFor(TIMEOUT);
  await expect(page.locator('#record-button').isHidden()).resolves.toBe(true);
  await reload.click();
  await page.waitForSelector('#record[data-state="previewed"]', TIMEOUT);
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForSelector('#record[data-state="recorded"]', TIMEOUT);
  await page.unroute('**/api/commands/hold-dialogue');
  expect(await count()).toBe(before + 1);
  rig.problems.splice(0, rig.problems.length, ...rig.problems.filter((p) => !p.includes('status of 409')));
});

test('a correction from the history: prefilled, changed fields computed; known-at before it shows the old date', async () => {
  const fact = page.locator(`#timeline-list > li[data-stream="${ENGAGEMENT}"]`);
  await fact.locator('.history-button').click();
  await page.waitForSelector('#history-dialog[data-state="ready"]', TIMEOUT);
  await page.locator('#history-dialog .correct-button').first().click();
  await page.waitForSelector('#record[data-command="correct-fact"]', TIMEOUT);
  // Prefilled with what the ledger believes.
  await expect(page.getByLabel('Engagement id').inputValue()).resolves.toBe('browser-dialogue-2022');
  await expect(field('from').locator('[data-part="day"]').inputValue()).resolves.toBe('10');
  await expect(page.locator('.changed-fields').getAttribute('data-count')).resolves.toBe('0');
  await field('from').locator('[data-part="day"]').fill('12');
  await expect(page.locator('.changed-fields li').getAttribute('data-path')).resolves.toBe('from');
  await page.getByLabel('Reason').fill('The article dates the dialogue two days later');
  await field('sources').locator('select[name="sourceId"]').selectOption(SOURCE);
  await field('sources').locator('textarea[name="quote"]').fill(QUOTE);
  await preview();
  await expect(page.locator('#record-preview .preview-event').getAttribute('data-type')).resolves.toBe('FactCorrected');
  const correctionsBefore = await count((e) => e.type === 'FactCorrected');
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForSelector('#record[data-state="recorded"]', TIMEOUT);
  expect(await count((e) => e.type === 'FactCorrected')).toBe(correctionsBefore + 1);
  const position = await panel().getAttribute('data-position');
  await page.waitForSelector(`#timeline-list > li[data-stream="${ENGAGEMENT}"] time[datetime="2022-05-12"]`, TIMEOUT);

  await page.locator('#known-at-input').fill(String(BigInt(position!) - 1n));
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForSelector(`main[data-state="ready"][data-known-at="${BigInt(position!) - 1n}"]`, TIMEOUT);
  await expect(page.locator(`#timeline-list > li[data-stream="${ENGAGEMENT}"] time`).getAttribute('datetime')).resolves.toBe('2022-05-10');
  await page.locator('#known-at-select').selectOption('');
  await page.waitForSelector('main[data-state="ready"][data-known-at=""]', TIMEOUT);
});

test('keyboard only: a party is registered with Tab, typing and Enter', async () => {
  const before = await count((e) => e.type === 'PartyRegistered');
  await page.locator('#record-command').focus();
  await page.keyboard.type('Register a party');
  await page.waitForSelector('#record[data-command="register-party"]', TIMEOUT);
  const tabTo = async (check: string) => {
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate<boolean>(check)) return;
    }
    throw new Error(`Tab never reached ${check}`);
  };
  await tabTo("document.activeElement.name === 'partyId'");
  await page.keyboard.type('browser-keyboard-party');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard Party');
  await tabTo("document.activeElement.name === 'kind'");
  await page.keyboard.type('State');
  await tabTo("document.activeElement.id === 'record-preview-button'");
  await page.keyboard.press('Enter');
  await page.waitForSelector('#record[data-state="previewed"]', TIMEOUT);
  await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('record-button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#record[data-state="recorded"]', TIMEOUT);
  expect(await count((e) => e.type === 'PartyRegistered')).toBe(before + 1);
});

test('timeline summaries are in words, with party names and grouped amounts, not ids', async () => {
  const renewal = page.locator('#timeline-list > li[data-stream="pledge-qa-unoct-renewal-2024-2026"] .fact-summary');
  await expect(renewal.textContent()).resolves.toMatch(/^State of Qatar renewed “.+” with USD 45,000,000 to United Nations Office of Counter-Terrorism \(UNOCT\)$/);
});

test('the record panel and the page at 390 px wide: one column, no sideways scrolling', async () => {
  const { context, page: narrow } = await rig.newPage({ width: 390, height: 844 });
  try {
    await narrow.goto(`${rig.baseUrl}/?asOf=2022-12-31`);
    await enterKey(narrow, rig.ledger.adminKey);
    await narrow.waitForSelector('#record[data-state="ready"]', TIMEOUT);
    await narrow.getByLabel('What happened').selectOption('sign-agreement');
    await narrow.waitForSelector('#record[data-command="sign-agreement"]', TIMEOUT);
    const size = await narrow.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(size.scroll).toBeLessThanOrEqual(size.client);
    await narrow.locator('#record').scrollIntoViewIfNeeded();
    await screenshot(narrow, 'admin-04-record-390', false);
    await screenshot(narrow, 'admin-04-record-390-full');
  } finally {
    await context.close();
  }
});

test('in Arabic the whole page reads right to left, dates and amounts in Arabic, and nothing logs an error', async () => {
  const problemsBefore = rig.problems.length;
  const { context, page: arabic } = await rig.newPage({ width: 1280, height: 800 });
  try {
    await arabic.goto(`${rig.baseUrl}/?asOf=2025-06-30&lang=ar`);
    await arabic.getByLabel('مفتاح الوصول').fill(rig.ledger.adminKey);
    await arabic.getByRole('button', { name: 'استخدم المفتاح' }).click();
    await arabic.waitForSelector('main[data-state="ready"][data-as-of="2025-06-30"]', TIMEOUT);
    await arabic.waitForSelector('#record[data-state="ready"]', TIMEOUT);
    await expect(arabic.evaluate<string>('document.documentElement.dir')).resolves.toBe('rtl');
    await expect(arabic.evaluate<string>('document.documentElement.lang')).resolves.toBe('ar');
    await expect(arabic.evaluate<string>("getComputedStyle(document.body).direction")).resolves.toBe('rtl');
    await expect(arabic.locator('#record-title').textContent()).resolves.toBe('تدوين واقعة');
    await expect(arabic.locator('#as-of-shown').textContent()).resolves.toBe('٣٠ يونيو ٢٠٢٥');
    const renewal = arabic.locator('#timeline-list > li[data-stream="pledge-qa-unoct-renewal-2024-2026"] .fact-summary');
    await expect(renewal.textContent()).resolves.toContain('دولة قطر');
    await expect(renewal.textContent()).resolves.toContain('٤٥٬٠٠٠٬٠٠٠ USD');
    // The language stays in the address with the rest of the view, and the switch leads back to English.
    expect(new URL(arabic.url()).searchParams.get('lang')).toBe('ar');
    await expect(arabic.locator('#language-switch').getAttribute('href')).resolves.toMatch(/asOf=2025-06-30/);
    await expect(arabic.locator('#language-switch').getAttribute('href')).resolves.not.toMatch(/lang=/);
    await arabic.getByLabel('ما الذي حدث').selectOption('hold-dialogue');
    await arabic.waitForSelector('#record[data-command="hold-dialogue"]', TIMEOUT);
    await expect(arabic.locator('#record-fields [data-field="from"] legend').textContent()).resolves.toContain('من');
    await screenshot(arabic, 'admin-05-arabic-1280x800', false);
    await screenshot(arabic, 'admin-05-arabic-full');
    // Laid out afresh at phone width (the chart sizes itself when drawn).
    await arabic.setViewportSize({ width: 390, height: 844 });
    await arabic.reload();
    await arabic.waitForSelector('main[data-state="ready"][data-as-of="2025-06-30"]', TIMEOUT);
    const size = await arabic.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    expect(size.scroll).toBeLessThanOrEqual(size.client);
    await screenshot(arabic, 'admin-06-arabic-390', false);
  } finally {
    await context.close();
  }
  expect(rig.problems.slice(problemsBefore)).toEqual([]);
});

test('no page logged an error or a CSP violation', () => {
  expect(rig.problems).toEqual([]);
});

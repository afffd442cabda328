import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { webPageBuilt, webPageRoot } from '../../src/web/web-page';
import { LedgerApp, startLedgerApp } from '../support/ledger-app';

/** Debian's Chromium (apt package `chromium`); CHROMIUM_PATH overrides it for other systems. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts', 'browser');

export function missingChromiumMessage(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return (
    `Chromium is not installed at ${CHROMIUM_PATH}, and the browser tests need it (they never skip). ` +
    'On Debian or Ubuntu: `apt-get update && apt-get install -y chromium`; elsewhere set CHROMIUM_PATH to a Chromium binary.'
  );
}

export function missingPageMessage(): string | null {
  if (webPageBuilt(webPageRoot())) return null;
  return `The auditor page is not built in ${webPageRoot()}: run \`npm run test:browser\` (or \`npm run build\`), which builds it.`;
}

export interface BrowserRig {
  readonly ledger: LedgerApp;
  readonly baseUrl: string;
  readonly browser: Browser;
  /** Every URL any page of the rig asked for, and the Authorization header it carried. */
  readonly requests: { url: string; authorization: string | undefined }[];
  /** Page errors, console errors and CSP violations. */
  readonly problems: string[];
  newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startRig(): Promise<BrowserRig> {
  const noChromium = missingChromiumMessage();
  if (noChromium) throw new Error(noChromium);
  const noPage = missingPageMessage();
  if (noPage) throw new Error(noPage);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });

  const ledger = await startLedgerApp({ fixtures: true });
  await ledger.app.listen(0, '127.0.0.1');
  const { port } = ledger.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await ledger.close();
    throw error;
  }
  const requests: BrowserRig['requests'] = [];
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];

  return {
    ledger,
    baseUrl,
    browser,
    requests,
    problems,
    async newPage(viewport) {
      const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', reducedMotion: 'reduce' });
      contexts.push(context);
      // Anything not served by the ledger is recorded and refused: the page must need nothing from outside.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        return url.startsWith(`${baseUrl}/`) || url.startsWith('data:') ? route.continue() : route.abort('blockedbyclient');
      });
      context.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers()['authorization'] }));
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      await page.addInitScript(
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
      );
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await ledger.close();
    },
  };
}

/** The slider's value for a day: days since 1970-01-01 (UTC). */
export function epochDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage });
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the built auditor page lives: `dist/web`, written by `npm run build` (web/build.mjs).
 * Compiled, this file is `dist/src/web/web-page.js`; under ts-jest it is `src/web/web-page.ts`.
 */
export function webPageRoot(): string {
  return __filename.endsWith('.ts') ? join(__dirname, '..', '..', 'dist', 'web') : join(__dirname, '..', '..', 'web');
}

export function webPageBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html')) && existsSync(join(root, 'main.js'));
}

/**
 * The page loads only its own files: scripts, styles, images and API calls from the ledger's origin.
 * Chart.js draws on a canvas and sets element styles through the CSSOM, which `style-src 'self'` allows.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
});

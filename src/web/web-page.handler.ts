import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { PAGE_SECURITY_HEADERS, webPageBuilt } from './web-page';

/** Paths the page never answers: the API and the health check stay with their controllers (and their 404s). */
export function belongsToApi(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/health' || path.startsWith('/health/');
}

/**
 * Serves the built auditor page at `/`: exact files only, no fallback to index.html, so an unknown path (under
 * /api or not) still ends in the application's problem+json 404.
 */
export function webPageHandler(root: string): RequestHandler {
  const logger = new Logger('WebPage');
  let warned = false;
  const serve = express.static(root, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (response: Response, path: string) => {
      for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) response.setHeader(name, value);
      // The page names its files without content hashes: revalidate each time (ETags keep that cheap).
      response.setHeader('Cache-Control', path.endsWith('.html') ? 'no-store' : 'no-cache');
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || belongsToApi(request.path)) return next();
    if (request.path === '/' && !webPageBuilt(root)) {
      if (!warned) {
        logger.warn(`the auditor page is not built (no ${root}/index.html): run npm run build`);
        warned = true;
      }
      response
        .status(503)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'https://partnership-ledger.example/problems/page-not-built',
            title: 'The auditor page is not built',
            status: 503,
            detail: 'Run `npm run build`, which builds the page into dist/web.',
            instance: request.originalUrl,
          }),
        );
      return;
    }
    serve(request, response, next);
  };
}

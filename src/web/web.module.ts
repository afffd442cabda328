import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { webPageHandler } from './web-page.handler';
import { webPageRoot } from './web-page';

/**
 * The auditor's web page (sources in web/, built into dist/web), served by the ledger itself at `/`.
 *
 * Mounted on the Express instance at module init: after the controllers' routes (so `/api/*` and `/health`
 * always win) and before Nest's not-found handler (so a path that is neither ends in the usual problem+json 404).
 */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (!instance || typeof (instance as { use?: unknown }).use !== 'function') {
      new Logger('WebPage').warn('no Express instance: the auditor page is not served');
      return;
    }
    (instance as { use: (handler: ReturnType<typeof webPageHandler>) => void }).use(webPageHandler(webPageRoot()));
  }
}

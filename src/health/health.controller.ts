import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { LiveLedger } from '../read-models/live-ledger';
import { catchUpView } from './catch-up-view';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly live: LiveLedger,
  ) {}

  /**
   * 200 when the store answers, 503 otherwise, so a load balancer or compose healthcheck can act on it. While
   * the read model catches up after a start, the status says so, with how far it has come.
   */
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const health = await this.store.health();
    const readModel = catchUpView(this.live.progress);
    response.status(health.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: !health.ok ? 'unavailable' : readModel.caughtUp ? 'ok' : 'catching-up',
      store: { kind: health.store, ok: health.ok, detail: health.detail, lastPosition: health.lastPosition?.toString() ?? null },
      readModel,
    };
  }
}

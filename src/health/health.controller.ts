import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';

@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** 200 when the store answers, 503 otherwise, so a load balancer or compose healthcheck can act on it. */
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const health = await this.store.health();
    response.status(health.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: health.ok ? 'ok' : 'unavailable',
      store: { kind: health.store, ok: health.ok, detail: health.detail, lastPosition: health.lastPosition?.toString() ?? null },
    };
  }
}

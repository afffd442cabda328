import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';
import { RecordResult } from '../recording/ledger-command';

/** 201 for a command recorded now, 200 for a retry answered with the original result. */
@Injectable()
export class ReplayedStatusInterceptor implements NestInterceptor<RecordResult, RecordResult> {
  intercept(context: ExecutionContext, next: CallHandler<RecordResult>): Observable<RecordResult> {
    return next.handle().pipe(
      tap((result) => {
        if (result.replayed) context.switchToHttp().getResponse<Response>().status(HttpStatus.OK);
      }),
    );
  }
}

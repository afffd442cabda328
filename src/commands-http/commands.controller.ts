import { Body, Controller, Headers, HttpStatus, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Caller } from '../auth/api-key';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { ValidationFailed } from '../domain/errors';
import { CommandRegistry } from '../recording/command-registry';
import { RecordResult } from '../recording/ledger-command';
import { DecisionPreview, Recorder } from '../recording/recorder';
import { requestSha256 } from '../recording/request-hash';
import { commandIdFrom } from './idempotency-key.decorator';
import { KnownCommandPipe } from './known-command.pipe';
import { ReplayedStatusInterceptor } from './replayed-status.interceptor';

export interface DryRunResult extends DecisionPreview {
  readonly dryRun: true;
}

/** `?dryRun=true|false`; anything else is a client's mistake, named. */
export function dryRunOf(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ValidationFailed([{ field: 'dryRun', rule: 'isBooleanString', message: 'dryRun must be true or false' }]);
}

/**
 * `POST /api/commands/<command-name>`: the body is the command's payload, `Idempotency-Key` its id, the API key's
 * name its actor. Documented as one path per command by src/http/api-docs.ts, hence excluded from the scan here.
 */
@ApiExcludeController()
@Controller('api/commands')
@Roles('admin')
@UseInterceptors(ReplayedStatusInterceptor)
export class CommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly registry: CommandRegistry,
    private readonly recorder: Recorder,
  ) {}

  @Post(':command')
  async record(
    @Param('command', KnownCommandPipe) name: string,
    @Headers('idempotency-key') idempotencyKey: string | string[] | undefined,
    @Query('dryRun') dryRunParam: unknown,
    @Body() payload: unknown,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordResult | DryRunResult> {
    const dryRun = dryRunOf(dryRunParam);
    // A dry run records nothing, so it needs no command id; one sent is still checked.
    const commandId = dryRun && (idempotencyKey === undefined || idempotencyKey === '') ? randomUUID() : commandIdFrom(idempotencyKey);
    const command = this.registry.toCommand(name, commandId, payload, caller.name, { requestSha256: requestSha256(name, payload) });
    if (!dryRun) return this.commands.execute(command);
    const preview = await this.recorder.preview(command);
    response.status(HttpStatus.OK);
    return { dryRun: true, ...preview };
  }
}

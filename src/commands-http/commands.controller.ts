import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { Caller } from '../auth/api-key';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { CommandRegistry } from '../recording/command-registry';
import { RecordResult } from '../recording/ledger-command';
import { IdempotencyKey } from './idempotency-key.decorator';
import { KnownCommandPipe } from './known-command.pipe';
import { ReplayedStatusInterceptor } from './replayed-status.interceptor';
import { requestSha256 } from '../recording/request-hash';

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
  ) {}

  @Post(':command')
  record(
    @Param('command', KnownCommandPipe) name: string,
    @IdempotencyKey() commandId: string,
    @Body() payload: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<RecordResult> {
    return this.commands.execute(this.registry.toCommand(name, commandId, payload, caller.name, { requestSha256: requestSha256(name, payload) }));
  }
}

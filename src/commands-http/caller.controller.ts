import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/api-key';
import { CurrentCaller, Roles } from '../auth/auth.decorators';

/**
 * `GET /api/caller`: the key's name and role, so a page shows the record panel to admin keys only (without a
 * refused request to find out). The server still refuses an auditor's command whatever a page shows.
 */
@ApiTags('caller')
@Controller('api/caller')
@Roles('auditor', 'admin')
export class CallerController {
  @Get()
  @ApiOkResponse({ description: 'The calling key: its name, its role, and whether it may record facts.' })
  whoami(@CurrentCaller() caller: Caller): { name: string; role: string; mayRecord: boolean } {
    return { name: caller.name, role: caller.role, mayRecord: caller.role === 'admin' };
  }
}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CallerController } from './caller.controller';
import { CommandsController } from './commands.controller';

/** The HTTP write side: one route per command, behind the admin role (the RecordingModule is global, from the root). */
@Module({
  imports: [CqrsModule],
  controllers: [CommandsController, CallerController],
})
export class CommandsHttpModule {}

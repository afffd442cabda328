import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RecordingModule } from '../recording/recording.module';
import { CallerController } from './caller.controller';
import { CommandsController } from './commands.controller';

/** The HTTP write side: one route per command, behind the admin role. */
@Module({
  imports: [CqrsModule, RecordingModule],
  controllers: [CommandsController, CallerController],
})
export class CommandsHttpModule {}

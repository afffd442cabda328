import { DynamicModule, Module } from '@nestjs/common';
import { CLOCK, Clock, systemClock } from './clock';

/**
 * The one provider of CLOCK, global: imported once at the root (the server, the CLI, a test with its fixed clock),
 * so every "now" of a process (recording, defaults of reads, seals, imports) comes from the same clock.
 */
@Module({})
export class TimeModule {
  static forRoot(clock: Clock = systemClock): DynamicModule {
    return { module: TimeModule, global: true, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}

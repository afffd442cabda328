import { DynamicModule, Module, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CapabilityManifest } from './command-manifest';
import { CAPABILITY_MANIFESTS, CommandRegistry } from './command-registry';
import { GroupCommit } from './group-commit';
import { LedgerCommandHandler } from './ledger-command.handler';
import { Recorder } from './recorder';

/**
 * The write side: the CommandRegistry, the Recorder (with its group commit) and the CommandBus's handler, for the
 * capabilities the root hands in (`RecordingModule.forCapabilities(CAPABILITIES)`, src/capabilities.ts). Global and
 * imported once, at the root, so the whole process shares one group commit. The store comes from EVENT_STORE and
 * the clock from CLOCK (TimeModule); `providers` lets a test or another host supply the store itself.
 */
@Module({})
export class RecordingModule {
  static forCapabilities(capabilities: readonly CapabilityManifest[], options: { providers?: Provider[] } = {}): DynamicModule {
    return {
      module: RecordingModule,
      global: true,
      imports: [CqrsModule],
      providers: [{ provide: CAPABILITY_MANIFESTS, useValue: capabilities }, CommandRegistry, GroupCommit, Recorder, LedgerCommandHandler, ...(options.providers ?? [])],
      exports: [CommandRegistry, Recorder],
    };
  }
}

import { DynamicModule, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CorrectFactHandler } from '../correcting-facts/correct-fact.handler';
import { RetractFactHandler } from '../correcting-facts/retract-fact.handler';
import { RecordDisbursementHandler } from '../disbursing/record-disbursement.handler';
import { HoldDialogueHandler } from '../holding-dialogues/hold-dialogue.handler';
import { LaunchProgrammeHandler } from '../launching-programmes/launch-programme.handler';
import { CloseOfficeHandler } from '../opening-offices/close-office.handler';
import { OpenOfficeHandler } from '../opening-offices/open-office.handler';
import { MakePledgeHandler } from '../pledging/make-pledge.handler';
import { RenewPledgeHandler } from '../pledging/renew-pledge.handler';
import { RegisterPartyHandler } from '../registering-parties/register-party.handler';
import { RegisterSourceHandler } from '../registering-sources/register-source.handler';
import { SignAgreementHandler } from '../signing-agreements/sign-agreement.handler';
import { CLOCK, systemClock } from '../time/clock';
import { CommandRegistry } from './command-registry';
import { GroupCommit } from './group-commit';
import { Recorder } from './recorder';

export const COMMAND_HANDLERS = [
  RegisterSourceHandler,
  RegisterPartyHandler,
  SignAgreementHandler,
  MakePledgeHandler,
  RenewPledgeHandler,
  RecordDisbursementHandler,
  OpenOfficeHandler,
  CloseOfficeHandler,
  HoldDialogueHandler,
  LaunchProgrammeHandler,
  CorrectFactHandler,
  RetractFactHandler,
];

/**
 * The write side: every command handler on the CommandBus, the Recorder and the CommandRegistry.
 * The store comes from EVENT_STORE, which the global EventStoreModule provides; `register` lets a test
 * (or another host) supply it, and a fixed clock, itself.
 */
@Module({
  imports: [CqrsModule],
  providers: [{ provide: CLOCK, useValue: systemClock }, GroupCommit, Recorder, CommandRegistry, ...COMMAND_HANDLERS],
  exports: [CommandRegistry, Recorder, CLOCK],
})
export class RecordingModule {
  static register(options: { imports?: ModuleMetadata['imports']; providers?: Provider[] } = {}): DynamicModule {
    return {
      module: RecordingModule,
      imports: options.imports ?? [],
      providers: options.providers ?? [],
    };
  }
}

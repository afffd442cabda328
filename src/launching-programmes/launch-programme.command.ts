import { Citation } from '../domain/value-objects';
import { ProgrammeLaunchedData } from '../events/programme-launched.event';
import { Sources } from '../recording/ledger-command';

export class LaunchProgrammePayload extends ProgrammeLaunchedData {
  @Sources()
  readonly sources!: Citation[];
}

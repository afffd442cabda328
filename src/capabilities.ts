import { CORRECTING_FACTS } from './correcting-facts/correcting-facts.manifest';
import { DISBURSING } from './disbursing/disbursing.manifest';
import { HOLDING_DIALOGUES } from './holding-dialogues/holding-dialogues.manifest';
import { LAUNCHING_PROGRAMMES } from './launching-programmes/launching-programmes.manifest';
import { OPENING_OFFICES } from './opening-offices/opening-offices.manifest';
import { PLEDGING } from './pledging/pledging.manifest';
import { CapabilityManifest, commandsOf } from './recording/command-manifest';
import { REGISTERING_PARTIES } from './registering-parties/registering-parties.manifest';
import { REGISTERING_SOURCES } from './registering-sources/registering-sources.manifest';
import { SIGNING_AGREEMENTS } from './signing-agreements/signing-agreements.manifest';

/**
 * Every capability the ledger records, each one manifest from its own folder. The only list of them: the roots
 * (AppModule, CliModule) hand it to RecordingModule.forCapabilities, and the registry, the HTTP routes and their
 * OpenAPI operations, the CLI's record commands and the fixture importer are built from it. The order is the
 * order commands are listed in (CLI help, OpenAPI, the page's record panel).
 */
export const CAPABILITIES: readonly CapabilityManifest[] = [
  REGISTERING_SOURCES,
  REGISTERING_PARTIES,
  SIGNING_AGREEMENTS,
  PLEDGING,
  DISBURSING,
  OPENING_OFFICES,
  HOLDING_DIALOGUES,
  LAUNCHING_PROGRAMMES,
  CORRECTING_FACTS,
];

/** Every command of every capability. */
export const COMMANDS = commandsOf(CAPABILITIES);

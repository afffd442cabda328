import { correctFact } from '../correcting-facts/correct-fact.handler';
import { retractFact } from '../correcting-facts/retract-fact.handler';
import { recordDisbursement } from '../disbursing/record-disbursement.handler';
import { holdDialogue } from '../holding-dialogues/hold-dialogue.handler';
import { launchProgramme } from '../launching-programmes/launch-programme.handler';
import { closeOffice } from '../opening-offices/close-office.handler';
import { openOffice } from '../opening-offices/open-office.handler';
import { makePledge } from '../pledging/make-pledge.handler';
import { renewPledge } from '../pledging/renew-pledge.handler';
import { registerParty } from '../registering-parties/register-party.handler';
import { registerSource } from '../registering-sources/register-source.handler';
import { Recording } from '../recording/recorder';
import { signAgreement } from '../signing-agreements/sign-agreement.handler';

/**
 * The recording of each command by name, for dry runs (which bypass the CommandBus: a handler's only job is to
 * append). A test holds this to the CommandRegistry's names, so a new command cannot miss its dry run.
 */
export const RECORDINGS: Readonly<Record<string, Recording<object, unknown, unknown>>> = {
  'register-source': registerSource,
  'register-party': registerParty,
  'sign-agreement': signAgreement,
  'make-pledge': makePledge,
  'renew-pledge': renewPledge,
  'record-disbursement': recordDisbursement,
  'open-office': openOffice,
  'close-office': closeOffice,
  'hold-dialogue': holdDialogue,
  'launch-programme': launchProgramme,
  'correct-fact': correctFact,
  'retract-fact': retractFact,
} as unknown as Record<string, Recording<object, unknown, unknown>>;

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
import { signAgreement } from '../signing-agreements/sign-agreement.handler';
import { Recording } from './recorder';

/** How each command (by its CommandRegistry name) is recorded: what a caller needs to decide without the CommandBus. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RECORDINGS: Readonly<Record<string, Recording<any, any, any>>> = {
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
};

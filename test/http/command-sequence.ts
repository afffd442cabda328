import { json } from '../support/sample-payloads';

export interface CommandStep {
  readonly command: string;
  /** The payload; may use the event ids of earlier steps, by step label. */
  readonly payload: (eventIds: Readonly<Record<string, string>>) => Record<string, unknown>;
  readonly label: string;
}

const PARTIES: [string, string][] = [
  ['qatar', 'state'],
  ['qatar-mofa', 'government-body'],
  ['unoct', 'un-entity'],
  ['unaoc', 'un-entity'],
  ['unicri', 'un-entity'],
  ['interpol', 'international-organisation'],
  ['cted', 'un-entity'],
];

/** Valid commands, in an order that an empty ledger accepts, covering every command the API has. */
export const EVERY_COMMAND_IN_ORDER: readonly CommandStep[] = [
  { label: 'source', command: 'register-source', payload: () => json.source() },
  ...PARTIES.map(([partyId, kind]): CommandStep => ({
    label: `party-${partyId}`,
    command: 'register-party',
    payload: () => json.party({ partyId, kind, name: { en: partyId } }),
  })),
  { label: 'agreement', command: 'sign-agreement', payload: () => json.agreement() },
  { label: 'pledge', command: 'make-pledge', payload: () => json.pledge() },
  { label: 'dialogue', command: 'hold-dialogue', payload: () => json.dialogue() },
  { label: 'forum', command: 'hold-dialogue', payload: () => json.dialogue({ engagementId: 'forum-2022', kind: 'forum', sequence: undefined, from: '2022-03-28', outcomes: [] }) },
  { label: 'renewal', command: 'renew-pledge', payload: () => json.renewal() },
  { label: 'disbursement', command: 'record-disbursement', payload: () => json.disbursement() },
  { label: 'office', command: 'open-office', payload: () => json.openOffice() },
  { label: 'office-closed', command: 'close-office', payload: () => json.closeOffice() },
  { label: 'programme', command: 'launch-programme', payload: () => json.programme() },
  { label: 'correction', command: 'correct-fact', payload: (ids) => json.correct({ eventId: ids.office }) },
  { label: 'retraction', command: 'retract-fact', payload: (ids) => json.retract({ stream: 'programme-vulnerable-targets', eventId: ids.programme }) },
];

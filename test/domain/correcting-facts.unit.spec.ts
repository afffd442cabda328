import { amendFactDecider } from '../../src/correcting-facts/amend-fact.decider';
import { AGREEMENT_SIGNED } from '../../src/events/agreement-signed.event';
import { CONTRIBUTION_DISBURSED } from '../../src/events/contribution-disbursed.event';
import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { OFFICE_CLOSED, OFFICE_OPENED } from '../../src/events/office.events';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

const spec = deciderSpec(amendFactDecider);
const OPENED_ID = '00000000-0000-4000-8000-000000000000';
const CORRECTION_ID = '00000000-0000-4000-8000-0000000000f1';
const opened = { id: OPENED_ID, type: OFFICE_OPENED, data: dataOf(json.openOffice()) };
const correct = (over?: Record<string, unknown>) => ({ type: 'correct-fact' as const, data: payload.correct(over) });
const retract = (over?: Record<string, unknown>) => ({ type: 'retract-fact' as const, data: payload.retract(over) });
const retracted = { type: FACT_RETRACTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, reason: 'wrong' } };

describe('correcting a fact', () => {
  it('a correction records the changed fields, the reason and the corrected event type', () => {
    spec
      .given([opened])
      .when(correct())
      .then([
        {
          type: FACT_CORRECTED,
          data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, changes: { occurredOn: '2020-12-07' }, reason: 'The public record gives the day' },
        },
      ]);
  });

  it('a correction names an existing event of that stream', () => {
    spec.given([]).when(correct()).thenThrows({ rule: 'correction.target-must-exist', field: 'eventId' });
    spec
      .given([opened])
      .when(correct({ eventId: '00000000-0000-4000-8000-00000000dead' }))
      .thenThrows({ rule: 'correction.target-must-exist', field: 'eventId' });
  });

  it('a correction cannot target another correction', () => {
    spec
      .given([opened, { id: CORRECTION_ID, type: FACT_CORRECTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, changes: { occurredOn: '2020-12-07' }, reason: 'r' } }])
      .when(correct({ eventId: CORRECTION_ID }))
      .thenThrows({ rule: 'correction.target-must-exist' });
  });

  it('a correction changes only fields that event has', () => {
    spec.given([opened]).when(correct({ changes: { closedOn: '2021' } })).thenThrows({ rule: 'correction.field-must-exist', field: 'changes.closedOn' });
  });

  it('a correction may change a nested field by its dotted path', () => {
    spec
      .given([opened])
      .when(correct({ changes: { 'name.en': 'International Hub on Behavioural Insights to Counter Terrorism' } }))
      .then([
        {
          type: FACT_CORRECTED,
          data: {
            eventId: OPENED_ID,
            eventType: OFFICE_OPENED,
            changes: { 'name.en': 'International Hub on Behavioural Insights to Counter Terrorism' },
            reason: 'The public record gives the day',
          },
        },
      ]);
  });

  it('a correction cannot add a nested field the event lacks', () => {
    const agreement = { id: OPENED_ID, type: AGREEMENT_SIGNED, data: dataOf(json.agreement({ place: undefined })) };
    spec
      .given([agreement])
      .when(correct({ stream: 'agreement-qa-unoct-2018', changes: { 'place.city': 'Doha' } }))
      .thenThrows({ rule: 'correction.field-must-exist', field: 'changes.place.city' });
  });

  it('a retracted fact cannot be corrected', () => {
    spec.given([opened, retracted]).when(correct()).thenThrows({ rule: 'correction.cannot-correct-retracted', field: 'eventId' });
  });

  it('a correction cannot change the id that names the entity', () => {
    spec.given([opened]).when(correct({ changes: { officeId: 'other-hub' } })).thenThrows({ rule: 'correction.cannot-change-identity', field: 'changes.officeId' });
  });

  it('a correction must change something', () => {
    spec.given([opened]).when(correct({ changes: { occurredOn: '2020-12' } })).thenThrows({ rule: 'correction.must-change-something' });
  });

  it('corrected data must still be valid, and the bad field is named under changes', () => {
    spec.given([opened]).when(correct({ changes: { occurredOn: 'December 2020' } })).thenThrows({ validation: { field: 'changes.occurredOn', rule: 'isPartialDate' } });
    spec
      .given([opened])
      .when(correct({ changes: { name: { en: 'Hub', nickname: 'x' } } }))
      .thenThrows({ validation: { field: 'changes.name.nickname', rule: 'unknownField' } });
  });

  it('a corrected commitment obeys the rules a new one does', () => {
    const agreement = { id: OPENED_ID, type: AGREEMENT_SIGNED, data: dataOf(json.agreement()) };
    spec
      .given([agreement])
      .when(correct({ stream: 'agreement-qa-unoct-2018', changes: { 'commitment.recipientId': 'interpol' } }))
      .thenThrows({ rule: 'agreement.commitment-party-must-be-a-party', field: 'changes.commitment.recipientId' });
  });

  it('a correction cannot move an opening after the office closed', () => {
    spec
      .given([opened, { type: OFFICE_CLOSED, data: dataOf(json.closeOffice({ occurredOn: '2024-01' })) }])
      .when(correct({ changes: { occurredOn: '2024-06' } }))
      .thenThrows({ rule: 'office.cannot-close-before-it-opened', field: 'changes.occurredOn' });
  });

  it('a correction cannot lower a total below what was paid without an override', () => {
    const agreement = { id: OPENED_ID, type: AGREEMENT_SIGNED, data: dataOf(json.agreement()) };
    const { commitment: _stream, ...paid } = dataOf(json.disbursement({ amount: { amount: '20000000', currency: 'USD' } }));
    spec
      .given([agreement, { type: CONTRIBUTION_DISBURSED, data: paid }])
      .when(correct({ stream: 'agreement-qa-unoct-2018', changes: { 'commitment.total.amount': '15000000' } }))
      .thenThrows({ rule: 'disbursement.cannot-exceed-commitment' });
  });

  it('a corrected date cannot be after today', () => {
    spec.given([opened]).when(correct({ changes: { occurredOn: '2025-12' } })).thenThrows({ rule: 'fact.cannot-be-in-the-future', field: 'changes.occurredOn' });
  });

  it('corrections accumulate: a second one is checked against the data as first corrected', () => {
    spec
      .given([opened, { type: FACT_CORRECTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, changes: { occurredOn: '2020-12-07' }, reason: 'r' } }])
      .when(correct({ changes: { occurredOn: '2020-12-07' } }))
      .thenThrows({ rule: 'correction.must-change-something' });
  });
});

describe('retracting a fact', () => {
  it('a fact is retracted with a reason', () => {
    spec
      .given([opened])
      .when(retract())
      .then([{ type: FACT_RETRACTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, reason: 'The source was wrong' } }]);
  });

  it('a retraction names an existing event of that stream', () => {
    spec.given([]).when(retract()).thenThrows({ rule: 'retraction.target-must-exist', field: 'eventId' });
  });

  it('a fact cannot be retracted twice', () => {
    spec.given([opened, retracted]).when(retract()).thenThrows({ rule: 'retraction.already-retracted', field: 'eventId' });
  });
});

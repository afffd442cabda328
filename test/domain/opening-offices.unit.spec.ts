import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { OFFICE_CLOSED, OFFICE_OPENED } from '../../src/events/office.events';
import { officeDecider } from '../../src/opening-offices/office.decider';
import { deciderSpec } from '../support/decider-spec';
import { dataOf, json, payload } from '../support/sample-payloads';

const spec = deciderSpec(officeDecider);
const OPENED_ID = '00000000-0000-4000-8000-0000000000c1';
const opened = { id: OPENED_ID, type: OFFICE_OPENED, data: dataOf(json.openOffice()) };
const closed = { type: OFFICE_CLOSED, data: dataOf(json.closeOffice()) };
const open = (over?: Record<string, unknown>) => ({ type: 'open-office' as const, data: payload.openOffice(over) });
const close = (over?: Record<string, unknown>) => ({ type: 'close-office' as const, data: payload.closeOffice(over) });

describe('opening and closing offices', () => {
  it('an office opens', () => {
    spec.given([]).when(open()).then([opened]);
  });

  it('an office cannot open twice', () => {
    spec.given([opened]).when(open()).thenThrows({ rule: 'office.cannot-open-twice', field: 'officeId' });
  });

  it('a closed office cannot open again under the same id', () => {
    spec.given([opened, closed]).when(open()).thenThrows({ rule: 'office.cannot-open-twice' });
  });

  it('an open office closes', () => {
    spec.given([opened]).when(close()).then([closed]);
  });

  it('an office cannot close before it opened: never opened', () => {
    spec.given([]).when(close()).thenThrows({ rule: 'office.cannot-close-before-it-opened', field: 'officeId' });
  });

  it('an office cannot close before it opened: closing date earlier than opening date', () => {
    spec.given([opened]).when(close({ occurredOn: '2020-11-30' })).thenThrows({ rule: 'office.cannot-close-before-it-opened', field: 'occurredOn' });
  });

  it('a closing date that may fall on or after a partly known opening date is accepted', () => {
    // Opened "2020-12"; closed "2020" overlaps December 2020, so it is possible, not certainly wrong.
    spec.given([opened]).when(close({ occurredOn: '2020' })).then([{ type: OFFICE_CLOSED, data: dataOf(json.closeOffice({ occurredOn: '2020' })) }]);
  });

  it('the opening date as corrected is the one a closing is checked against', () => {
    spec
      .given([opened, { type: FACT_CORRECTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, changes: { occurredOn: '2021-06-16' }, reason: 'r' } }])
      .when(close({ occurredOn: '2021-01' }))
      .thenThrows({ rule: 'office.cannot-close-before-it-opened' });
  });

  it('an office cannot close twice', () => {
    spec.given([opened, closed]).when(close()).thenThrows({ rule: 'office.cannot-close-twice', field: 'officeId' });
  });

  it('an office whose opening was retracted may open again', () => {
    spec
      .given([opened, { type: FACT_RETRACTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, reason: 'wrong office' } }])
      .when(open())
      .then([opened]);
  });

  it('an office cannot open after today', () => {
    spec.given([]).when(open({ occurredOn: '2030' })).thenThrows({ rule: 'fact.cannot-be-in-the-future', field: 'occurredOn' });
  });
});

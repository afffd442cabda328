import { InvariantViolated, ValidationFailed } from '../../src/domain/errors';
import { JsonObject } from '../../src/event-store/event-store.port';
import { AGREEMENT_SIGNED } from '../../src/events/agreement-signed.event';
import { CitationJson } from '../../src/events/envelope';
import { DIALOGUE_HELD } from '../../src/events/dialogue-held.event';
import { FACT_CORRECTED, FACT_RETRACTED } from '../../src/events/fact-amended.events';
import { Fact } from '../../src/events/facts';
import { OFFICE_OPENED } from '../../src/events/office.events';
import { CLAIM_RULES, assertClaimsFit, claimProblems, claimedFact } from '../../src/recording/claims';
import { dataOf, json } from '../support/sample-payloads';

const office = { type: OFFICE_OPENED, data: dataOf(json.openOffice()) as JsonObject };
const dialogue = { type: DIALOGUE_HELD, data: dataOf(json.dialogue()) as JsonObject };
const agreement = { type: AGREEMENT_SIGNED, data: dataOf(json.agreement()) as JsonObject };

const OPENED_ID = '00000000-0000-4000-8000-000000000000';
const openedFact = { ...office, id: OPENED_ID, stream: 'office-behavioural-insights-hub', revision: 0n, retracted: false, correctedBy: [], recordedData: office.data } as unknown as Fact;

const cite = (claim?: JsonObject): CitationJson => ({ sourceId: 'article-004', quote: 'منذ افتتاحه في العام 2020', ...(claim ? { claim } : {}) });

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe('a citation’s claim, checked against the fact it disagrees with', () => {
  it('fits when it names a field the fact has, with a value that field can hold, other than the one adopted', () => {
    expect(claimProblems({ occurredOn: '2020' }, 1, office)).toEqual([]);
    expect(claimProblems({ 'place.city': 'Doha', from: '2019-03' }, 0, dialogue)).toEqual([]);
    expect(claimProblems({ 'commitment.period': { from: '2019', to: '2024' } }, 0, agreement)).toEqual([]);
  });

  it('names a field the fact has: a field the fact lacks is refused at sources.<i>.claim.<path>', () => {
    expect(claimProblems({ closedOn: '2021' }, 1, office)).toEqual([
      { kind: 'rule', error: { field: 'sources.1.claim.closedOn', rule: CLAIM_RULES.fieldExists, message: expect.stringContaining('OfficeOpened has no field closedOn') } },
    ]);
    expect(claimProblems({ 'place.venue.floor': '3' }, 0, dialogue)).toEqual([
      expect.objectContaining({ kind: 'rule', error: expect.objectContaining({ field: 'sources.0.claim.place.venue.floor', rule: CLAIM_RULES.fieldExists }) }),
    ]);
  });

  it('holds a value of the field’s shape: a date that is no partial date is a shape error naming the claim’s path and the field’s rule', () => {
    expect(claimProblems({ occurredOn: 'July 2021' }, 2, office)).toEqual([
      { kind: 'shape', error: expect.objectContaining({ field: 'sources.2.claim.occurredOn', rule: 'isPartialDate' }) },
    ]);
    // A fault inside the claimed value is named where it is.
    const inside = claimProblems({ 'commitment.total': { amount: 'lots', currency: 'USD' } }, 0, agreement);
    expect(inside).toContainEqual({ kind: 'shape', error: expect.objectContaining({ field: 'sources.0.claim.commitment.total.amount', rule: 'isPositiveDecimal' }) });
    expect(inside.every((problem) => problem.kind === 'shape' && problem.error.field.startsWith('sources.0.claim.commitment.total'))).toBe(true);
  });

  it('does not name the entity itself, and differs from the value the fact adopts', () => {
    expect(claimProblems({ officeId: 'another-office' }, 0, office)).toEqual([
      expect.objectContaining({ kind: 'rule', error: expect.objectContaining({ field: 'sources.0.claim.officeId', rule: CLAIM_RULES.notIdentity }) }),
    ]);
    expect(claimProblems({ occurredOn: '2020-12' }, 0, office)).toEqual([
      expect.objectContaining({ kind: 'rule', error: expect.objectContaining({ field: 'sources.0.claim.occurredOn', rule: CLAIM_RULES.differs }) }),
    ]);
  });

  it('reports every path of a claim, each once', () => {
    const problems = claimProblems({ occurredOn: '2020', closedOn: '2021', city: '' }, 0, office);
    expect(problems.map((problem) => problem.error.field)).toEqual(['sources.0.claim.closedOn', 'sources.0.claim.city']);
  });
});

describe('the fact the claims are about', () => {
  it('is the recorded fact for a new fact, the corrected fact for a correction, the retracted one for a retraction', () => {
    expect(claimedFact(office, [])).toEqual(office);
    const correction = { type: FACT_CORRECTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, changes: { occurredOn: '2020-12-07' }, reason: 'day' } };
    expect(claimedFact(correction, [openedFact])).toEqual({ type: OFFICE_OPENED, data: { ...office.data, occurredOn: '2020-12-07' } });
    const retraction = { type: FACT_RETRACTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, reason: 'wrong' } };
    expect(claimedFact(retraction, [openedFact])).toEqual({ type: OFFICE_OPENED, data: office.data });
  });
});

describe('assertClaimsFit', () => {
  it('lets citations without claims, and claims that fit, through', () => {
    expect(() => assertClaimsFit([cite(), cite()], [office], [])).not.toThrow();
    expect(() => assertClaimsFit([cite(), cite({ occurredOn: '2020' })], [office], [])).not.toThrow();
  });

  it('refuses shape errors of every citation at once, as one ValidationFailed (400)', () => {
    const error = thrown(() => assertClaimsFit([cite({ occurredOn: 'soon' }), cite(), cite({ occurredOn: '2020-13' })], [office], []));
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors.map((e) => [e.field, e.rule])).toEqual([
      ['sources.0.claim.occurredOn', 'isPartialDate'],
      ['sources.2.claim.occurredOn', 'isPartialDate'],
    ]);
  });

  it('refuses a broken rule as InvariantViolated (422) naming the citation’s claim path and the rule', () => {
    const error = thrown(() => assertClaimsFit([cite(), cite({ closedOn: '2021' })], [office], []));
    expect(error).toBeInstanceOf(InvariantViolated);
    expect(error).toMatchObject({ rule: CLAIM_RULES.fieldExists, field: 'sources.1.claim.closedOn' });
  });

  it('checks a correction’s claims against the fact as corrected', () => {
    const correction = { type: FACT_CORRECTED, data: { eventId: OPENED_ID, eventType: OFFICE_OPENED, changes: { occurredOn: '2020-12-07' }, reason: 'day' } };
    expect(() => assertClaimsFit([cite({ occurredOn: '2020-12' })], [correction], [openedFact])).not.toThrow();
    expect(thrown(() => assertClaimsFit([cite({ occurredOn: '2020-12-07' })], [correction], [openedFact]))).toMatchObject({ rule: CLAIM_RULES.differs });
    expect(thrown(() => assertClaimsFit([cite({ eventId: OPENED_ID })], [correction], [openedFact]))).toMatchObject({ rule: CLAIM_RULES.fieldExists });
  });
});

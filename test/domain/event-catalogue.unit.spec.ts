import { IsInt, IsString } from 'class-validator';
import { JsonObject, StoredEvent } from '../../src/event-store/event-store.port';
import { EventDefinition, defineEvent } from '../../src/events/event-definition';
import { EVENT_DEFINITIONS, UnreadableEvent, readRecordedEvent, upcastData } from '../../src/events/event-catalogue';
import { applyChanges, effectiveFacts, hasPath } from '../../src/events/facts';
import { OFFICE_OPENED } from '../../src/events/office.events';
import { dataOf, json } from '../support/sample-payloads';

class RoomBookedV2 {
  @IsString()
  readonly roomId!: string;

  @IsInt()
  readonly nights!: number;
}

/** v1 stored `room` and `days`; v2 renamed them. */
const roomBooked: EventDefinition = defineEvent({
  type: 'RoomBooked',
  schemaVersion: 2,
  dataClass: RoomBookedV2,
  identity: ['roomId'],
  upcasters: { 1: (data: JsonObject) => ({ roomId: data.room, nights: data.days }) },
});

function storedEvent(over: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    stream: 'office-behavioural-insights-hub',
    revision: 0n,
    position: 1n,
    recordedAt: new Date(),
    type: OFFICE_OPENED,
    data: dataOf(json.openOffice()) as JsonObject,
    metadata: { schemaVersion: 1 },
    ...over,
  };
}

describe('the event catalogue', () => {
  it('declares each event type once, under a stable PascalCase past-tense name', () => {
    const types = EVENT_DEFINITIONS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual([
      'SourceRegistered',
      'PartyRegistered',
      'AgreementSigned',
      'PledgeMade',
      'PledgeRenewed',
      'ContributionDisbursed',
      'OfficeOpened',
      'OfficeClosed',
      'DialogueHeld',
      'ProgrammeLaunched',
      'FactCorrected',
      'FactRetracted',
    ]);
  });

  it('upcasts old event data so a schema change does not break old events', () => {
    expect(upcastData(roomBooked, 1, { room: 'r1', days: 3 })).toEqual({ roomId: 'r1', nights: 3 });
    expect(upcastData(roomBooked, 2, { roomId: 'r1', nights: 3 })).toEqual({ roomId: 'r1', nights: 3 });
  });

  it('refuses data from a newer schema than the code knows, or with no upcaster path', () => {
    expect(() => upcastData(roomBooked, 3, {})).toThrow(/newer/);
    expect(() => upcastData({ ...roomBooked, schemaVersion: 3 }, 1, { room: 'r', days: 1 })).toThrow(/No upcaster/);
  });

  it('reads a stored event back, validating its data with the same class as new events', () => {
    expect(readRecordedEvent(storedEvent())).toMatchObject({ type: OFFICE_OPENED, revision: 0n, data: { officeId: 'behavioural-insights-hub' } });
    expect(() => readRecordedEvent(storedEvent({ data: { ...dataOf(json.openOffice()), officeId: 'Not A Slug' } as JsonObject }))).toThrow(
      UnreadableEvent,
    );
    expect(() => readRecordedEvent(storedEvent({ metadata: { schemaVersion: 9 } }))).toThrow(/newer/);
    expect(() => readRecordedEvent(storedEvent({ type: 'SomethingHappened' }))).toThrow(/unknown type/);
  });
});

describe('facts as currently believed', () => {
  const data = { a: 1, nested: { b: 'x', list: [{ c: true }] } };

  it('applies dotted-path changes without touching the original', () => {
    expect(applyChanges(data, { 'nested.b': 'y', 'nested.list.0.c': false, a: 2 })).toEqual({ a: 2, nested: { b: 'y', list: [{ c: false }] } });
    expect(data.nested.b).toBe('x');
    expect(hasPath(data, 'nested.list.0.c')).toBe(true);
    expect(hasPath(data, 'nested.list.1')).toBe(false);
    expect(hasPath(data, 'toString')).toBe(false);
  });

  it('folds corrections in order and flags retractions, keeping the data first recorded', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const opened = { id, stream: 's', revision: 0n, type: OFFICE_OPENED, data: dataOf(json.openOffice()) };
    const correction = (rev: bigint, occurredOn: string) => ({
      id: `00000000-0000-4000-8000-00000000000${rev}`,
      stream: 's',
      revision: rev,
      type: 'FactCorrected',
      data: { eventId: id, eventType: OFFICE_OPENED, changes: { occurredOn }, reason: 'r' },
    });
    const events = [opened, correction(1n, '2020-12-07'), correction(2n, '2020-12-08')];
    const [fact] = effectiveFacts(events as never);
    expect(fact.data).toMatchObject({ occurredOn: '2020-12-08' });
    expect(fact.recordedData).toMatchObject({ occurredOn: '2020-12' });
    expect(fact.correctedBy).toHaveLength(2);
    const retraction = { id: 'r', stream: 's', revision: 3n, type: 'FactRetracted', data: { eventId: id, eventType: OFFICE_OPENED, reason: 'r' } };
    expect(effectiveFacts([...events, retraction] as never)[0].retracted).toBe(true);
  });
});

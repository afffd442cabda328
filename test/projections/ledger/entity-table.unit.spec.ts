import { randomUUID } from 'node:crypto';
import { JsonObject, StoredEvent } from '../../../src/event-store/event-store.port';
import { LedgerState, evolve, initialLedgerState } from '../../../projections/ledger/ledger-state';
import { officesAt } from '../../../projections/offices/offices';
import { Utf8Arena } from '../../../projections/columnar/utf8-arena';
import { stateJson } from '../../support/state-json';

let position = 0n;
function stored(stream: string, type: string, data: JsonObject): StoredEvent {
  position += 10n;
  return {
    id: randomUUID(),
    stream,
    revision: 0n,
    position,
    recordedAt: new Date(Date.UTC(2026, 0, 1) + Number(position) * 1000),
    type,
    data,
    metadata: { actor: 'admin', sources: [{ sourceId: 'article-003', quote: 'افتتاح مكتب' }] },
  };
}

/** The same event as the SQLite store hands it over: its JSON also as the stored text. */
const withText = (event: StoredEvent): StoredEvent => ({
  ...event,
  dataText: JSON.stringify(event.data),
  metadataText: JSON.stringify(event.metadata),
} as StoredEvent);

const opened = (office: string, occurredOn: string) =>
  stored(`office-${office}`, 'OfficeOpened', { officeId: office, name: { en: office }, city: 'Doha', country: 'QA', operatorId: 'unoct', occurredOn });
const corrected = (target: StoredEvent, changes: JsonObject) =>
  stored(target.stream, 'FactCorrected', { eventId: target.id, eventType: target.type, changes, reason: 'better source' });
const retracted = (target: StoredEvent) =>
  stored(target.stream, 'FactRetracted', { eventId: target.id, eventType: target.type, reason: 'source withdrawn' });

const replay = (events: StoredEvent[]): LedgerState => events.reduce(evolve, initialLedgerState());
const encoded = (state: LedgerState) => stateJson(state);

describe('the entity table and the states that view it', () => {
  const hub = opened('hub', '2021-06');
  const parliament = opened('parliament', '2021-06-16');
  const log = [hub, parliament, corrected(hub, { occurredOn: '2020-11-30' }), opened('doha', '2019'), retracted(parliament), retracted(parliament)];

  it('keeps every earlier state as it was while later events are folded into the same table', () => {
    const states: LedgerState[] = [];
    let state = initialLedgerState();
    for (const event of log) {
      state = evolve(state, event);
      states.push(state);
    }
    states.forEach((earlier, i) => {
      expect(encoded(earlier)).toEqual(encoded(replay(log.slice(0, i + 1))));
      expect(earlier.entities.size).toBe(new Set(log.slice(0, i + 1).map((e) => e.stream)).size);
    });
    // As known before the correction the hub opened in June 2021; after it, in November 2020.
    expect(officesAt(states[1]!, '2021-01-01').map((o) => o.id)).toEqual([]);
    expect(officesAt(states[2]!, '2021-01-01').map((o) => o.id)).toEqual(['office-hub']);
  });

  it('lists entities in the order their streams were first recorded', () => {
    expect([...replay(log).entities.keys()]).toEqual(['office-hub', 'office-parliament', 'office-doha']);
  });

  it('folds a branch off an older state into a copy, leaving the states after it untouched', () => {
    const base = replay(log.slice(0, 2));
    const head = evolve(base, log[2]!);
    const before = encoded(head);
    const branch = evolve(base, opened('branch', '2022'));
    expect([...branch.entities.keys()]).toEqual(['office-hub', 'office-parliament', 'office-branch']);
    expect(branch.entities.get('office-hub')!.facts[0]!.corrections).toEqual([]);
    expect(encoded(head)).toEqual(before);
  });

  it('refuses an event that does not come after the state it is folded into', () => {
    const state = replay(log.slice(0, 2));
    expect(() => evolve(state, { ...opened('late', '2020'), position: hub.position })).toThrow(RangeError);
  });

  it('keeps the first retraction when a fact is retracted twice', () => {
    const [first, second] = log.slice(4);
    const fact = replay(log).entities.get('office-parliament')!.facts[0]!;
    expect(fact.retraction!.eventId).toBe(first!.id);
    expect(fact.retraction!.eventId).not.toBe(second!.id);
  });

  it('reads facts folded from stored JSON text exactly as facts folded from parsed events', () => {
    const fromText = replay(log.map(withText));
    expect(encoded(fromText)).toEqual(encoded(replay(log)));
    const fact = fromText.entities.get('office-hub')!.facts[0]!;
    expect(fact.data.occurredOn).toBe('2020-11-30');
    expect(fact.recorded.occurredOn).toBe('2021-06');
    expect(fact.sources).toEqual([{ sourceId: 'article-003', quote: 'افتتاح مكتب' }]);
    expect(fact.actor).toBe('admin');
  });
});

describe('Utf8Arena', () => {
  it('gives back every text written, across chunk boundaries and in every script', () => {
    const arena = new Utf8Arena(64, 256);
    const texts = ['', 'plain ascii', 'اتفاق مساهمة بين حكومة دولة قطر', 'emoji 🇶🇦 and ü', 'x'.repeat(1000), '{"a":"\\u0000"}'];
    const placed = texts.flatMap((first) =>
      texts.map((second) => {
        arena.reserve(first.length + second.length);
        const chunk = arena.chunk;
        const start = arena.offset;
        const middle = arena.put(first);
        const end = arena.put(second);
        return { first, second, chunk, start, middle, end };
      }),
    );
    expect(new Set(placed.map((p) => p.chunk)).size).toBeGreaterThan(1);
    for (const { first, second, chunk, start, middle, end } of placed) {
      expect(arena.text(chunk, start, middle)).toBe(first);
      expect(arena.text(chunk, middle, end)).toBe(second);
    }
  });
});

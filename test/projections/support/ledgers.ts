import { syntheticEvents } from '../../../bench/synthetic-ledger';
import { LedgerState, evolve, initialLedgerState } from '../../../projections/ledger/ledger-state';
import type { StoredEvent } from '../../../src/event-store/event-store.port';

/** A synthetic ledger as the store hands it over: positions with gaps, commit times a second apart. */
export function storedLedger(events: number, seed: number): StoredEvent[] {
  const revisions = new Map<string, bigint>();
  let position = 5000n;
  return [...syntheticEvents({ events, seed })].map(({ stream, event }) => {
    const revision = (revisions.get(stream) ?? -1n) + 1n;
    revisions.set(stream, revision);
    position += 3n;
    return { ...event, stream, revision, position, recordedAt: new Date(Date.UTC(2026, 0, 1) + Number(position) * 1000) };
  });
}

/** Days around the synthetic ledger's years, and the edges of months, quarters and years. */
export function daysToAsk(count: number, seed: number): string[] {
  let state = seed;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const days = ['1999-12-31', '2000-01-01', '2015-06-30', '2031-01-01'];
  while (days.length < count) {
    const year = 1999 + Math.floor(next() * 33);
    const month = 1 + Math.floor(next() * 12);
    const day = [1, 15, 28, 30, 31][Math.floor(next() * 5)]!;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    days.push(`${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`);
  }
  return days;
}

/** States of the ledger as known after the first n events, for a few n. */
export function statesAt(events: StoredEvent[], cuts: number[]): LedgerState[] {
  const states: LedgerState[] = [];
  let state = initialLedgerState();
  events.forEach((event, i) => {
    state = evolve(state, event);
    if (cuts.includes(i + 1)) states.push(state);
  });
  return states;
}

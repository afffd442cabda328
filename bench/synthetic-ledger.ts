import { join } from 'node:path';
import { EventStore, EventToAppend, JsonObject } from '../src/event-store/event-store.port';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { GENESIS_HASH, chainHash } from '../src/events/envelope';

/**
 * A synthetic partnership ledger of any size for benchmarks and recovery tests: many donors and recipients,
 * agreements with commitments, pledges and renewals, disbursements, offices opening and closing, dialogues
 * with follow-ups and fulfilments, programmes, corrections and retractions. Deterministic for a given seed.
 * Events go straight to the store (the write side's validation is not what these measure).
 */

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let uuidCounter = 0;
function syntheticUuid(seed: number): string {
  const n = (++uuidCounter).toString(16).padStart(12, '0');
  const s = (seed >>> 0).toString(16).padStart(8, '0');
  return `${s}-0000-4000-8000-${n}`;
}

interface Planned {
  stream: string;
  event: EventToAppend;
}

export interface SyntheticLedgerOptions {
  readonly events: number;
  readonly seed?: number;
  /** Events per append (the store's batch); a stream's events stay in order. */
  readonly batch?: number;
  readonly onProgress?: (written: number) => void;
  /** Chain each stream's events as the ledger does (metadata.chain), so `ledger verify` passes; off by default. */
  readonly chains?: boolean;
}

const YEARS = Array.from({ length: 30 }, (_, i) => 2000 + i);

/** Generates the events in recorded order, stream by stream revision. */
export function* syntheticEvents(options: SyntheticLedgerOptions): Generator<Planned> {
  const random = prng(options.seed ?? 42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const day = () => {
    const year = pick(YEARS);
    const month = 1 + Math.floor(random() * 12);
    const precision = random();
    if (precision < 0.15) return `${year}`;
    if (precision < 0.35) return `${year}-${String(month).padStart(2, '0')}`;
    return `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  };
  const partners = Math.max(4, Math.floor(options.events / 200));
  const parties = Array.from({ length: partners }, (_, i) => `party-${i}`);
  const sources = Array.from({ length: Math.max(4, Math.floor(options.events / 1000)) }, (_, i) => `source-${i}`);
  const cite = () => [{ sourceId: pick(sources), quote: 'اتفاق مساهمة بين حكومة دولة قطر', note: 'synthetic' }];
  const facts: { stream: string; id: string; type: string; field: string }[] = [];
  const engagements: string[] = [];
  const revisions = new Map<string, number>();
  let count = 0;

  const heads = new Map<string, string>();
  const make = (stream: string, type: string, data: JsonObject): Planned => {
    const id = syntheticUuid(options.seed ?? 42);
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    count++;
    const metadata: JsonObject = { actor: 'synthetic', schemaVersion: 1, sources: cite() };
    if (!options.chains) return { stream, event: { id, type, data, metadata } };
    const prev = heads.get(stream) ?? GENESIS_HASH;
    const hash = chainHash(prev, { stream, revision: BigInt(revision), type, data, metadata });
    heads.set(stream, hash);
    return { stream, event: { id, type, data, metadata: { ...metadata, chain: { prev, hash } } } };
  };
  const money = () => ({ amount: String(1 + Math.floor(random() * 100)) + '000000', currency: pick(['USD', 'USD', 'EUR', 'QAR']) });

  for (const [i, sourceId] of sources.entries()) {
    if (count >= options.events) return;
    yield make(`source-${sourceId}`, 'SourceRegistered', { sourceId, title: `Source ${i}`, publisher: 'Synthetic', language: 'ar', kind: 'news-article' });
  }
  for (const partyId of parties) {
    if (count >= options.events) return;
    yield make(`party-${partyId}`, 'PartyRegistered', { partyId, name: { en: partyId }, kind: 'state' });
  }
  let n = 0;
  while (count < options.events) {
    n++;
    const roll = random();
    const donorId = pick(parties);
    const recipientId = pick(parties);
    if (roll < 0.2) {
      const from = pick(YEARS);
      const total = money();
      const stream = `agreement-a${n}`;
      const planned = make(stream, 'AgreementSigned', {
        agreementId: `a${n}`,
        title: { en: `Agreement ${n}` },
        kind: 'contribution',
        parties: [donorId, recipientId],
        commitment: { donorId, recipientId, total, period: { from: `${from}`, to: `${from + 1 + Math.floor(random() * 5)}` } },
        occurredOn: `${from - 1}-12-16`,
      });
      facts.push({ stream, id: planned.event.id, type: 'AgreementSigned', field: 'occurredOn' });
      yield planned;
      if (random() < 0.5 && count < options.events) {
        yield make(stream, 'ContributionDisbursed', { disbursementId: `d${n}`, amount: { amount: '1000000', currency: total.currency }, occurredOn: `${from}-06` });
      }
    } else if (roll < 0.4) {
      const from = pick(YEARS);
      const stream = `pledge-p${n}`;
      const total = money();
      const renewal = random() < 0.4 && facts.length > 0;
      const planned = make(stream, renewal ? 'PledgeRenewed' : 'PledgeMade', {
        pledgeId: `p${n}`,
        donorId,
        recipientId,
        total,
        period: { from: `${from}`, to: `${from + 2}` },
        schedule: [0, 1, 2].map((k) => ({ year: from + k, amount: { amount: '1000000', currency: total.currency } })),
        ...(renewal ? { renews: pick(facts).stream, kind: 'pledge' } : {}),
        occurredOn: day(),
      });
      facts.push({ stream, id: planned.event.id, type: planned.event.type, field: 'occurredOn' });
      yield planned;
    } else if (roll < 0.55) {
      const stream = `office-o${n}`;
      const planned = make(stream, 'OfficeOpened', {
        officeId: `o${n}`,
        name: { en: `Office ${n}`, ar: 'مكتب' },
        city: 'Doha',
        country: 'QA',
        operatorId: recipientId,
        occurredOn: day(),
      });
      facts.push({ stream, id: planned.event.id, type: 'OfficeOpened', field: 'occurredOn' });
      yield planned;
      if (random() < 0.3 && count < options.events) yield make(stream, 'OfficeClosed', { officeId: `o${n}`, occurredOn: '2030' });
    } else if (roll < 0.8) {
      const stream = `engagement-e${n}`;
      const fulfils = engagements.length > 0 && random() < 0.3 ? [{ engagement: pick(engagements), outcomeIndex: 0 }] : [];
      const planned = make(stream, 'DialogueHeld', {
        engagementId: `e${n}`,
        kind: 'strategic-dialogue',
        title: { en: `Dialogue ${n}` },
        from: day(),
        organisers: [donorId, recipientId],
        participants: [{ name: 'Someone', role: 'chair', partyId: donorId }],
        topics: ['counter-terrorism'],
        outcomes: [{ description: 'next session agreed', followUp: { description: 'second session', expectedBy: `${pick(YEARS)}` } }],
        fulfils,
      });
      engagements.push(stream);
      facts.push({ stream, id: planned.event.id, type: 'DialogueHeld', field: 'from' });
      yield planned;
    } else if (roll < 0.87) {
      const stream = `programme-g${n}`;
      const planned = make(stream, 'ProgrammeLaunched', {
        programmeId: `g${n}`,
        name: { en: `Programme ${n}` },
        funders: [donorId],
        partners: [recipientId],
        occurredOn: day(),
      });
      facts.push({ stream, id: planned.event.id, type: 'ProgrammeLaunched', field: 'occurredOn' });
      yield planned;
    } else if (facts.length > 0) {
      const target = pick(facts);
      if (random() < 0.85) {
        yield make(target.stream, 'FactCorrected', { eventId: target.id, eventType: target.type, changes: { [target.field]: day() }, reason: 'better source' });
      } else {
        yield make(target.stream, 'FactRetracted', { eventId: target.id, eventType: target.type, reason: 'source withdrawn' });
      }
    }
  }
}

/** Writes a synthetic ledger into a store, batching consecutive events of one stream. */
export async function writeSyntheticLedger(store: EventStore, options: SyntheticLedgerOptions): Promise<number> {
  const batchSize = options.batch ?? 1000;
  let pending: Planned[] = [];
  let written = 0;
  const flush = async () => {
    // Group by stream, keeping each stream's order; 'any' since the generator already orders revisions.
    const byStream = new Map<string, EventToAppend[]>();
    for (const planned of pending) byStream.set(planned.stream, [...(byStream.get(planned.stream) ?? []), planned.event]);
    for (const [stream, events] of byStream) await store.append(stream, events, 'any');
    written += pending.length;
    pending = [];
    options.onProgress?.(written);
  };
  for (const planned of syntheticEvents(options)) {
    pending.push(planned);
    if (pending.length >= batchSize) await flush();
  }
  if (pending.length > 0) await flush();
  return written;
}

/**
 * Writes a synthetic ledger into `<dataDir>/ledger.sqlite` through the store's own append, all in one SQLite
 * transaction (each append a savepoint in it): a durable commit per append made 100,000 events take more than
 * a minute, and these stores are made to be read.
 */
export async function writeSyntheticLedgerFile(dataDir: string, options: SyntheticLedgerOptions): Promise<number> {
  const store = SqliteEventStore.open({ file: join(dataDir, 'ledger.sqlite') });
  const db = (store as unknown as { db: { exec(sql: string): void } }).db;
  db.exec('BEGIN IMMEDIATE');
  try {
    const written = await writeSyntheticLedger(store, { batch: 5000, ...options });
    db.exec('COMMIT');
    return written;
  } finally {
    await store.close();
  }
}

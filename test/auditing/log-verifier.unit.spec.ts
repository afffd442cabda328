import { createHash } from 'node:crypto';
import { LogVerifier, verifyLog } from '../../src/auditing/log-verifier';
import { merkleRoot } from '../../src/auditing/merkle';
import { ImportedFrom, SEAL_STREAM, formatDigest, headsMerkleRoot, parseDigest, readSealData, sealEvent } from '../../src/auditing/seal';
import { StoredEvent } from '../../src/event-store/event-store.port';
import { chainHash } from '../../src/events/envelope';
import { LogBuilder } from './support/log-builder';

/** A small ledger: three streams, a seal, more events, a second seal, and two events after it. */
function sampleLog(positionStep = 1n): LogBuilder {
  const log = new LogBuilder(positionStep);
  log.append('party-qatar');
  log.append('party-unoct');
  log.append('office-hub', { officeId: 'hub', city: 'Doha' }, 'OfficeOpened');
  log.append('party-qatar', { eventId: 'x', changes: { kind: 'state' }, reason: 'r' }, 'FactCorrected');
  log.seal();
  log.append('office-hub', { officeId: 'hub', reason: 'done' }, 'OfficeClosed');
  log.append('party-cted');
  log.seal();
  log.append('party-unaoc');
  log.append('party-qatar', { eventId: 'y', changes: { kind: 'state' }, reason: 'r2' }, 'FactCorrected');
  return log;
}

const hashOf = (event: StoredEvent) => (event.metadata.chain as { hash: string }).hash;
const positionOf = (events: StoredEvent[], stream: string, revision: bigint) =>
  events.find((e) => e.stream === stream && e.revision === revision)!.position;

/** Re-hashes an event after an edit, as an attacker who knows the algorithm would (the chain alone then passes). */
function rehash(events: StoredEvent[], index: number): void {
  const event = events[index]!;
  const chain = event.metadata.chain as { prev: string; hash: string };
  const hash = chainHash(chain.prev, event);
  (event.metadata as Record<string, unknown>).chain = { prev: chain.prev, hash };
  // Every later event of the stream chains from it: re-link them too.
  let prev = hash;
  for (const later of events.slice(index + 1).filter((e) => e.stream === event.stream)) {
    const next = chainHash(prev, later);
    (later.metadata as Record<string, unknown>).chain = { prev, hash: next };
    prev = next;
  }
}

describe('RFC 6962 Merkle tree hash', () => {
  // Test vectors of Certificate Transparency's reference implementation (merkle_tree_test.cc).
  const leaves = ['', '\x00', '\x10', '\x20\x21', '\x30\x31', '\x40\x41\x42\x43', '\x50\x51\x52\x53\x54\x55\x56\x57', '\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f'];
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('matches the reference roots for 0 to 8 leaves', () => {
    expect(merkleRoot([])).toBe(createHash('sha256').digest('hex'));
    roots.forEach((root, i) => expect(merkleRoot(leaves.slice(0, i + 1))).toBe(root));
  });
});

describe('digests', () => {
  it('formats and parses <sealedPosition>:<eventCount>:<seal hash>', () => {
    const digest = formatDigest({ sealedPosition: '1170306', eventCount: 58 }, 'ab'.repeat(32));
    expect(digest).toBe(`1170306:58:${'ab'.repeat(32)}`);
    expect(parseDigest(digest)).toEqual({ sealedPosition: '1170306', eventCount: 58, sealHash: 'ab'.repeat(32) });
    expect(parseDigest(`  ${digest.toUpperCase()}\n`)).toEqual(parseDigest(digest));
    for (const bad of ['', 'abc', '1:2', `1:2:${'a'.repeat(63)}`, `x:2:${'a'.repeat(64)}`, `1:2:${'g'.repeat(64)}`]) expect(parseDigest(bad)).toBeUndefined();
  });
});

describe('LogVerifier', () => {
  it('verifies an untouched log with seals and names its latest seal', async () => {
    const log = sampleLog();
    const result = await verifyLog(log.events);
    expect(result.broken).toBeNull();
    expect(result.summary).toMatchObject({ events: 10, streams: 6, unsealedEvents: 3 });
    expect(result.summary.seals.map((s) => [s.status, s.data.eventCount, s.data.streamCount])).toEqual([
      ['verified', 4, 3],
      ['verified', 7, 5],
    ]);
    const [first, second] = result.summary.seals;
    expect(second!.data.previousSeal).toBe(first!.digest);
    expect(result.summary.latestSeal!.digest).toBe(`${log.events[7]!.position - 1n}:7:${hashOf(log.events[7]!)}`);
  });

  it('computes the seal from stream heads and a running hash that it recomputes independently', () => {
    const log = sampleLog();
    const seal = readSealData(log.events[4]!.data);
    expect(seal.ok).toBe(true);
    const heads = new Map<string, { revision: bigint; hash: string }>();
    for (const event of log.events.slice(0, 4)) heads.set(event.stream, { revision: event.revision, hash: hashOf(event) });
    expect(seal.ok && seal.seal).toMatchObject({ sealedPosition: '4', streamCount: 3, eventCount: 4, merkleRoot: headsMerkleRoot(heads), previousSeal: null });
  });

  it('accepts a seal made while other events were being appended (the sealed position lags the seal)', async () => {
    const log = new LogBuilder(7n);
    log.append('party-a');
    log.append('party-b');
    log.append('party-c');
    log.append('party-a', { eventId: 'x', changes: {}, reason: 'r' }, 'FactCorrected');
    log.seal({ coveredCount: 2 });
    log.append('party-d');
    log.seal();
    expect((await verifyLog(log.events)).broken).toBeNull();
  });

  it('names an event whose data, metadata or chain was changed', async () => {
    const cases: ((e: StoredEvent[]) => void)[] = [
      (e) => ((e[2]!.data as Record<string, unknown>).city = 'Dubai'),
      (e) => ((e[2]!.metadata as Record<string, unknown>).actor = 'mallory'),
      (e) => ((e[2]!.metadata as Record<string, unknown>).chain = { prev: '0'.repeat(64), hash: '1'.repeat(64) }),
      (e) => (e[2] = { ...e[2]!, type: 'OfficeClosed' }),
    ];
    for (const tamper of cases) {
      const events = sampleLog().copy();
      tamper(events);
      const { broken } = await verifyLog(events);
      expect(broken).toMatchObject({ stream: 'office-hub', revision: 0n, id: events[2]!.id, position: events[2]!.position });
      expect(['hash-mismatch', 'prev-mismatch']).toContain(broken!.reason);
    }
  });

  it('catches, at the seal, what the chains cannot see: a recorded time, an id, a removed stream tail, a swap, an insertion', async () => {
    const cases: [string, (e: StoredEvent[]) => StoredEvent[]][] = [
      ['recorded time edited', (e) => ((e[1] = { ...e[1]!, recordedAt: new Date(e[1]!.recordedAt.getTime() + 1) }), e)],
      ['id edited', (e) => ((e[1] = { ...e[1]!, id: '00000000-0000-4000-8000-000000000000' }), e)],
      ['last event of a stream removed', (e) => e.filter((_, i) => i !== 1)],
      [
        'two events of different streams swapped',
        (e) => {
          const [a, b] = [e[0]!, e[1]!];
          e[0] = { ...b, position: a.position, recordedAt: a.recordedAt };
          e[1] = { ...a, position: b.position, recordedAt: b.recordedAt };
          return e;
        },
      ],
      [
        'a correctly chained event of a new stream inserted between two events',
        (e) => {
          const forged = new LogBuilder().append('party-forged');
          return [e[0]!, { ...forged, position: e[0]!.position + 1n, recordedAt: e[0]!.recordedAt }, ...e.slice(1)];
        },
      ],
    ];
    for (const [label, tamper] of cases) {
      // Positions 10 apart, so an inserted event can take a free position (as on EventStoreDB, positions need not be dense).
      const events = tamper(sampleLog(10n).copy());
      const { broken } = await verifyLog(events);
      expect({ label, broken: broken && { stream: broken.stream, reason: broken.reason } }).toEqual({ label, broken: { stream: SEAL_STREAM, reason: 'seal' } });
    }
  });

  it('catches positions out of order and recorded times going backwards at the event itself', async () => {
    let events = sampleLog().copy();
    events[3] = { ...events[3]!, position: events[2]!.position };
    expect((await verifyLog(events)).broken).toMatchObject({ reason: 'position-order', position: events[3]!.position, id: events[3]!.id });

    events = sampleLog().copy();
    events[3] = { ...events[3]!, recordedAt: new Date(events[2]!.recordedAt.getTime() - 1) };
    expect((await verifyLog(events)).broken).toMatchObject({ reason: 'recorded-at', id: events[3]!.id });

    events = sampleLog().copy();
    events[3] = { ...events[3]!, recordedAt: new Date('not a time') };
    expect((await verifyLog(events)).broken).toMatchObject({ reason: 'recorded-at', id: events[3]!.id });
  });

  it('catches a deleted event in the middle of a stream at the next event of that stream', async () => {
    const events = sampleLog().copy().filter((e) => !(e.stream === 'party-qatar' && e.revision === 0n));
    expect((await verifyLog(events)).broken).toMatchObject({ stream: 'party-qatar', revision: 1n, reason: 'revision-gap' });
  });

  it('catches a rewritten seal even when the attacker re-hashes it', async () => {
    const events = sampleLog().copy();
    (events[4]!.data as Record<string, unknown>).eventCount = 3;
    expect((await verifyLog(events)).broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'hash-mismatch' });
    rehash(events, 4);
    const { broken } = await verifyLog(events);
    expect(broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
  });

  it('rejects a seal outside seal-ledger and a non-seal inside it', async () => {
    const log = sampleLog();
    const wrong = log.copy();
    const misplaced: StoredEvent = { ...wrong[4]!, stream: 'party-x', revision: 0n, position: 1000n, recordedAt: new Date('2030-01-01'), metadata: { ...wrong[4]!.metadata } };
    // Chained correctly as the first event of its stream, so only its placement is wrong.
    (misplaced.metadata as Record<string, unknown>).chain = { prev: '0'.repeat(64), hash: chainHash('0'.repeat(64), misplaced) };
    wrong.push(misplaced);
    expect((await verifyLog(wrong)).broken).toMatchObject({ stream: 'party-x', reason: 'seal' });

    const other = LogBuilder.of(log.copy());
    other.append(SEAL_STREAM, { note: 'not a seal' }, 'PartyRegistered');
    expect((await verifyLog(other.events)).broken).toMatchObject({ stream: SEAL_STREAM, reason: 'seal' });
  });

  it('refuses to seal a broken or empty log', () => {
    expect(() => new LogVerifier().sealData()).toThrow(/empty/);
    const events = sampleLog().copy();
    (events[1]!.data as Record<string, unknown>).kind = 'forged';
    const verifier = new LogVerifier();
    events.forEach((e) => verifier.push(e));
    expect(() => verifier.sealData()).toThrow(/does not match its hash/);
  });

  describe('an imported log', () => {
    function imported(): { original: LogBuilder; restored: LogBuilder; importedFrom: ImportedFrom } {
      const original = sampleLog();
      const verified = new LogVerifier();
      original.events.forEach((e) => verified.push(e));
      const summary = verified.summary();
      const importedFrom: ImportedFrom = {
        digest: summary.latestSeal!.digest,
        eventCount: summary.events,
        lastPosition: summary.lastPosition!.toString(),
        logHash: summary.logHash,
        exportedAt: '2025-02-01T00:00:00.000Z',
      };
      const restored = LogBuilder.of(original.reimported(5_000n, 3n, '2025-03-01T00:00:00.000Z'), 3n);
      return { original, restored, importedFrom };
    }

    it('verifies once the import is sealed: the carried seals keep their content, the import seal vouches for their positions', async () => {
      const { restored, importedFrom } = imported();
      restored.seal({ importedFrom });
      restored.append('party-after-import');
      const result = await verifyLog(restored.events);
      expect(result.broken).toBeNull();
      expect(result.summary.seals.map((s) => s.status)).toEqual(['carried', 'carried', 'verified']);
      expect(result.summary.latestSeal!.data.importedFrom).toEqual(importedFrom);
    });

    it('does not verify without the import seal, nor when the import seal names another last seal', async () => {
      const { restored, importedFrom } = imported();
      expect((await verifyLog(restored.events)).broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
      expect(() => restored.seal({ importedFrom: { ...importedFrom, digest: null } })).toThrow(/end with seal/);
    });

    it('still recomputes the content of carried seals: an edited event before them is caught', async () => {
      const { restored, importedFrom } = imported();
      restored.seal({ importedFrom });
      const events = restored.copy();
      // The attacker rewrites a party's data and re-hashes its chain: the carried seal's Merkle root disagrees.
      (events[1]!.data as Record<string, unknown>).kind = 'forged';
      rehash(events, 1);
      expect((await verifyLog(events)).broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
    });
  });

  it('a hand-made seal event envelopes like any other (chained, with actor and issue time in its metadata)', () => {
    const event = sealEvent({
      data: { sealedPosition: '1', streamCount: 1, eventCount: 1, merkleRoot: 'a'.repeat(64), logHash: 'b'.repeat(64), previousSeal: null },
      revision: 0n,
      prevHash: '0'.repeat(64),
      actor: 'auditor',
      issuedAt: new Date('2025-01-01T00:00:00Z'),
      commandId: '9b2b7d3e-2a4e-4b8e-9d7a-1f2e3d4c5b6a',
    });
    expect(event.metadata).toMatchObject({ actor: 'auditor', issuedAt: '2025-01-01T00:00:00.000Z', chain: { prev: '0'.repeat(64), hash: event.hash } });
    expect(event.hash).toBe(chainHash('0'.repeat(64), { stream: SEAL_STREAM, revision: 0n, type: 'LedgerSealed', data: event.data, metadata: event.metadata }));
  });
});

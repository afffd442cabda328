import { createHash, generateKeyPairSync } from 'node:crypto';
import { LogVerifier, verifyLog } from '../../src/auditing/log-verifier';
import { merkleRoot } from '../../src/auditing/merkle';
import { ImportedFrom, SEAL_STREAM, formatDigest, headsMerkleRoot, parseDigest, readSealData, sealEvent, withOrigin } from '../../src/auditing/seal';
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
  (event.metadata as Record<string, unknown>).chain = { ...chain, prev: chain.prev, hash };
  // Every later event of the stream chains from it: re-link them too.
  let prev = hash;
  for (const later of events.slice(index + 1).filter((e) => e.stream === event.stream)) {
    const next = chainHash(prev, later);
    (later.metadata as Record<string, unknown>).chain = { ...(later.metadata.chain as object), prev, hash: next };
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
    expect(parseDigest(digest)).toEqual({ sealedPosition: '1170306', eventCount: 58, sealHash: 'ab'.repeat(32), fingerprint: null });
    expect(parseDigest(`${digest}:ed25519-${'0f'.repeat(16)}`)).toMatchObject({ fingerprint: `ed25519-${'0f'.repeat(16)}` });
    expect(parseDigest(`${digest}:ed25519-${'0f'.repeat(15)}`)).toBeUndefined();
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

  it('names, through the seal’s entry tags, the event the chains cannot see changed: a recorded time, an id, a removal, a swap, an insertion', async () => {
    // Each case: the tampering, and the index (in the tampered log) of the event that must be named.
    const cases: [string, (e: StoredEvent[]) => StoredEvent[], number][] = [
      ['recorded time edited, still in order', (e) => ((e[1] = { ...e[1]!, recordedAt: new Date(e[1]!.recordedAt.getTime() + 1) }), e), 1],
      ['id edited', (e) => ((e[1] = { ...e[1]!, id: '00000000-0000-4000-8000-000000000000' }), e), 1],
      ['the only event of a stream removed: the event after it is named', (e) => e.filter((_, i) => i !== 1), 1],
      [
        'two events of different streams swapped: the first of them is named',
        (e) => {
          const [a, b] = [e[0]!, e[1]!];
          e[0] = { ...b, position: a.position, recordedAt: a.recordedAt };
          e[1] = { ...a, position: b.position, recordedAt: b.recordedAt };
          return e;
        },
        0,
      ],
      [
        'a correctly chained event of a new stream inserted between two events',
        (e) => {
          const forged = new LogBuilder().append('party-forged');
          return [e[0]!, { ...forged, position: e[0]!.position + 1n, recordedAt: e[0]!.recordedAt }, ...e.slice(1)];
        },
        1,
      ],
    ];
    for (const [label, tamper, named] of cases) {
      // Positions 10 apart, so an inserted event can take a free position (as on EventStoreDB, positions need not be dense).
      const events = tamper(sampleLog(10n).copy());
      const { broken, summary } = await verifyLog(events);
      const target = events[named]!;
      expect({ label, broken: broken && { stream: broken.stream, id: broken.id, position: broken.position, reason: broken.reason } }).toEqual({
        label,
        broken: { stream: target.stream, id: target.id, position: target.position, reason: 'sealed-entry' },
      });
      expect(broken!.message).toMatch(/seal-ledger@0/);
      expect(summary.seals).toHaveLength(0); // nothing counted as recomputed after the break
    }
  });

  it('names the seal itself when the log hash differs but no tag does (a seal made over another log)', async () => {
    const events = sampleLog().copy();
    const seal = events[4]!;
    (seal.data as Record<string, unknown>).logHash = 'f'.repeat(64);
    rehash(events, 4);
    expect((await verifyLog(events)).broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
  });

  it('still recomputes a seal made before entry tags existed (without them it can only name itself)', async () => {
    const log = new LogBuilder();
    ['party-a', 'party-b', 'party-c'].forEach((stream) => log.append(stream));
    log.seal();
    const events = log.copy();
    delete (events[3]!.data as Record<string, unknown>).entryTags;
    rehash(events, 3);
    expect((await verifyLog(events)).broken).toBeNull();
    events[1] = { ...events[1]!, recordedAt: new Date(events[1]!.recordedAt.getTime() + 1) };
    expect((await verifyLog(events)).broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
  });

  it('names a seal with a wrong Merkle root, re-hashed', async () => {
    const events = sampleLog().copy();
    (events[4]!.data as Record<string, unknown>).merkleRoot = 'a'.repeat(64);
    rehash(events, 4);
    const { broken } = await verifyLog(events);
    expect(broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'seal' });
    expect(broken!.message).toMatch(/Merkle root/);
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
    /** The sample log restored elsewhere by import-log: new positions and times, the old ones kept as origins. */
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

    it('verifies once the import is sealed: the original seals recompute from the events’ origins, the import seal from this store', async () => {
      const { original, restored, importedFrom } = imported();
      restored.seal({ importedFrom });
      restored.append('party-after-import');
      const result = await verifyLog(restored.events);
      expect(result.broken).toBeNull();
      expect(result.summary.seals.map((s) => s.status)).toEqual(['imported', 'imported', 'verified']);
      expect(result.summary.seals.map((s) => s.digest).slice(0, 2)).toEqual((await verifyLog(original.events)).summary.seals.map((s) => s.digest));
      expect(result.summary.latestSeal!.data.importedFrom).toEqual(importedFrom);
      expect(result.summary.importedEvents).toBe(10);
    });

    it('export → import → seal → export → import: every seal of every store recomputes', async () => {
      const { restored, importedFrom } = imported();
      restored.seal({ importedFrom });
      restored.append('party-b1');
      restored.seal();
      const second = new LogVerifier();
      restored.events.forEach((e) => second.push(e));
      expect(second.pendingImport(null)).toBeNull(); // its own import is sealed
      const summary = second.summary();
      const again = LogBuilder.of(restored.reimported(90_000n, 5n, '2025-06-01T00:00:00.000Z'), 5n);
      again.seal({ importedFrom: { digest: summary.latestSeal!.digest, eventCount: summary.events, lastPosition: summary.lastPosition!.toString(), logHash: summary.logHash, exportedAt: null } });
      const clean = await verifyLog(again.events);
      expect(clean.broken).toBeNull();
      expect(clean.summary.seals.map((s) => s.status)).toEqual(['imported', 'imported', 'imported', 'imported', 'verified']);
      expect(clean.summary.importedEvents).toBe(13);
      // A plain seal on a log whose import is not yet sealed closes the import by itself.
      const plain = LogBuilder.of(restored.reimported(90_000n, 5n, '2025-06-01T00:00:00.000Z'), 5n);
      plain.seal();
      expect(plain.events[plain.events.length - 1]!.data.importedFrom).toEqual({ ...(again.events[again.events.length - 1]!.data.importedFrom as object), exportedAt: null });
      expect((await verifyLog(plain.events)).broken).toBeNull();
    });

    it('a seal cannot claim an import that no event proves, nor one other than the events recompute', async () => {
      const log = sampleLog();
      const verifier = new LogVerifier();
      log.events.forEach((e) => verifier.push(e));
      const claim: ImportedFrom = { digest: verifier.summary().latestSeal!.digest, eventCount: 7, lastPosition: '7', logHash: 'c'.repeat(64), exportedAt: null };
      expect(() => verifier.sealData({ importedFrom: claim })).toThrow(/cannot claim an import/);

      const { restored, importedFrom } = imported();
      expect(() => restored.seal({ importedFrom: { ...importedFrom, digest: null } })).toThrow(/end with seal/);
      expect(() => restored.seal({ importedFrom: { ...importedFrom, logHash: 'd'.repeat(64) } })).toThrow(/log hash/);
      expect(() => restored.seal({ importedFrom: { ...importedFrom, eventCount: 9 } })).toThrow(/carry an origin/);
    });

    it('a forged origin breaks the original seal that covers the event, naming it', async () => {
      const { restored, importedFrom } = imported();
      restored.seal({ importedFrom });
      const events = restored.copy();
      const origins = (events[2]!.metadata.chain as { origins: { recordedAt: string }[] }).origins;
      origins[0]!.recordedAt = new Date(Date.parse(origins[0]!.recordedAt) + 1).toISOString();
      const { broken } = await verifyLog(events);
      expect(broken).toMatchObject({ id: events[2]!.id, position: events[2]!.position, reason: 'sealed-entry' });
      expect(broken!.message).toMatch(/in the store it was imported from/);
    });

    it('an imported event re-timed in this store is named by the import seal', async () => {
      const { restored, importedFrom } = imported();
      restored.seal({ importedFrom });
      const events = restored.copy();
      events[6] = { ...events[6]!, recordedAt: new Date(events[6]!.recordedAt.getTime() + 1) };
      expect((await verifyLog(events)).broken).toMatchObject({ id: events[6]!.id, reason: 'sealed-entry' });
    });

    it('origins on events recorded here (a fake import) do not verify: imported events come first, and after their export', async () => {
      // Origins added to the events of an ordinary log, copying their own positions and times, then re-sealed.
      const log = sampleLog();
      const fake = LogBuilder.of(log.events.map((e) => ({ ...e, metadata: withOrigin(e.metadata, e.position, e.recordedAt) })));
      expect((await verifyLog(fake.events)).broken).toMatchObject({ reason: 'provenance', position: log.events[0]!.position });
      // Only the events before the first seal given origins: the first event without one is followed by one with.
      const partial = log.copy().map((e, i) => (i < 4 ? { ...e, metadata: withOrigin(e.metadata, e.position - 1n, e.recordedAt) } : e));
      expect((await verifyLog(partial)).broken).toMatchObject({ reason: 'provenance' });
    });

    it('still recomputes the content of imported seals: an edited event before them is caught at the event', async () => {
      const { restored, importedFrom } = imported();
      restored.seal({ importedFrom });
      const events = restored.copy();
      // The attacker rewrites a party's data and re-hashes its chain: the original seal's tags name it.
      (events[1]!.data as Record<string, unknown>).kind = 'forged';
      rehash(events, 1);
      const { broken } = await verifyLog(events);
      expect(broken).toMatchObject({ id: events[1]!.id, reason: 'sealed-entry' });
    });
  });

  describe('signed seals', () => {
    const key = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');

    it('a signed seal verifies, names its signer, and --public-key accepts it; unsigned seals are named when a key is required', async () => {
      const log = sampleLog();
      log.seal({ signingKey: key.privateKey });
      const result = await verifyLog(log.events, { publicKey: key.publicKey, signedFrom: log.events[log.events.length - 1]!.position });
      expect(result.broken).toBeNull();
      expect(result.summary.latestSeal!.signedBy).toMatch(/^ed25519-[0-9a-f]{32}$/);
      expect(result.summary.latestSeal!.digest).toMatch(/:ed25519-[0-9a-f]{32}$/);
      const strict = await verifyLog(log.events, { publicKey: key.publicKey });
      expect(strict.broken).toMatchObject({ stream: SEAL_STREAM, revision: 0n, reason: 'signature' });
      expect(strict.broken!.message).toMatch(/not signed/);
    });

    it('a signature by another key, a stripped signature and a forged one are named', async () => {
      const log = new LogBuilder();
      log.append('party-a');
      log.seal({ signingKey: other.privateKey });
      expect((await verifyLog(log.events)).broken).toBeNull();
      expect((await verifyLog(log.events, { publicKey: key.publicKey })).broken).toMatchObject({ reason: 'signature', stream: SEAL_STREAM });

      const stripped = log.copy();
      delete (stripped[1]!.metadata.chain as Record<string, unknown>).signature;
      expect((await verifyLog(stripped)).broken).toMatchObject({ reason: 'signature', revision: 0n });

      const forged = log.copy();
      (forged[1]!.metadata.chain as Record<string, unknown>).signature = Buffer.alloc(64, 7).toString('base64');
      expect((await verifyLog(forged)).broken).toMatchObject({ reason: 'signature', revision: 0n });
    });
  });

  it('a hand-made seal event envelopes like any other (chained, with actor and issue time in its metadata)', () => {
    const event = sealEvent({
      data: { sealedPosition: '1', streamCount: 1, eventCount: 1, merkleRoot: 'a'.repeat(64), logHash: 'b'.repeat(64), previousSeal: null, entryTags: '' },
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

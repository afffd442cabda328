import { createHash } from 'node:crypto';
import { JsonObject, StoredEvent } from '../../src/event-store/event-store.port';
import { canonicalJson, toJsonObject } from '../../src/events/canonical-json';
import { GENESIS_HASH, chainHash, envelope, eventIdFor, headHash } from '../../src/events/envelope';
import { verifyChain } from '../../src/events/verify-chain';
import { OFFICE_CLOSED, OFFICE_OPENED } from '../../src/events/office.events';
import { dataOf, json } from '../support/sample-payloads';

const COMMAND_ID = '6f1c2b1e-8a34-4c57-9d2e-1b0a7c3e5f11';

function stored(stream: string, toAppend: ReturnType<typeof envelope>, firstRevision = 0n, firstPosition = 1n): StoredEvent[] {
  return toAppend.map((event, i) => ({
    ...event,
    stream,
    revision: firstRevision + BigInt(i),
    position: firstPosition + BigInt(i),
    recordedAt: new Date('2025-06-01T12:00:00Z'),
    // As the store gives them back: parsed from JSON text.
    data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
    metadata: JSON.parse(JSON.stringify(event.metadata)) as JsonObject,
  }));
}

function officeStream(): StoredEvent[] {
  const opened = envelope({
    stream: 'office-hub',
    firstRevision: 0n,
    prevHash: GENESIS_HASH,
    commandId: COMMAND_ID,
    correlationId: COMMAND_ID,
    causationId: COMMAND_ID,
    actor: 'admin:test',
    issuedAt: new Date('2025-06-01T12:00:00Z'),
    sources: [{ sourceId: 'article-003', quote: 'افتتح' }],
    events: [{ type: OFFICE_OPENED, data: dataOf(json.openOffice()) }],
  });
  const first = stored('office-hub', opened);
  const closeId = '0d9e4b59-5c33-4c1a-8f3e-3b7b6a0e2c22';
  const closed = envelope({
    stream: 'office-hub',
    firstRevision: 1n,
    prevHash: headHash(first),
    commandId: closeId,
    correlationId: closeId,
    causationId: COMMAND_ID,
    actor: 'admin:test',
    issuedAt: new Date('2025-06-02T12:00:00Z'),
    sources: [{ sourceId: 'article-003', quote: 'أغلق' }],
    events: [{ type: OFFICE_CLOSED, data: dataOf(json.closeOffice()) }],
  });
  return [...first, ...stored('office-hub', closed, 1n, 5n)];
}

describe('canonical JSON', () => {
  it('sorts keys recursively and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('writes bigints as decimal strings and omits undefined members', () => {
    expect(canonicalJson({ revision: 12n, gone: undefined })).toBe('{"revision":"12"}');
  });

  it('rejects what JSON cannot hold', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ x: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ when: new Date() })).toThrow(TypeError);
  });

  it('keeps Arabic text as is, so the hash is over its UTF-8 bytes', () => {
    expect(canonicalJson({ ar: 'دولة قطر' })).toBe('{"ar":"دولة قطر"}');
  });

  it('turns validated class instances into plain JSON without undefined members', () => {
    class Thing {
      a = 1;
      b: string | undefined = undefined;
    }
    expect(toJsonObject({ thing: new Thing(), list: [new Thing()] })).toEqual({ thing: { a: 1 }, list: [{ a: 1 }] });
  });
});

describe('event envelope', () => {
  it('derives event ids from the command id and index, so a retried command yields the same ids', () => {
    expect(eventIdFor(COMMAND_ID, 0)).toBe(eventIdFor(COMMAND_ID, 0));
    expect(eventIdFor(COMMAND_ID, 0)).not.toBe(eventIdFor(COMMAND_ID, 1));
    expect(eventIdFor(COMMAND_ID, 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries the metadata every event needs and chains from 64 zeros', () => {
    const [opened] = officeStream();
    expect(opened.id).toBe(eventIdFor(COMMAND_ID, 0));
    expect(opened.metadata).toEqual({
      schemaVersion: 1,
      commandId: COMMAND_ID,
      correlationId: COMMAND_ID,
      causationId: COMMAND_ID,
      actor: 'admin:test',
      issuedAt: '2025-06-01T12:00:00.000Z',
      sources: [{ sourceId: 'article-003', quote: 'افتتح' }],
      chain: { prev: GENESIS_HASH, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it('hashes prev + canonical JSON of stream, revision, type, data and metadata without chain', () => {
    const [opened] = officeStream();
    const { chain, ...metadata } = opened.metadata;
    const body = canonicalJson({ stream: opened.stream, revision: opened.revision, type: opened.type, data: opened.data, metadata });
    const expected = createHash('sha256').update(GENESIS_HASH + body).digest('hex');
    expect((chain as JsonObject).hash).toBe(expected);
    expect(chainHash(GENESIS_HASH, opened)).toBe(expected);
  });

  it('links each event to the previous hash of its stream', () => {
    const [opened, closed] = officeStream();
    expect((closed.metadata.chain as JsonObject).prev).toBe((opened.metadata.chain as JsonObject).hash);
  });
});

describe('verifyChain', () => {
  it('says ok for an untouched log', () => {
    expect(verifyChain(officeStream())).toEqual({ ok: true, checked: 2 });
  });

  it('names the first event whose data was changed', () => {
    const events = officeStream();
    const tampered = events.map((e, i) => (i === 0 ? { ...e, data: { ...e.data, city: 'Dubai' } } : e));
    expect(verifyChain(tampered)).toMatchObject({ ok: false, stream: 'office-hub', revision: 0n, id: events[0].id, reason: 'hash-mismatch' });
  });

  it('names an event whose metadata (its sources) was changed', () => {
    const events = officeStream();
    const tampered = events.map((e, i) => (i === 1 ? { ...e, metadata: { ...e.metadata, actor: 'someone-else' } } : e));
    expect(verifyChain(tampered)).toMatchObject({ ok: false, revision: 1n, reason: 'hash-mismatch' });
  });

  it('notices a deleted event as a revision gap', () => {
    const events = officeStream();
    expect(verifyChain([events[1]])).toMatchObject({ ok: false, revision: 1n, reason: 'revision-gap' });
  });

  it('notices a re-hashed event by its successor no longer linking to it', () => {
    const events = officeStream();
    const forged = { ...events[0], data: { ...events[0].data, city: 'Dubai' } };
    const rehashed = { ...forged, metadata: { ...forged.metadata, chain: { prev: GENESIS_HASH, hash: chainHash(GENESIS_HASH, forged) } } };
    expect(verifyChain([rehashed, events[1]])).toMatchObject({ ok: false, revision: 1n, reason: 'prev-mismatch' });
  });

  it('notices an event with no chain', () => {
    const events = officeStream();
    const { chain: _chain, ...metadata } = events[0].metadata;
    expect(verifyChain([{ ...events[0], metadata }])).toMatchObject({ ok: false, reason: 'missing-chain' });
  });
});

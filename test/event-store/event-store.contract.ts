import { randomUUID } from 'node:crypto';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { ConcurrencyError, DuplicateEventError, InvalidAppendError, PrerequisiteNotAppended } from '../../src/event-store/event-store.errors';
import { EventStore, EventToAppend, StoredEvent, SubscriptionMessage } from '../../src/event-store/event-store.port';

export interface ContractSubject {
  readonly store: EventStore;
  /** Called once after the suite; closes the store and removes what the subject created. */
  readonly dispose: () => Promise<void>;
}

/**
 * One contract for every adapter of the store port. Stream names are unique per test, so the suite can run
 * against a shared, non-empty store (a real EventStoreDB) as well as a fresh one.
 */
export function describeEventStoreContract(adapterName: string, open: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${adapterName}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let prefix: string;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.dispose();
    });
    beforeEach(() => {
      prefix = `contract${randomUUID().slice(0, 8)}-`;
    });

    const streamName = (name: string) => `${prefix}${name}`;
    const event = (type = 'ThingHappened', data: Record<string, unknown> = { n: 1 }): EventToAppend => ({
      id: randomUUID(),
      type,
      data: data as EventToAppend['data'],
      metadata: { actor: 'contract-suite' },
    });
    const events = (count: number, type?: string) => Array.from({ length: count }, (_, n) => event(type, { n }));

    describe('append', () => {
      it('creates a stream at revision 0 and numbers a batch consecutively', async () => {
        const stream = streamName('order');
        const result = await store.append(stream, events(3), 'no_stream');
        expect(result.nextExpectedRevision).toBe(2n);
        expect(result.idempotent).toBe(false);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(stored[2]!.position).toBe(result.position);
      });

      it('gives every event a bigint global position that grows with each append', async () => {
        const first = await store.append(streamName('a'), events(2), 'no_stream');
        const second = await store.append(streamName('b'), events(1), 'no_stream');
        expect(typeof first.position).toBe('bigint');
        expect(second.position > first.position).toBe(true);
        const [a0, a1] = await store.readStream(streamName('a'));
        expect(a1!.position > a0!.position).toBe(true);
      });

      it('accepts an exact expected revision equal to the last revision', async () => {
        const stream = streamName('exact');
        await store.append(stream, events(2), 'no_stream');
        const result = await store.append(stream, events(1), 1n);
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('rejects a stale exact revision with a concurrency error naming stream, expected and actual', async () => {
        const stream = streamName('stale');
        await store.append(stream, events(3), 'no_stream');
        const error = await store.append(stream, events(1), 0n).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream, expected: 0n, actual: 2n });
        expect((error as Error).message).toContain(stream);
      });

      it('rejects no_stream when the stream exists', async () => {
        const stream = streamName('exists');
        await store.append(stream, events(1), 'no_stream');
        await expect(store.append(stream, events(1), 'no_stream')).rejects.toMatchObject({
          name: 'ConcurrencyError',
          stream,
          expected: 'no_stream',
          actual: 0n,
        });
      });

      it('rejects stream_exists and an exact revision when the stream does not exist', async () => {
        const stream = streamName('missing');
        await expect(store.append(stream, events(1), 'stream_exists')).rejects.toMatchObject({
          name: 'ConcurrencyError',
          actual: null,
        });
        await expect(store.append(stream, events(1), 0n)).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('accepts any expected revision with "any"', async () => {
        const stream = streamName('any');
        await store.append(stream, events(1), 'any');
        const result = await store.append(stream, events(1), 'any');
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('appends a rejected batch not at all', async () => {
        const stream = streamName('atomic');
        await store.append(stream, events(1), 'no_stream');
        await expect(store.append(stream, events(5), 7n)).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('round-trips data and metadata exactly, Arabic text included', async () => {
        const stream = streamName('roundtrip');
        const data = { title: { en: 'Contribution agreement', ar: 'اتفاق مساهمة' }, amounts: ['75000000.00'], nested: { deep: [1, { x: null }] } };
        const metadata = { actor: 'admin', sources: [{ sourceId: 'a', quote: 'اللجنة الوطنية لمكافحة الإرهاب' }] };
        const id = randomUUID();
        const before = Date.now();
        await store.append(stream, [{ id, type: 'AgreementSigned', data, metadata }], 'no_stream');
        const [stored] = await store.readStream(stream);
        expect(stored).toMatchObject({ id, stream, revision: 0n, type: 'AgreementSigned', data, metadata });
        expect(stored!.recordedAt).toBeInstanceOf(Date);
        // Commit time comes from the store's clock: allow for clock skew between test and server, not for nonsense.
        expect(Math.abs(stored!.recordedAt.getTime() - before)).toBeLessThan(5 * 60_000);
      });
    });

    describe('idempotency', () => {
      it('answers a repeated batch at the same place with the original result and appends nothing', async () => {
        const stream = streamName('retry');
        const batch = events(3);
        const original = await store.append(stream, batch, 'no_stream');
        const repeated = await store.append(stream, batch, 'no_stream');
        expect(repeated).toEqual({ ...original, idempotent: true });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('answers a repeated batch after an exact revision with the original result', async () => {
        const stream = streamName('retry-exact');
        await store.append(stream, events(2), 'no_stream');
        const batch = events(2);
        const original = await store.append(stream, batch, 1n);
        const repeated = await store.append(stream, batch, 1n);
        expect(repeated.nextExpectedRevision).toBe(original.nextExpectedRevision);
        expect(repeated.position).toBe(original.position);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('rejects a batch that only partly repeats stored events and appends none of it', async () => {
        const stream = streamName('partial');
        const batch = events(2);
        await store.append(stream, batch, 'no_stream');
        const error = await store.append(stream, [...batch, event()], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateEventError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('stores the same event ids appended 100 times in sequence once', async () => {
        const stream = streamName('hundred-seq');
        const batch = events(2);
        for (let attempt = 0; attempt < 100; attempt++) await store.append(stream, batch, 'no_stream');
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('stores the same event ids appended 100 times concurrently once', async () => {
        const stream = streamName('hundred-concurrent');
        const batch = events(2);
        const results = await Promise.allSettled(Array.from({ length: 100 }, () => store.append(stream, batch, 'no_stream')));
        const fulfilled = results.filter((r) => r.status === 'fulfilled');
        expect(fulfilled).toHaveLength(100);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      });
    });

    describe('an event id is unique across the whole store', () => {
      const countOurs = async () => (await store.readAll({ filter: { streamPrefixes: [prefix] } })).length;
      const withId = (id: string): EventToAppend => ({ ...event('ThingHappened', { n: 99 }), id });

      it('refuses an event whose id is stored in another stream and appends nothing', async () => {
        const stored = events(1);
        await store.append(streamName('holder'), stored, 'no_stream');
        const before = await countOurs();
        const error = await store.append(streamName('other'), [withId(stored[0]!.id)], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DuplicateEventError);
        expect(error).toMatchObject({ stream: streamName('other') });
        expect(await countOurs()).toBe(before);
        expect(await store.readStream(streamName('other'))).toEqual([]);
        expect((await store.readStream(streamName('holder'))).map((e) => e.id)).toEqual([stored[0]!.id]);
      });

      it('refuses a batch when only its second event collides, and appends none of it', async () => {
        const stored = events(2);
        await store.append(streamName('holder'), stored, 'no_stream');
        await store.append(streamName('other'), events(1), 'no_stream');
        const before = await countOurs();
        const batch = [event(), withId(stored[1]!.id), event()];
        await expect(store.append(streamName('other'), batch, 0n)).rejects.toBeInstanceOf(DuplicateEventError);
        await expect(store.append(streamName('other'), batch, 'any')).rejects.toBeInstanceOf(DuplicateEventError);
        expect(await countOurs()).toBe(before);
        expect(await store.readStream(streamName('other'))).toHaveLength(1);
        // The fresh ids of the refused batch are not spoilt: they can be appended without the colliding one.
        await store.append(streamName('other'), [batch[0]!, batch[2]!], 0n);
        expect(await countOurs()).toBe(before + 2);
      });

      it('refuses the id whatever the case of its hex digits, and whatever the expected revision', async () => {
        const stored = events(1);
        await store.append(streamName('holder'), stored, 'no_stream');
        const upper = withId(stored[0]!.id.toUpperCase());
        for (const expected of ['no_stream', 'any'] as const) {
          await expect(store.append(streamName(`other-${expected}`), [upper], expected)).rejects.toBeInstanceOf(DuplicateEventError);
        }
        expect(await countOurs()).toBe(1);
      });

      it('still answers a retry in the stream that holds the id after refusing it elsewhere', async () => {
        const stored = events(2);
        const original = await store.append(streamName('holder'), stored, 'no_stream');
        await expect(store.append(streamName('other'), [withId(stored[0]!.id)], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventError);
        expect(await store.append(streamName('holder'), stored, 'no_stream')).toEqual({ ...original, idempotent: true });
        expect(await countOurs()).toBe(2);
      });

      it('lets exactly one of concurrent appends of one id to different streams land', async () => {
        const id = randomUUID();
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, n) => store.append(streamName(`racer-${n}`), [withId(id)], 'no_stream')),
        );
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const failure of failed) expect(failure.reason).toBeInstanceOf(DuplicateEventError);
        const stored = await store.readAll({ filter: { streamPrefixes: [prefix] } });
        expect(stored.map((e) => e.id)).toEqual([id]);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 50 concurrent appends with the same expected revision succeed', async () => {
        const stream = streamName('race');
        await store.append(stream, events(1), 'no_stream');
        const results = await Promise.allSettled(Array.from({ length: 50 }, () => store.append(stream, events(1), 0n)));
        const succeeded = results.filter((r) => r.status === 'fulfilled');
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(succeeded).toHaveLength(1);
        expect(failed).toHaveLength(49);
        for (const failure of failed) expect(failure.reason).toBeInstanceOf(ConcurrencyError);
        const revisions = (await store.readStream(stream)).map((e) => e.revision);
        expect(revisions).toEqual([0n, 1n]);
      });
    });

    describe('several appends at once (appendMany)', () => {
      it('appends each request with its own expected revision and answers each in request order', async () => {
        await store.append(streamName('existing'), events(2), 'no_stream');
        const outcomes = await store.appendMany([
          { stream: streamName('new'), events: events(2), expectedRevision: 'no_stream' },
          { stream: streamName('existing'), events: events(1), expectedRevision: 1n },
          { stream: streamName('new'), events: events(1), expectedRevision: 1n },
        ]);
        expect(outcomes.map((o) => o.ok && o.result.nextExpectedRevision)).toEqual([1n, 2n, 2n]);
        expect((await store.readStream(streamName('new'))).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        const positions = outcomes.map((o) => (o.ok ? o.result.position : -1n));
        expect(positions[1]! > positions[0]! && positions[2]! > positions[1]!).toBe(true);
      });

      it('refuses a request alone: a conflict, a partly repeated batch and a bad argument fail no other request', async () => {
        await store.append(streamName('stale'), events(1), 'no_stream');
        const stored = event();
        await store.append(streamName('dup'), [stored], 'no_stream');
        const good = [events(1), events(2), events(1)];
        const outcomes = await store.appendMany([
          { stream: streamName('good-0'), events: good[0]!, expectedRevision: 'no_stream' },
          { stream: streamName('stale'), events: events(1), expectedRevision: 5n },
          { stream: streamName('good-1'), events: good[1]!, expectedRevision: 'any' },
          { stream: streamName('dup'), events: [stored, event()], expectedRevision: 'no_stream' },
          { stream: '$reserved', events: events(1), expectedRevision: 'any' },
          { stream: streamName('good-2'), events: good[2]!, expectedRevision: 'no_stream' },
        ]);
        expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, false, false, true]);
        expect(!outcomes[1]!.ok && outcomes[1]!.error).toBeInstanceOf(ConcurrencyError);
        expect(!outcomes[3]!.ok && outcomes[3]!.error).toBeInstanceOf(DuplicateEventError);
        expect(!outcomes[4]!.ok && outcomes[4]!.error).toBeInstanceOf(InvalidAppendError);
        for (const [n, batch] of good.entries()) {
          expect((await store.readStream(streamName(`good-${n}`))).map((e) => e.id)).toEqual(batch.map((e) => e.id));
        }
        expect(await store.readStream(streamName('stale'))).toHaveLength(1);
        expect(await store.readStream(streamName('dup'))).toHaveLength(1);
      });

      it('answers a repeated request with the original result and appends nothing for it', async () => {
        const batch = events(2);
        const first = await store.appendMany([{ stream: streamName('retry'), events: batch, expectedRevision: 'no_stream' }]);
        const again = await store.appendMany([
          { stream: streamName('retry'), events: batch, expectedRevision: 'no_stream' },
          { stream: streamName('other'), events: events(1), expectedRevision: 'no_stream' },
        ]);
        expect(first[0]!.ok && again[0]!.ok && again[0]!.result).toEqual({ ...(first[0]!.ok ? first[0]!.result : {}), idempotent: true });
        expect(await store.readStream(streamName('retry'))).toHaveLength(2);
      });

      it('appends a request whose prerequisite was refused not at all', async () => {
        await store.append(streamName('taken'), events(1), 'no_stream');
        const outcomes = await store.appendMany([
          { stream: streamName('first'), events: events(1), expectedRevision: 'no_stream' },
          { stream: streamName('taken'), events: events(1), expectedRevision: 'no_stream' },
          { stream: streamName('builds-on-taken'), events: events(1), expectedRevision: 'no_stream', after: [0, 1] },
          { stream: streamName('builds-on-first'), events: events(1), expectedRevision: 'no_stream', after: [0] },
        ]);
        expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
        expect(!outcomes[2]!.ok && outcomes[2]!.error).toBeInstanceOf(PrerequisiteNotAppended);
        expect(await store.readStream(streamName('builds-on-taken'))).toEqual([]);
      });
    });

    describe('reading a stream', () => {
      let stream: string;
      beforeEach(async () => {
        stream = streamName('read');
        await store.append(stream, events(10), 'no_stream');
      });

      it('reads a missing stream as empty', async () => {
        expect(await store.readStream(streamName('nothing-here'))).toEqual([]);
      });

      it('reads forwards from a revision with a limit', async () => {
        const read = await store.readStream(stream, { fromRevision: 3n, maxCount: 4 });
        expect(read.map((e) => e.revision)).toEqual([3n, 4n, 5n, 6n]);
      });

      it('reads backwards from the end and from a revision', async () => {
        const fromEnd = await store.readStream(stream, { direction: 'backwards', maxCount: 3 });
        expect(fromEnd.map((e) => e.revision)).toEqual([9n, 8n, 7n]);
        const fromFour = await store.readStream(stream, { direction: 'backwards', fromRevision: 4n });
        expect(fromFour.map((e) => e.revision)).toEqual([4n, 3n, 2n, 1n, 0n]);
      });

      it('keeps data in the order it was appended', async () => {
        const read = await store.readStream(stream);
        expect(read.map((e) => e.data)).toEqual(Array.from({ length: 10 }, (_, n) => ({ n })));
      });
    });

    describe('reading all', () => {
      let written: StoredEvent[];
      beforeEach(async () => {
        await store.append(streamName('agreement-x'), events(2, 'AgreementSigned'), 'no_stream');
        await store.append(streamName('office-y'), events(2, 'OfficeOpened'), 'no_stream');
        await store.append(streamName('agreement-z'), events(1, 'PledgeRenewed'), 'no_stream');
        written = await store.readAll({ filter: { streamPrefixes: [prefix] } });
      });

      it('reads every event in global order, with no system events', async () => {
        expect(written.map((e) => e.type)).toEqual([
          'AgreementSigned',
          'AgreementSigned',
          'OfficeOpened',
          'OfficeOpened',
          'PledgeRenewed',
        ]);
        const positions = written.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        const everything = await store.readAll({ fromPosition: written[0]!.position, inclusive: true });
        for (const e of everything) {
          expect(e.stream.startsWith('$')).toBe(false);
          expect(e.type.startsWith('$')).toBe(false);
        }
      });

      it('starts after a position by default and at it when inclusive', async () => {
        const from = written[1]!.position;
        const exclusive = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        expect(exclusive.map((e) => e.id)).toEqual(written.slice(2).map((e) => e.id));
        const inclusive = await store.readAll({ fromPosition: from, inclusive: true, filter: { streamPrefixes: [prefix] } });
        expect(inclusive.map((e) => e.id)).toEqual(written.slice(1).map((e) => e.id));
      });

      it('honours a limit', async () => {
        const page = await store.readAll({ fromPosition: written[0]!.position, inclusive: true, maxCount: 2 });
        expect(page).toHaveLength(2);
        expect(page[0]!.id).toBe(written[0]!.id);
      });

      it('reads backwards from a position', async () => {
        const back = await store.readAll({
          direction: 'backwards',
          fromPosition: written[3]!.position,
          inclusive: true,
          filter: { streamPrefixes: [prefix] },
        });
        expect(back.map((e) => e.id)).toEqual(written.slice(0, 4).reverse().map((e) => e.id));
      });

      it('filters by stream prefix and by event type', async () => {
        const agreements = await store.readAll({ filter: { streamPrefixes: [streamName('agreement-')] } });
        expect(agreements.map((e) => e.stream)).toEqual([
          streamName('agreement-x'),
          streamName('agreement-x'),
          streamName('agreement-z'),
        ]);
        const offices = await store.readAll({ fromPosition: written[0]!.position, inclusive: true, filter: { eventTypes: ['OfficeOpened'] } });
        expect(offices.map((e) => e.id)).toEqual(written.filter((e) => e.type === 'OfficeOpened').map((e) => e.id));
      });
    });

    describe('catch-up subscription', () => {
      const collect = (messages: SubscriptionMessage[]) =>
        messages.map((m) => (m.kind === 'event' ? (m.event.data as { n: number }).n : 'caught-up'));

      it('delivers history, signals caught-up, then delivers live events, and stops cleanly', async () => {
        const stream = streamName('live');
        const history = await store.append(stream, events(3), 'no_stream');
        const checkpoint = (await store.readStream(stream))[0]!.position;
        const received: SubscriptionMessage[] = [];
        let resolveDone!: () => void;
        const done = new Promise<void>((resolve) => (resolveDone = resolve));
        const subscription = store
          .subscribeToAll({ fromPosition: checkpoint, filter: { streamPrefixes: [prefix] } })
          .subscribe({
            next: (message) => {
              received.push(message);
              if (message.kind === 'caught-up') {
                void store.append(stream, [event('ThingHappened', { n: 100 })], history.nextExpectedRevision);
              }
              if (message.kind === 'event' && (message.event.data as { n: number }).n === 100) resolveDone();
            },
          });
        await done;
        subscription.unsubscribe();
        expect(collect(received)).toEqual([1, 2, 'caught-up', 100]);
        const afterStop = received.length;
        await store.append(stream, [event('ThingHappened', { n: 101 })], 'any');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(received).toHaveLength(afterStop);
      });

      it('delivers only what the filter selects', async () => {
        const before = await store.append(streamName('before'), events(1, 'AgreementSigned'), 'no_stream');
        await store.append(streamName('office-sub'), events(2, 'OfficeOpened'), 'no_stream');
        await store.append(streamName('agreement-sub'), events(2, 'AgreementSigned'), 'no_stream');
        const messages = await firstValueFrom(
          store
            .subscribeToAll({ fromPosition: before.position, filter: { streamPrefixes: [prefix], eventTypes: ['AgreementSigned'] } })
            .pipe(
              filter((m) => m.kind === 'event'),
              take(2),
              toArray(),
            ),
        );
        expect(messages.map((m) => (m.kind === 'event' ? m.event.stream : ''))).toEqual([
          streamName('agreement-sub'),
          streamName('agreement-sub'),
        ]);
      });
    });

    describe('health', () => {
      it('reports the store as healthy with its last position', async () => {
        await store.append(streamName('health'), events(1), 'no_stream');
        const health = await store.health();
        expect(health.ok).toBe(true);
        expect(typeof health.lastPosition).toBe('bigint');
      });
    });
  });
}

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { makeTempDir } from '../support/temp-dir';
import { spawnTs, waitForOutput } from '../support/ts-child';

describe('embedded store shared by several processes', () => {
  const dir = makeTempDir('processes');
  afterAll(() => dir.remove());

  it('never gives two processes the same revision of a stream', async () => {
    const file = join(dir.path, 'shared.sqlite');
    const store = SqliteEventStore.open({ file });
    await store.append('race-1', [{ id: randomUUID(), type: 'RaceStarted', data: {}, metadata: {} }], 'no_stream');

    const children = Array.from({ length: 3 }, () => spawnTs('test/event-store/children/race-append.ts', [file, 'race-1', '0']));
    await Promise.all(children.map((child) => waitForOutput(child, (lines) => lines.includes('ready'))));
    const results = Promise.all(children.map((child) => waitForOutput(child, (lines) => lines.length >= 1)));
    for (const child of children) child.stdin.write('go\n');
    const outcomes = (await results).flatMap((lines) => lines[0]!.split(','));

    const stored = await store.readStream('race-1');
    const revisions = stored.map((e) => e.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
    // Every success is one stored event; every failure is a concurrency error, never a crash or a lock timeout.
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(stored.length - 1);
    expect(outcomes.filter((o) => o !== 'won').every((o) => o === 'ConcurrencyError')).toBe(true);
    await store.close();
  });

  it('lets a subscription in one process see appends made by another', async () => {
    const file = join(dir.path, 'follow.sqlite');
    const reader = SqliteEventStore.open({ file, pollIntervalMs: 20 });
    const writer = SqliteEventStore.open({ file });
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      const subscription = reader.subscribeToAll().subscribe((message) => {
        if (message.kind === 'event') seen.push(message.event.type);
        if (seen.length === 2) {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    await writer.append('other-1', [{ id: randomUUID(), type: 'FromWriterA', data: {}, metadata: {} }], 'no_stream');
    await writer.append('other-1', [{ id: randomUUID(), type: 'FromWriterB', data: {}, metadata: {} }], 0n);
    await done;
    expect(seen).toEqual(['FromWriterA', 'FromWriterB']);
    await writer.close();
    await reader.close();
  });
});

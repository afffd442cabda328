import Database from 'better-sqlite3';
import { once } from 'node:events';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { makeTempDir } from '../support/temp-dir';
import { spawnTs, waitForOutput } from '../support/ts-child';

const CHILD = 'test/event-store/children/append-forever.ts';

describe('embedded store durability (kill -9)', () => {
  const dir = makeTempDir('crash');
  afterAll(() => dir.remove());

  async function killWhileAppending(file: string, prefix: string, batch: number, acksBeforeKill: number, writers?: number): Promise<{ acks: string[]; groups: number[] }> {
    const child = spawnTs(CHILD, [file, prefix, String(batch), ...(writers === undefined ? [] : [String(writers)])]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const closed = once(child, 'close');
    await waitForOutput(child, (lines) => lines.filter((l) => l.startsWith('ack ')).length >= acksBeforeKill);
    child.kill('SIGKILL');
    const [code, signal] = await closed;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    // Every line the child wrote before it died is still in the pipe: an "ack" line means the append had returned.
    const lines = output.split('\n');
    return {
      acks: lines.filter((line) => line.startsWith('ack ')).map((line) => line.slice(4)),
      groups: lines.filter((line) => line.startsWith('group ')).map((line) => Number(line.slice(6))),
    };
  }

  it.each([
    ['one event per append', 1, undefined],
    ['batches of 25 events', 25, undefined],
    ['group commit, 32 single-event appends in flight', 1, 32],
    ['group commit, 16 appends of 5 events in flight', 5, 16],
  ])('keeps every acknowledged event after the writer is killed mid-loop (%s)', async (_label, batch, writers) => {
    const file = join(dir.path, `crash-${batch}-${writers ?? 0}.sqlite`);
    const { acks: acknowledged, groups } = await killWhileAppending(file, `crash${batch}x${writers ?? 0}`, batch, 300, writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    if (writers !== undefined) {
      // Many appends were in flight per commit: after the first, each commit took what had queued meanwhile.
      expect(Math.max(...groups)).toBe(writers);
    }

    const store = SqliteEventStore.open({ file });
    try {
      const stored = await store.readAll();
      const storedIds = new Set(stored.map((e) => e.id));
      const lost = acknowledged.filter((id) => !storedIds.has(id));
      expect(lost).toEqual([]);
      // Batches are atomic: whatever was written, was written whole.
      expect(stored.length % batch).toBe(0);
      expect(store.integrityCheck()).toBe('ok');
      // The store takes writes again after the crash, continuing the streams' revisions.
      const next = await store.append(`crash${batch}x${writers ?? 0}-0`, [{ id: '00000000-0000-4000-8000-000000000001', type: 'AfterCrash', data: {}, metadata: {} }], 'stream_exists');
      expect(next.idempotent).toBe(false);
    } finally {
      await store.close();
    }
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { CheckpointFile } from '../../src/read-models/checkpoint-file';
import { LiveLedger } from '../../src/read-models/live-ledger';
import { makeTempDir } from '../support/temp-dir';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the live model saves its checkpoint off the write path once caught up', () => {
  const dir = makeTempDir('checkpoint-timing');
  afterAll(() => dir.remove());

  async function storedEvents(count: number) {
    const store = SqliteEventStore.open({ file: join(dir.path, `events-${randomUUID()}.sqlite`) });
    for (let n = 0; n < count; n++) await store.append(`thing-${n}`, [{ id: randomUUID(), type: 'ThingHappened', data: { n }, metadata: {} }], 'no_stream');
    const events = await store.readAll();
    await store.close();
    return events;
  }

  it('applying past the checkpoint interval writes nothing then; the checkpoint follows a pause in the writes', async () => {
    const path = join(dir.path, 'pause', 'ledger.checkpoint.jsonl');
    const live = new LiveLedger(new CheckpointFile(path), { checkpointEvery: 2, checkpointDelayMs: 150 });
    live.start();
    live.markCaughtUp();
    const events = await storedEvents(6);
    let writtenByApply = 0;
    for (const event of events.slice(0, 3)) {
      const before = existsSync(path);
      live.apply(event);
      if (!before && existsSync(path)) writtenByApply++;
      await sleep(40);
    }
    expect(writtenByApply).toBe(0);
    // Still writing every 40 ms: each change moved the save on, until it became overdue (2 unsaved) and was
    // left to fire; none of it ran inside apply.
    await sleep(200);
    expect(existsSync(path)).toBe(true);
    live.stop();
  });

  it('a lone change is saved once the delay has passed since it', async () => {
    const path = join(dir.path, 'lone', 'ledger.checkpoint.jsonl');
    const live = new LiveLedger(new CheckpointFile(path), { checkpointEvery: 1000, checkpointDelayMs: 50 });
    live.start();
    live.markCaughtUp();
    const [event] = await storedEvents(1);
    live.apply(event!);
    expect(existsSync(path)).toBe(false);
    await sleep(150);
    expect(existsSync(path)).toBe(true);
    live.stop();
  });
});

/**
 * Child process for the crash tests: appends to one SQLite file until killed, printing the id of every event
 * only after its append was acknowledged. Run with ts-node (transpile-only).
 * argv: <file> <stream prefix> <batch size> [<writers in flight>]
 * With writers in flight, that many loops append at once through the recorder's GroupCommit (one commit for
 * whatever is in flight), and each commit's size is printed as `group <n>` before it is made.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { GroupCommit } from '../../../src/recording/group-commit';

function eventsFor(n: number, batch: number) {
  return Array.from({ length: batch }, (_, i) => ({
    id: randomUUID(),
    type: 'CrashTestEventAppended',
    data: { n, i, padding: 'x'.repeat(512) },
    metadata: { actor: 'crash-test' },
  }));
}

async function main(): Promise<void> {
  const [file, prefix, batchArg, writersArg] = process.argv.slice(2);
  if (!file || !prefix) throw new Error('usage: append-forever <file> <prefix> [batch] [writers]');
  const batch = Number(batchArg ?? '1');
  const store = SqliteEventStore.open({ file });
  process.stdout.write('ready\n');
  if (writersArg === undefined) {
    for (let n = 0; ; n++) {
      const events = eventsFor(n, batch);
      await store.append(`${prefix}-${n % 7}`, events, 'any');
      process.stdout.write(events.map((e) => `ack ${e.id}\n`).join(''));
    }
  }
  const appendMany = store.appendMany.bind(store);
  store.appendMany = (requests) => {
    process.stdout.write(`group ${requests.length}\n`);
    return appendMany(requests);
  };
  const groupCommit = new GroupCommit(store);
  const writer = async (w: number) => {
    for (let n = 0; ; n++) {
      const events = eventsFor(n, batch);
      await groupCommit.append({ stream: `${prefix}-${w}`, events, expectedRevision: 'any' });
      process.stdout.write(events.map((e) => `ack ${e.id}\n`).join(''));
    }
  };
  await Promise.all(Array.from({ length: Number(writersArg) }, (_, w) => writer(w)));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});

/**
 * Child process for the crash tests: appends to one SQLite file until killed, printing the id of every event
 * only after its append was acknowledged. Run with ts-node (transpile-only).
 * argv: <file> <stream prefix> <batch size>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

async function main(): Promise<void> {
  const [file, prefix, batchArg] = process.argv.slice(2);
  if (!file || !prefix) throw new Error('usage: append-forever <file> <prefix> [batch]');
  const batch = Number(batchArg ?? '1');
  const store = SqliteEventStore.open({ file });
  process.stdout.write('ready\n');
  for (let n = 0; ; n++) {
    const events = Array.from({ length: batch }, (_, i) => ({
      id: randomUUID(),
      type: 'CrashTestEventAppended',
      data: { n, i, padding: 'x'.repeat(512) },
      metadata: { actor: 'crash-test' },
    }));
    await store.append(`${prefix}-${n % 7}`, events, 'any');
    process.stdout.write(events.map((e) => `ack ${e.id}\n`).join(''));
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});

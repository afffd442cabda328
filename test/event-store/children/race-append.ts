/**
 * Child process for the two-process test: waits for "go" on stdin, then tries to append to one stream with a
 * given expected revision and prints "won" or the error's name.
 * argv: <file> <stream> <expected revision>
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';

const [file, stream, expected] = process.argv.slice(2);
const store = SqliteEventStore.open({ file: file! });
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const outcomes: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await store.append(stream!, [{ id: randomUUID(), type: 'RaceRun', data: { attempt }, metadata: {} }], BigInt(expected!) + BigInt(attempt));
      outcomes.push('won');
    } catch (error) {
      outcomes.push((error as Error).name);
    }
  }
  process.stdout.write(`${outcomes.join(',')}\n`);
  await store.close();
  process.exit(0);
});

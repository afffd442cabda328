import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRecordedEvent } from '../../src/events/event-catalogue';
import { effectiveFacts } from '../../src/events/facts';
import { verifyChain } from '../../src/events/verify-chain';
import { withDocumentText } from '../../src/registering-sources/document-file';
import { RecordingHarness, startRecording } from '../support/recording-harness';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

interface Entry {
  readonly command: string;
  readonly commandId: string;
  readonly payload: unknown;
}

function entries(): Entry[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Entry[])
    .map((entry) => ({ ...entry, payload: withDocumentText(entry.command, entry.payload, FIXTURES) }));
}

/** The write side against the fixture files: every command is accepted, and importing twice appends nothing. */
describe('the fixtures through the CommandRegistry and CommandBus', () => {
  let h: RecordingHarness;

  beforeAll(async () => {
    h = await startRecording();
  });

  afterAll(() => h.close());

  it('records every fixture command, with a verifiable chain', async () => {
    const all = entries();
    for (const entry of all) {
      await expect(h.run(entry.command, entry.commandId, entry.payload, 'fixtures')).resolves.toMatchObject({ replayed: false });
    }
    expect(await h.eventCount()).toBe(all.length);
    expect(verifyChain(await h.sqlite.readAll())).toEqual({ ok: true, checked: all.length });
  });

  it('importing again appends nothing', async () => {
    const before = await h.eventCount();
    for (const entry of entries()) {
      await expect(h.run(entry.command, entry.commandId, entry.payload, 'fixtures')).resolves.toMatchObject({ replayed: true });
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('the corrections change what the ledger believes while keeping what the article said', async () => {
    const events = await h.sqlite.readStream('office-parliamentary-engagement-office');
    const [opened] = effectiveFacts(events.map(readRecordedEvent));
    expect(opened.recordedData).toMatchObject({ occurredOn: '2021-07' });
    expect(opened.data).toMatchObject({ occurredOn: '2021-06-16' });
  });
});

import { randomUUID } from 'node:crypto';
import { ValidationFailed } from '../../src/domain/errors';
import { verifyChain } from '../../src/events/verify-chain';
import { CommandIdReused } from '../../src/recording/recording.errors';
import { requestSha256 } from '../../src/recording/request-hash';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { json } from '../support/sample-payloads';

/** The request hash the HTTP API passes with a command, so a reused Idempotency-Key is told from a retry. */
describe('a command carrying the hash of its request', () => {
  let h: RecordingHarness;
  const HASH_A = 'a'.repeat(64);
  const HASH_B = 'b'.repeat(64);

  beforeEach(async () => {
    h = await startRecording();
  });
  afterEach(() => h.close());

  const run = (command: string, commandId: string, payload: object, requestSha256?: string) =>
    h.bus.execute(h.registry.toCommand(command, commandId, payload, 'admin', requestSha256 === undefined ? {} : { requestSha256 }));

  it('keeps the hash in the metadata of its events, which stay chained', async () => {
    const result = await run('register-source', randomUUID(), json.source(), HASH_A);
    const [event] = await h.sqlite.readStream(result.stream);
    expect(event.metadata.requestSha256).toBe(HASH_A);
    expect(verifyChain(await h.sqlite.readAll())).toMatchObject({ ok: true });
  });

  it('hashes the request itself when the caller (CLI, fixtures) gives no hash', async () => {
    const payload = json.source();
    const result = await run('register-source', randomUUID(), payload);
    const [event] = await h.sqlite.readStream(result.stream);
    expect(event.metadata.requestSha256).toBe(requestSha256('register-source', payload));
  });

  it('replays a retry with the same hash', async () => {
    const id = randomUUID();
    const first = await run('register-source', id, json.source(), HASH_A);
    await expect(run('register-source', id, json.source(), HASH_A)).resolves.toEqual({ ...first, replayed: true });
  });

  it('replays a retry from admin tooling and refuses the same id with another payload there too', async () => {
    const id = randomUUID();
    const first = await run('register-source', id, json.source());
    await expect(run('register-source', id, json.source())).resolves.toEqual({ ...first, replayed: true });
    const before = await h.eventCount();
    await expect(run('register-source', id, json.source({ title: 'Other' }))).rejects.toThrow(CommandIdReused);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses the same id with another hash on the same stream, appending nothing', async () => {
    const id = randomUUID();
    await run('register-source', id, json.source(), HASH_A);
    const before = await h.eventCount();
    await expect(run('register-source', id, json.source({ title: 'Other' }), HASH_B)).rejects.toThrow(CommandIdReused);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses the same id on another stream, whatever the hash, appending nothing', async () => {
    const id = randomUUID();
    await run('register-source', id, json.source(), HASH_A);
    const before = await h.eventCount();
    await expect(run('register-party', id, json.party())).rejects.toThrow(CommandIdReused);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses a hash that is not 64 lower-case hex digits', async () => {
    expect(() => h.registry.toCommand('register-source', randomUUID(), json.source(), 'admin', { requestSha256: 'ABC' })).toThrow(ValidationFailed);
  });
});

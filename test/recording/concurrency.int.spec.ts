import { randomUUID } from 'node:crypto';
import { InvariantViolated } from '../../src/domain/errors';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import { EventStore } from '../../src/event-store/event-store.port';
import { verifyChain } from '../../src/events/verify-chain';
import { MAX_ATTEMPTS } from '../../src/recording/recorder';
import { CommandConflict } from '../../src/recording/recording.errors';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { json } from '../support/sample-payloads';

/**
 * Interposes on appends (`append` and the group commit's `appendMany`): an armed hook runs once just before the
 * next one (another writer getting in first).
 */
class Interposer {
  appends = 0;
  private hook: (() => Promise<void>) | undefined;
  private failing = false;

  /** Run `hook` right before the next append. */
  arm(hook: () => Promise<void>): void {
    this.hook = hook;
  }

  /** Every append from now on fails as if another writer always got in first. */
  alwaysConflict(): void {
    this.failing = true;
  }

  private async before(): Promise<void> {
    const hook = this.hook;
    this.hook = undefined;
    if (hook) await hook();
  }

  wrap = (store: EventStore): EventStore =>
    new Proxy(store, {
      get: (target, key) => {
        const value = Reflect.get(target, key);
        if (key === 'append') {
          return async (...args: Parameters<EventStore['append']>) => {
            this.appends++;
            await this.before();
            if (this.failing) throw new ConcurrencyError(args[0], args[2], 999n);
            return target.append(...args);
          };
        }
        if (key === 'appendMany') {
          return async (requests: Parameters<EventStore['appendMany']>[0]) => {
            this.appends += requests.length;
            await this.before();
            if (this.failing) return requests.map((r) => ({ ok: false as const, error: new ConcurrencyError(r.stream, r.expectedRevision, 999n) }));
            return target.appendMany(requests);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

async function seedOffice(h: RecordingHarness): Promise<string> {
  await h.run('register-source', randomUUID(), json.source());
  await h.run('register-party', randomUUID(), json.party({ partyId: 'unoct', kind: 'un-entity', name: { en: 'UNOCT' } }));
  const opened = await h.run('open-office', randomUUID(), json.openOffice({ hostAgreement: undefined }));
  return opened.eventIds[0];
}

describe('concurrency conflicts', () => {
  let h: RecordingHarness;
  /** Another writer on the same store, with its own group commit (as another process would be). */
  let other: RecordingHarness;
  let interposer: Interposer;

  beforeEach(async () => {
    interposer = new Interposer();
    h = await startRecording({ wrap: interposer.wrap });
    other = await startRecording({ sharing: h });
  });

  afterEach(async () => {
    await other.close();
    await h.close();
  });

  it('on a conflict the handler reloads the stream, decides again and appends after the other writer', async () => {
    const openedId = await seedOffice(h);
    interposer.arm(async () => {
      await other.run('correct-fact', randomUUID(), json.correct({ eventId: openedId, changes: { mandate: 'Revised mandate' } }));
    });

    const closed = await h.run('close-office', randomUUID(), json.closeOffice());

    expect(closed).toMatchObject({ firstRevision: 2n, lastRevision: 2n, replayed: false });
    const stream = await h.sqlite.readStream('office-behavioural-insights-hub');
    expect(stream.map((e) => e.type)).toEqual(['OfficeOpened', 'FactCorrected', 'OfficeClosed']);
    expect(verifyChain(await h.sqlite.readAll())).toMatchObject({ ok: true });
  });

  it('deciding again sees what the other writer changed, and may now refuse', async () => {
    const openedId = await seedOffice(h);
    interposer.arm(async () => {
      await other.run('correct-fact', randomUUID(), json.correct({ eventId: openedId, changes: { occurredOn: '2024-06' } }));
    });
    const before = await h.eventCount();

    await expect(h.run('close-office', randomUUID(), json.closeOffice({ occurredOn: '2024-01' }))).rejects.toMatchObject({
      rule: 'office.cannot-close-before-it-opened',
    });
    // Only the other writer's correction was appended.
    expect(await h.eventCount()).toBe(before + 1);
  });

  it('two racing retries of one command append it once and both return its result', async () => {
    await seedOffice(h);
    const commandId = randomUUID();
    interposer.arm(async () => {
      await other.run('close-office', commandId, json.closeOffice());
    });
    const first = await h.run('close-office', commandId, json.closeOffice());
    expect(first).toMatchObject({ firstRevision: 1n, replayed: true });
    expect((await h.sqlite.readStream('office-behavioural-insights-hub')).map((e) => e.type)).toEqual(['OfficeOpened', 'OfficeClosed']);
  });

  it('after a bounded number of conflicts the command is reported as a conflict and nothing is appended', async () => {
    await seedOffice(h);
    interposer.alwaysConflict();
    const appendsBefore = interposer.appends;
    const before = await h.eventCount();

    const error = await h.run('close-office', randomUUID(), json.closeOffice()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CommandConflict);
    expect(error).toMatchObject({ stream: 'office-behavioural-insights-hub', attempts: MAX_ATTEMPTS });
    expect(interposer.appends - appendsBefore).toBe(MAX_ATTEMPTS);
    expect(await h.eventCount()).toBe(before);
    expect(error).not.toBeInstanceOf(InvariantViolated);
  });
});

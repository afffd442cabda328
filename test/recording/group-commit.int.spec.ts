import { randomUUID } from 'node:crypto';
import { InvariantViolated } from '../../src/domain/errors';
import { AppendRequest, EventStore } from '../../src/event-store/event-store.port';
import { verifyChain } from '../../src/events/verify-chain';
import { CommandIdReused } from '../../src/recording/recording.errors';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { json } from '../support/sample-payloads';

/** Records the requests of every appendMany the group commit makes. */
function watchGroups(groups: AppendRequest[][]) {
  return (store: EventStore): EventStore =>
    new Proxy(store, {
      get: (target, key) => {
        const value = Reflect.get(target, key);
        if (key === 'appendMany') {
          return (requests: readonly AppendRequest[]) => {
            groups.push([...requests]);
            return target.appendMany(requests);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
}

describe('group commit: commands in flight together are appended in one commit, each with its own outcome', () => {
  let h: RecordingHarness;
  const groups: AppendRequest[][] = [];

  beforeEach(async () => {
    groups.length = 0;
    h = await startRecording({ wrap: watchGroups(groups) });
    await h.run('register-source', randomUUID(), json.source());
  });

  afterEach(() => h.close());

  const party = (partyId: string) => json.party({ partyId, name: { en: partyId } });

  it('a failing command inside a group leaves the others recorded and itself unrecorded', async () => {
    groups.length = 0;
    const reusedId = randomUUID();
    const good = Array.from({ length: 12 }, (_, n) => ({ id: n === 3 ? reusedId : randomUUID(), partyId: `party-${n}` }));
    const attempts = [
      ...good.map(({ id, partyId }) => h.run('register-party', id, party(partyId))),
      // The command id of party-3 again, for another party (another stream): the id is taken, nothing appended.
      h.run('register-party', reusedId, party('party-reused')),
      // party-5 registered twice under two ids: the second loses the race, decides again and is refused.
      h.run('register-party', randomUUID(), party('party-5')),
    ];
    const settled = await Promise.allSettled(attempts);

    // They were decided before any was appended, so the first commit carried all fourteen.
    expect(groups[0]).toHaveLength(14);
    expect(settled.slice(0, 12).map((s) => s.status)).toEqual(Array(12).fill('fulfilled'));
    const [reused, twice] = settled.slice(12) as PromiseRejectedResult[];
    expect(reused.reason).toBeInstanceOf(CommandIdReused);
    expect(twice.reason).toBeInstanceOf(InvariantViolated);
    expect(twice.reason).toMatchObject({ rule: expect.stringMatching(/^party\./) });

    for (const { partyId } of good) expect(await h.sqlite.readStream(`party-${partyId}`)).toHaveLength(1);
    expect(await h.sqlite.readStream('party-party-reused')).toEqual([]);
    // 1 source + 12 parties: nothing of the two refused commands.
    expect(await h.eventCount()).toBe(13);
    expect(verifyChain(await h.sqlite.readAll())).toMatchObject({ ok: true });
  });

  it('acknowledges each command with its own stream, revision and position, all from one commit', async () => {
    groups.length = 0;
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) => h.run('register-party', randomUUID(), party(`p-${n}`))));
    expect(groups).toHaveLength(1);
    expect(results.map((r) => r.stream)).toEqual(Array.from({ length: 8 }, (_, n) => `party-p-${n}`));
    expect(new Set(results.map((r) => r.position)).size).toBe(8);
    for (const result of results) {
      const [stored] = await h.sqlite.readStream(result.stream);
      expect(stored!.position).toBe(result.position);
    }
  });

  it('a command alone is committed alone, without waiting for others', async () => {
    groups.length = 0;
    await h.run('register-party', randomUUID(), party('alone'));
    await h.run('register-party', randomUUID(), party('after'));
    expect(groups.map((g) => g.length)).toEqual([1, 1]);
  });
});

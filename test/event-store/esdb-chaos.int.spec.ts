import { ReplaySubject, Subscription, filter as where, firstValueFrom } from 'rxjs';
import { StoredEvent } from '../../src/event-store/event-store.port';
import { EsdbEventStore } from '../../src/event-store/eventstoredb/esdb-event-store';
import { verifyChain } from '../../src/events/verify-chain';
import { TemporalLedger } from '../../src/read-models/temporal-ledger';
import { RecordResult } from '../../src/recording/ledger-command';
import { AppendFault, EsdbTestServer, startEsdbTestServer } from '../esdb-test-server/esdb-test-server';
import { RecordingHarness, startRecording } from '../support/recording-harness';
import { json } from '../support/sample-payloads';
import { stateJson } from '../support/state-json';

const WRITERS = 8;
const MAX_FAULTS = 30;
const COMMANDS = 48;
const FAULTS: readonly AppendFault[] = ['timeout-after-commit', 'drop-after-commit', 'drop-before-commit', 'not-ready', 'too-busy', 'timeout-after-commit'];

/**
 * Eight writers record commands through the recorder against a simulated three-node cluster that loses its
 * leader twice, times appends out after commit and drops connections. Each command is sent by two writers at
 * once (a client and its retry), and a command whose outcome stayed unknown is sent again afterwards, as a
 * client holding an Idempotency-Key would.
 */
describe('EventStoreDB chaos: 8 writers, two leader losses, timeouts after commit, dropped connections', () => {
  let server: EsdbTestServer;
  let store: EsdbEventStore;
  let h: RecordingHarness;

  beforeAll(async () => {
    server = await startEsdbTestServer({ nodes: 3, visibilityDelayMs: 5, replicationLagMs: 25, idCacheSize: 64 });
    store = EsdbEventStore.connect(server.connectionString, { retry: { attempts: 12, baseDelayMs: 10, maxDelayMs: 200 }, deadlineMs: 1_000 });
    h = await startRecording({ wrap: () => store });
  });
  afterAll(async () => {
    await h?.close();
    await store?.close();
    await server?.stop();
  });

  it('stores every acknowledged command exactly once, acknowledges nothing unstored, and the read model equals a rebuild', async () => {
    // The live read model follows the store through the faults, as LedgerFollower does (resuming after a drop).
    const live = new TemporalLedger();
    const followed = new ReplaySubject<bigint | null>(1);
    let subscription: Subscription | undefined;
    let resubscribed = 0;
    const follow = () => {
      subscription = store.subscribeToAll({ fromPosition: live.current.position ?? undefined }).subscribe({
        next: (message) => {
          if (message.kind === 'event') live.apply(message.event);
          followed.next(live.current.position);
        },
        error: () => {
          resubscribed++;
          setTimeout(follow, 50);
        },
      });
    };
    follow();

    await h.run('register-source', 'c0000000-0000-4000-8000-000000000001', json.source());
    const commandId = (n: number) => `c0000000-0000-4000-8000-${(1_000 + n).toString().padStart(12, '0')}`;
    const payload = (n: number) => json.party({ partyId: `party-${n}`, name: { en: `Party ${n}` } });

    const acked = new Map<string, RecordResult[]>();
    const failures = new Map<string, string>();
    const send = async (n: number) => {
      try {
        const result = await h.run('register-party', commandId(n), payload(n));
        acked.set(commandId(n), [...(acked.get(commandId(n)) ?? []), result]);
      } catch (error) {
        failures.set(commandId(n), (error as Error).name);
      }
    };

    // Faults: one every 100 ms (at most MAX_FAULTS), cycling through the kinds; the leader is lost twice.
    let running = true;
    let injected = 0;
    let leaderLosses = 0;
    const chaos = (async () => {
      for (let tick = 0; running; tick++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (injected < MAX_FAULTS) {
          server.cluster.injectAppendFaults([FAULTS[tick % FAULTS.length]!]);
          injected++;
        }
        if (tick === 3 || tick === 9) {
          leaderLosses++;
          await server.cluster.stepDown(60);
        }
      }
    })();

    const started = Date.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        // Writers 2k and 2k+1 send the same commands at the same time.
        for (let n = Math.floor(writer / 2); n < COMMANDS; n += WRITERS / 2) await send(n);
      }),
    );
    // Make sure both leader losses happened while writers were busy or right after.
    while (leaderLosses < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    running = false;
    await chaos;
    const unmet = server.cluster.pendingFaults();
    const unknownOutcomes = [...failures.keys()];

    // A client resends what failed, with the same Idempotency-Key; the store is calm now.
    const failuresBefore = new Map(failures);
    failures.clear();
    for (const id of unknownOutcomes) await send(Number(id.slice(-12)) - 1_000);
    expect([...failures.entries()]).toEqual([]);

    const all = await store.readAll();
    const byId = new Map<string, number>();
    for (const event of all) byId.set(event.id, (byId.get(event.id) ?? 0) + 1);
    const duplicates = [...byId.entries()].filter(([, count]) => count > 1);
    const stored = new Map<string, StoredEvent[]>();
    for (const event of all) {
      const id = String(event.metadata.commandId);
      stored.set(id, [...(stored.get(id) ?? []), event]);
    }

    // Every acknowledged command: its events stored exactly once, where the acknowledgement said.
    for (const [id, results] of acked) {
      const events = stored.get(id) ?? [];
      expect(events.map((e) => e.id)).toEqual(results[0]!.eventIds);
      for (const result of results) expect(result.eventIds).toEqual(results[0]!.eventIds);
    }
    // Nothing stored that no one was told about: every stored command was acknowledged (some only on resend).
    for (const id of stored.keys()) if (id !== 'c0000000-0000-4000-8000-000000000001') expect(acked.has(id)).toBe(true);
    expect(acked.size).toBe(COMMANDS);
    expect(duplicates).toEqual([]);
    expect(verifyChain(all)).toMatchObject({ ok: true });

    // The live model, once it has seen the head, equals one rebuilt from the log.
    const head = all[all.length - 1]!.position;
    await firstValueFrom(followed.pipe(where((position) => position !== null && position >= head)));
    subscription?.unsubscribe();
    const rebuilt = new TemporalLedger();
    for (const event of all) rebuilt.apply(event);
    expect(stateJson(live.current)).toEqual(stateJson(rebuilt.current));

    const kinds = new Map<string, number>();
    for (const name of failuresBefore.values()) kinds.set(name, (kinds.get(name) ?? 0) + 1);
    console.log(
      [
        `chaos: ${WRITERS} writers, ${COMMANDS} commands sent twice each in ${Date.now() - started} ms`,
        `faults injected ${injected} (met ${injected - unmet}), leader losses ${leaderLosses}, subscription resumed ${resubscribed}x`,
        `acknowledged ${[...acked.values()].reduce((sum, r) => sum + r.length, 0)} sends (${[...acked.values()].flat().filter((r) => r.replayed).length} as replays)`,
        `failed during chaos ${failuresBefore.size} (${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}), all stored once after a resend`,
        `events stored ${all.length}, duplicate ids ${duplicates.length}, verify ok`,
      ].join('\n'),
    );
  }, 60_000);
});

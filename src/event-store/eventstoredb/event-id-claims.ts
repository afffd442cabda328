import { randomUUID } from 'node:crypto';
import {
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import { StoreUnavailableError } from '../event-store.errors';

/**
 * Why claims exist
 * ----------------
 * The store port promises that an event id is unique across the whole store: a command id (the HTTP API's
 * Idempotency-Key) reused for a command on another stream must be refused, not appended. SQLite enforces it with
 * a UNIQUE(id) column. EventStoreDB does not: its idempotency looks at event ids within one stream only, and the
 * 6.2.1 client has no multi-stream transaction (and the server no cross-stream unique index) that could check an
 * id in every stream and append in one atomic step.
 *
 * So before an append, the adapter claims each of the batch's event ids in a stream of its own,
 * `ledger-event-id-<uuid>`, with expected revision no_stream: EventStoreDB's optimistic concurrency on that one
 * stream makes exactly one writer the first claimant of an id. The claim event's data names the stream the id is
 * meant for. When the claim stream already exists, its last event says who holds the id:
 * - the same stream: go on (a retry or a concurrent duplicate of the same append; the stream's own idempotency
 *   and the adapter's retry check decide the rest);
 * - another stream that stores the id: the id is taken, DuplicateEventError, nothing appended;
 * - another stream that does not store the id (the holder's append is in flight, or failed or crashed after its
 *   claim): while the claim is younger than the lease it is respected (DuplicateEventError); once older it is an
 *   orphan and is taken over by appending a new claim at the claim stream's current revision, so two writers
 *   taking over the same orphan cannot both win.
 *
 * Claim streams and events never leave the adapter (reads, subscriptions, health and positions skip them) and
 * the prefix is reserved: the adapter refuses appends to it.
 *
 * Remaining race window
 * ---------------------
 * Claim and append are two writes, not one transaction. (1) A writer that stalls for longer than the lease
 * between its claim and its append (a long GC pause, a partition, a client clock running ahead of the server's
 * by more than the lease) can have its claim taken over by an append to another stream; both appends then land and the id is stored twice. (2) A crash or
 * a failed append between claim and append leaves an orphan claim: the id cannot be used on another stream
 * until the lease has passed (the same stream may retry at once). Orphans left by a failed append are harmless
 * otherwise and are never deleted.
 *
 * A claim's age is measured on the server's clock only: the claim's `created` against the `created` of a probe
 * event written to `ledger-event-id-clock` when a takeover is considered (rare: only for a claim whose stream does
 * not hold the id). The application's clock, which may be off from the leader's by any amount, plays no part.
 *
 * Faults: every claim read and write goes to the leader (`requiresLeader`); a claim stream that exists but cannot
 * be read yet (written, not yet indexed) is not a refusal: the claim fails with StoreUnavailableError and the
 * adapter tries again after a backoff, like after any other fault with an unknown outcome. A claim append whose
 * outcome is unknown is simply repeated: a repeat either lands once (no_stream / exact revision) or finds the
 * claim it made.
 */
export const CLAIM_STREAM_PREFIX = 'ledger-event-id-';
export const CLAIM_EVENT_TYPE = 'LedgerEventIdClaimed';
export const DEFAULT_CLAIM_LEASE_MS = 30_000;
/** Where the server's clock is read (a claim stream by name, so it never leaves the adapter). */
export const CLOCK_STREAM = `${CLAIM_STREAM_PREFIX}clock`;
const CLOCK_EVENT_TYPE = 'LedgerClockProbed';

/** Attempts at one id's claim when other writers keep taking it over under us. */
const CLAIM_ATTEMPTS = 3;

export function claimStreamOf(eventId: string): string {
  return `${CLAIM_STREAM_PREFIX}${eventId.toLowerCase()}`;
}

export function isClaimStream(stream: string): boolean {
  return stream.startsWith(CLAIM_STREAM_PREFIX);
}

/** Why an id could not be claimed for a stream. */
export interface ClaimRefusal {
  readonly eventId: string;
  readonly holder: string;
  /** True when the holder stream stores the id; false when the holder's claim is younger than the lease. */
  readonly stored: boolean;
}

interface CurrentClaim {
  readonly revision: bigint;
  readonly stream: string;
  readonly created: Date;
}

export interface EventIdClaimsOptions {
  /** How long a claim whose stream does not hold the id is respected before it may be taken over (ms). */
  readonly leaseMs: number;
  /** Whether `stream` stores an event with `eventId`. */
  readonly holds: (stream: string, eventId: string) => Promise<boolean>;
  /** Deadline of each call (ms). */
  readonly deadlineMs: number;
}

export class EventIdClaims {
  private readonly call: { requiresLeader: true; deadline: number };

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventIdClaimsOptions,
  ) {
    this.call = { requiresLeader: true, deadline: options.deadlineMs };
  }

  /** Claims every id for `stream`, in parallel; answers the ids held elsewhere (empty: all claimed). */
  async claimAll(stream: string, eventIds: readonly string[]): Promise<ClaimRefusal[]> {
    const outcomes = await Promise.allSettled(eventIds.map((id) => this.claim(stream, id.toLowerCase())));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' && outcome.value ? [outcome.value] : []));
  }

  private async claim(stream: string, eventId: string): Promise<ClaimRefusal | null> {
    const claimStream = claimStreamOf(eventId);
    let expected: AppendExpectedRevision = NO_STREAM;
    let current: CurrentClaim | null = null;
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      try {
        await this.client.appendToStream(claimStream, jsonEvent({ type: CLAIM_EVENT_TYPE, data: { stream, eventId } }), {
          expectedRevision: expected,
          ...this.call,
        });
        return null;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
      current = await this.current(claimStream);
      if (current === null) {
        // It exists (the append conflicted) but cannot be read yet: whose it is is unknown, not refused.
        throw new StoreUnavailableError(`the claim of event id ${eventId} is written but not readable yet`);
      }
      if (current.stream === stream) return null;
      if (current.stream !== '' && (await this.options.holds(current.stream, eventId))) return { eventId, holder: current.stream, stored: true };
      if ((await this.serverNow()) - current.created.getTime() < this.options.leaseMs) return { eventId, holder: current.stream, stored: false };
      // An orphan: take it over, unless someone else appends to the claim stream first.
      expected = current.revision;
    }
    return { eventId, holder: current?.stream ?? 'another stream', stored: false };
  }

  private async current(claimStream: string): Promise<CurrentClaim | null> {
    let current: CurrentClaim | null = null;
    try {
      // Read to the end of the (one-event) read: leaving a `for await` early leaves the gRPC call open, and an
      // open call keeps the client's dispose() waiting.
      for await (const resolved of this.client.readStream(claimStream, { direction: BACKWARDS, fromRevision: END, maxCount: 1, ...this.call })) {
        const event = resolved.event;
        if (!event || current) continue;
        const data = event.data as { stream?: unknown };
        current = { revision: event.revision, stream: typeof data.stream === 'string' ? data.stream : '', created: event.created };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    return current;
  }

  /** The leader's clock now: the `created` of a probe event it writes (ms since the epoch). */
  private async serverNow(): Promise<number> {
    const probe = randomUUID();
    let probeCreated: number | null = null;
    await this.client.appendToStream(CLOCK_STREAM, jsonEvent({ id: probe, type: CLOCK_EVENT_TYPE, data: {} }), this.call);
    for (let attempt = 0; attempt < 20; attempt++) {
      // Written is not yet readable; the probe is found among the last few (others may probe at once).
      try {
        for await (const resolved of this.client.readStream(CLOCK_STREAM, { direction: BACKWARDS, fromRevision: END, maxCount: 32, ...this.call })) {
          if (resolved.event?.id === probe) probeCreated = resolved.event.created.getTime();
        }
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      if (probeCreated !== null) return probeCreated;
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
    }
    throw new StoreUnavailableError('the server clock probe did not become readable');
  }
}

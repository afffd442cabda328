import { randomUUID } from 'node:crypto';
import { JsonObject, StoredEvent } from '../../../src/event-store/event-store.port';
import { GENESIS_HASH, envelope } from '../../../src/events/envelope';
import { LogVerifier } from '../../../src/auditing/log-verifier';
import { KeyObject, createPublicKey } from 'node:crypto';
import { ImportedFrom, SEAL_STREAM, sealEvent, signerOf, withOrigin } from '../../../src/auditing/seal';

/**
 * Builds a stored log in memory, as a store would hold it: events enveloped by the ledger's own envelope helper
 * (deterministic ids, metadata, per-stream hash chain), positions and recorded times assigned in order, and seals
 * made the way SealService makes them.
 */
export class LogBuilder {
  readonly events: StoredEvent[] = [];
  private position = 0n;
  private time = Date.parse('2025-01-01T00:00:00.000Z');

  constructor(private readonly positionStep = 1n) {}

  /** Continues an existing log (e.g. one just re-imported). */
  static of(events: readonly StoredEvent[], positionStep = 1n): LogBuilder {
    const builder = new LogBuilder(positionStep);
    builder.events.push(...events);
    const last = events[events.length - 1];
    if (last) {
      builder.position = last.position;
      builder.time = last.recordedAt.getTime();
    }
    return builder;
  }

  private nextPosition(): bigint {
    this.position += this.positionStep;
    return this.position;
  }

  private nextTime(): Date {
    this.time += 1000;
    return new Date(this.time);
  }

  private head(stream: string): StoredEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i]!.stream === stream) return this.events[i];
    return undefined;
  }

  /** Appends one PartyRegistered-like event (or another type) to a stream. */
  append(stream: string, data: JsonObject = { partyId: stream, name: { en: stream }, kind: 'state' }, type = 'PartyRegistered'): StoredEvent {
    const head = this.head(stream);
    const [event] = envelope({
      stream,
      firstRevision: head ? head.revision + 1n : 0n,
      prevHash: head ? String((head.metadata.chain as { hash: string }).hash) : GENESIS_HASH,
      commandId: randomUUID(),
      correlationId: 'c',
      causationId: 'c',
      actor: 'test',
      issuedAt: new Date('2025-01-01T00:00:00Z'),
      sources: [],
      events: [{ type, data }],
    });
    const stored: StoredEvent = {
      id: event!.id,
      stream,
      revision: head ? head.revision + 1n : 0n,
      position: this.nextPosition(),
      recordedAt: this.nextTime(),
      type: event!.type,
      data: event!.data,
      metadata: event!.metadata,
    };
    this.events.push(stored);
    return stored;
  }

  /** Seals the state after the first `coveredCount` events (default: all so far), appended now. */
  seal(options: { coveredCount?: number; importedFrom?: ImportedFrom; signingKey?: KeyObject } = {}): StoredEvent {
    const verifier = new LogVerifier();
    for (const event of this.events.slice(0, options.coveredCount ?? this.events.length)) verifier.push(event);
    const signer = options.signingKey ? signerOf(createPublicKey(options.signingKey)) : undefined;
    const { data, sealRevision, sealPrevHash } = verifier.sealData({ importedFrom: options.importedFrom, signer });
    // Seals made after the covered state chain from the latest seal in the whole log.
    const sealHead = this.head(SEAL_STREAM);
    const revision = sealHead ? sealHead.revision + 1n : 0n;
    const prevHash = sealHead ? String((sealHead.metadata.chain as { hash: string }).hash) : GENESIS_HASH;
    if ((sealRevision === null ? -1n : sealRevision) !== revision - 1n || (sealPrevHash ?? GENESIS_HASH) !== prevHash) {
      throw new Error('a seal landed between the covered state and this seal');
    }
    const { hash: _hash, ...event } = sealEvent({ data, revision, prevHash, actor: 'auditor', issuedAt: new Date('2025-01-01T00:00:00Z'), signingKey: options.signingKey });
    const stored: StoredEvent = {
      id: event.id,
      stream: SEAL_STREAM,
      revision,
      position: this.nextPosition(),
      recordedAt: this.nextTime(),
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    };
    this.events.push(stored);
    return stored;
  }

  /** A deep copy of the events, to tamper with. */
  copy(): StoredEvent[] {
    return this.events.map((event) => ({ ...event, data: JSON.parse(JSON.stringify(event.data)), metadata: JSON.parse(JSON.stringify(event.metadata)) }));
  }

  /**
   * The same events as another store holds them after `import-log`: new positions and recorded times, the old
   * ones kept as the events' origins.
   */
  reimported(firstPosition: bigint, step: bigint, firstTime: string): StoredEvent[] {
    let time = Date.parse(firstTime);
    return this.events.map((event, i) => ({
      ...event,
      metadata: withOrigin(event.metadata, event.position, event.recordedAt),
      position: firstPosition + BigInt(i) * step,
      recordedAt: new Date(time++),
    }));
  }
}

import { StoredEvent } from '../event-store/event-store.port';
import { GENESIS_HASH, chainHash, chainLinkIn } from './envelope';

export type ChainBreakReason = 'missing-chain' | 'revision-gap' | 'prev-mismatch' | 'hash-mismatch';

export interface ChainBreak {
  readonly ok: false;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly position: bigint;
  readonly reason: ChainBreakReason;
  readonly message: string;
}

export type ChainVerdict = { readonly ok: true; readonly checked: number } | ChainBreak;

/**
 * Checks events one at a time, remembering each stream's head, so a log can be verified page by page.
 * Streams must be fed from revision 0 in order (as a forwards read of `$all` or of one stream gives them).
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: bigint; hash: string }>();
  private count = 0;

  get checked(): number {
    return this.count;
  }

  /**
   * Returns the break this event causes, or undefined when it chains correctly. `hashAhead` is the event's hash as
   * computed elsewhere from its own stored `prev` (verify's read-ahead thread): the same value `chainHash` gives
   * here, so it stands in for computing it again; `prev` is still checked against the stream's previous event.
   */
  push(event: StoredEvent, hashAhead?: string): ChainBreak | undefined {
    const broken = (reason: ChainBreakReason, message: string): ChainBreak => ({
      ok: false,
      stream: event.stream,
      revision: event.revision,
      id: event.id,
      position: event.position,
      reason,
      message,
    });
    const head = this.heads.get(event.stream);
    const expectedRevision = head ? head.revision + 1n : 0n;
    if (event.revision !== expectedRevision) {
      return broken('revision-gap', `expected revision ${expectedRevision} of ${event.stream}, found ${event.revision}`);
    }
    const link = chainLinkIn(event.metadata);
    if (!link) return broken('missing-chain', 'metadata.chain with prev and hash is missing');
    const expectedPrev = head ? head.hash : GENESIS_HASH;
    if (link.prev !== expectedPrev) {
      return broken('prev-mismatch', `chain.prev is ${link.prev}, the previous event's hash is ${expectedPrev}`);
    }
    let recomputed: string;
    try {
      recomputed = hashAhead ?? chainHash(link.prev, event);
    } catch (error) {
      return broken('hash-mismatch', `cannot hash the event: ${(error as Error).message}`);
    }
    if (recomputed !== link.hash) {
      return broken('hash-mismatch', `stored hash ${link.hash} but the content hashes to ${recomputed}`);
    }
    this.heads.set(event.stream, { revision: event.revision, hash: link.hash });
    this.count++;
    return undefined;
  }

  /** Each stream's last verified revision and hash (the input to a seal). */
  streamHeads(): ReadonlyMap<string, { revision: bigint; hash: string }> {
    return this.heads;
  }
}

/** Recomputes every stream's hash chain; names the first broken event, or says ok. */
export function verifyChain(events: readonly StoredEvent[]): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const event of events) {
    const broken = verifier.push(event);
    if (broken) return broken;
  }
  return { ok: true, checked: verifier.checked };
}

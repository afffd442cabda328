import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { EventToAppend, JsonObject, JsonValue, StoredEvent } from '../event-store/event-store.port';
import { canonicalJson, toJsonObject } from './canonical-json';
import { eventDefinition } from './event-catalogue';

/** Hash a stream's first event chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** Namespace for event ids: uuid v5 of `<commandId>/<index>`, so a retried command yields the same ids. */
export const EVENT_ID_NAMESPACE = '5b0f6a52-3c1e-4d6b-9a57-2f1d3c8e7a40';

export interface ChainLink {
  readonly prev: string;
  readonly hash: string;
}

/** The hash-chain link a stored event's metadata holds, when it holds a well-formed one. */
export function chainLinkIn(metadata: JsonObject): ChainLink | undefined {
  const chain = metadata.chain;
  if (typeof chain !== 'object' || chain === null || Array.isArray(chain)) return undefined;
  const { prev, hash } = chain;
  return typeof prev === 'string' && typeof hash === 'string' ? { prev, hash } : undefined;
}

export interface CitationJson {
  readonly sourceId: string;
  readonly quote: string;
  readonly note?: string;
  /** Values this source gives that differ from the fact as recorded (field path → value). */
  readonly claim?: JsonObject;
  /** Where the quote sits in the source's text (UTF-16 offsets), found when the fact was recorded. */
  readonly start?: number;
  readonly end?: number;
}

/** Metadata on every event the ledger writes. */
export interface EventMetadata {
  readonly schemaVersion: number;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** Who issued the command (an API key's name, `fixtures`, a CLI user). */
  readonly actor: string;
  /** When the ledger received the command (ISO 8601); the store's recordedAt is the commit time. */
  readonly issuedAt: string;
  readonly sources: readonly CitationJson[];
  /** SHA-256 of the request that carried the command, when its caller gave one (the HTTP API does). */
  readonly requestSha256?: string;
  readonly chain: ChainLink;
}

export type EventMetadataWithoutChain = Omit<EventMetadata, 'chain'>;

export function eventIdFor(commandId: string, index: number): string {
  return uuidv5(`${commandId}/${index}`, EVENT_ID_NAMESPACE);
}

export interface HashedContent {
  readonly stream: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: JsonObject;
  /** Metadata with or without `chain`; `chain` is never hashed. */
  readonly metadata: JsonObject | EventMetadataWithoutChain;
}

/** sha256(prev + canonical JSON of { stream, revision, type, data, metadata without chain }), hex. */
export function chainHash(prev: string, content: HashedContent): string {
  const { chain: _chain, ...metadata } = content.metadata as Record<string, unknown>;
  const body = canonicalJson({
    stream: content.stream,
    revision: content.revision,
    type: content.type,
    data: content.data,
    metadata,
  });
  return createHash('sha256').update(prev, 'utf8').update(body, 'utf8').digest('hex');
}

/** The previous hash a new event in this stream chains from. */
export function headHash(streamEvents: readonly StoredEvent[]): string {
  const last = streamEvents[streamEvents.length - 1];
  if (!last) return GENESIS_HASH;
  const chain = last.metadata.chain as JsonValue;
  const hash = typeof chain === 'object' && chain !== null && !Array.isArray(chain) ? chain.hash : undefined;
  if (typeof hash !== 'string') throw new Error(`Event ${last.id} in ${last.stream} has no chain hash`);
  return hash;
}

export interface EnvelopeInput {
  readonly stream: string;
  /** Revision the first new event will get (0n for a new stream). */
  readonly firstRevision: bigint;
  /** Hash of the stream's current last event, GENESIS_HASH for a new stream. */
  readonly prevHash: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  readonly issuedAt: Date;
  readonly sources: readonly CitationJson[];
  readonly requestSha256?: string;
  readonly events: readonly { readonly type: string; readonly data: object }[];
}

/** Wraps decided events for the store: deterministic ids, metadata and the per-stream hash chain. */
export function envelope(input: EnvelopeInput): EventToAppend[] {
  let prev = input.prevHash;
  const sources = input.sources.map((citation) => toJsonObject(citation));
  return input.events.map((event, index) => {
    const data = toJsonObject(event.data);
    const metadata: JsonObject = {
      schemaVersion: eventDefinition(event.type).schemaVersion,
      commandId: input.commandId,
      correlationId: input.correlationId,
      causationId: input.causationId,
      actor: input.actor,
      issuedAt: input.issuedAt.toISOString(),
      sources,
      ...(input.requestSha256 === undefined ? {} : { requestSha256: input.requestSha256 }),
    };
    const revision = input.firstRevision + BigInt(index);
    const hash = chainHash(prev, { stream: input.stream, revision, type: event.type, data, metadata });
    const link = { prev, hash };
    prev = hash;
    return { id: eventIdFor(input.commandId, index), type: event.type, data, metadata: { ...metadata, chain: link } };
  });
}

/** Typed view of a stored event's metadata (trusting what the ledger wrote). */
export function metadataOf(event: StoredEvent): EventMetadata {
  return event.metadata as unknown as EventMetadata;
}

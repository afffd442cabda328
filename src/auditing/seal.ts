import { createHash, randomUUID } from 'node:crypto';
import { EventToAppend, JsonObject, JsonValue, StoredEvent } from '../event-store/event-store.port';
import { canonicalJson } from '../events/canonical-json';
import { GENESIS_HASH, chainHash, eventIdFor } from '../events/envelope';
import { merkleRoot } from './merkle';

/** The stream seals are appended to (not `$`-prefixed: the store reserves `$` for itself). */
export const SEAL_STREAM = 'seal-ledger';
export const SEAL_EVENT_TYPE = 'LedgerSealed';
export const SEAL_SCHEMA_VERSION = 1;

/** Where a log imported by `import-log` came from; written into the seal that closes the import. */
export interface ImportedFrom {
  /** Digest of the last seal in the imported export, null when it held none. */
  readonly digest: string | null;
  /** How many events were imported: the first `eventCount` events of this log. */
  readonly eventCount: number;
  /** The export's last global position (in the store it was exported from). */
  readonly lastPosition: string | null;
  /** The running log hash over the export's events, with their original positions and recorded times. */
  readonly logHash: string;
  readonly exportedAt: string;
}

/** The data of a `LedgerSealed` event. */
export interface SealData {
  /** Global position of the last event the seal covers (decimal string: positions are 64-bit). */
  readonly sealedPosition: string;
  /** Streams with at least one event at or before `sealedPosition`. */
  readonly streamCount: number;
  /** Events at or before `sealedPosition`, earlier seals included. */
  readonly eventCount: number;
  /** RFC 6962 Merkle root over every stream head (stream, revision, chain hash), streams in code-unit order. */
  readonly merkleRoot: string;
  /** The running log hash after the event at `sealedPosition` (see `logHashStep`). */
  readonly logHash: string;
  /** Digest of the previous seal in this log, null for the first. */
  readonly previousSeal: string | null;
  /** Present on the seal `import-log` appends after restoring an export. */
  readonly importedFrom?: ImportedFrom;
}

export interface StreamHead {
  readonly revision: bigint;
  readonly hash: string;
}

/** The hash the running log hash starts from. */
export const LOG_GENESIS = GENESIS_HASH;

/**
 * One step of the running log hash: sha256(previous + canonical JSON of the event's position, id, stream, revision,
 * recorded time and chain hash). It binds what the per-stream chains cannot: global order, ids and recorded times,
 * so a seal over it catches edited recorded times and deleted, inserted or reordered events before the seal.
 */
export function logHashStep(previous: string, event: StoredEvent, chainHashOfEvent: string): string {
  const body = canonicalJson({
    position: event.position,
    id: event.id,
    stream: event.stream,
    revision: event.revision,
    recordedAt: event.recordedAt.toISOString(),
    hash: chainHashOfEvent,
  });
  return createHash('sha256').update(previous, 'utf8').update(body, 'utf8').digest('hex');
}

/** The Merkle root over stream heads: one leaf per stream, canonical JSON of { stream, revision, hash }. */
export function headsMerkleRoot(heads: ReadonlyMap<string, StreamHead>): string {
  const streams = [...heads.keys()].sort();
  return merkleRoot(streams.map((stream) => canonicalJson({ stream, revision: heads.get(stream)!.revision, hash: heads.get(stream)!.hash })));
}

/** The digest an auditor keeps: `<sealedPosition>:<eventCount>:<seal event's chain hash>`. */
export function formatDigest(data: Pick<SealData, 'sealedPosition' | 'eventCount'>, sealHash: string): string {
  return `${data.sealedPosition}:${data.eventCount}:${sealHash}`;
}

export interface ParsedDigest {
  readonly sealedPosition: string;
  readonly eventCount: number;
  readonly sealHash: string;
}

const DIGEST = /^(\d{1,20}):(\d{1,15}):([0-9a-f]{64})$/;

/** Parses a digest; undefined when the text is not one. */
export function parseDigest(text: string): ParsedDigest | undefined {
  const match = DIGEST.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return { sealedPosition: BigInt(match[1]!).toString(), eventCount: Number(match[2]), sealHash: match[3]! };
}

const HEX64 = /^[0-9a-f]{64}$/;
const POSITION = /^\d{1,20}$/;

function isCount(value: JsonValue | undefined): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads seal data, or explains what is wrong with it. */
export function readSealData(data: JsonObject): { ok: true; seal: SealData } | { ok: false; problem: string } {
  const bad = (problem: string) => ({ ok: false as const, problem });
  const { sealedPosition, streamCount, eventCount, merkleRoot: root, logHash, previousSeal, importedFrom } = data;
  if (typeof sealedPosition !== 'string' || !POSITION.test(sealedPosition)) return bad('sealedPosition is not a position');
  if (!isCount(streamCount)) return bad('streamCount is not a count');
  if (!isCount(eventCount) || eventCount === 0) return bad('eventCount is not a positive count');
  if (typeof root !== 'string' || !HEX64.test(root)) return bad('merkleRoot is not a sha256');
  if (typeof logHash !== 'string' || !HEX64.test(logHash)) return bad('logHash is not a sha256');
  if (previousSeal !== null && (typeof previousSeal !== 'string' || !parseDigest(previousSeal))) {
    return bad('previousSeal is neither null nor a digest');
  }
  let imported: ImportedFrom | undefined;
  if (importedFrom !== undefined) {
    if (typeof importedFrom !== 'object' || importedFrom === null || Array.isArray(importedFrom)) return bad('importedFrom is not an object');
    const { digest, eventCount: count, lastPosition, logHash: originalLogHash, exportedAt } = importedFrom;
    if (digest !== null && (typeof digest !== 'string' || !parseDigest(digest))) return bad('importedFrom.digest is neither null nor a digest');
    if (!isCount(count)) return bad('importedFrom.eventCount is not a count');
    if (lastPosition !== null && (typeof lastPosition !== 'string' || !POSITION.test(lastPosition))) {
      return bad('importedFrom.lastPosition is not a position');
    }
    if (typeof originalLogHash !== 'string' || !HEX64.test(originalLogHash)) return bad('importedFrom.logHash is not a sha256');
    if (typeof exportedAt !== 'string') return bad('importedFrom.exportedAt is not a timestamp');
    imported = { digest, eventCount: count, lastPosition, logHash: originalLogHash, exportedAt };
  }
  return {
    ok: true,
    seal: {
      sealedPosition,
      streamCount,
      eventCount,
      merkleRoot: root,
      logHash,
      previousSeal: previousSeal as string | null,
      ...(imported ? { importedFrom: imported } : {}),
    },
  };
}

/** The chain link of a stored event's metadata, if it has a well-formed one. */
export function chainLinkOf(event: StoredEvent): { prev: string; hash: string } | undefined {
  const chain = event.metadata.chain as JsonValue | undefined;
  if (typeof chain !== 'object' || chain === null || Array.isArray(chain)) return undefined;
  const { prev, hash } = chain;
  return typeof prev === 'string' && typeof hash === 'string' ? { prev, hash } : undefined;
}

export interface SealEventInput {
  readonly data: SealData;
  /** Revision the seal gets in SEAL_STREAM (0n for the first seal). */
  readonly revision: bigint;
  /** Chain hash of the previous seal, GENESIS_HASH for the first. */
  readonly prevHash: string;
  readonly actor: string;
  readonly issuedAt: Date;
  /** Defaults to a fresh UUID. */
  readonly commandId?: string;
}

/** A seal, enveloped like every other event: the same metadata and the same per-stream hash chain. */
export function sealEvent(input: SealEventInput): EventToAppend & { readonly hash: string } {
  const commandId = input.commandId ?? randomUUID();
  const data = JSON.parse(JSON.stringify(input.data)) as JsonObject;
  const metadata: JsonObject = {
    schemaVersion: SEAL_SCHEMA_VERSION,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    actor: input.actor,
    issuedAt: input.issuedAt.toISOString(),
    sources: [],
  };
  const hash = chainHash(input.prevHash, { stream: SEAL_STREAM, revision: input.revision, type: SEAL_EVENT_TYPE, data, metadata });
  return {
    id: eventIdFor(commandId, 0),
    type: SEAL_EVENT_TYPE,
    data,
    metadata: { ...metadata, chain: { prev: input.prevHash, hash } },
    hash,
  };
}

import { KeyObject, createHash, createPublicKey, randomUUID, sign, verify as verifySignature } from 'node:crypto';
import { EventToAppend, JsonObject, JsonValue, StoredEvent } from '../event-store/event-store.port';
import { canonicalJson } from '../events/canonical-json';
import { ChainLink, GENESIS_HASH, chainHash, chainLinkIn, eventIdFor } from '../events/envelope';
import { merkleRoot } from './merkle';

/** The stream seals are appended to (not `$`-prefixed: the store reserves `$` for itself). */
export const SEAL_STREAM = 'seal-ledger';
export const SEAL_EVENT_TYPE = 'LedgerSealed';
export const SEAL_SCHEMA_VERSION = 1;

/**
 * Where a log imported by `import-log` came from; written into the seal that closes the import. Every field is
 * recomputed by `verify` from the imported events' own origins (see `OriginEntry`): none is taken on trust.
 */
export interface ImportedFrom {
  /** Digest of the last seal among the imported events, null when they held none. */
  readonly digest: string | null;
  /** How many events were imported: the first `eventCount` events of this log. */
  readonly eventCount: number;
  /** The last imported event's position in the store it was exported from. */
  readonly lastPosition: string | null;
  /** The running log hash over the imported events with their original positions and recorded times. */
  readonly logHash: string;
  /** When the export was written, as its header says (informative: not checked). */
  readonly exportedAt: string | null;
}

/** The key a seal is signed with: Ed25519, the raw public key in base64 and its fingerprint. */
export interface SealSigner {
  readonly algorithm: 'ed25519';
  readonly publicKey: string;
  readonly fingerprint: string;
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
  /**
   * One 3-byte tag per event the seal newly covers (since the previous seal made in the same store, or from the
   * first event), base64: the first 3 bytes of the running log hash after that event. When the log hash no longer
   * recomputes, the first tag that differs names the first event whose position, id or recorded time changed.
   * Absent from seals made before tags existed: those are still recomputed, but can only name themselves.
   */
  readonly entryTags?: string;
  /** Present on the seal `import-log` appends after restoring an export. */
  readonly importedFrom?: ImportedFrom;
  /** Present on a signed seal: the signature itself is `metadata.chain.signature`, over the seal's chain hash. */
  readonly signer?: SealSigner;
}

/**
 * Where an imported event was before: one entry per import it went through, oldest first, kept by `import-log` in
 * `metadata.chain.origins` (outside the chain hash, like the rest of `chain`, so the event hashes as it always
 * did). A seal made in an earlier store is recomputed from these, and a forged entry breaks that seal.
 */
export interface OriginEntry {
  readonly position: bigint;
  readonly recordedAt: Date;
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
export function logHashStep(previous: string, event: Pick<StoredEvent, 'position' | 'id' | 'stream' | 'revision' | 'recordedAt'>, chainHashOfEvent: string): string {
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

/** The 3-byte tag of a running log hash (see `SealData.entryTags`). */
export function entryTagOf(logHash: string): number {
  return Number.parseInt(logHash.slice(0, 6), 16);
}

export function encodeEntryTags(tags: ArrayLike<number>): string {
  const bytes = Buffer.alloc(tags.length * 3);
  for (let i = 0; i < tags.length; i++) bytes.writeUIntBE(tags[i]!, i * 3, 3);
  return bytes.toString('base64');
}

/** Decodes entry tags; undefined when the text is not base64 of whole 3-byte tags. */
export function decodeEntryTags(text: string): Uint32Array | undefined {
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  const tags = new Uint32Array(bytes.length / 3);
  for (let i = 0; i < tags.length; i++) tags[i] = bytes.readUIntBE(i * 3, 3);
  return tags;
}

/** The origins of an imported event (oldest first), [] for an event recorded in this store, or a problem. */
export function originsOf(event: StoredEvent): { ok: true; origins: OriginEntry[] } | { ok: false; problem: string } {
  const chain = event.metadata.chain as JsonValue | undefined;
  if (typeof chain !== 'object' || chain === null || Array.isArray(chain)) return { ok: true, origins: [] };
  const raw = chain.origins;
  if (raw === undefined) return { ok: true, origins: [] };
  if (!Array.isArray(raw) || raw.length === 0) return { ok: false, problem: 'metadata.chain.origins is not a list of origins' };
  const origins: OriginEntry[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { ok: false, problem: 'an origin is not an object' };
    const { position, recordedAt } = entry;
    if (typeof position !== 'string' || !POSITION.test(position)) return { ok: false, problem: 'an origin’s position is not a position' };
    if (typeof recordedAt !== 'string' || !isCanonicalInstant(recordedAt)) return { ok: false, problem: 'an origin’s recordedAt is not an instant' };
    origins.push({ position: BigInt(position), recordedAt: new Date(recordedAt) });
  }
  return { ok: true, origins };
}

/** The metadata an event gets when `import-log` restores it: its chain link gains where it was before. */
export function withOrigin(metadata: JsonObject, position: bigint, recordedAt: Date): JsonObject {
  const chain = metadata.chain as JsonObject;
  const before = Array.isArray(chain.origins) ? chain.origins : [];
  return { ...metadata, chain: { ...chain, origins: [...before, { position: position.toString(), recordedAt: recordedAt.toISOString() }] } };
}

export function isCanonicalInstant(text: string): boolean {
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}

// ───────────── signatures ─────────────

/** `ed25519-` and the first 32 hex digits of sha256 over the raw 32-byte public key. */
export function fingerprintOf(rawPublicKey: Buffer): string {
  return `ed25519-${createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 32)}`;
}

export function rawPublicKeyOf(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

export function signerOf(publicKey: KeyObject): SealSigner {
  const raw = rawPublicKeyOf(publicKey);
  return { algorithm: 'ed25519', publicKey: raw.toString('base64'), fingerprint: fingerprintOf(raw) };
}

/** Signs a seal's chain hash (its hex text) with an Ed25519 private key; base64. */
export function signSealHash(hash: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64');
}

const keyCache = new Map<string, KeyObject | null>();

/** Checks a seal's signature against the public key the seal names; a problem, or undefined when it holds. */
export function signatureProblem(signer: SealSigner, hash: string, signature: string | undefined): string | undefined {
  if (signature === undefined) return `the seal names signer ${signer.fingerprint} but carries no signature`;
  let key = keyCache.get(signer.publicKey);
  if (key === undefined) {
    const raw = Buffer.from(signer.publicKey, 'base64');
    try {
      key = raw.length === 32 ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' }) : null;
    } catch {
      key = null;
    }
    keyCache.set(signer.publicKey, key);
  }
  if (!key) return 'the seal’s signer public key is not an Ed25519 key';
  if (fingerprintOf(rawPublicKeyOf(key)) !== signer.fingerprint) return `the signer fingerprint ${signer.fingerprint} is not that of the seal’s public key`;
  if (!verifySignature(null, Buffer.from(hash, 'utf8'), key, Buffer.from(signature, 'base64'))) {
    return `the signature is not a valid signature of the seal by ${signer.fingerprint}`;
  }
  return undefined;
}

/** The signature kept in a seal's chain link, if any. */
export function signatureOf(event: StoredEvent): string | undefined {
  const chain = event.metadata.chain as JsonValue | undefined;
  if (typeof chain !== 'object' || chain === null || Array.isArray(chain)) return undefined;
  return typeof chain.signature === 'string' ? chain.signature : undefined;
}

/** The Merkle root over stream heads: one leaf per stream, canonical JSON of { stream, revision, hash }. */
export function headsMerkleRoot(heads: ReadonlyMap<string, StreamHead>): string {
  const streams = [...heads.keys()].sort();
  return merkleRoot(streams.map((stream) => canonicalJson({ stream, revision: heads.get(stream)!.revision, hash: heads.get(stream)!.hash })));
}

/**
 * The digest an auditor keeps: `<sealedPosition>:<eventCount>:<seal event's chain hash>`, and for a signed seal
 * `:<signer fingerprint>` after it.
 */
export function formatDigest(data: Pick<SealData, 'sealedPosition' | 'eventCount'> & { readonly signer?: SealSigner }, sealHash: string): string {
  return `${data.sealedPosition}:${data.eventCount}:${sealHash}${data.signer ? `:${data.signer.fingerprint}` : ''}`;
}

export interface ParsedDigest {
  readonly sealedPosition: string;
  readonly eventCount: number;
  readonly sealHash: string;
  /** The signer's fingerprint, when the digest names one. */
  readonly fingerprint: string | null;
}

const DIGEST = /^(\d{1,20}):(\d{1,15}):([0-9a-f]{64})(?::(ed25519-[0-9a-f]{32}))?$/;

/** Parses a digest; undefined when the text is not one. */
export function parseDigest(text: string): ParsedDigest | undefined {
  const match = DIGEST.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return { sealedPosition: BigInt(match[1]!).toString(), eventCount: Number(match[2]), sealHash: match[3]!, fingerprint: match[4] ?? null };
}

const HEX64 = /^[0-9a-f]{64}$/;
const POSITION = /^\d{1,20}$/;
const FINGERPRINT = /^ed25519-[0-9a-f]{32}$/;

function isCount(value: JsonValue | undefined): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads seal data, or explains what is wrong with it. */
export function readSealData(data: JsonObject): { ok: true; seal: SealData } | { ok: false; problem: string } {
  const bad = (problem: string) => ({ ok: false as const, problem });
  const { sealedPosition, streamCount, eventCount, merkleRoot: root, logHash, previousSeal, importedFrom, entryTags, signer } = data;
  if (typeof sealedPosition !== 'string' || !POSITION.test(sealedPosition)) return bad('sealedPosition is not a position');
  if (!isCount(streamCount)) return bad('streamCount is not a count');
  if (!isCount(eventCount) || eventCount === 0) return bad('eventCount is not a positive count');
  if (typeof root !== 'string' || !HEX64.test(root)) return bad('merkleRoot is not a sha256');
  if (typeof logHash !== 'string' || !HEX64.test(logHash)) return bad('logHash is not a sha256');
  if (previousSeal !== null && (typeof previousSeal !== 'string' || !parseDigest(previousSeal))) {
    return bad('previousSeal is neither null nor a digest');
  }
  if (entryTags !== undefined && (typeof entryTags !== 'string' || !decodeEntryTags(entryTags))) return bad('entryTags is not base64 of 3-byte tags');
  let signedBy: SealSigner | undefined;
  if (signer !== undefined) {
    if (typeof signer !== 'object' || signer === null || Array.isArray(signer)) return bad('signer is not an object');
    const { algorithm, publicKey, fingerprint } = signer;
    if (algorithm !== 'ed25519') return bad('signer.algorithm is not ed25519');
    if (typeof publicKey !== 'string' || typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) return bad('signer has no public key or fingerprint');
    signedBy = { algorithm, publicKey, fingerprint };
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
    if (exportedAt !== null && typeof exportedAt !== 'string') return bad('importedFrom.exportedAt is not a timestamp');
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
      ...(entryTags !== undefined ? { entryTags: entryTags as string } : {}),
      ...(imported ? { importedFrom: imported } : {}),
      ...(signedBy ? { signer: signedBy } : {}),
    },
  };
}

/** The chain link of a stored event's metadata, if it has a well-formed one. */
export function chainLinkOf(event: StoredEvent): ChainLink | undefined {
  return chainLinkIn(event.metadata);
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
  /** Signs the seal: `data.signer` must name this key's public half. */
  readonly signingKey?: KeyObject;
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
  const chain: JsonObject = { prev: input.prevHash, hash };
  if (input.signingKey) chain.signature = signSealHash(hash, input.signingKey);
  return {
    id: eventIdFor(commandId, 0),
    type: SEAL_EVENT_TYPE,
    data,
    metadata: { ...metadata, chain },
    hash,
  };
}

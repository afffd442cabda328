import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Largest power of two strictly smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function treeHash(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leaves[from]!;
  const k = split(n);
  return sha256(NODE, treeHash(leaves, from, from + k), treeHash(leaves, from + k, to));
}

/**
 * Merkle tree hash of RFC 6962 (Certificate Transparency), section 2.1: leaves are hashed as
 * sha256(0x00 ‖ data) and inner nodes as sha256(0x01 ‖ left ‖ right), the left subtree holding the largest power of
 * two of leaves smaller than the total; no leaf is ever duplicated. The empty tree hashes to sha256(""). Hex.
 */
export function merkleRoot(leafData: readonly string[]): string {
  if (leafData.length === 0) return createHash('sha256').digest('hex');
  const leaves = leafData.map((data) => sha256(LEAF, Buffer.from(data, 'utf8')));
  return treeHash(leaves, 0, leaves.length).toString('hex');
}

import { hash } from 'node:crypto';

/**
 * The hashes of an RFC 9162 Merkle tree (§2.1.1), SHA-256, as lowercase hex. Leaves and inner
 * nodes are hashed with different one-byte prefixes so a leaf can never pass for a node (the
 * second-preimage defence of the RFC).
 *
 * @see RFC 9162 §2.1.1
 */

/** MTH({}) = SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_TREE_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const LEAF_PREFIX = Buffer.from([0x00]);

/** SHA-256(0x00 ‖ leaf input), hex. */
export function leafHash(leafInput: Uint8Array): string {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, leafInput]), 'hex');
}

/** SHA-256(0x01 ‖ left ‖ right) of two hex hashes, hex. */
export function nodeHash(left: string, right: string): string {
  // One hex decode of the whole input: the prefix byte is written as "01".
  return hash('sha256', Buffer.from(`01${left}${right}`, 'hex'), 'hex');
}

/** Whether `text` is a hash as they travel here: 64 lowercase hex digits. */
export function isHashHex(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
}

/**
 * MTH(D[n]) of the given leaf hashes, by the definition's recursion (split at the largest power
 * of two below n). Linear in n: meant for tests, small trees and checking the faster structures.
 */
export function merkleRoot(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) return EMPTY_TREE_ROOT;
  return rootOf(leafHashes, 0, leafHashes.length);
}

function rootOf(leaves: readonly string[], start: number, end: number): string {
  if (end - start === 1) return leaves[start];
  const k = largestPowerOfTwoBelow(end - start);
  return nodeHash(rootOf(leaves, start, start + k), rootOf(leaves, start + k, end));
}

/** The largest power of two strictly less than `n` (n ≥ 2): where MTH splits a tree of n leaves. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

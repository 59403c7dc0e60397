import { EMPTY_TREE_ROOT, isHashHex, nodeHash } from './tree-hash';

/**
 * Whether `proof` shows that `leafHash` is leaf `index` of the tree of `treeSize` leaves whose
 * root is `root`. The algorithm of RFC 9162 §2.1.3.2, step by step; malformed input (a hash
 * that is not 64 lowercase hex digits, an index outside the tree) is a failed proof, never an
 * exception, so callers can pass what an untrusted party sent.
 *
 * @see RFC 9162 §2.1.3.2
 */
export function verifyInclusion(leafHash: string, index: number, treeSize: number, proof: readonly string[], root: string): boolean {
  if (!isHashHex(leafHash) || !isHashHex(root) || !proof.every(isHashHex)) return false;
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false; // step 1
  // fn/sn as bigint: the shifts below must not wrap at 32 bits as `>>` on numbers would.
  let fn = BigInt(index); // step 2
  let sn = BigInt(treeSize - 1);
  let r = leafHash; // step 3
  for (const p of proof) {
    // step 4
    if (sn === 0n) return false; // a
    if ((fn & 1n) === 1n || fn === sn) {
      // b: p is a left sibling (or fn is the last node of its level, with no right sibling)
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n; // c
    sn >>= 1n;
  }
  return sn === 0n && r === root; // step 5
}

/**
 * Whether `proof` shows that the tree of `m` leaves with root `oldRoot` is a prefix of the tree
 * of `n` leaves with root `newRoot`: RFC 9162 §2.1.4.2. The RFC's algorithm starts from a
 * non-empty proof (0 < m < n); the edge cases are settled first: m = n holds when the roots are
 * equal and the proof is empty, m = 0 when the proof is empty and `oldRoot` is the empty tree's.
 *
 * @see RFC 9162 §2.1.4.2
 */
export function verifyConsistency(m: number, n: number, proof: readonly string[], oldRoot: string, newRoot: string): boolean {
  if (!isHashHex(oldRoot) || !isHashHex(newRoot) || !proof.every(isHashHex)) return false;
  if (!isSize(m) || !isSize(n) || m > n) return false;
  if (m === n) return proof.length === 0 && oldRoot === newRoot;
  if (m === 0) return proof.length === 0 && oldRoot === EMPTY_TREE_ROOT;
  if (proof.length === 0) return false; // step 1
  // step 2: when m is a power of two, the old tree is one complete subtree of the new one and
  // its root (which the proof leaves out) is the starting point.
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : [...proof];
  let fn = BigInt(m - 1); // step 3
  let sn = BigInt(n - 1);
  while ((fn & 1n) === 1n) {
    // step 4
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]; // step 5
  let sr = path[0];
  for (const c of path.slice(1)) {
    // step 6
    if (sn === 0n) return false; // a
    if ((fn & 1n) === 1n || fn === sn) {
      // b
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n; // c
    sn >>= 1n;
  }
  return fr === oldRoot && sr === newRoot && sn === 0n; // step 7
}

function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isPowerOfTwo(n: number): boolean {
  return (BigInt(n) & (BigInt(n) - 1n)) === 0n;
}

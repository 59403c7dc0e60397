/**
 * An independent RFC 9162 verifier for the test suite: written from the RFC's text, sharing no
 * code with `libs/audit` (it hashes raw bytes with its own SHA-256 calls), so a bug in the code
 * under test cannot hide by being repeated here. Each function follows the numbered steps of
 * its section; keep it that way rather than making it clever.
 *
 * - MTH: RFC 9162 §2.1.1 (Definition of the Merkle Tree)
 * - verifying an inclusion proof: RFC 9162 §2.1.3.2
 * - verifying consistency between two tree heads: RFC 9162 §2.1.4.2
 *
 * Hashes go in and out as lowercase hex, as the ledger's API serves them.
 */
import { createHash } from 'node:crypto';

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
}

/** HASH(0x01 || left || right): an interior node (§2.1.1). */
function interior(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.from([0x01]), left, right);
}

function bytes(hex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`not a lowercase hex SHA-256: ${JSON.stringify(hex)}`);
  return Buffer.from(hex, 'hex');
}

/**
 * MTH(D[n]) of the given leaf inputs (raw bytes), §2.1.1: MTH({}) = HASH(); MTH({d0}) =
 * HASH(0x00 || d0); otherwise, with k the largest power of two smaller than n,
 * MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])).
 */
export function rfc9162TreeHash(leafInputs: readonly Uint8Array[]): string {
  const mth = (d: readonly Uint8Array[]): Buffer => {
    const n = d.length;
    if (n === 0) return sha256();
    if (n === 1) return sha256(Buffer.from([0x00]), Buffer.from(d[0]));
    let k = 1;
    while (k << 1 < n) k <<= 1;
    return interior(mth(d.slice(0, k)), mth(d.slice(k)));
  };
  return mth(leafInputs).toString('hex');
}

/** HASH(0x00 || leaf input), the leaf hash of §2.1.1, as hex. */
export function rfc9162LeafHash(leafInput: Uint8Array): string {
  return sha256(Buffer.from([0x00]), Buffer.from(leafInput)).toString('hex');
}

/**
 * §2.1.3.2: verifies `inclusionPath` for the leaf with hash `leafHashHex` at `leafIndex` in a
 * tree of `treeSize` leaves with root `rootHex`. Sizes are plain numbers below 2^31 here (the
 * RFC's right shifts are written as `>>>`, which is exact in that range; tests stay below it).
 */
export function rfc9162VerifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHashHex: string,
  inclusionPath: readonly string[],
  rootHex: string,
): boolean {
  // 1. Compare leaf_index against tree_size. If leaf_index is greater than or equal to
  //    tree_size, then fail the proof verification.
  if (leafIndex >= treeSize) return false;
  // 2. Set fn to leaf_index and sn to tree_size - 1.
  let fn = leafIndex;
  let sn = treeSize - 1;
  // 3. Set r to hash.
  let r = bytes(leafHashHex);
  // 4. For each value p in the inclusion_path array:
  for (const hex of inclusionPath) {
    const p = bytes(hex);
    // a. If sn is 0, then stop the iteration and fail the proof verification.
    if (sn === 0) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1) === 1 || fn === sn) {
      //  i. Set r to HASH(0x01 || p || r).
      r = interior(p, r);
      //  ii. If LSB(fn) is not set, then right-shift both fn and sn equally until either
      //      LSB(fn) is set or fn is 0.
      if ((fn & 1) === 0) {
        while (!((fn & 1) === 1 || fn === 0)) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
    } else {
      // Otherwise: Set r to HASH(0x01 || r || p).
      r = interior(r, p);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>>= 1;
    sn >>>= 1;
  }
  // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the
  //    root_hash are equal, then the log has proven the inclusion of hash. Otherwise, fail.
  return sn === 0 && r.equals(bytes(rootHex));
}

/**
 * §2.1.4.2: verifies `consistencyPath` between the tree of `first` leaves (root `firstHex`)
 * and the tree of `second` leaves (root `secondHex`). The RFC's algorithm covers
 * 0 < first < second; the trivial cases (first = second: same root, empty path) are settled
 * before it, as the section's preamble leaves them to the verifier.
 */
export function rfc9162VerifyConsistency(
  first: number,
  second: number,
  consistencyPath: readonly string[],
  firstHex: string,
  secondHex: string,
): boolean {
  if (first > second || first <= 0) return false;
  if (first === second) return consistencyPath.length === 0 && firstHex === secondHex;
  // 1. If consistency_path is an empty array, stop and fail the proof verification.
  if (consistencyPath.length === 0) return false;
  let path = consistencyPath.map(bytes);
  // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
  if ((first & (first - 1)) === 0) path = [bytes(firstHex), ...path];
  // 3. Set fn to first - 1 and sn to second - 1.
  let fn = first - 1;
  let sn = second - 1;
  // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
  while ((fn & 1) === 1) {
    fn >>>= 1;
    sn >>>= 1;
  }
  // 5. Set both fr and sr to the first value in the consistency_path array.
  let fr = path[0];
  let sr = path[0];
  // 6. For each subsequent value c in the consistency_path array:
  for (const c of path.slice(1)) {
    // a. If sn is 0, then stop the iteration and fail the proof verification.
    if (sn === 0) return false;
    // b. If LSB(fn) is set, or if fn is equal to sn, then:
    if ((fn & 1) === 1 || fn === sn) {
      //  i. Set fr to HASH(0x01 || c || fr).  ii. Set sr to HASH(0x01 || c || sr).
      fr = interior(c, fr);
      sr = interior(c, sr);
      //  iii. If LSB(fn) is not set, then right-shift both fn and sn equally until either
      //       LSB(fn) is set or fn is 0.
      if ((fn & 1) === 0) {
        while (!((fn & 1) === 1 || fn === 0)) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
    } else {
      // Otherwise: i. Set sr to HASH(0x01 || sr || c).
      sr = interior(sr, c);
    }
    // c. Finally, right-shift both fn and sn one time.
    fn >>>= 1;
    sn >>>= 1;
  }
  // 7. Verify that fr equals first_hash, sr equals second_hash, and sn is 0.
  return fr.equals(bytes(firstHex)) && sr.equals(bytes(secondHex)) && sn === 0;
}

/**
 * RFC 9162 proof verification for the browser: the auditor's page checks the service's proofs
 * itself, trusting only the math and a seal whose signature it checked (seal-verify.ts). Pure:
 * the hash function is injected (WebCrypto's SHA-256 in the page, and in the specs), so this
 * runs wherever `crypto.subtle` does. The service's own verifier (libs/audit) hashes with Node's
 * crypto synchronously and cannot run in a page; this one is written from the RFC's numbered
 * steps as well, with SHA-256 as an async function.
 *
 * Hashes travel as lowercase hex, as the audit API serves them. Malformed input (not 64 hex
 * digits, an index outside the tree) fails the proof; it never throws, as it comes from the
 * party being checked.
 *
 * @see RFC 9162 §2.1 (hashing), §2.1.3.2 (inclusion), §2.1.4.2 (consistency)
 */

/** SHA-256 of some bytes. */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>;

/** SHA-256 through WebCrypto (the page's `crypto.subtle`, or Node's global one). */
export const webCryptoSha256: Sha256 = async (data) => new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as BufferSource));

const HEX64 = /^[0-9a-f]{64}$/;

export function isHash(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** SHA-256(prefix ‖ parts…) as hex. */
async function prefixedHash(sha256: Sha256, prefix: number, ...parts: Uint8Array[]): Promise<string> {
  const input = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  input[0] = prefix;
  let at = 1;
  for (const part of parts) {
    input.set(part, at);
    at += part.length;
  }
  return toHex(await sha256(input));
}

/** The leaf hash of a leaf input given as text: SHA-256(0x00 ‖ UTF-8 of the text). */
export function leafHash(sha256: Sha256, leafInput: string): Promise<string> {
  return prefixedHash(sha256, 0x00, new TextEncoder().encode(leafInput));
}

/** An interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(sha256: Sha256, left: string, right: string): Promise<string> {
  return prefixedHash(sha256, 0x01, fromHex(left), fromHex(right));
}

/** The root of the empty tree: SHA-256 of nothing. */
export async function emptyRoot(sha256: Sha256): Promise<string> {
  return toHex(await sha256(new Uint8Array(0)));
}

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

const odd = (n: bigint) => (n & 1n) === 1n;

/**
 * Whether `proof` shows that the leaf whose hash is `leaf` is leaf `index` of the tree of
 * `treeSize` leaves with root `root` (RFC 9162 §2.1.3.2, step by step).
 */
export async function verifyInclusion(sha256: Sha256, leaf: string, index: number, treeSize: number, proof: readonly string[], root: string): Promise<boolean> {
  if (!isHash(leaf) || !isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  // 1. leaf_index must be below tree_size.
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
  // 2. fn = leaf_index, sn = tree_size - 1 (bigints: the shifts must not wrap at 32 bits).
  let fn = BigInt(index);
  let sn = BigInt(treeSize - 1);
  // 3. r = hash.
  let r = leaf;
  // 4. For each p in the path:
  for (const p of proof) {
    // a. sn = 0 with path left over: fail.
    if (sn === 0n) return false;
    // b. p is the left sibling when fn is a right child, or when fn is the last node of its level.
    if (odd(fn) || fn === sn) {
      r = await nodeHash(sha256, p, r);
      while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(sha256, r, p);
    }
    // c.
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  return sn === 0n && r === root;
}

/**
 * Whether `proof` shows that the tree of `m` leaves with root `oldRoot` is a prefix of the tree
 * of `n` leaves with root `newRoot` (RFC 9162 §2.1.4.2). The RFC's steps cover 0 < m < n; m = n
 * holds with an empty proof and equal roots, m = 0 with an empty proof and the empty tree's root.
 */
export async function verifyConsistency(sha256: Sha256, m: number, n: number, proof: readonly string[], oldRoot: string, newRoot: string): Promise<boolean> {
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (!isSize(m) || !isSize(n) || m > n) return false;
  if (m === n) return proof.length === 0 && oldRoot === newRoot;
  if (m === 0) return proof.length === 0 && oldRoot === (await emptyRoot(sha256));
  // 1. An empty path proves nothing.
  if (proof.length === 0) return false;
  // 2. When m is a power of two the old root is a node of the new tree, left out of the path.
  const path = (m & (m - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  // 3.
  let fn = BigInt(m - 1);
  let sn = BigInt(n - 1);
  // 4.
  while (odd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  let fr = path[0];
  let sr = path[0];
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0n) return false; // a
    if (odd(fn) || fn === sn) {
      // b
      fr = await nodeHash(sha256, c, fr);
      sr = await nodeHash(sha256, c, sr);
      while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = await nodeHash(sha256, sr, c);
    }
    fn >>= 1n; // c
    sn >>= 1n;
  }
  // 7.
  return fr === oldRoot && sr === newRoot && sn === 0n;
}

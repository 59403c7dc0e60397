import { largestPowerOfTwoBelow } from './tree-hash';

/**
 * Where proofs get their node hashes: MTH of the leaves [start, end). A persisted tree answers
 * from its cache of complete subtrees; tests answer with `merkleRoot` of a slice.
 */
export interface SubtreeHashes {
  subtree(start: number, end: number): string;
}

/** A proof was asked for sizes or an index the tree does not have. */
export class InvalidProofRequestError extends Error {
  readonly code = 'invalid_proof_request' as const;
  constructor(reason: string) {
    super(`invalid proof request: ${reason}`);
    this.name = 'InvalidProofRequestError';
  }
}

/**
 * The audit path of leaf `index` in the tree of the first `treeSize` leaves: the sibling
 * subtree roots from the leaf up to the root (RFC 9162 §2.1.3.1, PATH(m, D[n])).
 *
 * @see RFC 9162 §2.1.3.1
 */
export function inclusionProof(index: number, treeSize: number, nodes: SubtreeHashes): string[] {
  checkSize(treeSize);
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new InvalidProofRequestError(`leaf index ${index} is not in a tree of size ${treeSize}`);
  }
  // PATH recurses into the half holding the leaf and appends the other half's root on the way
  // out, so the path lists siblings bottom-up; walking down, collect them and reverse at the end.
  const path: string[] = [];
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      path.push(nodes.subtree(start + k, end));
      end = start + k;
    } else {
      path.push(nodes.subtree(start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/**
 * The consistency proof that the tree of the first `m` leaves is a prefix of the tree of the
 * first `n` (RFC 9162 §2.1.4.1, PROOF(m, D[n]) = SUBPROOF(m, D[n], true)). Empty when m is 0
 * or m = n: there is nothing to prove beyond comparing the roots.
 *
 * @see RFC 9162 §2.1.4.1
 */
export function consistencyProof(m: number, n: number, nodes: SubtreeHashes): string[] {
  checkSize(n);
  if (!Number.isSafeInteger(m) || m < 0 || m > n) throw new InvalidProofRequestError(`old size ${m} is not in 0..${n}`);
  if (m === 0 || m === n) return [];
  // SUBPROOF walked down from D[0:n]; like PATH it emits bottom-up, hence the final reverse.
  const proof: string[] = [];
  let start = 0;
  let end = n;
  let mInSubtree = m;
  let wholeOldTreeIsKnown = true; // SUBPROOF's flag b: the old root is the verifier's own input
  while (mInSubtree !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (mInSubtree <= k) {
      proof.push(nodes.subtree(start + k, end));
      end = start + k;
    } else {
      proof.push(nodes.subtree(start, start + k));
      start += k;
      mInSubtree -= k;
      wholeOldTreeIsKnown = false;
    }
  }
  if (!wholeOldTreeIsKnown) proof.push(nodes.subtree(start, end));
  return proof.reverse();
}

function checkSize(treeSize: number): void {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new InvalidProofRequestError(`tree size ${treeSize} is not a non-negative integer`);
}

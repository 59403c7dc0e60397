import { EMPTY_TREE_ROOT, isHashHex, nodeHash } from './tree-hash';

/** A frontier as JSON: the tree size and the roots of its complete subtrees, largest first. */
export interface MerkleFrontierJson {
  readonly size: number;
  readonly hashes: readonly string[];
}

/** A frontier's JSON did not describe a frontier (wrong number of hashes, a hash not hex). */
export class InvalidMerkleFrontierError extends Error {
  readonly code = 'invalid_merkle_frontier' as const;
  constructor(reason: string) {
    super(`invalid Merkle frontier: ${reason}`);
    this.name = 'InvalidMerkleFrontierError';
  }
}

/**
 * The right edge of an append-only RFC 9162 tree (a "compact range"): the roots of the complete
 * power-of-two subtrees that make up the first `size` leaves, one per set bit of `size`, largest
 * (leftmost) first. That is all it takes to append and to compute the root, so a sealer can keep
 * the whole log's tree head in O(log n) memory and O(1) amortised hashes per leaf.
 */
export class MerkleFrontier {
  private constructor(
    private treeSize: number,
    private readonly hashes: string[],
  ) {}

  /** The frontier of the empty tree. */
  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** Rebuilds a frontier from {@link toJSON}'s output; throws {@link InvalidMerkleFrontierError}. */
  static fromJSON(json: MerkleFrontierJson): MerkleFrontier {
    const { size, hashes } = json ?? ({} as MerkleFrontierJson);
    if (!Number.isSafeInteger(size) || size < 0) throw new InvalidMerkleFrontierError('size is not a non-negative integer');
    if (!Array.isArray(hashes) || !hashes.every(isHashHex)) throw new InvalidMerkleFrontierError('hashes are not hex SHA-256 hashes');
    if (hashes.length !== bitCount(size)) throw new InvalidMerkleFrontierError(`size ${size} needs ${bitCount(size)} hashes, got ${hashes.length}`);
    return new MerkleFrontier(size, [...hashes]);
  }

  /** Number of leaves appended. */
  get size(): number {
    return this.treeSize;
  }

  /** Appends one leaf hash (hex): merges equal-sized subtrees as a binary counter carries. */
  append(leafHashHex: string): void {
    let merged = leafHashHex;
    // Each trailing 1-bit of the old size is a complete subtree of the new leaf's size, waiting
    // for a right sibling: merge it in and carry on.
    for (let s = this.treeSize; s % 2 === 1; s = Math.floor(s / 2)) merged = nodeHash(this.hashes.pop() as string, merged);
    this.hashes.push(merged);
    this.treeSize++;
  }

  /** MTH of the leaves so far: the subtree roots folded right to left. */
  root(): string {
    if (this.hashes.length === 0) return EMPTY_TREE_ROOT;
    let root = this.hashes[this.hashes.length - 1];
    for (let i = this.hashes.length - 2; i >= 0; i--) root = nodeHash(this.hashes[i], root);
    return root;
  }

  toJSON(): MerkleFrontierJson {
    return { size: this.treeSize, hashes: [...this.hashes] };
  }
}

/** Number of 1-bits of a non-negative safe integer (beyond 32 bits too, unlike `>>`). */
function bitCount(n: number): number {
  let count = 0;
  for (let s = n; s > 0; s = Math.floor(s / 2)) count += s % 2;
  return count;
}

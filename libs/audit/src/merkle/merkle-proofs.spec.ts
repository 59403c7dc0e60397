import fc from 'fast-check';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, ROOTS } from '../../../../test/support/rfc6962-vectors';
import { consistencyProof, inclusionProof, InvalidProofRequestError, type SubtreeHashes } from './merkle-proofs';
import { EMPTY_TREE_ROOT, leafHash, merkleRoot } from './tree-hash';
import { verifyConsistency, verifyInclusion } from './verify-proofs';

/** Subtree hashes by the definition: MTH of a slice. */
const treeOf = (leafHashes: readonly string[]): SubtreeHashes => ({
  subtree: (start, end) => merkleRoot(leafHashes.slice(start, end)),
});
const leaves = (count: number) => Array.from({ length: count }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const flipFirstDigit = (hash: string) => `${hash[0] === '0' ? '1' : '0'}${hash.slice(1)}`;
const vectorLeaves = LEAF_INPUTS.map((hex) => leafHash(Buffer.from(hex, 'hex')));
const vectorTree = treeOf(vectorLeaves);

describe('inclusion proofs', () => {
  it.each(INCLUSION_PROOFS)('match the known answer for leaf $index of $size (transparency-dev/merkle)', ({ index, size, proof }) => {
    expect(inclusionProof(index, size, vectorTree)).toEqual(proof);
    expect(verifyInclusion(vectorLeaves[index], index, size, proof, ROOTS[size])).toBe(true);
  });

  it('verify for every leaf of every tree up to 40 leaves', () => {
    const all = leaves(40);
    const tree = treeOf(all);
    for (let size = 1; size <= all.length; size++) {
      const root = merkleRoot(all.slice(0, size));
      for (let index = 0; index < size; index++) {
        expect(verifyInclusion(all[index], index, size, inclusionProof(index, size, tree), root)).toBe(true);
      }
    }
  });

  it('fail for another leaf, index, size or root, or an altered path (property)', () => {
    const sizeAndIndex = fc.integer({ min: 1, max: 200 }).chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 })));
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), ([size, index], pick) => {
        const all = leaves(size + 1);
        const tree = treeOf(all);
        const root = merkleRoot(all.slice(0, size));
        const proof = inclusionProof(index, size, tree);
        expect(verifyInclusion(all[index], index, size, proof, root)).toBe(true);
        expect(verifyInclusion(all[(index + 1) % (size + 1)], index, size, proof, root)).toBe(false);
        if (size > 1) expect(verifyInclusion(all[index], (index + 1) % size, size, proof, root)).toBe(false);
        expect(verifyInclusion(all[index], index, size + 1, proof, merkleRoot(all))).toBe(false);
        expect(verifyInclusion(all[index], index, size, proof, flipFirstDigit(root))).toBe(false);
        if (proof.length > 0) {
          const altered = [...proof];
          altered[pick % proof.length] = flipFirstDigit(altered[pick % proof.length]);
          expect(verifyInclusion(all[index], index, size, altered, root)).toBe(false);
          expect(verifyInclusion(all[index], index, size, proof.slice(1), root)).toBe(false);
        }
        expect(verifyInclusion(all[index], index, size, [...proof, root], root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('fail on malformed input instead of throwing', () => {
    const [leaf] = vectorLeaves;
    expect(verifyInclusion(leaf, 0, 0, [], EMPTY_TREE_ROOT)).toBe(false);
    expect(verifyInclusion(leaf, 1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf, -1, 1, [], leaf)).toBe(false);
    expect(verifyInclusion(leaf.toUpperCase(), 0, 1, [], leaf.toUpperCase())).toBe(false);
    expect(verifyInclusion(leaf, 0, 2, [''], ROOTS[2])).toBe(false);
  });

  it('are refused for an index outside the tree', () => {
    expect(() => inclusionProof(3, 3, vectorTree)).toThrow(InvalidProofRequestError);
    expect(() => inclusionProof(0, 0, vectorTree)).toThrow(InvalidProofRequestError);
    expect(() => inclusionProof(-1, 3, vectorTree)).toThrow(InvalidProofRequestError);
  });
});

describe('consistency proofs', () => {
  it.each(CONSISTENCY_PROOFS)('match the known answer from $m to $n leaves (transparency-dev/merkle)', ({ m, n, proof }) => {
    expect(consistencyProof(m, n, vectorTree)).toEqual(proof);
    expect(verifyConsistency(m, n, proof, ROOTS[m], ROOTS[n])).toBe(true);
  });

  it('verify between every pair of sizes m ≤ n up to 40 leaves', () => {
    const all = leaves(40);
    const tree = treeOf(all);
    const roots = Array.from({ length: all.length + 1 }, (_, n) => merkleRoot(all.slice(0, n)));
    for (let n = 0; n <= all.length; n++) {
      for (let m = 0; m <= n; m++) {
        expect(verifyConsistency(m, n, consistencyProof(m, n, tree), roots[m], roots[n])).toBe(true);
      }
    }
  });

  it('fail on a wrong old or new root, other sizes, or an altered proof (property)', () => {
    const sizes = fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(sizes, fc.nat(), ([m, n], pick) => {
        const all = leaves(n + 1);
        const tree = treeOf(all);
        const oldRoot = merkleRoot(all.slice(0, m));
        const newRoot = merkleRoot(all.slice(0, n));
        const proof = consistencyProof(m, n, tree);
        expect(verifyConsistency(m, n, proof, oldRoot, newRoot)).toBe(true);
        expect(verifyConsistency(m, n, proof, flipFirstDigit(oldRoot), newRoot)).toBe(false);
        expect(verifyConsistency(m, n, proof, oldRoot, flipFirstDigit(newRoot))).toBe(false);
        // The old tree with its last leaf replaced: the rewrite a consistency proof exists to catch.
        const rewritten = merkleRoot([...all.slice(0, m - 1), all[n]]);
        expect(verifyConsistency(m, n, proof, rewritten, newRoot)).toBe(false);
        if (m < n) {
          expect(verifyConsistency(m, n + 1, proof, oldRoot, merkleRoot(all))).toBe(false);
          expect(verifyConsistency(m, n, [], oldRoot, newRoot)).toBe(false);
          const altered = [...proof];
          altered[pick % proof.length] = flipFirstDigit(altered[pick % proof.length]);
          expect(verifyConsistency(m, n, altered, oldRoot, newRoot)).toBe(false);
          expect(verifyConsistency(m, n, [...proof, newRoot], oldRoot, newRoot)).toBe(false);
        }
        if (m > 1) expect(verifyConsistency(m - 1, n, proof, oldRoot, newRoot)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('settle the edge cases: equal sizes need equal roots, the empty tree its own root, no shrinking', () => {
    expect(verifyConsistency(0, 0, [], EMPTY_TREE_ROOT, EMPTY_TREE_ROOT)).toBe(true);
    expect(verifyConsistency(0, 5, [], EMPTY_TREE_ROOT, ROOTS[5])).toBe(true);
    expect(verifyConsistency(0, 5, [], ROOTS[1], ROOTS[5])).toBe(false);
    expect(verifyConsistency(0, 5, [EMPTY_TREE_ROOT], EMPTY_TREE_ROOT, ROOTS[5])).toBe(false);
    expect(verifyConsistency(3, 3, [], ROOTS[3], ROOTS[3])).toBe(true);
    expect(verifyConsistency(3, 3, [], ROOTS[3], ROOTS[4])).toBe(false);
    expect(verifyConsistency(3, 3, [ROOTS[3]], ROOTS[3], ROOTS[3])).toBe(false);
    expect(verifyConsistency(4, 3, consistencyProof(3, 4, vectorTree), ROOTS[4], ROOTS[3])).toBe(false);
    expect(() => consistencyProof(4, 3, vectorTree)).toThrow(InvalidProofRequestError);
  });
});

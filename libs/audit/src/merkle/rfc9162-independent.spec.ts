import fc from 'fast-check';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, ROOTS } from '../../../../test/support/rfc6962-vectors';
import {
  rfc9162LeafHash,
  rfc9162TreeHash,
  rfc9162VerifyConsistency,
  rfc9162VerifyInclusion,
} from '../../../../test/support/rfc9162-verifier';
import { ledgerLeafHash, ledgerLeafInput } from './ledger-leaf';
import { MerkleFrontier } from './merkle-frontier';
import { consistencyProof, inclusionProof, type SubtreeHashes } from './merkle-proofs';
import { leafHash, merkleRoot } from './tree-hash';

/**
 * The ledger's tree, roots and proofs checked by the independent verifier in
 * test/support/rfc9162-verifier.ts (written from RFC 9162 §2.1, sharing no code with this lib):
 * roots against its MTH of the raw leaf inputs, proofs against its §2.1.3.2 and §2.1.4.2.
 */

const inputsOf = (count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`event ${i}`, 'utf8'));
const treeOf = (leafHashes: readonly string[]): SubtreeHashes => ({ subtree: (s, e) => merkleRoot(leafHashes.slice(s, e)) });

describe('the independent verifier itself', () => {
  const vectorInputs = LEAF_INPUTS.map((hex) => Buffer.from(hex, 'hex'));

  it('computes the known roots (transparency-dev/merkle) for 0..8 leaves', () => {
    ROOTS.forEach((root, n) => expect(rfc9162TreeHash(vectorInputs.slice(0, n))).toBe(root));
  });

  it('accepts the known proofs and refuses them with a wrong root', () => {
    for (const { index, size, proof } of INCLUSION_PROOFS) {
      const leaf = rfc9162LeafHash(vectorInputs[index]);
      expect(rfc9162VerifyInclusion(index, size, leaf, proof, ROOTS[size])).toBe(true);
      expect(rfc9162VerifyInclusion(index, size, leaf, proof, ROOTS[size - 1])).toBe(false);
    }
    for (const { m, n, proof } of CONSISTENCY_PROOFS) {
      expect(rfc9162VerifyConsistency(m, n, proof, ROOTS[m], ROOTS[n])).toBe(true);
      expect(rfc9162VerifyConsistency(m, n, proof, ROOTS[m - 1], ROOTS[n])).toBe(false);
    }
  });
});

describe('the ledger tree, checked by the independent verifier', () => {
  const inputs = inputsOf(64);
  const hashes = inputs.map((input) => leafHash(input));
  const tree = treeOf(hashes);
  const roots = Array.from({ length: inputs.length + 1 }, (_, n) => rfc9162TreeHash(inputs.slice(0, n)));

  it('has the roots of the definition, from merkleRoot and from the frontier, for 0..64 leaves', () => {
    const frontier = MerkleFrontier.empty();
    roots.forEach((root, n) => {
      expect(merkleRoot(hashes.slice(0, n))).toBe(root);
      expect(frontier.root()).toBe(root);
      if (n < hashes.length) frontier.append(hashes[n]);
    });
  });

  it('gives inclusion proofs that verify for every leaf of every size up to 64', () => {
    for (let size = 1; size <= inputs.length; size++) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(index, size, tree);
        expect(rfc9162VerifyInclusion(index, size, rfc9162LeafHash(inputs[index]), proof, roots[size])).toBe(true);
      }
    }
  });

  it('gives consistency proofs that verify for every 0 < m ≤ n ≤ 64', () => {
    for (let n = 1; n <= inputs.length; n++) {
      for (let m = 1; m <= n; m++) {
        expect(rfc9162VerifyConsistency(m, n, consistencyProof(m, n, tree), roots[m], roots[n])).toBe(true);
      }
    }
  });

  it('gives proofs that verify in larger trees, and not against the older root or an older tree rewritten (property)', () => {
    const sizes = fc.integer({ min: 2, max: 1500 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n), fc.nat({ max: n - 1 })));
    fc.assert(
      fc.property(sizes, ([m, n, index]) => {
        const big = inputsOf(n);
        const bigTree = treeOf(big.map((input) => leafHash(input)));
        const [rootM, rootN] = [rfc9162TreeHash(big.slice(0, m)), rfc9162TreeHash(big)];
        const leaf = rfc9162LeafHash(big[index]);
        const inclusion = inclusionProof(index, n, bigTree);
        expect(rfc9162VerifyInclusion(index, n, leaf, inclusion, rootN)).toBe(true);
        expect(rfc9162VerifyInclusion(index, n, leaf, inclusion, rootM)).toBe(false);
        const consistency = consistencyProof(m, n, bigTree);
        expect(rfc9162VerifyConsistency(m, n, consistency, rootM, rootN)).toBe(true);
        expect(rfc9162VerifyConsistency(m, n, consistency, rfc9162TreeHash(big.slice(0, m - 1)), rootN)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('hashes ledger leaves as the RFC leaf hash of the UTF-8 leaf input', () => {
    const event = {
      streamName: 'tokenFamily-ü',
      revision: 7n,
      type: 'TokenRefreshed',
      position: { commit: 2n ** 40n, prepare: 2n ** 40n - 1n },
      contentHash: '0f'.repeat(32),
    };
    expect(ledgerLeafHash(event)).toBe(rfc9162LeafHash(Buffer.from(ledgerLeafInput(event), 'utf8')));
  });
});

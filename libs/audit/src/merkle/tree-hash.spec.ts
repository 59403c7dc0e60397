import { LEAF_INPUTS, NODE_HASHES, ROOTS } from '../../../../test/support/rfc6962-vectors';
import { EMPTY_TREE_ROOT, leafHash, merkleRoot, nodeHash } from './tree-hash';

const leafHashes = LEAF_INPUTS.map((hex) => leafHash(Buffer.from(hex, 'hex')));

describe('RFC 9162 tree hashes (known answers from transparency-dev/merkle)', () => {
  it('hashes each leaf input as SHA-256(0x00 ‖ input)', () => {
    expect(leafHashes).toEqual(NODE_HASHES[0]);
  });

  it('hashes each pair of complete subtrees as SHA-256(0x01 ‖ left ‖ right)', () => {
    for (let level = 1; level < NODE_HASHES.length; level++) {
      NODE_HASHES[level].forEach((hash, i) => {
        expect(nodeHash(NODE_HASHES[level - 1][2 * i], NODE_HASHES[level - 1][2 * i + 1])).toBe(hash);
      });
    }
  });

  it('computes MTH of the first n leaves for n = 0..8, the empty tree being SHA-256("")', () => {
    expect(EMPTY_TREE_ROOT).toBe(ROOTS[0]);
    ROOTS.forEach((root, n) => expect(merkleRoot(leafHashes.slice(0, n))).toBe(root));
  });
});

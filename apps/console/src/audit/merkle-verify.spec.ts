import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, NODE_HASHES, ROOTS } from '../../../../test/support/rfc6962-vectors';
import { emptyRoot, leafHash, nodeHash, verifyConsistency, verifyInclusion, webCryptoSha256 as sha256 } from './merkle-verify';

/** The vectors' leaf inputs are bytes below 0x80: as text, their UTF-8 is the same bytes. */
const asText = (hex: string) => String.fromCharCode(...(hex.match(/../g) ?? []).map((b) => parseInt(b, 16)));

/** Every proof hash with one hex digit changed, one at a time. */
function tampered(proof: readonly string[]): string[][] {
  return proof.map((hash, i) => proof.map((h, j) => (j === i ? (hash[0] === '0' ? '1' : '0') + hash.slice(1) : h)));
}

describe('RFC 9162 verification in the browser (WebCrypto SHA-256), against the RFC 6962 test vectors', () => {
  const leaves: string[] = [];
  beforeAll(async () => {
    for (const input of LEAF_INPUTS) leaves.push(await leafHash(sha256, asText(input)));
  });

  it('hashes leaves with the 0x00 prefix and nodes with 0x01, as the vectors do', async () => {
    expect(leaves).toEqual(NODE_HASHES[0]);
    expect(await nodeHash(sha256, NODE_HASHES[0][0], NODE_HASHES[0][1])).toBe(NODE_HASHES[1][0]);
    expect(await emptyRoot(sha256)).toBe(ROOTS[0]);
  });

  it.each(INCLUSION_PROOFS)('verifies the inclusion of leaf $index in the tree of $size', async ({ index, size, proof }) => {
    expect(await verifyInclusion(sha256, leaves[index], index, size, proof, ROOTS[size])).toBe(true);
  });

  it.each(INCLUSION_PROOFS)('refuses a tampered inclusion proof of leaf $index in the tree of $size', async ({ index, size, proof }) => {
    for (const path of tampered(proof)) expect(await verifyInclusion(sha256, leaves[index], index, size, path, ROOTS[size])).toBe(false);
    const other = (index + 1) % LEAF_INPUTS.length;
    expect(await verifyInclusion(sha256, leaves[other], index, size, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, size, proof, ROOTS[size - 1])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, size, [...proof, NODE_HASHES[0][0]], ROOTS[size])).toBe(false);
    if (proof.length > 0) expect(await verifyInclusion(sha256, leaves[index], index, size, proof.slice(1), ROOTS[size])).toBe(false);
    if (size > 1) expect(await verifyInclusion(sha256, leaves[index], index ^ 1, size, proof, ROOTS[size])).toBe(false);
  });

  it('refuses malformed inclusion input without throwing', async () => {
    const { index, size, proof } = INCLUSION_PROOFS[1];
    expect(await verifyInclusion(sha256, leaves[index], size, size, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], -1, size, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, size, [...proof.slice(1), proof[0].toUpperCase()], ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, size, 'not a list' as never, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, 'xyz', index, size, proof, ROOTS[size])).toBe(false);
  });

  it('refuses a proof longer than the tree is tall, even when the extra step leads to the given root', async () => {
    // Leaf 0 of a one-leaf tree, "proved" into a root built one level above it: the extra step must fail.
    const extra = NODE_HASHES[0][1];
    const above = await nodeHash(sha256, extra, leaves[0]);
    expect(await verifyInclusion(sha256, leaves[0], 0, 1, [extra], above)).toBe(false);
  });

  it('refuses a truncated inclusion proof that stops at the root of a subtree', async () => {
    // Leaf 0 and its sibling hash to a node of the 8-leaf tree: that is not the tree's root.
    const { proof } = INCLUSION_PROOFS[1];
    expect(await verifyInclusion(sha256, leaves[0], 0, 8, proof.slice(0, 1), NODE_HASHES[1][0])).toBe(false);
  });

  it('refuses fractional or negative sizes and hashes with extra digits without throwing', async () => {
    const { index, size, proof } = INCLUSION_PROOFS[2];
    expect(await verifyInclusion(sha256, leaves[index], index + 0.5, size, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, size + 0.5, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, -1, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, `${leaves[index]}0`, index, size, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, `0${leaves[index]}`, index, size, proof, ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, size, [`${proof[0]}0`, ...proof.slice(1)], ROOTS[size])).toBe(false);
    expect(await verifyInclusion(sha256, leaves[index], index, size, [`0${proof[0]}`, ...proof.slice(1)], ROOTS[size])).toBe(false);
  });

  it.each(CONSISTENCY_PROOFS)('verifies the consistency of the tree of $m with the tree of $n', async ({ m, n, proof }) => {
    expect(await verifyConsistency(sha256, m, n, proof, ROOTS[m], ROOTS[n])).toBe(true);
  });

  it.each(CONSISTENCY_PROOFS.filter(({ m, n }) => m < n))('refuses a tampered consistency proof from $m to $n', async ({ m, n, proof }) => {
    for (const path of tampered(proof)) expect(await verifyConsistency(sha256, m, n, path, ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, m, n, proof, ROOTS[m - 1], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, m, n, proof, ROOTS[m], ROOTS[n - 1])).toBe(false);
    expect(await verifyConsistency(sha256, m, n, proof.slice(1), ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, m, n, [...proof, NODE_HASHES[0][0]], ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, m, n, [], ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, n, m, proof, ROOTS[n], ROOTS[m])).toBe(false);
  });

  it('refuses a truncated consistency proof that stops at the root of a subtree of the new tree', async () => {
    // From 1 leaf to 8: the first step alone reaches the 2-leaf root, not the 8-leaf one.
    const { proof } = CONSISTENCY_PROOFS[1];
    expect(await verifyConsistency(sha256, 1, 8, proof.slice(0, 1), ROOTS[1], ROOTS[2])).toBe(false);
  });

  it('refuses malformed consistency input without throwing', async () => {
    const { m, n, proof } = CONSISTENCY_PROOFS[2];
    expect(await verifyConsistency(sha256, m, n, [...proof.slice(0, -1), proof[proof.length - 1].toUpperCase()], ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, m, n, 'not a list' as never, ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, m + 0.5, n, proof, ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, m, n + 0.5, proof, ROOTS[m], ROOTS[n])).toBe(false);
    expect(await verifyConsistency(sha256, -1, n, proof, ROOTS[m], ROOTS[n])).toBe(false);
    // A power-of-two old size puts the old root into the path: a malformed one (odd length) is refused, not verified.
    const power = CONSISTENCY_PROOFS[1];
    expect(await verifyConsistency(sha256, power.m, power.n, power.proof, 'abc', ROOTS[power.n])).toBe(false);
    expect(await verifyConsistency(sha256, 3, 3, [], 'abc', 'abc')).toBe(false);
  });

  it('settles the edge sizes: equal trees need equal roots and no path; the empty tree is a prefix of any', async () => {
    expect(await verifyConsistency(sha256, 3, 3, [], ROOTS[3], ROOTS[3])).toBe(true);
    expect(await verifyConsistency(sha256, 3, 3, [], ROOTS[3], ROOTS[4])).toBe(false);
    expect(await verifyConsistency(sha256, 3, 3, [ROOTS[1]], ROOTS[3], ROOTS[3])).toBe(false);
    expect(await verifyConsistency(sha256, 0, 5, [], ROOTS[0], ROOTS[5])).toBe(true);
    expect(await verifyConsistency(sha256, 0, 5, [], ROOTS[1], ROOTS[5])).toBe(false);
    expect(await verifyConsistency(sha256, 0, 5, [ROOTS[5]], ROOTS[0], ROOTS[5])).toBe(false);
  });
});

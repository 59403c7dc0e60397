import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { InvalidMerkleFrontierError, MerkleFrontier } from './merkle-frontier';
import { leafHash, merkleRoot } from './tree-hash';

const leaves = (count: number) => Array.from({ length: count }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

describe('MerkleFrontier', () => {
  it('has the root of the tree of every size it passes through (0..300)', () => {
    const all = leaves(300);
    const frontier = MerkleFrontier.empty();
    expect(frontier.root()).toBe(merkleRoot([]));
    all.forEach((leaf, i) => {
      frontier.append(leaf);
      expect(frontier.size).toBe(i + 1);
      expect(frontier.root()).toBe(merkleRoot(all.slice(0, i + 1)));
    });
  });

  it('keeps one hash per set bit of its size, and round-trips through JSON at any size (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 70 }), fc.uint8Array({ maxLength: 8 }), (inputs, next) => {
        const frontier = MerkleFrontier.empty();
        for (const input of inputs) frontier.append(leafHash(input));
        const json = frontier.toJSON();
        expect(json.hashes).toHaveLength(inputs.length.toString(2).replace(/0/g, '').length);
        const copy = MerkleFrontier.fromJSON(JSON.parse(JSON.stringify(json)));
        expect(copy.root()).toBe(frontier.root());
        // The copy goes on as the original would.
        copy.append(leafHash(next));
        expect(copy.root()).toBe(merkleRoot([...inputs, next].map(leafHash)));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses JSON that does not describe a frontier', () => {
    const hash = createHash('sha256').update('x').digest('hex');
    const bad = [
      { size: 3, hashes: [hash] },
      { size: -1, hashes: [] },
      { size: 1.5, hashes: [hash] },
      { size: 1, hashes: [hash.toUpperCase()] },
      { size: 1, hashes: ['00'] },
      { size: 1 },
      null,
    ];
    for (const json of bad) expect(() => MerkleFrontier.fromJSON(json as never)).toThrow(InvalidMerkleFrontierError);
  });
});

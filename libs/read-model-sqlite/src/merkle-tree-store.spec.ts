import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { consistencyProof, inclusionProof, leafHash, merkleRoot, type SubtreeHashes } from '@ledger/audit';
import { MerkleTreeStore, MerkleTreeStoreError, type MerkleLeaf } from './merkle-tree-store';

/** Leaves at sparse, rising positions (as EventStoreDB's are), hashes of `leaf <i>`. */
const leaves = (count: number, from = 0): MerkleLeaf[] =>
  Array.from({ length: count }, (_, j) => {
    const i = from + j;
    return { position: { commit: BigInt(1000 + 7 * i), prepare: BigInt(1000 + 7 * i - 1) }, leafHash: leafHash(Buffer.from(`leaf ${i}`)) };
  });
const hashesOf = (ls: readonly MerkleLeaf[]) => ls.map((l) => l.leafHash);
const definition = (hashes: readonly string[]): SubtreeHashes => ({ subtree: (s, e) => merkleRoot(hashes.slice(s, e)) });

describe('MerkleTreeStore', () => {
  let store: MerkleTreeStore;
  afterEach(() => store?.close());

  it('has the root of the definition at every size, appended in batches of any size (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }), (batches) => {
        const tree = MerkleTreeStore.open(':memory:');
        try {
          let size = 0;
          for (const count of batches) {
            tree.appendLeaves(leaves(count, size));
            size += count;
          }
          const hashes = hashesOf(leaves(size));
          expect(tree.size()).toBe(size);
          for (let n = 0; n <= size; n++) expect(tree.root(n)).toBe(merkleRoot(hashes.slice(0, n)));
        } finally {
          tree.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same inclusion and consistency proofs as the definition, for random sizes (property)', () => {
    store = MerkleTreeStore.open(':memory:');
    const all = leaves(700);
    store.appendLeaves(all);
    const reference = definition(hashesOf(all));
    const sizes = fc.integer({ min: 1, max: all.length }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n), fc.nat({ max: n - 1 })));
    fc.assert(
      fc.property(sizes, ([m, n, index]) => {
        expect(inclusionProof(index, n, store)).toEqual(inclusionProof(index, n, reference));
        expect(consistencyProof(m, n, store)).toEqual(consistencyProof(m, n, reference));
        expect(store.subtree(index, n)).toBe(reference.subtree(index, n));
      }),
      { numRuns: 200 },
    );
  });

  it('finds leaves by index and by position', () => {
    store = MerkleTreeStore.open(':memory:');
    const all = leaves(5);
    store.appendLeaves(all);
    expect(store.leafAt(3)).toEqual(all[3]);
    expect(store.leafAt(5)).toBeNull();
    expect(store.leafIndexOf(all[4].position)).toBe(4);
    expect(store.leafIndexOf({ commit: 1001n, prepare: 1000n })).toBeNull();
  });

  it('keeps 64-bit positions exactly', () => {
    store = MerkleTreeStore.open(':memory:');
    const leaf = { position: { commit: 2n ** 62n + 1n, prepare: 2n ** 62n }, leafHash: leafHash(Buffer.from('far')) };
    store.appendLeaves([leaf]);
    expect(store.leafAt(0)).toEqual(leaf);
    expect(store.leafIndexOf(leaf.position)).toBe(0);
  });

  it('refuses leaves out of log order or with a malformed hash, appending none of the batch', () => {
    store = MerkleTreeStore.open(':memory:');
    const all = leaves(4);
    store.appendLeaves(all.slice(0, 2));
    expect(() => store.appendLeaves([all[2], all[1]])).toThrow(MerkleTreeStoreError);
    expect(() => store.appendLeaves([all[2], { ...all[3], leafHash: 'ab' }])).toThrow(MerkleTreeStoreError);
    expect(store.size()).toBe(2);
    expect(store.root()).toBe(merkleRoot(hashesOf(all.slice(0, 2))));
  });

  it('refuses ranges past its leaves', () => {
    store = MerkleTreeStore.open(':memory:');
    store.appendLeaves(leaves(3));
    expect(() => store.root(4)).toThrow(MerkleTreeStoreError);
    expect(() => store.subtree(2, 1)).toThrow(MerkleTreeStoreError);
    expect(() => inclusionProof(0, 4, store)).toThrow();
  });

  it('truncates to any size and grows again to the same roots', () => {
    store = MerkleTreeStore.open(':memory:');
    const all = leaves(37);
    const hashes = hashesOf(all);
    store.appendLeaves(all);
    for (const size of [36, 32, 17, 1, 0]) {
      store.truncate(size);
      expect(store.size()).toBe(size);
      expect(store.root()).toBe(merkleRoot(hashes.slice(0, size)));
      store.appendLeaves(all.slice(size));
      for (let n = size; n <= all.length; n++) expect(store.root(n)).toBe(merkleRoot(hashes.slice(0, n)));
      store.truncate(size);
    }
    store.appendLeaves(all);
    store.reset();
    expect(store.size()).toBe(0);
  });

  describe('in a file', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merkle-tree-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('keeps its leaves and subtrees across a reopen, in a file only its owner can read', () => {
      const file = path.join(dir, 'data', 'merkle-tree.db');
      const all = leaves(50);
      store = MerkleTreeStore.open(file);
      store.appendLeaves(all.slice(0, 30));
      store.close();
      if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

      store = MerkleTreeStore.open(file);
      expect(store.size()).toBe(30);
      expect(store.leafAt(29)).toEqual(all[29]);
      store.appendLeaves(all.slice(30));
      expect(store.root()).toBe(merkleRoot(hashesOf(all)));
      expect(consistencyProof(30, 50, store)).toEqual(consistencyProof(30, 50, definition(hashesOf(all))));
    });

    it('answers complete subtrees from its cache, not by rehashing leaves (hence: never trusted for verification)', () => {
      const file = path.join(dir, 'merkle-tree.db');
      const all = leaves(8);
      store = MerkleTreeStore.open(file);
      store.appendLeaves(all);
      store.close();
      const db = new Database(file);
      db.prepare('UPDATE leaves SET leaf_hash = ? WHERE idx = 0').run(Buffer.alloc(32));
      db.close();

      store = MerkleTreeStore.open(file);
      expect(store.leafAt(0)?.leafHash).toBe('00'.repeat(32));
      expect(store.root(8)).toBe(merkleRoot(hashesOf(all)));
      expect(store.subtree(0, 4)).toBe(merkleRoot(hashesOf(all.slice(0, 4))));
      // Subtrees of two leaves are not stored: [0, 3) is made of leaves 0, 1 and 2, edit included.
      expect(store.root(3)).toBe(merkleRoot(['00'.repeat(32), ...hashesOf(all.slice(1, 3))]));
      expect(store.root(1)).toBe('00'.repeat(32));
    });

    it('is refused to a second opener while open', () => {
      const file = path.join(dir, 'merkle-tree.db');
      store = MerkleTreeStore.open(file);
      expect(() => MerkleTreeStore.open(file)).toThrow(expect.objectContaining({ code: 'read_model_file_in_use' }));
    });
  });
});

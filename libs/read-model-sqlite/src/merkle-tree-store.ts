import Database from 'better-sqlite3';
import { comparePositions, createPrivateFile, type GlobalPosition } from '@ledger/event-sourcing';
// Deep imports: the package index would pull in the audit answers, whose types reach the
// projections and through them this library again (a cycle).
import type { SubtreeHashes } from '@ledger/audit/merkle/merkle-proofs';
import { EMPTY_TREE_ROOT, isHashHex, nodeHash } from '@ledger/audit/merkle/tree-hash';
import { ReadModelOwnerLock } from './read-model-owner-lock';

/** A leaf to append: the event's position in the global log and its leaf hash (hex). */
export interface MerkleLeaf {
  readonly position: GlobalPosition;
  readonly leafHash: string;
}

/** The store was asked for something its tree does not hold, or to append out of log order. */
export class MerkleTreeStoreError extends Error {
  readonly code = 'merkle_tree_store' as const;
  constructor(message: string) {
    super(message);
    this.name = 'MerkleTreeStoreError';
  }
}

const SQLITE_COMPANION_FILES = ['-wal', '-shm', '-journal'] as const;

/**
 * `leaves`: one row per leaf, in log order (`idx` is the leaf index, the rowid). `subtrees`:
 * the root of every complete, aligned power-of-two subtree of four leaves or more (level L,
 * index i covers leaves [i·2^L, (i+1)·2^L)); a leaf is its own level-0 subtree, read from
 * `leaves`. Positions are SQLite integers (64-bit, as EventStoreDB's are).
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS leaves (
  idx         INTEGER PRIMARY KEY,
  commit_pos  INTEGER NOT NULL,
  prepare_pos INTEGER NOT NULL,
  leaf_hash   BLOB    NOT NULL
);
CREATE TABLE IF NOT EXISTS subtrees (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
`;

/**
 * A replica's persisted copy of the ledger's RFC 9162 tree (`merkle-tree.db` beside the read
 * models): derived data, rebuilt from the log when lost, and never trusted by verification,
 * which recomputes from events. It exists so tree heads and proofs of a large log cost
 * O(log n) and O(log² n) lookups instead of rehashing every leaf: appending a leaf also stores
 * each complete subtree it closes (amortised one hash per leaf), and any MTH the RFC's
 * recursions ask for splits into O(log n) of those.
 *
 * One connection, WAL, `synchronous = NORMAL` like the read models: a crash can lose only whole
 * recent transactions, which the owner re-appends from the log. The file is owned by one process
 * at a time (the read models' owner lock), since two appenders would interleave two trees.
 */
export class MerkleTreeStore implements SubtreeHashes {
  private readonly stmt: {
    readonly size: Database.Statement;
    readonly lastLeaf: Database.Statement;
    readonly leafAt: Database.Statement;
    readonly leafHashAt: Database.Statement;
    readonly insertLeaf: Database.Statement;
    readonly subtree: Database.Statement;
    readonly insertSubtree: Database.Statement;
    readonly deleteLeaves: Database.Statement;
    readonly deleteSubtrees: Database.Statement;
  };
  private closed = false;
  /**
   * The roots of the complete subtrees that make up the tree as it stands, largest (leftmost)
   * first: one per set bit of the size. An append merges the new leaf with them, so it reads
   * nothing from the file. `null` until first needed and after a truncation.
   */
  private frontier: string[] | null = null;

  private constructor(
    private readonly db: Database.Database,
    private readonly ownerLock: ReadModelOwnerLock | null,
  ) {
    db.exec(SCHEMA_SQL);
    this.stmt = {
      size: db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) FROM leaves').pluck(),
      lastLeaf: db.prepare('SELECT commit_pos, prepare_pos FROM leaves ORDER BY idx DESC LIMIT 1').raw().safeIntegers(),
      leafAt: db.prepare('SELECT commit_pos, prepare_pos, leaf_hash FROM leaves WHERE idx = ?').raw().safeIntegers(),
      leafHashAt: db.prepare('SELECT leaf_hash FROM leaves WHERE idx = ?').pluck(),
      insertLeaf: db.prepare('INSERT INTO leaves (idx, commit_pos, prepare_pos, leaf_hash) VALUES (?, ?, ?, ?)'),
      subtree: db.prepare('SELECT hash FROM subtrees WHERE level = ? AND idx = ?').pluck(),
      insertSubtree: db.prepare('INSERT INTO subtrees (level, idx, hash) VALUES (?, ?, ?)'),
      deleteLeaves: db.prepare('DELETE FROM leaves WHERE idx >= ?'),
      // A subtree survives a truncation to `size` only if it ends at or before it.
      deleteSubtrees: db.prepare('DELETE FROM subtrees WHERE (idx + 1) * (1 << level) > ?'),
    };
  }

  /**
   * Opens (creating when needed) the tree's file, 0600 like the other stores' files, or an
   * in-memory tree for `':memory:'`.
   *
   * @throws ReadModelFileInUseError when another process (or another open in this one) holds the file
   */
  static open(filename: string): MerkleTreeStore {
    const memory = filename === ':memory:';
    const ownerLock = memory ? null : ReadModelOwnerLock.acquire(filename);
    let db: Database.Database | undefined;
    try {
      if (!memory) createPrivateFile(filename, SQLITE_COMPANION_FILES);
      db = new Database(filename, { timeout: 5000 });
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      return new MerkleTreeStore(db, ownerLock);
    } catch (error) {
      db?.close();
      ownerLock?.release();
      throw error;
    }
  }

  /** Number of leaves. */
  size(): number {
    this.assertOpen();
    return this.stmt.size.get() as number;
  }

  /** The leaf index of the event at `position`, or `null` when it is not a leaf here. */
  leafIndexOf(position: GlobalPosition): number | null {
    this.assertOpen();
    // Leaves are appended in log order, so positions rise with the index: a binary search over
    // the rowid (O(log n) point reads) finds it without a position index to keep up on every append.
    let low = 0;
    let high = this.size() - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const row = this.stmt.leafAt.get(middle) as [bigint, bigint, Buffer];
      const order = comparePositions({ commit: row[0], prepare: row[1] }, position);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return null;
  }

  /** The leaf at `index`, or `null` past the end. */
  leafAt(index: number): MerkleLeaf | null {
    this.assertOpen();
    const row = this.stmt.leafAt.get(index) as [bigint, bigint, Buffer] | undefined;
    return row ? { position: { commit: row[0], prepare: row[1] }, leafHash: row[2].toString('hex') } : null;
  }

  /**
   * Appends leaves after the last one, in one transaction, storing every complete subtree they
   * close. Positions must rise strictly (the global log's commit order).
   *
   * @throws MerkleTreeStoreError when a position does not follow the previous leaf's or a hash is not hex
   */
  appendLeaves(leaves: readonly MerkleLeaf[]): void {
    this.assertOpen();
    if (leaves.length === 0) return;
    let size = this.size();
    const frontier = [...this.frontierAt(size)];
    this.db.transaction(() => {
      const last = this.stmt.lastLeaf.get() as [bigint, bigint] | undefined;
      let previous: GlobalPosition | null = last ? { commit: last[0], prepare: last[1] } : null;
      for (const leaf of leaves) {
        if (!isHashHex(leaf.leafHash)) throw new MerkleTreeStoreError(`leaf ${size}: not a hex SHA-256 hash`);
        if (previous && comparePositions(previous, leaf.position) >= 0) {
          throw new MerkleTreeStoreError(`leaf ${size}: position ${leaf.position.commit}/${leaf.position.prepare} does not follow the previous leaf's`);
        }
        this.stmt.insertLeaf.run(size, leaf.position.commit, leaf.position.prepare, Buffer.from(leaf.leafHash, 'hex'));
        this.storeClosedSubtrees(size, leaf.leafHash, frontier);
        previous = leaf.position;
        size++;
      }
    })();
    // Only once the transaction committed: a failed append leaves the frontier as it was.
    this.frontier = frontier;
  }

  /**
   * MTH of the first `size` leaves (all of them by default): made of the complete subtrees of
   * its binary decomposition, one lookup per set bit of `size`.
   */
  root(size: number = this.size()): string {
    this.assertRange(0, size);
    return size === 0 ? EMPTY_TREE_ROOT : this.subtree(0, size);
  }

  /**
   * MTH of the leaves [start, end). A complete aligned subtree is one lookup; anything else is
   * split as the RFC's MTH splits it (at the largest power of two below its size), so the
   * ranges inclusion and consistency proofs ask for take O(log n) lookups.
   */
  subtree(start: number, end: number): string {
    this.assertRange(start, end);
    if (start === end) return EMPTY_TREE_ROOT;
    return this.hashOf(start, end);
  }

  /** Drops every leaf from index `size` on, and the subtrees that cover any of them. */
  truncate(size: number): void {
    this.assertRange(0, size);
    this.frontier = null;
    this.db.transaction(() => {
      this.stmt.deleteLeaves.run(size);
      this.stmt.deleteSubtrees.run(size);
    })();
  }

  /** Drops the whole tree (a rebuild starts from here). */
  reset(): void {
    this.truncate(0);
  }

  /** Closes the file. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.db.name !== ':memory:') this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
    this.ownerLock?.release();
  }

  private hashOf(start: number, end: number): string {
    const width = end - start;
    if (width === 1) return (this.stmt.leafHashAt.get(start) as Buffer).toString('hex');
    if (isPowerOfTwo(width) && start % width === 0) {
      const cached = this.stmt.subtree.get(Math.log2(width), start / width) as Buffer | undefined;
      if (cached) return cached.toString('hex');
    }
    let k = 1;
    while (k * 2 < width) k *= 2;
    return nodeHash(this.hashOf(start, start + k), this.hashOf(start + k, end));
  }

  /** The frontier (see {@link frontier}) of a tree of `size` leaves, read once from the file. */
  private frontierAt(size: number): readonly string[] {
    if (this.frontier === null) {
      const roots: string[] = [];
      let start = 0;
      for (let width = 2 ** Math.floor(Math.log2(Math.max(size, 1))); width >= 1; width /= 2) {
        if (size - start >= width) {
          roots.push(this.hashOf(start, start + width));
          start += width;
        }
      }
      this.frontier = roots;
    }
    return this.frontier;
  }

  /**
   * Leaf `index` closes one complete subtree per trailing 1-bit of `index`: at level L, the one
   * ending with it, whose left half is the frontier's last root (the level L-1 subtree just
   * before). Subtrees of two leaves are not stored: a proof reads their two leaves instead, and
   * an append writes half as many rows.
   */
  private storeClosedSubtrees(index: number, leafHash: string, frontier: string[]): void {
    let right = leafHash;
    for (let level = 1, n = index; n % 2 === 1; level++, n = Math.floor(n / 2)) {
      right = nodeHash(frontier.pop() as string, right);
      if (level >= 2) this.stmt.insertSubtree.run(level, Math.floor(index / 2 ** level), Buffer.from(right, 'hex'));
    }
    frontier.push(right);
  }

  private assertRange(start: number, end: number): void {
    this.assertOpen();
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end) {
      throw new MerkleTreeStoreError(`no leaf range [${start}, ${end})`);
    }
    const size = this.size();
    if (end > size) throw new MerkleTreeStoreError(`leaf range [${start}, ${end}) goes past the tree's ${size} leaves`);
  }

  private assertOpen(): void {
    if (this.closed) throw new MerkleTreeStoreError('the Merkle tree store is closed');
  }
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

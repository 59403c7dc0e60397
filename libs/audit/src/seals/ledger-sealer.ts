import { randomUUID } from 'node:crypto';
import {
  eventHash,
  WrongExpectedRevisionError,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ledger/event-sourcing';
import type { SealingKey } from '@ledger/token-crypto';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { readDigestLeaves, readLogItems, RemovalRecords } from './ledger-leaves';
import { decideSeal } from './seal-decision';
import { LEDGER_SEALED, LEDGER_SEALS_STREAM, parseLedgerSeal, positionJson, sealPayloadJson, type LedgerSealData } from './seal-format';

/**
 * This replica's copy of the tree's leaves (derived data, rebuilt from the log when lost or
 * found wrong): `MerkleTreeStore` of `@ledger/read-model-sqlite` in the service.
 */
export interface LeafTree {
  size(): number;
  appendLeaves(leaves: readonly { readonly position: GlobalPosition; readonly leafHash: string }[]): void;
  leafAt(index: number): { readonly position: GlobalPosition; readonly leafHash: string } | null | undefined;
  root(size: number): string;
  subtree(start: number, end: number): string;
  reset(): void;
}

/** What one {@link LedgerSealer.seal} did. */
export type SealOutcome =
  | { readonly sealed: LedgerSealData; readonly position: GlobalPosition }
  | { readonly sealed: null; readonly reason: 'nothing_new' | 'conflict' }
  | { readonly sealed: null; readonly reason: 'diverged'; readonly sealTreeSize: number; readonly sealRoot: string; readonly treeRoot: string };

/**
 * Events the sealer reads per page: small, because each page is read and hashed in one go on
 * the service's event loop (the embedded store reads synchronously) while requests wait; a
 * second's worth of refreshes is a few pages, each a few milliseconds.
 */
const SEALER_PAGE_SIZE = 200;

/** Seal attempts per call when other replicas keep winning the race for the next revision. */
const MAX_SEAL_ATTEMPTS = 5;

/**
 * Follows the log and seals it: reads the events after the last one it read (merged with the
 * removal records), adds their leaves to its tree ({@link LeafTree} for proofs, a
 * {@link MerkleFrontier} for the head), and appends a `LedgerSealed` that signs the tree head
 * and chains to the newest seal, expecting the seal stream's revision it read (replicas race;
 * the loser reads the winner's seal and seals again only if it has more leaves).
 *
 * No Nest, no timers: the service's scheduler calls {@link catchUp} and {@link seal}.
 */
export class LedgerSealer {
  private readonly removals = new RemovalRecords();
  private frontier = MerkleFrontier.empty();
  private readPosition: GlobalPosition | 'start' = 'start';
  private lastLeafPosition: GlobalPosition | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly tree: LeafTree,
  ) {}

  /**
   * Resumes from the tree as stored: its head is rebuilt from its complete subtrees, and the
   * log is read again after its last leaf.
   */
  async open(): Promise<void> {
    const size = this.tree.size();
    const hashes: string[] = [];
    let start = 0;
    for (let bit = 2 ** Math.floor(Math.log2(Math.max(size, 1))); bit >= 1; bit /= 2) {
      if (size - start >= bit) {
        hashes.push(this.tree.subtree(start, start + bit));
        start += bit;
      }
    }
    this.frontier = MerkleFrontier.fromJSON({ size, hashes });
    const last = size > 0 ? this.tree.leafAt(size - 1) : undefined;
    this.lastLeafPosition = last?.position ?? null;
    this.readPosition = last?.position ?? 'start';
    await this.removals.refresh(this.store);
    if (this.readPosition !== 'start') this.removals.dropThrough(this.readPosition);
  }

  /** Forgets the stored tree (found not to match the log) and starts again from the log's start. */
  async rebuild(): Promise<void> {
    this.tree.reset();
    this.frontier = MerkleFrontier.empty();
    this.readPosition = 'start';
    this.lastLeafPosition = null;
    await this.removals.refresh(this.store);
  }

  /** Leaves in this replica's tree. */
  get size(): number {
    return this.frontier.size;
  }

  /** The root over the first `size` leaves (the current head without a read). */
  rootAt(size: number): string {
    return size === this.frontier.size ? this.frontier.root() : this.tree.root(size);
  }

  /** Reads the log up to its head and adds the new leaves; resolves to how many were added. */
  async catchUp(): Promise<number> {
    let added = 0;
    for await (const page of this.readLeaves()) {
      const { leaves } = page;
      // The stored tree first: if this throws, the head has not moved past what is stored.
      if (leaves.length > 0) this.tree.appendLeaves(leaves);
      for (const leaf of leaves) this.frontier.append(leaf.leafHash);
      if (leaves.length > 0) this.lastLeafPosition = leaves[leaves.length - 1].position;
      this.readPosition = page.last;
      added += leaves.length;
    }
    return added;
  }

  /** The leaves after the read position, a page at a time: from the writer's hashes where the store keeps them. */
  private async *readLeaves(): AsyncGenerator<{ leaves: { position: GlobalPosition; leafHash: string }[]; last: GlobalPosition }> {
    const { store } = this;
    if (store.readAllDigests) {
      yield* readDigestLeaves(store as EventStore & Required<Pick<EventStore, 'readAllDigests'>>, this.removals, this.readPosition, SEALER_PAGE_SIZE);
      return;
    }
    for await (const page of readLogItems(store, this.removals, this.readPosition, SEALER_PAGE_SIZE)) {
      const leaves: { position: GlobalPosition; leafHash: string }[] = [];
      for (const item of page.items) if (item.leaf) leaves.push({ position: item.position, leafHash: item.leaf.leafHash });
      yield { leaves, last: page.last };
    }
  }

  /**
   * Seals the tree as far as it has read, if the newest seal covers less of it; `now` is the
   * seal's time (the service's clock). Never seals over a newest seal whose root is not this
   * tree's root at its size (`diverged`).
   */
  async seal(key: SealingKey, now: number): Promise<SealOutcome> {
    for (let attempt = 1; attempt <= MAX_SEAL_ATTEMPTS; attempt++) {
      const [latestEvent] = await this.store.readStream(LEDGER_SEALS_STREAM, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
      const latest = latestEvent ? parseLedgerSeal(latestEvent.data) : null;
      if (latestEvent && !latest) return { sealed: null, reason: 'diverged', sealTreeSize: -1, sealRoot: '', treeRoot: this.frontier.root() };
      const head = {
        treeSize: this.frontier.size,
        rootHash: this.frontier.root(),
        lastPosition: this.lastLeafPosition ? positionJson(this.lastLeafPosition) : null,
      };
      const decision = decideSeal(latest, head, (size) => this.rootAt(size), now, key.keyId);
      if (decision.action === 'none') return { sealed: null, reason: 'nothing_new' };
      if (decision.action === 'diverged') return { sealed: null, reason: 'diverged', sealTreeSize: decision.sealTreeSize, sealRoot: decision.sealRoot, treeRoot: decision.treeRoot };
      const sealed: LedgerSealData = { ...decision.payload, jws: key.signCompact(sealPayloadJson(decision.payload)) };
      try {
        const result = await this.store.append(LEDGER_SEALS_STREAM, [sealEvent(sealed, latestEvent ?? null)], {
          expectedRevision: latestEvent ? latestEvent.revision : 'no_stream',
        });
        return { sealed, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Another replica sealed first: read its seal and decide again.
      }
    }
    return { sealed: null, reason: 'conflict' };
  }
}

/** The seal as an event of the seal stream, chained (`previousEventHash`) like every stream. */
function sealEvent(sealed: LedgerSealData, previous: RecordedEvent | null) {
  return {
    id: randomUUID(),
    type: LEDGER_SEALED,
    data: sealed,
    metadata: { schemaVersion: 1, actor: 'system:sealer', previousEventHash: previous ? eventHash(previous) : null },
  };
}

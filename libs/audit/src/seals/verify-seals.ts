import { comparePositions, formatPosition, type EventStore, type GlobalPosition, type RecordedEvent } from '@ledger/event-sourcing';
import { verifySealJws, type SealingPublicJwk } from '@ledger/token-crypto';
import { readStreamEvents } from '../event-pages';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { readLogItems, RemovalRecords } from './ledger-leaves';
import {
  LEDGER_SEALED,
  LEDGER_SEALS_STREAM,
  parseLedgerSeal,
  positionJson,
  sealHash,
  sealPayloadJson,
  type LedgerSealData,
  type PositionJson,
} from './seal-format';

/**
 * How a seal fails:
 * - `malformed`: the event is not a well-formed `LedgerSealed`;
 * - `signature`: its JWS does not verify under a trusted sealing key, or signs other content;
 * - `chain`: its `previousSealHash` is not the hash of the seal before it (a seal was removed,
 *   replaced or reordered);
 * - `tree_size`: it covers no more leaves than the seal before it;
 * - `root`: the log's leaves, recomputed, do not hash to its root (a covered event was edited,
 *   removed without a record, inserted or reordered);
 * - `last_position`: its last leaf is not the event it names;
 * - `beyond_log`: it covers more leaves than the log holds (covered events were removed from the end).
 */
export type SealBreakKind = 'malformed' | 'signature' | 'chain' | 'tree_size' | 'root' | 'last_position' | 'beyond_log';

/** The first seal that does not hold. */
export interface SealBreak {
  /** The seal's revision in `ledgerSeals`. */
  readonly revision: string;
  readonly treeSize: number | null;
  readonly kind: SealBreakKind;
  /** What was expected and found, as hashes, sizes or positions (never event content). */
  readonly expected: string | null;
  readonly actual: string | null;
}

/** The newest seal that verified. */
export interface SealSummary {
  readonly revision: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastPosition: PositionJson | null;
  readonly sealedAt: number;
  readonly keyId: string;
  readonly sealHash: string;
}

/** The seal, gap and removal part of a verification of the whole log. */
export interface LedgerIntegrityReport {
  /** Every seal verified, no unrecorded gap, every removal record consistent. */
  readonly ok: boolean;
  readonly seals: {
    readonly ok: boolean;
    /** Seals checked (up to the first break). */
    readonly checked: number;
    readonly latest: SealSummary | null;
    readonly firstBreak?: SealBreak;
    /** Recorded sealing keys this configuration cannot unwrap (their seals do not verify). */
    readonly untrustedKeys?: readonly string[];
  };
  readonly removed: {
    /** Events gone from the log and listed by a removal record (their leaves come from it). */
    readonly recorded: number;
    /** Entries that name a position at or after their own record (cannot be genuine). */
    readonly invalid: number;
  };
  /**
   * Positions missing from the log and listed by no removal record: deletions. Only a store
   * whose positions are dense (the embedded one) can tell; `checked` says whether it did.
   */
  readonly gaps: { readonly checked: boolean; readonly ok: boolean; readonly missing: number; readonly ranges: readonly { readonly from: string; readonly to: string }[] };
  /** Leaves after the newest seal: the window no seal covers yet. */
  readonly unsealed: { readonly leaves: number; readonly fromPosition: PositionJson | null; readonly toPosition: PositionJson | null };
  /** The tree recomputed from the log. */
  readonly tree: { readonly size: number; readonly rootHash: string };
}

export interface VerifySealsOptions {
  /** Keys whose seals count (see `loadTrustedSealingKeys`). */
  readonly trustedKeys: ReadonlyMap<string, SealingPublicJwk>;
  readonly untrustedKeys?: readonly string[];
  /** Whether positions are dense (1, 2, 3, …), so a missing one is a deletion: the embedded store. */
  readonly densePositions: boolean;
  /** Records the recomputed root at these tree sizes into `roots` (a sealer checks its own tree). */
  readonly rootsAt?: readonly number[];
  readonly roots?: Map<number, string>;
}

/** Gap ranges reported at most (the count is exact). */
const MAX_GAP_RANGES = 20;

/**
 * Recomputes the Merkle tree of the whole log (stored events merged with the removal records'
 * entries, in position order) and checks every seal against it: its signature under a trusted
 * key, its chain to the previous seal, its size and last position, and its root against the
 * recomputed root at its size. On a dense store, also reports positions that are neither stored
 * nor recorded as removed. One pass over the log and one over the seal stream, a page at a
 * time, with O(log n) memory for the tree.
 */
export async function verifySeals(store: EventStore, options: VerifySealsOptions): Promise<LedgerIntegrityReport> {
  const removals = new RemovalRecords();
  const frontier = MerkleFrontier.empty();
  const wanted = new Set(options.rootsAt ?? []);
  if (wanted.has(0)) options.roots?.set(0, frontier.root());

  const seals = readStreamEvents(store, LEDGER_SEALS_STREAM);
  let checked = 0;
  let previous: LedgerSealData | null = null;
  let latest: SealSummary | null = null;
  let firstBreak: SealBreak | undefined;
  /** The next seal to check against the tree, once the tree reaches its size. */
  let waiting: { seal: LedgerSealData; event: RecordedEvent } | null = null;
  /** The first leaf after the newest verified seal. */
  let firstUnsealed: GlobalPosition | null = null;

  /** Pulls seals, checking what can be checked before the tree reaches them. */
  const pullSeal = async (): Promise<void> => {
    while (!firstBreak && !waiting) {
      const next = await seals.next();
      if (next.done) return;
      const event = next.value;
      if (event.type !== LEDGER_SEALED) continue;
      const revision = event.revision.toString();
      const seal = parseLedgerSeal(event.data);
      if (!seal) {
        firstBreak = { revision, treeSize: null, kind: 'malformed', expected: null, actual: null };
        return;
      }
      const signed = verifySealJws(seal.jws, options.trustedKeys);
      if (!signed.ok) {
        firstBreak = { revision, treeSize: seal.treeSize, kind: 'signature', expected: 'a JWS by a trusted sealing key', actual: signed.reason };
        return;
      }
      if (signed.payload !== sealPayloadJson(seal) || signed.keyId !== seal.keyId) {
        firstBreak = { revision, treeSize: seal.treeSize, kind: 'signature', expected: 'the signed payload', actual: 'the event data differs from it' };
        return;
      }
      const expectedPrevious = previous ? sealHash(previous.jws) : null;
      if (seal.previousSealHash !== expectedPrevious) {
        firstBreak = { revision, treeSize: seal.treeSize, kind: 'chain', expected: expectedPrevious, actual: seal.previousSealHash };
        return;
      }
      if (previous && seal.treeSize <= previous.treeSize) {
        firstBreak = { revision, treeSize: seal.treeSize, kind: 'tree_size', expected: `more than ${previous.treeSize}`, actual: String(seal.treeSize) };
        return;
      }
      waiting = { seal, event };
      if (seal.treeSize === frontier.size) checkWaiting(null);
    }
  };

  /** The tree has reached the waiting seal's size; `lastLeaf` is the position of its last leaf. */
  const checkWaiting = (lastLeaf: GlobalPosition | null): void => {
    if (!waiting) return;
    const { seal, event } = waiting;
    const revision = event.revision.toString();
    const root = frontier.root();
    if (root !== seal.rootHash) {
      firstBreak = { revision, treeSize: seal.treeSize, kind: 'root', expected: seal.rootHash, actual: root };
    } else if (lastLeaf !== null && (seal.lastPosition === null || formatPosition(lastLeaf) !== `${seal.lastPosition.commit}/${seal.lastPosition.prepare}`)) {
      firstBreak = {
        revision,
        treeSize: seal.treeSize,
        kind: 'last_position',
        expected: seal.lastPosition ? `${seal.lastPosition.commit}/${seal.lastPosition.prepare}` : null,
        actual: formatPosition(lastLeaf),
      };
    } else {
      checked += 1;
      previous = seal;
      firstUnsealed = null;
      latest = {
        revision,
        treeSize: seal.treeSize,
        rootHash: seal.rootHash,
        lastPosition: seal.lastPosition,
        sealedAt: seal.sealedAt,
        keyId: seal.keyId,
        sealHash: sealHash(seal.jws),
      };
    }
    waiting = null;
  };

  let missing = 0;
  const ranges: { from: string; to: string }[] = [];
  let expectedPosition = 1n;
  let lastLeafPosition: GlobalPosition | null = null;

  /** The last position this pass read: a seal appended after it is newer than this verification. */
  let lastRead: GlobalPosition | null = null;
  await pullSeal();
  for await (const page of readLogItems(store, removals, 'start')) {
    lastRead = page.last;
    for (const item of page.items) {
      if (options.densePositions) {
        const at = item.position.commit;
        if (at > expectedPosition) {
          missing += Number(at - expectedPosition);
          if (ranges.length < MAX_GAP_RANGES) ranges.push({ from: expectedPosition.toString(), to: (at - 1n).toString() });
        }
        if (at >= expectedPosition) expectedPosition = at + 1n;
      }
      if (!item.leaf) continue;
      frontier.append(item.leaf.leafHash);
      lastLeafPosition = item.position;
      if (wanted.has(frontier.size)) options.roots?.set(frontier.size, frontier.root());
      const pending = waiting as { seal: LedgerSealData } | null;
      if (pending && pending.seal.treeSize === frontier.size) {
        checkWaiting(item.position);
        await pullSeal();
      }
      if ((latest as SealSummary | null)?.treeSize !== frontier.size) firstUnsealed ??= item.position;
    }
  }
  const unreached = waiting as { seal: LedgerSealData; event: RecordedEvent } | null;
  // A seal that covers more leaves than the log holds breaks, unless it was appended after this
  // pass read the log's end (a sealer at work beside the verification).
  if (unreached && !firstBreak && (lastRead === null || comparePositions(unreached.event.position, lastRead) <= 0)) {
    const { seal, event } = unreached;
    firstBreak = { revision: event.revision.toString(), treeSize: seal.treeSize, kind: 'beyond_log', expected: `${seal.treeSize} leaves`, actual: `${frontier.size} leaves` };
  }
  await seals.return(undefined);

  const sealedSize = (latest as SealSummary | null)?.treeSize ?? 0;
  const unsealedLeaves = frontier.size - sealedSize;
  const gapsOk = missing === 0;
  const sealsOk = firstBreak === undefined;
  const removedOk = removals.invalid.length === 0;
  return {
    ok: sealsOk && gapsOk && removedOk,
    seals: {
      ok: sealsOk,
      checked,
      latest,
      ...(firstBreak ? { firstBreak } : {}),
      ...(options.untrustedKeys && options.untrustedKeys.length > 0 ? { untrustedKeys: options.untrustedKeys } : {}),
    },
    removed: { recorded: removals.recorded, invalid: removals.invalid.length },
    gaps: { checked: options.densePositions, ok: gapsOk, missing, ranges },
    unsealed: {
      leaves: unsealedLeaves,
      fromPosition: unsealedLeaves > 0 && firstUnsealed ? positionJson(firstUnsealed) : null,
      toPosition: unsealedLeaves > 0 && lastLeafPosition ? positionJson(lastLeafPosition) : null,
    },
    tree: { size: frontier.size, rootHash: frontier.root() },
  };
}

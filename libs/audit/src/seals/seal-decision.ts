import type { LedgerSealData, PositionJson, SealPayload } from './seal-format';
import { SEAL_VERSION, sealHash } from './seal-format';

/** This replica's tree, as far as it has read the log. */
export interface TreeHead {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastPosition: PositionJson | null;
}

/**
 * What the sealer does next, given the newest seal in the log and its own tree:
 * - `none`: nothing new to seal (the newest seal covers at least as many leaves);
 * - `seal`: the payload to sign and append after `latest`;
 * - `diverged`: the newest seal's root is not this replica's root at that size (`rootAt`): the
 *   log and the seal disagree, so sealing on would vouch for a forked history.
 */
export type SealDecision =
  | { readonly action: 'none' }
  | { readonly action: 'seal'; readonly payload: SealPayload }
  | { readonly action: 'diverged'; readonly sealTreeSize: number; readonly sealRoot: string; readonly treeRoot: string };

/**
 * Decides the next seal (pure: the caller reads the newest seal and the tree, and gives the
 * time). `rootAt(size)` is this replica's root over its first `size` leaves, for sizes up to
 * its own.
 */
export function decideSeal(
  latest: LedgerSealData | null,
  tree: TreeHead,
  rootAt: (size: number) => string,
  sealedAt: number,
  keyId: string,
): SealDecision {
  if (latest && latest.treeSize >= tree.treeSize) return { action: 'none' };
  if (!latest && tree.treeSize === 0) return { action: 'none' };
  if (latest) {
    const treeRoot = rootAt(latest.treeSize);
    if (treeRoot !== latest.rootHash) return { action: 'diverged', sealTreeSize: latest.treeSize, sealRoot: latest.rootHash, treeRoot };
  }
  return {
    action: 'seal',
    payload: {
      sealVersion: SEAL_VERSION,
      treeSize: tree.treeSize,
      rootHash: tree.rootHash,
      lastPosition: tree.lastPosition,
      previousSealHash: latest ? sealHash(latest.jws) : null,
      sealedAt,
      keyId,
    },
  };
}

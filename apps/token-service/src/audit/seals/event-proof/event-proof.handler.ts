import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { inclusionProof, latestSeal, leafAtPosition, positionJson, sealWithTreeSize } from '@ledger/audit';
import { EVENT_STORE, formatPosition, type EventStore } from '@ledger/event-sourcing';
import type { MerkleTreeStore } from '@ledger/read-model-sqlite';
import { ApiValidationError, ResourceNotFoundError } from '../../../management-errors/management-errors';
import { LedgerSealerScheduler } from '../ledger-sealer.scheduler';
import { MERKLE_TREE } from '../merkle-tree.provider';
import { EventProofQuery, type EventProofResponse } from './event-proof.query';

/**
 * Proves that the event at a position is leaf `leafIndex` of the tree a seal signed. The leaf is
 * recomputed from the event as stored now (or from its removal record), never taken from the
 * replica's tree: a proof for an edited event does not verify against the seal.
 */
@QueryHandler(EventProofQuery)
export class EventProofHandler implements IQueryHandler<EventProofQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MERKLE_TREE) private readonly tree: MerkleTreeStore,
    private readonly sealer: LedgerSealerScheduler,
  ) {}

  async execute({ position, treeSize: asked }: EventProofQuery): Promise<EventProofResponse> {
    const latest = await latestSeal(this.store);
    if (!latest) throw new ResourceNotFoundError('latest', 'LedgerSeal');
    const treeSize = asked ?? latest.treeSize;
    if (treeSize > latest.treeSize) throw new ApiValidationError('treeSize', `must be at most the newest seal's tree size (${latest.treeSize})`);
    const leaf = await leafAtPosition(this.store, position);
    if (!leaf) throw new ResourceNotFoundError(formatPosition(position), 'LedgerEvent');
    await this.sealer.treeReaches(treeSize);
    const leafIndex = this.tree.leafIndexOf(position);
    if (leafIndex === null || leafIndex >= treeSize) throw new ResourceNotFoundError(`${formatPosition(position)} in a tree of ${treeSize} leaves`, 'SealedEvent');
    const seal = treeSize === latest.treeSize ? latest : await sealWithTreeSize(this.store, treeSize);
    return {
      position: positionJson(position),
      leafIndex,
      treeSize,
      leafHash: leaf.leafHash,
      leafInput: leaf.leafInput,
      removed: leaf.removed,
      proof: inclusionProof(leafIndex, treeSize, this.tree),
      seal,
    };
  }
}

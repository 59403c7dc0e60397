import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { consistencyProof, latestSeal, sealWithTreeSize } from '@ledger/audit';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import type { MerkleTreeStore } from '@ledger/read-model-sqlite';
import { ApiValidationError, ResourceNotFoundError } from '../../../management-errors/management-errors';
import { LedgerSealerScheduler } from '../ledger-sealer.scheduler';
import { MERKLE_TREE } from '../merkle-tree.provider';
import { SealConsistencyQuery, type SealConsistencyResponse } from './seal-consistency.query';

/**
 * Proves that the tree of `to` leaves extends the tree of `from` leaves, from this replica's
 * stored tree (caught up first when another replica sealed further). Both sizes must be at most
 * the newest seal's: a proof to an unsealed size would prove nothing anyone holds.
 */
@QueryHandler(SealConsistencyQuery)
export class SealConsistencyHandler implements IQueryHandler<SealConsistencyQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MERKLE_TREE) private readonly tree: MerkleTreeStore,
    private readonly sealer: LedgerSealerScheduler,
  ) {}

  async execute({ from, to }: SealConsistencyQuery): Promise<SealConsistencyResponse> {
    const latest = await latestSeal(this.store);
    if (!latest) throw new ResourceNotFoundError('latest', 'LedgerSeal');
    if (to > latest.treeSize) throw new ApiValidationError('to', `must be at most the newest seal's tree size (${latest.treeSize})`);
    if (from > to) throw new ApiValidationError('from', 'must be at most to');
    await this.sealer.treeReaches(to);
    const [fromSeal, toSeal] = await Promise.all([sealWithTreeSize(this.store, from), to === latest.treeSize ? latest : sealWithTreeSize(this.store, to)]);
    return { from, to, proof: consistencyProof(from, to, this.tree), fromSeal, toSeal };
  }
}

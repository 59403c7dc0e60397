import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatPosition } from '@ledger/event-sourcing';
import { ReadModelDatabase, TOKEN_FAMILIES_PROJECTION } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../../shared/clock';
import { iso } from '@ledger/audit';
import { FamilyCountsQuery, type FamilyCountsResource } from './family-counts.query';

/**
 * Reads `family_counts` (maintained incrementally by the projection) and splits the families
 * not revoked into active and expired at the current instant.
 */
@QueryHandler(FamilyCountsQuery)
export class FamilyCountsHandler implements IQueryHandler<FamilyCountsQuery> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModelDatabase,
  ) {}

  async execute(): Promise<FamilyCountsResource> {
    const now = this.clock.now();
    const { live } = this.readModels.generations(TOKEN_FAMILIES_PROJECTION);
    // Read before the counts: the counts are at least as recent as the checkpoint reported.
    const checkpoint = this.readModels.checkpoint(TOKEN_FAMILIES_PROJECTION, live).position;
    const counts = this.readModels.tokenFamilies.counts(now);
    return { asOf: iso(now), checkpoint: checkpoint ? formatPosition(checkpoint) : null, ...counts };
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../../shared/clock';
import { decodeFamilyCursor, encodeFamilyCursor } from '../shared/family-cursor';
import { toFamilyResource } from '../shared/family-resource';
import { ListFamiliesQuery, type FamiliesPage } from './list-families.query';

/**
 * Reads a page of the `token_families` read model. It may lag the log by a batch: ops views,
 * never a basis for a token decision (those read the event store).
 */
@QueryHandler(ListFamiliesQuery)
export class ListFamiliesHandler implements IQueryHandler<ListFamiliesQuery> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModelDatabase,
  ) {}

  async execute({ filter, limit, after }: ListFamiliesQuery): Promise<FamiliesPage> {
    const page = this.readModels.tokenFamilies.families({
      ...filter,
      limit,
      ...(after !== undefined ? { after: decodeFamilyCursor(after) } : {}),
      now: this.clock.now(),
    });
    return { families: page.families.map(toFamilyResource), nextAfter: page.next ? encodeFamilyCursor(page.next) : null };
  }
}

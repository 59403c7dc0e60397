import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SubjectKeys } from '@ledger/audit';
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
    private readonly subjectKeys: SubjectKeys,
  ) {}

  async execute({ filter, limit, after }: ListFamiliesQuery): Promise<FamiliesPage> {
    const { subject, ...rest } = filter;
    const page = this.readModels.tokenFamilies.families({
      ...rest,
      ...(subject !== undefined ? { subjectRefs: this.subjectKeys.refsOf(subject) } : {}),
      limit,
      ...(after !== undefined ? { after: decodeFamilyCursor(after) } : {}),
      now: this.clock.now(),
    });
    const families = [];
    for (const f of page.families) families.push(toFamilyResource(f, await this.subjectKeys.subjectOf(f)));
    return { families, nextAfter: page.next ? encodeFamilyCursor(page.next) : null };
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { ResourceNotFoundError } from '../../management-errors/management-errors';
import { CLOCK, type Clock } from '../../shared/clock';
import { readFamilyStateReport, SubjectKeys, type FamilyStateReport } from '@ledger/audit';
import { FamilyStateQuery } from './family-state.query';

/** Folds the family's whole stream up to the instant (see {@link readFamilyStateReport}). */
@QueryHandler(FamilyStateQuery)
export class FamilyStateHandler implements IQueryHandler<FamilyStateQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: SubjectKeys,
  ) {}

  async execute({ familyId, at }: FamilyStateQuery): Promise<FamilyStateReport> {
    const report = await readFamilyStateReport(this.store, this.keys, familyId, at ?? this.clock.now());
    if (!report) throw new ResourceNotFoundError(familyId, 'TokenFamily');
    return report;
  }
}

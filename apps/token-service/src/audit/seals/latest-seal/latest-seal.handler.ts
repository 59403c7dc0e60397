import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { latestSeal, type SealResource } from '@ledger/audit';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { ResourceNotFoundError } from '../../../management-errors/management-errors';
import { LatestSealQuery } from './latest-seal.query';

/** Reads the newest `LedgerSealed`; 404 before the first seal. */
@QueryHandler(LatestSealQuery)
export class LatestSealHandler implements IQueryHandler<LatestSealQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<SealResource> {
    const seal = await latestSeal(this.store);
    if (!seal) throw new ResourceNotFoundError('latest', 'LedgerSeal');
    return seal;
  }
}

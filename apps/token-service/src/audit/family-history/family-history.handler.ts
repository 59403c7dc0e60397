import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { tokenFamilyStreamName } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ledger/event-sourcing';
import { ResourceNotFoundError } from '../../management-errors/management-errors';
import { isFamilyId, readStreamEvents } from '@ledger/audit';
import { FamilyHistoryQuery } from './family-history.query';

/**
 * Reads a family's stream from the event store (never a projection: the audit trail is the
 * log itself). Absence is checked before anything is sent, so an unknown family is a 404 rather
 * than an empty export.
 */
@QueryHandler(FamilyHistoryQuery)
export class FamilyHistoryHandler implements IQueryHandler<FamilyHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ familyId }: FamilyHistoryQuery): Promise<AsyncIterable<RecordedEvent>> {
    if (!isFamilyId(familyId)) throw new ResourceNotFoundError(familyId, 'TokenFamily');
    const streamName = tokenFamilyStreamName(familyId);
    const [first] = await this.store.readStream(streamName, { maxCount: 1 });
    if (!first) throw new ResourceNotFoundError(familyId, 'TokenFamily');
    return readStreamEvents(this.store, streamName);
  }
}

import { Query } from '@nestjs/cqrs';
import type { RecordedEvent } from '@ledger/event-sourcing';

/** Every event of a family, oldest first, as a page-at-a-time sequence (404 when unknown). */
export class FamilyHistoryQuery extends Query<AsyncIterable<RecordedEvent>> {
  constructor(readonly familyId: string) {
    super();
  }
}

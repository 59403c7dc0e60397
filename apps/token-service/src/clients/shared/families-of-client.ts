import { Inject, Injectable } from '@nestjs/common';
import { TOKEN_FAMILY_CATEGORY, type TokenIssuedData } from '@ledger/domain';
import { comparePositions, EVENT_STORE, type EventStore, type GlobalPosition, type RecordedEvent } from '@ledger/event-sourcing';

/** Events read per page of the global log. */
const PAGE_SIZE = 1000;

/**
 * Finds every token family ever issued to a client, by scanning the global log for
 * `TokenIssued` events (the first event of every family names its client).
 *
 * TODO(projections issue: replace the O(all issuances) scan with the families read model;
 * fine for admin use, not hot path)
 */
@Injectable()
export class FamiliesOfClient {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The family ids of `clientId`, oldest first, one page of the log at a time so memory stays
   * bounded by the page, not by the history.
   */
  async *find(clientId: string): AsyncGenerator<string[]> {
    let from: GlobalPosition | 'start' = 'start';
    for (;;) {
      const page: RecordedEvent[] = await this.store.readAll({
        fromPosition: from,
        maxCount: PAGE_SIZE,
        filter: { eventTypePrefixes: ['TokenIssued'] },
      });
      // `fromPosition` is inclusive, so every page after the first repeats the last event seen.
      const after = from;
      const fresh: RecordedEvent[] = after === 'start' ? page : page.filter((e) => comparePositions(e.position, after) > 0);
      if (fresh.length === 0) return;
      const familyIds = fresh
        .filter((e) => e.type === 'TokenIssued' && e.streamName.startsWith(`${TOKEN_FAMILY_CATEGORY}-`))
        .map((e) => e.data as TokenIssuedData)
        .filter((data) => data.clientId === clientId)
        .map((data) => data.familyId);
      if (familyIds.length > 0) yield familyIds;
      from = fresh[fresh.length - 1].position;
    }
  }
}

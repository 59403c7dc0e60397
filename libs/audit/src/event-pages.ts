import {
  comparePositions,
  type EventFilter,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ledger/event-sourcing';

/** Events read per query: memory stays bounded by a page, however long the history. */
export const AUDIT_PAGE_SIZE = 500;

/**
 * Every event of one stream, oldest first, read a page at a time, so a long stream can be
 * streamed out (NDJSON) or verified without holding it whole.
 */
export async function* readStreamEvents(store: EventStore, streamName: string, pageSize = AUDIT_PAGE_SIZE): AsyncGenerator<RecordedEvent> {
  let from: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readStream(streamName, { direction: 'forwards', fromRevision: from, maxCount: pageSize });
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    // Revisions of one stream are consecutive, so the next page starts right after this one.
    from = page[page.length - 1].revision + 1n;
  }
}

/**
 * Every event of the global log in commit order (optionally filtered), a page at a time.
 * `readAll`'s start is inclusive and positions are compared as pairs, never incremented, so each
 * page after the first drops what it repeats.
 */
export async function* readAllEvents(
  store: EventStore,
  options: { readonly filter?: EventFilter; readonly pageSize?: number } = {},
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  let from: GlobalPosition | 'start' = 'start';
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ fromPosition: from, maxCount: pageSize, ...(options.filter ? { filter: options.filter } : {}) });
    const after: GlobalPosition | 'start' = from;
    const fresh: RecordedEvent[] = after === 'start' ? page : page.filter((e) => comparePositions(e.position, after) > 0);
    if (fresh.length === 0) return;
    for (const event of fresh) yield event;
    from = fresh[fresh.length - 1].position;
  }
}

import {
  comparePositions,
  eventHash,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ledger/event-sourcing';
import { EVENTS_REMOVED, LEDGER_REMOVALS_STREAM } from '../ledger-streams';
import { isLeafEvent, ledgerLeafHash } from '../merkle/ledger-leaf';
import { parseEventsRemoved } from '../removals/removal-records';

/** An event that a removal record lists: gone from the log, still a leaf of the tree. */
export interface RemovedEntry {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: GlobalPosition;
  readonly type: string;
  readonly contentHash: string;
  /** Where the record that lists it sits in the log (after the event, or the record is bogus). */
  readonly recordPosition: GlobalPosition;
}

/**
 * One position of the log as the tree sees it: an event still stored (`event`), or one known
 * only from a removal record (`removed`), and its leaf (`null` for a seal or a system event).
 */
export interface LogItem {
  readonly position: GlobalPosition;
  readonly event: RecordedEvent | null;
  readonly removed: RemovedEntry | null;
  readonly leaf: { readonly leafHash: string; readonly contentHash: string; readonly streamName: string; readonly revision: bigint; readonly type: string } | null;
}

/** Events read from the log per page by the sealer and the verifier. */
export const LEAF_PAGE_SIZE = 1000;

/**
 * The removal records of the log (`EventsRemoved` in `ledgerRemovals`), read incrementally:
 * each {@link refresh} reads only records appended since the last one. The entries not yet
 * merged into a leaf sequence wait here in position order.
 */
export class RemovalRecords {
  private nextRevision: bigint | 'start' = 'start';
  private pending: RemovedEntry[] = [];
  /** Entries read so far (every record's events). */
  recorded = 0;
  /**
   * Records that cannot be genuine: not a well-formed `EventsRemoved`, or listing a position at
   * or after the record itself (a record is appended before its events are removed).
   */
  readonly invalid: { readonly recordPosition: GlobalPosition; readonly reason: string }[] = [];

  /** Reads the records appended since the last call; resolves to how many entries they added. */
  async refresh(store: EventStore): Promise<number> {
    let added = 0;
    for (;;) {
      const page = await store.readStream(LEDGER_REMOVALS_STREAM, { direction: 'forwards', fromRevision: this.nextRevision === 'start' ? 'start' : this.nextRevision, maxCount: 100 });
      for (const record of page) {
        this.nextRevision = record.revision + 1n;
        if (record.type !== EVENTS_REMOVED) continue;
        let entries: RemovedEntry[];
        try {
          entries = parseEventsRemoved(record.data).streams.flatMap((stream) =>
            stream.events.map((e) => ({
              streamName: stream.streamName,
              revision: BigInt(e.revision),
              position: { commit: BigInt(e.position.commit), prepare: BigInt(e.position.prepare) },
              type: e.type,
              contentHash: e.contentHash,
              recordPosition: record.position,
            })),
          );
        } catch (error) {
          this.invalid.push({ recordPosition: record.position, reason: error instanceof Error ? error.message : 'unreadable' });
          continue;
        }
        const early = entries.find((e) => comparePositions(e.position, record.position) >= 0);
        if (early) {
          this.invalid.push({ recordPosition: record.position, reason: 'lists a position at or after the record itself' });
          continue;
        }
        this.pending.push(...entries);
        added += entries.length;
      }
      if (page.length < 100) break;
    }
    if (added > 0) {
      this.recorded += added;
      this.pending.sort((a, b) => comparePositions(a.position, b.position));
    }
    return added;
  }

  /** Forgets entries at or before `position` (a sealer resuming there has them in its tree). */
  dropThrough(position: GlobalPosition): void {
    this.pending = this.pending.filter((e) => comparePositions(e.position, position) > 0);
  }

  /** Takes the entries at or before `position`, in position order. */
  takeThrough(position: GlobalPosition): RemovedEntry[] {
    let n = 0;
    while (n < this.pending.length && comparePositions(this.pending[n].position, position) <= 0) n += 1;
    return this.pending.splice(0, n);
  }

  /** Entries still waiting (positions after everything taken). */
  get waiting(): number {
    return this.pending.length;
  }
}

/** The leaf of a stored event (`null` for seals and system events). */
export function leafOfEvent(event: RecordedEvent): LogItem['leaf'] {
  if (!isLeafEvent(event.streamName, event.type)) return null;
  const contentHash = eventHash(event);
  const leafHash = ledgerLeafHash({ streamName: event.streamName, revision: event.revision, type: event.type, position: event.position, contentHash });
  return { leafHash, contentHash, streamName: event.streamName, revision: event.revision, type: event.type };
}

/** The leaf of a removed event, from its record. */
export function leafOfRemoved(entry: RemovedEntry): NonNullable<LogItem['leaf']> {
  const leafHash = ledgerLeafHash({ streamName: entry.streamName, revision: entry.revision, type: entry.type, position: entry.position, contentHash: entry.contentHash });
  return { leafHash, contentHash: entry.contentHash, streamName: entry.streamName, revision: entry.revision, type: entry.type };
}

/**
 * Merges a page of the log (in commit order) with the removed entries at or before its last
 * position, in position order. An event both stored and listed (removal recorded, not carried
 * out yet) is taken from the log; the entry is returned in `duplicates` so a verifier can check
 * the two agree.
 */
export function mergePage(page: readonly RecordedEvent[], removed: readonly RemovedEntry[]): { items: LogItem[]; duplicates: { event: RecordedEvent; entry: RemovedEntry }[] } {
  const items: LogItem[] = [];
  const duplicates: { event: RecordedEvent; entry: RemovedEntry }[] = [];
  let r = 0;
  for (const event of page) {
    while (r < removed.length && comparePositions(removed[r].position, event.position) < 0) {
      items.push({ position: removed[r].position, event: null, removed: removed[r], leaf: leafOfRemoved(removed[r]) });
      r += 1;
    }
    while (r < removed.length && comparePositions(removed[r].position, event.position) === 0) {
      duplicates.push({ event, entry: removed[r] });
      r += 1;
    }
    items.push({ position: event.position, event, removed: null, leaf: leafOfEvent(event) });
  }
  for (; r < removed.length; r++) items.push({ position: removed[r].position, event: null, removed: removed[r], leaf: leafOfRemoved(removed[r]) });
  return { items, duplicates };
}

/**
 * Reads the log after `after` (exclusive; `'start'` for all of it) a page at a time, merged with
 * the removal records, in position order. Removal records are re-read after each page: a record
 * is appended before its events are removed, so an event missing from a page is listed by a
 * record that the read after the page sees.
 */
export async function* readLogItems(
  store: EventStore,
  removals: RemovalRecords,
  after: GlobalPosition | 'start',
  pageSize = LEAF_PAGE_SIZE,
): AsyncGenerator<{ items: LogItem[]; duplicates: { event: RecordedEvent; entry: RemovedEntry }[]; last: GlobalPosition }> {
  let from = after;
  for (;;) {
    const raw = await store.readAll({ fromPosition: from, maxCount: pageSize });
    const page = from === 'start' ? raw : raw.filter((e) => comparePositions(e.position, from as GlobalPosition) > 0);
    if (page.length === 0) return;
    await removals.refresh(store);
    // Records of events this reader already passed (removed later) add nothing: drop them.
    if (from !== 'start') removals.dropThrough(from);
    const last = page[page.length - 1].position;
    yield { ...mergePage(page, removals.takeThrough(last)), last };
    from = last;
    if (raw.length < pageSize) return;
    // The embedded store reads synchronously, so a promise that resolves at once never lets
    // the event loop turn: without this, a sealer catching up (or the hourly check reading the
    // whole log) would hold every request back until the last page. One macrotask per page.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * What the sealer reads when the store offers `readAllDigests` (the embedded one): the leaves
 * after `after` (exclusive), merged with the removal records, a page at a time, without reading
 * or re-hashing the events whose writer recorded their hash (the command loop's appends, nearly
 * all of them). The few it did not (events of an older version, appends outside the loop) are
 * read and hashed as {@link readLogItems} does. The writer's hash is the hash of what it
 * appended: a seal over it that an edit of the stored event later contradicts is what
 * verification (which always rehashes) reports.
 */
export async function* readDigestLeaves(
  store: EventStore & Required<Pick<EventStore, 'readAllDigests'>>,
  removals: RemovalRecords,
  after: GlobalPosition | 'start',
  pageSize: number,
): AsyncGenerator<{ leaves: { position: GlobalPosition; leafHash: string }[]; last: GlobalPosition }> {
  let from = after;
  for (;;) {
    const page = await store.readAllDigests(from, pageSize);
    if (page.length === 0) return;
    await removals.refresh(store);
    if (from !== 'start') removals.dropThrough(from);
    const last = page[page.length - 1].position;
    const removed = removals.takeThrough(last);
    const unhashed = page.filter((d) => d.contentHash === null && isLeafEvent(d.streamName, d.type));
    const hashed = new Map<bigint, string>();
    for (const d of unhashed) {
      // One point read each: these are few (older events, appends outside the command loop).
      const [event] = await store.readAll({ fromPosition: d.position, maxCount: 1 });
      if (event && comparePositions(event.position, d.position) === 0) hashed.set(d.position.commit, eventHash(event));
    }
    const leaves: { position: GlobalPosition; leafHash: string }[] = [];
    let r = 0;
    for (const d of page) {
      for (; r < removed.length && comparePositions(removed[r].position, d.position) <= 0; r++) {
        // A listed event still stored (its removal not carried out yet) is taken from the log.
        if (comparePositions(removed[r].position, d.position) < 0) leaves.push({ position: removed[r].position, leafHash: leafOfRemoved(removed[r]).leafHash });
      }
      if (!isLeafEvent(d.streamName, d.type)) continue;
      const contentHash = d.contentHash ?? hashed.get(d.position.commit);
      // Removed between the two reads: the next round reads the page again, with its record.
      if (contentHash === undefined) throw new Error(`event at ${d.position.commit} vanished while the sealer read it`);
      leaves.push({ position: d.position, leafHash: ledgerLeafHash({ streamName: d.streamName, revision: d.revision, type: d.type, position: d.position, contentHash }) });
    }
    for (; r < removed.length; r++) leaves.push({ position: removed[r].position, leafHash: leafOfRemoved(removed[r]).leafHash });
    yield { leaves, last };
    from = last;
    if (page.length < pageSize) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

import type { EventFilter, EventMetadata, RecordedEvent } from '@ledger/event-sourcing';

import { toPosition } from './sqlite-event-store.schema';
import type { AppendOutcome } from './sqlite-group-commit';
import type { SubscriptionPage } from './sqlite-subscription';
import type { CommittedAppend } from './sqlite-writer';

/** An event this instance committed, as it was written (data and metadata still JSON). */
interface RecentEvent {
  readonly position: bigint;
  readonly revision: bigint;
  readonly streamName: string;
  readonly type: string;
  readonly id: string;
  readonly data: string;
  readonly metadata: string;
  /** Epoch milliseconds, as stored. */
  readonly recordedAt: number;
}

/**
 * The last events this instance committed, kept so subscriptions read them without a query.
 *
 * Each commit used to wake every subscription into a SQL page over the new rows: a subscription
 * whose filter matches none of them still scanned them, and the projections re-read from the
 * file what this thread had just written. The store already holds every committed append (the
 * writer settles them here), so it remembers their events and serves the pages from memory.
 *
 * Serving a range from memory is only right when nothing else was written inside it: another
 * process (or another store on the same file) may commit between two of this instance's
 * batches. Positions are unique and an event's position is known exactly, so the entries cover
 * every integer position of (from, to], without a hole, and nothing else can be stored in that
 * range. A batch that does not continue at `to + 1` (a gap: someone else's commits, or the
 * first batch) restarts the range at itself; reads that start before it go to the file, which
 * holds the gap's events.
 */
export class RecentEvents {
  /** The entries, oldest first; those before `start` were trimmed (emptied, compacted now and then). */
  private entries: (RecentEvent | undefined)[] = [];
  private start = 0;
  /** Exclusive lower bound of the positions covered; `from === to` when nothing is. */
  private from = 0n;
  /** Position of the newest entry. */
  private to = 0n;
  /** Characters of data and metadata held, bounded by `maxChars`. */
  private chars = 0;

  /**
   * @param capacity most events kept; 0 keeps none (every page is read from the file)
   * @param maxChars most characters of data and metadata kept: large events must not make
   *   the window hold much more memory than a few thousand ordinary ones
   */
  constructor(
    private readonly capacity: number,
    private readonly maxChars: number,
  ) {}

  /** True when a page strictly after `after` can be served from memory. */
  covers(after: bigint): boolean {
    return this.from <= after && after < this.to;
  }

  /**
   * Remembers the events of one committed batch (appends in queue order, outcomes by index).
   * Rejected appends, idempotent retries and empty appends wrote nothing and add nothing.
   *
   * First it forgets the events at or before `readUpTo`, the position every subscription has
   * read past: kept only while someone may still read them, they live a commit or two, not the
   * whole window. Events held longer are moved to the old generation by the garbage collector
   * (and V8 then allocates such strings there directly): held for the whole window, they were
   * most of what the event loop promoted under load, and with it came a major collection every
   * few seconds.
   */
  record(appends: readonly CommittedAppend[], outcomes: readonly AppendOutcome[], readUpTo: bigint): void {
    if (this.capacity === 0) return;
    this.trim(readUpTo);
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i];
      if (!outcome.ok || outcome.written === 0) continue;
      const { streamName, recordedAt, events } = appends[i].append;
      if (outcome.written !== events.length) {
        // The group commit writes an append whole or not at all; anything else means these
        // events cannot be placed, so forget everything rather than guess.
        this.restart(this.to);
        continue;
      }
      // One append's events take consecutive positions (the rowid is max + 1, and the batch
      // holds the write lock) and consecutive revisions; the outcome names the last ones.
      const count = BigInt(events.length);
      let position = outcome.position - count + 1n;
      let revision = outcome.revision - count + 1n;
      if (position !== this.to + 1n) this.restart(position - 1n);
      for (const event of events) {
        this.entries.push({
          position,
          revision,
          streamName,
          type: event.type,
          id: event.id,
          data: event.data,
          metadata: event.metadata,
          recordedAt,
        });
        this.chars += event.data.length + event.metadata.length;
        position += 1n;
        revision += 1n;
      }
      this.to = position - 1n;
    }
    this.trim(-1n);
  }

  /**
   * A subscription page strictly after `after` (which {@link covers} must accept): up to `limit`
   * events passing `filter`, as `rowToEvent` builds them from rows, each with its own parsed
   * data and metadata. `scannedTo` follows the SQL page: the last event of a full page, else
   * the end of what is held.
   */
  page(after: bigint, filter: EventFilter | undefined, limit: number): SubscriptionPage {
    const streams = filter?.streamNamePrefixes ?? [];
    const types = filter?.eventTypePrefixes ?? [];
    const everything = streams.length === 0 && types.length === 0;
    const events: RecordedEvent[] = [];
    const entries = this.entries;
    for (let i = this.start + Number(after - this.from); i < entries.length; i++) {
      const entry = entries[i]!;
      if (!everything && !matches(entry, streams, types)) continue;
      events.push(toRecordedEvent(entry));
      if (events.length === limit) return { events, scannedTo: entry.position };
    }
    return { events, scannedTo: this.to };
  }

  /**
   * Forgets every event held (streams were removed from the file): later pages are read from
   * the file until the next commit starts a new window.
   */
  clear(): void {
    this.restart(this.to);
  }

  /** Drops what is held; the next event must continue at `after + 1` to be held. */
  private restart(after: bigint): void {
    this.entries = [];
    this.start = 0;
    this.chars = 0;
    this.from = after;
    this.to = after;
  }

  /** Drops entries beyond the capacity or the character bound, and those at or before `readUpTo`. */
  private trim(readUpTo: bigint): void {
    const entries = this.entries;
    let start = this.start;
    let from = this.from;
    while (start < entries.length) {
      const entry = entries[start]!;
      if (entries.length - start <= this.capacity && this.chars <= this.maxChars && entry.position > readUpTo) break;
      this.chars -= entry.data.length + entry.metadata.length;
      from = entry.position;
      // Emptied at once: a trimmed event must not stay reachable until the next compaction.
      entries[start] = undefined;
      start += 1;
    }
    if (start === this.start) return;
    this.from = from;
    // Copy the live part out once the dead one is as long as the window: amortised O(1) per
    // event, and the array never holds more than twice the window.
    if (start >= this.capacity || start === entries.length) {
      this.entries = entries.slice(start);
      this.start = 0;
    } else {
      this.start = start;
    }
  }
}

/**
 * `renderFilter`'s test in JavaScript: the stream name or the type starts with any prefix,
 * exactly and case-sensitively (`startsWith` on UTF-16 agrees with SQLite's `substr` on
 * characters for well-formed strings).
 */
function matches(entry: RecentEvent, streams: readonly string[], types: readonly string[]): boolean {
  for (const prefix of streams) if (entry.streamName.startsWith(prefix)) return true;
  for (const prefix of types) if (entry.type.startsWith(prefix)) return true;
  return false;
}

/**
 * What `rowToEvent` returns for the same row: same types, fresh parsed data and metadata, and
 * the stored text as `json`.
 *
 * Parsed at once, not on first read through getters. Measured under the refresh load: events
 * built as object literals with lazy getters made V8 promote ~500 KB per young collection
 * instead of ~200 KB (the same as events read from the file), and major collections came half
 * again as often. Our reading of why: each such literal gets its own accessor pair, allocated
 * in the old generation, and as garbage there it keeps the getters' closures (the entry and its
 * JSON text) alive until the next major collection.
 */
function toRecordedEvent(entry: RecentEvent): RecordedEvent {
  return {
    id: entry.id,
    streamName: entry.streamName,
    revision: entry.revision,
    position: toPosition(entry.position),
    type: entry.type,
    data: JSON.parse(entry.data) as unknown,
    metadata: JSON.parse(entry.metadata) as EventMetadata,
    recordedAt: new Date(entry.recordedAt),
    json: { data: entry.data, metadata: entry.metadata },
  };
}

/**
 * The emulator's in-memory transaction log: one ordered list of every record (`$all`) and an
 * index per stream, with EventStoreDB's write rules (expected versions, idempotence by event
 * id, soft delete, tombstones).
 *
 * The rules follow the server's commit check, `IndexWriter.CheckCommit`, and its delete path,
 * `StorageWriterService` (`WriteDelete`, `SoftUndeleteStream`), in EventStore
 * `src/EventStore.Core/Services/Storage/`.
 *
 * Idempotence comes in two strengths there, and here: an exact expected revision or
 * `no_stream` behind the stream compares the event ids with the index (durable); `any` and
 * `stream_exists` only look the ids up in `_committedEvents`, a `BoundedCache` of recent event
 * ids (8 MiB, `ESConsts.CommitedEventsMemCacheLimit`, first in first out) that lives in the
 * leader's memory, so a restart, a leader change or enough later writes lose it
 * ({@link EventLog.forgetRecentAppends}), and the retry is then written again.
 */
import { randomUUID } from 'node:crypto';

import { DELETED_STREAM_REVISION, TICKS_PER_MILLISECOND } from './protocol';

/**
 * Expected versions as the server encodes them in `int64` (and in the `expected-version`
 * trailer): a revision (>= 0) or one of these (EventStore `ExpectedVersion`).
 */
export const ExpectedVersion = { Any: -2n, NoStream: -1n, StreamExists: -4n } as const;

/** "No events yet" as a current version. */
const NO_EVENTS = -1n;

/** An event in the log. Every event commits itself, so its commit and prepare positions are equal. */
export interface StoredEvent {
  /** Byte offset of the record in the log: its commit and its prepare position. */
  readonly position: bigint;
  readonly streamName: string;
  readonly revision: bigint;
  /** Canonical lowercase UUID. */
  readonly eventId: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** .NET ticks since the Unix epoch. */
  readonly created: bigint;
}

/** An event as a client proposes it. */
export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export type WriteOutcome =
  | {
      readonly kind: 'success';
      /** Revision of the last event written, or -1 when nothing was (an empty append). */
      readonly lastRevision: bigint;
      /** Position of the last record written; absent when nothing was. */
      readonly position?: bigint;
    }
  | { readonly kind: 'wrong-expected-version'; readonly currentVersion: bigint }
  | { readonly kind: 'stream-deleted' };

interface StreamState {
  /** Every event written, indexed by revision (soft-deleted ones included). */
  readonly events: StoredEvent[];
  /**
   * First visible revision (the metadata's `$tb`): 0, DELETED_STREAM_REVISION once
   * soft-deleted, where a recreated stream restarts, or what a client set.
   */
  truncateBefore: bigint;
  /** The metadata's `$maxAge`, in milliseconds (the server stores seconds). */
  maxAgeMs?: number;
  /** The metadata's `$maxCount`. */
  maxCount?: bigint;
  tombstoned: boolean;
}

/** What a stream read sees. */
export type StreamView =
  | { readonly status: 'not-found' }
  | { readonly status: 'deleted' }
  | { readonly status: 'ok'; readonly events: readonly StoredEvent[] };

/**
 * Size of a record in the log: a prepare record's fixed header plus its variable parts. Only
 * the shape matters: positions are byte offsets, so they grow by more than one per event and
 * are never contiguous, exactly what the adapter must not assume away.
 */
function recordSize(streamName: string, type: string, data: Uint8Array, metadata: Uint8Array): bigint {
  const header = 90;
  return BigInt(header + Buffer.byteLength(streamName) + Buffer.byteLength(type) + data.length + metadata.length);
}

/** `Event.SizeOnDisk` (EventStore `src/EventStore.Core/Data/Event.cs`): what the append size limit counts. */
export function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.customMetadata.length + event.type.length * 2;
}

/** `ESConsts.CommitedEventsMemCacheLimit` (EventStore `src/EventStore.Core/Settings/ESConsts.cs`). */
export const RECENT_EVENTS_CACHE_BYTES = 8 * 1024 * 1024;

/**
 * Bytes one cached id costs, after the server's sizer (`16 + 4 + IntPtr.Size + size of the
 * stream id`, `IndexWriter` constructor); a string stream id is counted as .NET holds it.
 */
function cachedIdSize(streamName: string): number {
  return 16 + 4 + 8 + 24 + 2 * streamName.length;
}

/** Where a recently committed event id was written. */
interface RecentEvent {
  readonly streamName: string;
  readonly revision: bigint;
}

/**
 * The server's `BoundedCache<Guid, EventInfo>` of committed event ids
 * (`src/EventStore.Core/Services/Storage/ReaderIndex/BoundedCache.cs`): entries leave in
 * insertion order once the total size passes the limit; a duplicate id keeps its first entry.
 */
class RecentEvents {
  private readonly entries = new Map<string, RecentEvent>();
  private readonly queue: { eventId: string; size: number }[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  get(eventId: string): RecentEvent | undefined {
    return this.entries.get(eventId);
  }

  put(eventId: string, event: RecentEvent): void {
    while (this.size > this.maxBytes && this.queue.length > 0) {
      const oldest = this.queue.shift()!;
      this.size -= oldest.size;
      this.entries.delete(oldest.eventId);
    }
    const size = cachedIdSize(event.streamName);
    this.size += size;
    this.queue.push({ eventId, size });
    if (!this.entries.has(eventId)) this.entries.set(eventId, event);
  }

  clear(): void {
    this.entries.clear();
    this.queue.length = 0;
    this.size = 0;
  }
}

/** The metastream of a stream (`$$<stream>`), where its metadata and soft deletes are written. */
export const metastreamOf = (streamName: string): string => `$$${streamName}`;

/** The in-memory log. */
export class EventLog {
  /** Every record in commit order: the `$all` stream. */
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly waiters = new Set<() => void>();
  /** The first record starts after an epoch record, as in a real log's first chunk. */
  private nextPosition = 128n;
  private readonly recent: RecentEvents;

  constructor(
    private readonly clock: () => number,
    recentEventsCacheBytes = RECENT_EVENTS_CACHE_BYTES,
  ) {
    this.recent = new RecentEvents(recentEventsCacheBytes);
  }

  /**
   * Forgets the recently committed event ids, as a restart or a new leader does: a retried
   * `any` or `stream_exists` append is then written again. Exact revisions and `no_stream`
   * stay idempotent (they compare with the log itself).
   */
  forgetRecentAppends(): void {
    this.recent.clear();
  }

  /**
   * The events a stream read may see, as `IndexReader.ReadStreamEventsForwardInternal` and
   * `...BackwardInternal` (EventStore src/EventStore.Core/Services/Storage/ReaderIndex/IndexReader.cs)
   * choose them: a stream without events (or soft-deleted) is `NoStream`; otherwise the read
   * starts at `max($tb, last - $maxCount + 1)` and skips events older than `$maxAge`, and may
   * find nothing, which is a successful, empty read (not `NoStream`). Only stream reads look at
   * metadata: `$all` reads (`AllReader.cs`) walk the log and return such events until a
   * scavenge removes them, and so does this emulator's `$all`, which is never scavenged.
   */
  viewStream(streamName: string): StreamView {
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned) return { status: 'deleted' };
    if (!stream || stream.truncateBefore === DELETED_STREAM_REVISION) return { status: 'not-found' };
    if (stream.events.length === 0) return { status: 'not-found' };
    const last = BigInt(stream.events.length) - 1n;
    let first = stream.truncateBefore;
    if (stream.maxCount !== undefined && last - stream.maxCount + 1n > first) first = last - stream.maxCount + 1n;
    let visible = first > last ? [] : stream.events.slice(Number(first));
    if (stream.maxAgeMs !== undefined) {
      const oldest = BigInt(Math.trunc(this.clock() - stream.maxAgeMs)) * TICKS_PER_MILLISECOND;
      visible = visible.filter((event) => event.created >= oldest);
    }
    return { status: 'ok', events: visible };
  }

  /**
   * A stream's live state, for subscriptions to walk: its events array (which grows as the
   * stream is written), its first visible revision and whether it is tombstoned.
   */
  streamState(
    streamName: string,
  ): { readonly events: readonly StoredEvent[]; readonly truncateBefore: bigint; readonly tombstoned: boolean } | undefined {
    return this.streams.get(streamName);
  }

  /** Resolves on the next write; rejects when `signal` aborts. */
  waitForWrite(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(wake);
        reject(signal.reason);
      };
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      if (signal.aborted) return reject(signal.reason);
      this.waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Appends with the server's commit check. With an exact expected revision (or `no_stream`)
   * that is behind the stream, the same event ids at the same revisions make the append
   * idempotent: it answers the original result and writes nothing. With `any` or
   * `stream_exists`, the same holds only while every id is still among the recently committed
   * ones of that stream (see {@link EventLog.forgetRecentAppends}); otherwise it is written
   * again.
   */
  append(streamName: string, expected: bigint, events: readonly ProposedEvent[]): WriteOutcome {
    const stream = this.streams.get(streamName);
    const check = this.checkCommit(stream, streamName, expected, events.map((event) => event.eventId));
    if (check.kind === 'answer') return check.outcome;
    if (events.length === 0) return { kind: 'success', lastRevision: this.currentVersion(stream) };

    const state = stream ?? this.createStream(streamName);
    let last: StoredEvent | undefined;
    for (const event of events) {
      last = this.writeRecord(state, streamName, BigInt(state.events.length), event);
    }
    if (check.softDeleted) {
      // Writing to a soft-deleted stream recreates it: its metadata now hides only the old
      // events (`SoftUndeleteStream`: `$tb` = the first new revision).
      state.truncateBefore = last!.revision - BigInt(events.length) + 1n;
      this.writeMetadata(streamName, { $tb: Number(state.truncateBefore) });
    }
    if (streamName.startsWith('$$')) {
      const metadata = events.filter((event) => event.type === '$metadata' && event.isJson).at(-1);
      if (metadata) this.applyMetadata(streamName.slice(2), metadata.data);
    }
    this.notify();
    return { kind: 'success', lastRevision: last!.revision, position: last!.position };
  }

  /**
   * Soft delete: a `$metadata` event with `$tb` = long.MaxValue in `$$<stream>`. Deleting a
   * stream that never had an event nor metadata is a wrong expected version, even with `any`.
   */
  softDelete(streamName: string, expected: bigint): WriteOutcome {
    const stream = this.streams.get(streamName);
    const check = this.checkCommit(stream, streamName, expected, [randomUUID()]);
    if (check.kind === 'answer') return check.outcome;
    const metastream = this.streams.get(metastreamOf(streamName));
    if (this.currentVersion(stream) < 0n && this.currentVersion(metastream) < 0n) {
      return { kind: 'wrong-expected-version', currentVersion: NO_EVENTS };
    }
    const state = stream ?? this.createStream(streamName);
    state.truncateBefore = DELETED_STREAM_REVISION;
    const record = this.writeMetadata(streamName, { $tb: DELETED_STREAM_REVISION });
    this.notify();
    return { kind: 'success', lastRevision: this.currentVersion(state), position: record.position };
  }

  /**
   * Hard delete: a `$streamDeleted` record in the stream itself, at revision long.MaxValue;
   * the stream is gone for good. Unlike a soft delete it succeeds on a never-written stream.
   */
  tombstone(streamName: string, expected: bigint): WriteOutcome {
    const stream = this.streams.get(streamName);
    const check = this.checkCommit(stream, streamName, expected, [randomUUID()]);
    if (check.kind === 'answer') return check.outcome;
    const state = stream ?? this.createStream(streamName);
    const record = this.appendToLog(streamName, DELETED_STREAM_REVISION, {
      eventId: randomUUID(),
      type: '$streamDeleted',
      isJson: false,
      data: new Uint8Array(),
      customMetadata: new Uint8Array(),
    });
    state.tombstoned = true;
    this.notify();
    return { kind: 'success', lastRevision: DELETED_STREAM_REVISION, position: record.position };
  }

  /** Writes a system event as the server would (no expected-version check). */
  writeSystemEvent(streamName: string, type: string, data: unknown): void {
    const state = this.streams.get(streamName) ?? this.createStream(streamName);
    this.writeRecord(state, streamName, BigInt(state.events.length), {
      eventId: randomUUID(),
      type,
      isJson: true,
      data: Buffer.from(JSON.stringify(data)),
      customMetadata: new Uint8Array(),
    });
    this.notify();
  }

  private currentVersion(stream: StreamState | undefined): bigint {
    if (!stream) return NO_EVENTS;
    if (stream.tombstoned) return DELETED_STREAM_REVISION;
    return BigInt(stream.events.length) - 1n;
  }

  private checkCommit(
    stream: StreamState | undefined,
    streamName: string,
    expected: bigint,
    eventIds: readonly string[],
  ): { kind: 'write'; softDeleted: boolean } | { kind: 'answer'; outcome: WriteOutcome } {
    const answer = (outcome: WriteOutcome) => ({ kind: 'answer' as const, outcome });
    const write = { kind: 'write' as const, softDeleted: stream?.truncateBefore === DELETED_STREAM_REVISION };
    if (stream?.tombstoned) return answer({ kind: 'stream-deleted' });
    const current = this.currentVersion(stream);
    const wrong = answer({ kind: 'wrong-expected-version', currentVersion: current });

    if (expected === ExpectedVersion.StreamExists) {
      if (write.softDeleted) return answer({ kind: 'stream-deleted' });
      if (current < 0n && this.currentVersion(this.streams.get(metastreamOf(streamName))) < 0n) return wrong;
    }
    if (expected === ExpectedVersion.StreamExists || expected === ExpectedVersion.Any) {
      // `IndexWriter.CheckCommit`, "idempotency checks": every id must be a recent one of this
      // stream (at any revision); the first unknown id means a new write, a later one a
      // "corrupted idempotency", answered as a wrong expected version.
      if (!stream || eventIds.length === 0) return write;
      let last: RecentEvent | undefined;
      for (const [offset, eventId] of eventIds.entries()) {
        const recent = this.recent.get(eventId);
        if (!recent || recent.streamName !== streamName) return offset === 0 ? write : wrong;
        last = recent;
      }
      const lastMatched = stream.events[Number(last!.revision)];
      return answer({ kind: 'success', lastRevision: lastMatched.revision, position: lastMatched.position });
    }
    if (expected > current) return wrong;
    if (expected === current) return write;

    // Behind the stream: an idempotent retry if the same ids sit at the following revisions.
    if (eventIds.length === 0) return wrong;
    for (const [offset, eventId] of eventIds.entries()) {
      const revision = expected + 1n + BigInt(offset);
      if (stream!.events[Number(revision)]?.eventId === eventId) continue;
      if (offset > 0) return wrong; // a partial match: the server's "corrupted idempotency"
      if (expected === ExpectedVersion.NoStream && write.softDeleted) return write;
      return wrong;
    }
    const lastMatched = stream!.events[Number(expected) + eventIds.length];
    return answer({ kind: 'success', lastRevision: lastMatched.revision, position: lastMatched.position });
  }

  /**
   * A `$metadata` event written by a client to `$$<stream>` (`setStreamMetadata`) replaces the
   * stream's metadata: the server reads only the metastream's last event
   * (`IndexReader.GetStreamMetadataCached`), parsed by `StreamMetadata.FromJsonReader`
   * (EventStore src/EventStore.Core/Data/StreamMetadata.cs: `$tb` and `$maxCount` integers,
   * `$maxAge` in seconds). Keys this emulator does not interpret (`$acl`, `$cacheControl`,
   * custom ones) are ignored; unparsable metadata counts as none, as `TryFromJsonBytes` does.
   */
  private applyMetadata(streamName: string, data: Uint8Array): void {
    let parsed: Record<string, unknown> = {};
    try {
      const value: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
      if (value !== null && typeof value === 'object') parsed = value as Record<string, unknown>;
    } catch {
      // Not JSON: no metadata.
    }
    const integer = (key: string): bigint | undefined => {
      const value = parsed[key];
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? BigInt(value) : undefined;
    };
    const state = this.streams.get(streamName) ?? this.createStream(streamName);
    state.truncateBefore = integer('$tb') ?? 0n;
    const maxAge = integer('$maxAge');
    state.maxAgeMs = maxAge === undefined ? undefined : Number(maxAge) * 1000;
    state.maxCount = integer('$maxCount');
  }

  private createStream(streamName: string): StreamState {
    const state: StreamState = { events: [], truncateBefore: 0n, tombstoned: false };
    this.streams.set(streamName, state);
    return state;
  }

  private writeMetadata(streamName: string, metadata: Record<string, number | bigint>): StoredEvent {
    const metastreamName = metastreamOf(streamName);
    const metastream = this.streams.get(metastreamName) ?? this.createStream(metastreamName);
    const json = JSON.stringify(metadata, (_key, value: unknown) => (typeof value === 'bigint' ? `#${value}#` : value));
    return this.writeRecord(metastream, metastreamName, BigInt(metastream.events.length), {
      eventId: randomUUID(),
      type: '$metadata',
      isJson: true,
      // JSON numbers above 2^53 are written verbatim, as the server's JSON writer does.
      data: Buffer.from(json.replace(/"#(\d+)#"/g, '$1')),
      customMetadata: new Uint8Array(),
    });
  }

  private writeRecord(state: StreamState, streamName: string, revision: bigint, event: ProposedEvent): StoredEvent {
    const record = this.appendToLog(streamName, revision, event);
    state.events.push(record);
    // `IndexWriter.PreCommit` caches every committed event's id.
    this.recent.put(event.eventId, { streamName, revision });
    return record;
  }

  private appendToLog(streamName: string, revision: bigint, event: ProposedEvent): StoredEvent {
    const record: StoredEvent = {
      position: this.nextPosition,
      streamName,
      revision,
      eventId: event.eventId,
      type: event.type,
      isJson: event.isJson,
      data: event.data,
      customMetadata: event.customMetadata,
      created: BigInt(Math.trunc(this.clock())) * TICKS_PER_MILLISECOND,
    };
    this.nextPosition += recordSize(streamName, event.type, event.data, event.customMetadata);
    this.all.push(record);
    return record;
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

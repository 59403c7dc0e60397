/**
 * The event-store port: the only view of storage the application has.
 *
 * Two adapters implement it (embedded SQLite, EventStoreDB) and both must pass the
 * contract suite in `@ledger/testing`. Vendor types never cross this boundary.
 */

/** Position of an event in the global log; compared as a pair, never as `commit + 1`. */
export interface GlobalPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** What the stream must look like for an append to succeed (optimistic concurrency). */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** Metadata every event carries; adapters store it verbatim as JSON. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Who caused it: a client id (`client:<id>`) or an admin principal (`admin:<name>`). */
  readonly actor?: string;
  readonly requestId?: string;
  /** SHA-256 (hex) of the previous event of the same stream; `null` for the first event. */
  readonly previousEventHash?: string | null;
  /** Version of the event's `data` schema. */
  readonly schemaVersion?: number;
  readonly [key: string]: unknown;
}

/** An event to append. `id` is a UUID; deterministic ids make a retried append idempotent. */
export interface EventToAppend<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /**
   * `data` and `metadata` already serialised by the writer, as `canonicalJson` (the command
   * loop has them from hashing the event). An adapter that stores JSON text may store these
   * instead of serialising the objects a second time; they must be exactly
   * `canonicalJson(data)` and `canonicalJson(metadata)`. `hash`, when given, is the event's
   * `eventHash` (over these texts, at the revision the append lands on): an adapter may keep it
   * beside the event for {@link EventStore.readAllDigests}.
   */
  readonly json?: { readonly data: string; readonly metadata: string; readonly hash?: string };
}

/** An event as stored. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly streamName: string;
  /** 0-based index of the event in its stream. */
  readonly revision: bigint;
  readonly position: GlobalPosition;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /** When the store recorded it (informational; never order by it). */
  readonly recordedAt: Date;
  /**
   * `data` and `metadata` as the store holds them, when it holds JSON text and had it at hand:
   * a consumer that only forwards the event (to another thread, say) can take the text instead
   * of serialising the objects again. `JSON.parse` of each gives `data` and `metadata`.
   */
  readonly json?: { readonly data: string; readonly metadata: string };
}

/** An event's place in the log and its writer's hash (see {@link EventStore.readAllDigests}). */
export interface EventDigest {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: GlobalPosition;
  readonly type: string;
  readonly contentHash: string | null;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event written (the expected revision for the next append). */
  readonly nextExpectedRevision: bigint;
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start. Defaults to `'start'` forwards and `'end'` backwards. */
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly maxCount?: number;
}

/** Server-side filter on the global log: an event passes if it matches any prefix given. */
export interface EventFilter {
  readonly streamNamePrefixes?: readonly string[];
  readonly eventTypePrefixes?: readonly string[];
}

export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start (as EventStoreDB's `readAll`). Defaults to the start (or end backwards). */
  readonly fromPosition?: GlobalPosition | 'start' | 'end';
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /**
   * Exclusive start: delivery begins with the first event **after** this position (as
   * EventStoreDB's `subscribeToAll`), so a subscriber resumes from the position of the last
   * event it processed. `'start'` delivers everything.
   */
  readonly fromPosition?: GlobalPosition | 'start';
  readonly filter?: EventFilter;
  /**
   * Optional: told that the subscription has passed `position` with nothing more to deliver
   * up to it (EventStoreDB sends such checkpoints on filtered subscriptions, every few hundred
   * records considered, matching or not). Called from inside the iteration, once every event
   * at or before `position` has been delivered and the consumer asked for the next one, so a
   * consumer may store `position` as where to resume (`fromPosition`) without skipping
   * anything its filter passes, and without re-scanning the records that did not match.
   * Adapters may call it or not (the embedded store does not need to); it must not throw.
   */
  readonly onCheckpoint?: (position: GlobalPosition) => void;
}

/** A catch-up-then-live subscription; iterate it, and `unsubscribe()` to stop. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  unsubscribe(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically. Resolves only once the events are durable.
   * @throws WrongExpectedRevisionError when the stream is not at `expectedRevision`.
   */
  append(
    streamName: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /** Reads one stream; a stream that does not exist reads as empty. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Optional: the revision of the stream's last event, without reading the event (an adapter
   * that can answer this more cheaply than `readStream` backwards by one implements it).
   */
  streamRevision?(streamName: string): Promise<bigint | 'no_stream'>;

  /** Reads the global log in commit order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Optional: the global log in commit order without the events' content, for a reader that
   * needs only where each event is and its hash (the sealer): events after `after` (exclusive),
   * at most `maxCount`. `contentHash` is the `eventHash` the writer computed when it appended the
   * event (`json.hash`), `null` when it gave none. It is what was appended, not a check of what
   * is stored now: verification recomputes hashes from the events themselves.
   */
  readAllDigests?(after: GlobalPosition | 'start', maxCount: number): Promise<EventDigest[]>;

  /** Catches up from `fromPosition`, then delivers new events live, in global order. */
  subscribeToAll(options?: SubscribeOptions): Subscription;

  /**
   * Optional: removes whole streams, for retention and subject erasure. Call it only through
   * `removeStreamsRecorded` (`@ledger/audit`), which first appends an `EventsRemoved` record
   * listing every event removed (position, revision, type, content hash): verification and the
   * Merkle seals then account for the removed events from the record, and an event missing
   * without one is still reported as a deletion.
   *
   * Once it resolves, `readStream` of each stream reads as empty. What else changes is the
   * adapter's:
   * - embedded store: the rows are deleted in one transaction with `secure_delete` on (the
   *   bytes are overwritten, not just unlinked) and the WAL is checkpointed and truncated, so
   *   no copy of them stays in either file; `readAll` and subscriptions no longer see them.
   *   Positions are `INTEGER PRIMARY KEY` (max + 1), so removing the log's last event would let
   *   the next append reuse its position: such a removal is refused with
   *   {@link StreamRemovalRefusedError}, and never happens when the record is appended first.
   * - EventStoreDB: the stream's `$tb` (truncate before) metadata is set past its last
   *   revision; stream reads hide the events at once, `$all` reads and subscriptions still
   *   return them until a scavenge reclaims the space (see docs/operations.md).
   *
   * Streams that do not exist (or are already removed) are skipped, so a retried removal is
   * harmless. A removed stream must not be written again: the embedded store would restart it
   * at revision 0 while EventStoreDB continues after its old last revision.
   */
  removeStreams?(streamNames: readonly string[]): Promise<void>;

  /** Flushes pending work and releases resources. */
  close(): Promise<void>;
}

/** Injection token for the configured event store. */
export const EVENT_STORE = Symbol.for('tokenledger.EventStore');

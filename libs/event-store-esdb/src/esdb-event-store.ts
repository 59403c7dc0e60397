import type { Readable } from 'node:stream';

import {
  END,
  ErrorType,
  START,
  convertToCommandError,
  eventTypeFilter,
  isCommandError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type CommandError,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';

import {
  EventStoreUnavailableError,
  MaximumAppendSizeExceededError,
  StreamRemovalRefusedError,
  WrongExpectedRevisionError,
  checkStreamName,
  comparePositions,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-sourcing';

import { LedgerEsdbClient, describeHosts, type ServerFilter } from './esdb-client';
import {
  EventStoreAccessDeniedError,
  EventStoreProtocolError,
  StreamDeletedError,
} from './esdb-event-store.errors';
import {
  isAfter,
  isSystemEvent,
  passes,
  samePosition,
  toClientExpectedRevision,
  toEventData,
  toRecordedEvent,
  toServerFilters,
} from './esdb-mapping';
import { ReadDrivenSubscription } from './read-driven-subscription';
import {
  ResilientSubscription,
  backoffDelay,
  type ResubscribeOptions,
  type SubscriptionDrop,
  type Upstream,
} from './resilient-subscription';

/** Options of {@link EsdbEventStore}; only `connectionString` is required. */
export interface EsdbEventStoreOptions {
  /**
   * `esdb://[user:password@]host:2113[?tls=false]` (or `esdb+discover://` for a cluster), as
   * the client accepts it, except that `throwOnAppendFailure=false` is refused.
   */
  readonly connectionString: string;
  /** How long {@link EsdbEventStore.connect} waits for the server's first answer. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * Upper bound on one append attempt, also the gRPC deadline of its call (the client's
   * `deadline`; appends always use the unary `Append`, see {@link LedgerEsdbClient}). A healthy
   * leader answers within its write timeouts (`PrepareTimeoutMs`/`CommitTimeoutMs`, 2 s each,
   * EventStore src/EventStore.Core/Configuration/ClusterVNodeOptions.cs); the bound is for a
   * connection that went silent. An append that times out has an unknown outcome (see
   * `retryBudgetMs`), and the client reconnects before the next attempt. Default 10000 ms (the
   * client's own default).
   */
  readonly appendTimeoutMs?: number;
  /**
   * Per attempt of a read (`readStream`, each page of `readAll`): the longest wait for the
   * server's next message. The client sets no deadline on reads (readStream.js and readAll.js
   * pass `deadline: Infinity`), so a read on a half-open connection would stall until gRPC
   * keep-alive notices (`keepAliveInterval` + `keepAliveTimeout`, 20 s by default). A read
   * that times out is cancelled, the client reconnects, and the read is tried again within
   * `retryBudgetMs`. It bounds the silence, not the whole read, so a long healthy read is not
   * cut off. Default 5000 ms.
   */
  readonly readTimeoutMs?: number;
  /**
   * How long an operation keeps trying after failures to reach the store (unavailable, not
   * leader, deadline exceeded, discovery failed, no answer in time), with exponential back-off
   * from 50 ms up to 1 s; no new attempt starts once it would begin after this budget, and the
   * operation then fails with `EventStoreUnavailableError` (HTTP 503, gRPC UNAVAILABLE).
   *
   * Longer than a leader election, so that a failover costs clients latency, not errors. The
   * server's defaults (ClusterVNodeOptions.cs): a dead leader is noticed by gossip within
   * `GossipIntervalMs` + `GossipTimeoutMs` (2 s + 2.5 s; followers notice a lost replication
   * connection sooner, `ReplicationHeartbeatTimeout` 700 ms), and an election round takes up to
   * `LeaderElectionTimeoutMs` (1 s), usually one or two: about 6.5 s in the worst common case.
   * Default 8000 ms.
   *
   * What is retried: reads always. Appends when nothing was written (NotLeader: the follower
   * refused before forwarding; no connection could be made; discovery failed), and when the
   * outcome is unknown (reply lost, deadline, UNAVAILABLE after the request went out) only if
   * the expected revision is exact or `no_stream`: the server then recognises a retry by its
   * event ids in the stream itself, durably (EventStore
   * src/EventStore.Core/Services/Storage/ReaderIndex/IndexWriter.cs `CheckCommit`). For `any`
   * and `stream_exists` it only has an in-memory cache that a restart or a leader change
   * loses, so such an append fails at once with `EventStoreUnavailableError` saying the
   * outcome is unknown rather than risk writing its events twice.
   */
  readonly retryBudgetMs?: number;
  /** Back-off and buffering of subscriptions. */
  readonly resubscribe?: Omit<ResubscribeOptions, 'onDrop'>;
  /** Told each time a subscription drops and is about to resubscribe; must not throw. */
  readonly onSubscriptionDrop?: (drop: SubscriptionDrop) => void;
}

/** First and largest back-off between two attempts of an operation. */
const RETRY_INITIAL_DELAY_MS = 50;
const RETRY_MAX_DELAY_MS = 1000;

/** What an error happened during, for its translation into a project error. */
interface Operation {
  readonly name: 'append' | 'read' | 'readAll' | 'connect' | 'remove';
  readonly streamName?: string;
  readonly expected?: ExpectedRevision;
}

/** Largest count a read asks for (the client's own default, `Number.MAX_SAFE_INTEGER`). */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;
/**
 * Events one `$all` read asks for; longer reads go page by page. Bounds memory per call, and
 * keeps the count small: older servers narrow the requested count to a 32-bit `int` for their
 * internal page size (`Math.Min(32, (int)_maxCount)` in the gRPC `ReadAllForwardsFiltered`
 * enumerator of EventStore src/EventStore.Core/Services/Transport/Grpc/), which turns
 * 2^53 - 1 into -1; current ones page by `Math.Min(ReadBatchSize, maxCount)`.
 */
const ALL_PAGE_SIZE = 1000;
/** The key of a checkpoint marker in a subscription's stream (see `openUpstream`). */
const CHECKPOINT = Symbol('checkpoint');
interface CheckpointMarker {
  readonly [CHECKPOINT]: GlobalPosition;
}
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The EventStoreDB adapter of the event-store port, over `@eventstore/db-client` 6.2.1.
 *
 * Semantics match the embedded store and the contract suite: optimistic concurrency by
 * expected revision, idempotent retries by event id (the server's), inclusive `readAll` in
 * both directions, exclusive `subscribeToAll`, server-side prefix filters, and `$`-prefixed
 * system events never delivered. Every client call of the project is in this folder.
 *
 * Create it with {@link EsdbEventStore.connect}, which fails at start when the server cannot
 * be reached instead of at the first request.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: LedgerEsdbClient;
  private readonly hosts: string;
  private readonly appendTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly retryBudgetMs: number;
  private readonly resubscribe: ResubscribeOptions;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  /**
   * Opens a store without contacting the server (the client connects on first use).
   * @throws InvalidConnectionStringError
   */
  constructor(options: EsdbEventStoreOptions) {
    this.client = LedgerEsdbClient.fromConnectionString(options.connectionString);
    this.hosts = describeHosts(options.connectionString);
    this.appendTimeoutMs = positive('appendTimeoutMs', options.appendTimeoutMs ?? 10_000);
    this.readTimeoutMs = positive('readTimeoutMs', options.readTimeoutMs ?? 5000);
    this.retryBudgetMs = nonNegative('retryBudgetMs', options.retryBudgetMs ?? 8000);
    this.resubscribe = { ...options.resubscribe, onDrop: options.onSubscriptionDrop };
  }

  /**
   * Opens a store and checks that the server answers: reads the last event of `$all` (the
   * same right the adapter needs for its reads and subscriptions) within `connectTimeoutMs`.
   *
   * @throws EventStoreUnavailableError naming the host (never the credentials) when the server
   *   cannot be reached or does not answer in time
   * @throws EventStoreAccessDeniedError when the configured user may not read `$all`
   */
  static async connect(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    const store = new EsdbEventStore(options);
    try {
      await store.ping(options.connectTimeoutMs ?? 5000);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Appends atomically with the expected revision; resolves once the server has committed.
   *
   * @throws WrongExpectedRevisionError on a conflict (`Append` reports it in-band in
   *   `AppendResp`; the client turns it into `WrongExpectedVersionError`)
   * @throws StreamDeletedError when the stream is tombstoned
   * @throws MaximumAppendSizeExceededError when the append exceeds the server's limit
   * @throws EventStoreUnavailableError when the server cannot be reached within
   *   `retryBudgetMs`, or at once when an `any`/`stream_exists` append's outcome is unknown
   * @throws InvalidEventError when an event is malformed
   */
  async append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    checkStreamName(streamName);
    const expectedRevision = toClientExpectedRevision(options.expectedRevision);
    const data = toEventData(streamName, events);
    if (data.length === 0) return this.checkEmptyAppend(streamName, options.expectedRevision);

    const operation: Operation = { name: 'append', streamName, expected: options.expectedRevision };
    return this.withRetries(operation, async () => {
      const result = await this.bounded(
        // `requiresLeader`: a follower answers NotLeader naming the leader, and the client
        // reconnects there (Client/index.js `handleError`); without it the follower would
        // forward the write.
        this.client.appendToStream(streamName, data, { expectedRevision, requiresLeader: true, deadline: this.appendTimeoutMs }),
        this.appendTimeoutMs,
        `append to ${streamName}`,
        () => this.reconnect(`append to ${streamName}: no answer within ${this.appendTimeoutMs} ms`),
      );
      // An idempotent retry writes nothing; servers whose `AlreadyCommitted` reply carries no
      // log position (before `IdempotentLogPosition`, StorageWriterService.cs) then answer
      // `no_position`. The port promises the last event's position: read it back.
      const position = result.position ?? (await this.positionAt(streamName, result.nextExpectedRevision));
      return { nextExpectedRevision: result.nextExpectedRevision, position };
    });
  }

  /** Reads one stream from an inclusive revision; a missing or soft-deleted stream reads as empty. */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const maxCount = toMaxCount(options.maxCount);
    if (maxCount === 0) return [];
    let from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    if (typeof from === 'bigint') {
      if (from < 0n) throw new RangeError(`revision must be >= 0n, got ${from}`);
      if (from > UINT64_MAX) {
        if (direction === 'forwards') return [];
        from = 'end';
      }
    }
    const fromRevision = from === 'start' ? START : from === 'end' ? END : from;
    return this.withRetries({ name: 'read', streamName }, async () => {
      try {
        // `requiresLeader`: decisions and must-be-current answers (introspection, management
        // reads) are made on what this returns, and a follower answers from its own copy,
        // which may lag the leader; with the header it answers NotLeader instead.
        const read = this.client.readStream(streamName, {
          direction,
          fromRevision,
          maxCount: maxCount === Number.POSITIVE_INFINITY ? UNBOUNDED : maxCount,
          requiresLeader: true,
        });
        return (await this.drain(read, `read ${streamName}`)).map(toRecordedEvent);
      } catch (error) {
        // A missing stream is an in-band `stream_not_found` reply, raised by the client as
        // StreamNotFoundError (streams/utils/ReadStream.ts); soft-deleted streams read the same.
        if (error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND) return [];
        throw error;
      }
    });
  }

  /**
   * Reads the global log from an inclusive position, in commit order, filtered server-side.
   *
   * Backwards from a position P, the server returns the events *before* P (it reads `$all`
   * backwards from a post-position, excluding the record at P). The port, like the embedded
   * store, includes P; so a backwards read from P first reads forwards one event from P with
   * the same filter, keeps it when it is exactly at P, and then reads backwards from P,
   * dropping anything at or after P in case a server does include it.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const limit = toMaxCount(options.maxCount);
    if (limit === 0) return [];
    const from = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    return this.readMerged(direction, from, true, limit, toServerFilters(options.filter));
  }

  /**
   * Catches up strictly after `fromPosition`, then follows the log live, resubscribing after
   * drops (see {@link ResilientSubscription}). A filter with both stream and type prefixes is
   * served by reading merged pages, woken by one filtered subscription per kind.
   *
   * Catch-up subscriptions may be served by any node (no `requires-leader`): they are
   * eventually consistent by nature, and their consumers keep their own checkpoints.
   * `onCheckpoint` is called for the server's checkpoints of a single-kind filter (stream
   * prefixes or type prefixes); an unfiltered subscription has none, and one filtering on both
   * kinds reports none either (its cursor comes from its reads).
   */
  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const from = options.fromPosition ?? 'start';
    const filters = toServerFilters(options.filter);
    const subscription =
      filters === 'none' || filters.length === 1
        ? this.follow(from, filters === 'none' ? undefined : filters[0], options.onCheckpoint)
        : new ReadDrivenSubscription(
            (after, limit) =>
              after === 'start'
                ? this.readMerged('forwards', 'start', true, limit, filters)
                : this.readMerged('forwards', after, false, limit, filters),
            (after) => filters.map((filter) => this.follow(after, filter)),
            from,
            this.resubscribe,
          );
    return this.track(subscription);
  }

  /**
   * Removes whole streams the way EventStoreDB does: sets each stream's `$tb` (truncate before)
   * metadata to its last revision + 1 (`setStreamMetadata`, an append of a `$metadata` event
   * to `$$<stream>`). From then on the server's stream reads start at `$tb`, so the stream
   * reads as empty (EventStore src/EventStore.Core/Services/Storage/ReaderIndex/IndexReader.cs,
   * `ReadStreamEventsForwardInternal`: `minEventNumber = max(..., metadata.TruncateBefore)`),
   * while `$all` reads walk the transaction file without looking at stream metadata
   * (`AllReader.cs`), so they and subscriptions still return the events until a scavenge
   * deletes them from the chunks (docs/operations.md). The stream keeps its last revision: an
   * append with `no_stream` is a conflict, not a new stream.
   *
   * Setting the same `$tb` twice is harmless, so a removal whose outcome is unknown is retried
   * like a read; a stream already empty to readers (missing, truncated, soft-deleted) is skipped.
   * @throws StreamRemovalRefusedError for a system (`$`) stream
   */
  async removeStreams(streamNames: readonly string[]): Promise<void> {
    this.assertOpen();
    const distinct = [...new Set(streamNames)];
    for (const streamName of distinct) {
      checkStreamName(streamName);
      if (streamName.startsWith('$')) throw new StreamRemovalRefusedError(streamName, 'it is a system stream');
    }
    for (const streamName of distinct) {
      const [last] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
      if (!last) continue;
      // The client's metadata wants a JavaScript integer; revisions of this service's streams
      // stay far below 2^53.
      const truncateBefore = Number(last.revision + 1n);
      await this.withRetries({ name: 'remove', streamName }, () =>
        this.bounded(
          this.client.setStreamMetadata(streamName, { truncateBefore }, { requiresLeader: true, deadline: this.appendTimeoutMs }),
          this.appendTimeoutMs,
          `set the metadata of ${streamName}`,
          () => this.reconnect(`set the metadata of ${streamName}: no answer within ${this.appendTimeoutMs} ms`),
        ),
      );
    }
  }

  /** Ends subscriptions, cancels the client's calls and closes its channel. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await this.client.dispose();
    await this.client.closeChannel();
  }

  private follow(
    from: GlobalPosition | 'start',
    filter: ServerFilter | undefined,
    onCheckpoint?: (position: GlobalPosition) => void,
  ): ResilientSubscription {
    return new ResilientSubscription((after) => this.openUpstream(after, filter), from, { ...this.resubscribe, onCheckpoint });
  }

  /** One client subscription, as items for {@link ResilientSubscription}. */
  private openUpstream(after: GlobalPosition | 'start', filter: ServerFilter | undefined): Upstream {
    // The client reports checkpoints through a callback, outside the stream of events
    // (streams/utils/Subscription.js `_transform` awaits `checkpointReached` before passing on
    // what follows). Pushing a marker onto the subscription's own readable side from inside
    // that callback puts the checkpoint in order, behind the events it follows.
    const checkpointReached = (stream: AllStreamSubscription, position: GlobalPosition): void => {
      // The subscription is a Transform (Subscription.js): `push` is its readable side.
      (stream as unknown as Readable).push({ [CHECKPOINT]: position } satisfies CheckpointMarker);
    };
    const subscription = this.client.subscribeToAll({
      // Exclusive: the server's subscription starts after this position.
      fromPosition: after === 'start' ? START : after,
      filter:
        filter === undefined
          ? undefined
          : filter.on === 'streamName'
            ? streamNameFilter({ prefixes: [...filter.prefixes], checkpointReached })
            : eventTypeFilter({ prefixes: [...filter.prefixes], checkpointReached }),
    });
    // The client re-emits call errors on its subscription (Subscription.ts `initialize`); an
    // error after the iteration has stopped would otherwise be an unhandled 'error' event.
    subscription.on('error', () => undefined);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent | CheckpointMarker>) {
          if (CHECKPOINT in resolved) {
            yield { position: resolved[CHECKPOINT], event: null, checkpoint: true };
            continue;
          }
          const record = resolved.event;
          if (!record) continue;
          const position = record.position;
          // The client's `caughtUp`/`fellBehind` messages never come through here.
          const skip =
            isSystemEvent(record) ||
            (filter !== undefined && !passes(filter, { streamName: record.streamId, type: record.type }));
          yield { position, event: skip ? null : toRecordedEvent(record) };
        }
      },
      close: async () => {
        await subscription.unsubscribe();
        // `unsubscribe()` cancels the call, and the client swallows the resulting
        // "Cancelled on client" error without ending its stream; destroying it ends any
        // pending iteration.
        subscription.destroy();
      },
    };
  }

  /**
   * Reads `$all` with zero, one or two server filters (merged by position when two, as
   * "stream prefix OR type prefix" cannot be one server filter).
   */
  private async readMerged(
    direction: 'forwards' | 'backwards',
    from: GlobalPosition | 'start' | 'end',
    inclusive: boolean,
    limit: number,
    filters: readonly ServerFilter[] | 'none',
  ): Promise<RecordedEvent[]> {
    if (filters === 'none') return this.scan(direction, from, inclusive, limit, undefined);
    if (filters.length === 1) return this.scan(direction, from, inclusive, limit, filters[0]);
    const parts = await Promise.all(filters.map((filter) => this.scan(direction, from, inclusive, limit, filter)));
    const merged = parts.flat().sort((a, b) => comparePositions(a.position, b.position) * (direction === 'forwards' ? 1 : -1));
    const unique = merged.filter((event, i) => i === 0 || !samePosition(event.position, merged[i - 1].position));
    return unique.slice(0, limit);
  }

  /**
   * Up to `limit` events of `$all` from `from`, in `direction`, passing `filter`, never a
   * system event. Reads go in pages of {@link ALL_PAGE_SIZE}, and system events are dropped
   * after each, so a page may hold fewer events than wanted while the log goes on: keep
   * reading after the last record seen until `limit` is met or the server returns less than
   * asked (the end of the log).
   */
  private async scan(
    direction: 'forwards' | 'backwards',
    start: GlobalPosition | 'start' | 'end',
    inclusive: boolean,
    limit: number,
    filter: ServerFilter | undefined,
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    const keep = (record: ClientRecordedEvent): void => {
      if (isSystemEvent(record)) return;
      const event = toRecordedEvent(record);
      if (filter && !passes(filter, event)) return;
      out.push(event);
    };
    let from = start;
    let includeFrom = inclusive;
    if (direction === 'backwards' && typeof from === 'object' && includeFrom) {
      const [atFrom] = await this.readRaw('forwards', from, 1, filter);
      if (atFrom?.position && samePosition(atFrom.position, from)) keep(atFrom);
      includeFrom = false;
    }
    while (out.length < limit) {
      const wanted = limit - out.length;
      // One more than wanted when the first record may be the excluded boundary.
      const count = Math.min(ALL_PAGE_SIZE, wanted + (typeof from === 'object' ? 1 : 0));
      const records = await this.readRaw(direction, from, count, filter);
      for (const record of records) {
        if (out.length === limit) break;
        const position = record.position;
        if (!position) continue;
        if (typeof from === 'object') {
          const beyond = direction === 'forwards' ? isAfter(position, from) : isAfter(from, position);
          if (!beyond && !(includeFrom && samePosition(position, from))) continue;
        }
        keep(record);
      }
      const last = records[records.length - 1]?.position;
      if (records.length < count || !last) break;
      from = last;
      includeFrom = false;
    }
    return out;
  }

  private async readRaw(
    direction: 'forwards' | 'backwards',
    from: GlobalPosition | 'start' | 'end',
    count: number,
    filter: ServerFilter | undefined,
  ): Promise<ClientRecordedEvent[]> {
    const fromPosition = from === 'start' ? START : from === 'end' ? END : from;
    // `requiresLeader` as in readStream: the registry and the auditors read `$all` to decide.
    return this.withRetries({ name: 'readAll' }, () =>
      this.drain(
        filter
          ? this.client.readAllFiltered({ fromPosition, direction, maxCount: count, filter, requiresLeader: true })
          : this.client.readAll({ fromPosition, direction, maxCount: count, requiresLeader: true }),
        'read $all',
      ),
    );
  }

  /**
   * Runs `attempt`, translating its failure into a project error. A failure to reach the store
   * is tried again with back-off while the next attempt would start within `retryBudgetMs`
   * (the client reconnects in between: Client/index.js `handleError` on UNAVAILABLE,
   * CANCELLED and NotLeader, the latter to the leader it names) — except an append whose
   * outcome is unknown and whose expected revision the server does not dedupe durably.
   */
  private async withRetries<T>(operation: Operation, attempt: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempts = 1; ; attempts++) {
      try {
        return await attempt();
      } catch (error) {
        const translated = this.translate(error, operation);
        if (!(translated instanceof EventStoreUnavailableError) || this.closed) throw translated;
        if (operation.name === 'append' && mayHaveReachedServer(error) && !dedupedDurably(operation.expected)) {
          throw new EventStoreUnavailableError(
            `${translated.message}; outcome unknown: the append may have been written, and with expected revision ` +
              `${String(operation.expected)} a retry could write it twice, so it was not retried`,
            { cause: error },
          );
        }
        const delayMs = backoffDelay(attempts, RETRY_INITIAL_DELAY_MS, RETRY_MAX_DELAY_MS);
        const elapsed = Date.now() - started;
        if (elapsed + delayMs > this.retryBudgetMs) {
          throw attempts === 1
            ? translated
            : new EventStoreUnavailableError(`${translated.message} (${attempts} attempts in ${elapsed} ms)`, { cause: error });
        }
        await delay(delayMs);
        if (this.closed) throw translated;
      }
    }
  }

  /**
   * Reads a client read stream to the end, failing as unavailable when the server sends
   * nothing for `timeoutMs` (the call is then cancelled and the client reconnects, see
   * {@link LedgerEsdbClient.reconnect}). One timer per read, pushed back by each message.
   * Late errors are swallowed, not thrown at the process.
   */
  private drain(read: ClientRead, what: string, timeoutMs = this.readTimeoutMs): Promise<ClientRecordedEvent[]> {
    return new Promise<ClientRecordedEvent[]>((resolve, reject) => {
      const records: ClientRecordedEvent[] = [];
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const timer = setTimeout(() => {
        settle(() => reject(new EventStoreUnavailableError(`${what}: no answer from EventStoreDB at ${this.hosts} within ${timeoutMs} ms`)));
        // Destroying ends the stream at once; cancelling ends the gRPC call, once the client has
        // opened it (it may still be discovering the leader).
        read.destroy();
        void read.cancel().catch(() => undefined);
        this.reconnect(`${what}: no answer within ${timeoutMs} ms`);
      }, timeoutMs);
      read.on('data', (resolved: ResolvedEvent) => {
        timer.refresh();
        if (resolved.event) records.push(resolved.event);
      });
      read.on('error', (error: unknown) => settle(() => reject(error)));
      read.once('end', () => settle(() => resolve(records)));
      // Closed without an end or an error: cancelled under it (the store is closing).
      read.once('close', () =>
        settle(() => reject(new EventStoreUnavailableError(`${what}: the call to EventStoreDB at ${this.hosts} was closed`))),
      );
    });
  }

  /** The position of the event at `revision` (for appends the server answered without one). */
  private async positionAt(streamName: string, revision: bigint): Promise<GlobalPosition> {
    const [event] = await this.readStream(streamName, { fromRevision: revision, maxCount: 1 });
    if (!event) {
      throw new EventStoreProtocolError(`append to ${streamName} succeeded but revision ${revision} cannot be read`);
    }
    return event.position;
  }

  /**
   * An append of no events checks the expectation and writes nothing, as in the embedded
   * store: answers the current revision (-1 when absent) and the position of the last event.
   */
  private async checkEmptyAppend(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    const current = last?.revision;
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      expected === current;
    if (!holds) throw new WrongExpectedRevisionError(streamName, expected, current ?? 'no_stream');
    return last
      ? { nextExpectedRevision: last.revision, position: last.position }
      : { nextExpectedRevision: -1n, position: { commit: 0n, prepare: 0n } };
  }

  /**
   * Reads the last event of `$all` from the leader within `timeoutMs`. A NotLeader answer (the
   * gossip named a node that has just lost the leadership) is tried again, once the client has
   * reconnected to the leader it named; any other failure fails the start at once.
   */
  private async ping(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const remaining = Math.max(1, deadline - Date.now());
      try {
        const read = this.client.readAll({ direction: 'backwards', fromPosition: END, maxCount: 1, requiresLeader: true });
        await this.drain(read, 'the start-up check', remaining);
        return;
      } catch (error) {
        const translated = this.translate(error, { name: 'connect' });
        if (!(translated instanceof EventStoreUnavailableError)) throw translated;
        const notLeader = error instanceof Error && isCommandError(error) && error.type === ErrorType.NOT_LEADER;
        if (notLeader && Date.now() + RETRY_INITIAL_DELAY_MS < deadline) {
          await delay(RETRY_INITIAL_DELAY_MS);
          continue;
        }
        const reason =
          error instanceof EventStoreUnavailableError
            ? `no answer within ${timeoutMs} ms`
            : error instanceof Error && isCommandError(error)
              ? describeFailure(error)
              : isDiscoveryFailure(error)
                ? `no node of the cluster answered (${error.message})`
                : translated.message;
        throw new EventStoreUnavailableError(`cannot reach EventStoreDB at ${this.hosts}: ${reason}`, { cause: error });
      }
    }
  }

  /**
   * Resolves or rejects as `promise`, or fails as unavailable after `timeoutMs` (calling
   * `onTimeout` first, to cancel what is abandoned).
   */
  private async bounded<T>(
    promise: Promise<T>,
    timeoutMs: number,
    what: string,
    onTimeout?: () => void,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const failure = new EventStoreUnavailableError(
          `${what}: no answer from EventStoreDB at ${this.hosts} within ${timeoutMs} ms (outcome unknown)`,
        );
        timedOut = true;
        onTimeout?.();
        reject(failure);
      }, timeoutMs);
    });
    // A late rejection of the abandoned call must not become an unhandled rejection. The
    // call's own gRPC deadline (unary `Append` makes the client's `deadline` one, append.js
    // `callArguments(baseOptions)`) may expire before the timer: the same silence, so the same
    // reconnection, which the client does not do for DEADLINE_EXCEEDED (`shouldReconnect`).
    promise.catch((error: unknown) => {
      if (!timedOut && error instanceof Error && isCommandError(error) && error.type === ErrorType.DEADLINE_EXCEEDED) {
        onTimeout?.();
      }
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A client error as a project error with a stable `code`. The client raises `CommandError`s
   * whose `type` says what the server meant (an `exception` trailer, an in-band reply or a
   * gRPC status; utils/CommandError.ts `convertToCommandError`).
   */
  private translate(error: unknown, operation: Operation): unknown {
    if (!(error instanceof Error)) return error;
    if (
      error instanceof WrongExpectedRevisionError ||
      error instanceof EventStoreUnavailableError ||
      error instanceof EventStoreProtocolError
    ) {
      return error;
    }
    const subject = operation.streamName ?? '$all';
    if (isDiscoveryFailure(error)) {
      return new EventStoreUnavailableError(
        `${operation.name} ${subject}: no node of the EventStoreDB cluster at ${this.hosts} answered with a usable member (${error.message})`,
        { cause: error },
      );
    }
    const command = isCommandError(error) ? error : convertToCommandError(error);
    if (!isCommandError(command)) return error;
    switch (command.type) {
      case ErrorType.WRONG_EXPECTED_VERSION:
        return new WrongExpectedRevisionError(
          operation.streamName ?? command.streamName,
          operation.expected ?? fromClientRevision(command.expectedVersion),
          typeof command.actualVersion === 'bigint' ? command.actualVersion : 'no_stream',
        );
      case ErrorType.STREAM_DELETED:
        return new StreamDeletedError(operation.streamName ?? command.streamName, { cause: error });
      case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
        return new MaximumAppendSizeExceededError(subject, { maxBytes: command.maxAppendSize || undefined }, { cause: error });
      case ErrorType.ACCESS_DENIED:
        return new EventStoreAccessDeniedError(
          `${operation.name} ${subject}: EventStoreDB at ${this.hosts} denied access to the configured user`,
          { cause: error },
        );
      case ErrorType.UNAVAILABLE:
      case ErrorType.CANCELLED:
      case ErrorType.DEADLINE_EXCEEDED:
      case ErrorType.TIMEOUT:
      case ErrorType.UNKNOWN:
      case ErrorType.NOT_LEADER:
        return new EventStoreUnavailableError(
          `${operation.name} ${subject}: EventStoreDB at ${this.hosts} is unavailable (${describeFailure(command)})`,
          { cause: error },
        );
      default:
        return error;
    }
  }

  /** Has the client reconnect before the next call (see {@link LedgerEsdbClient.reconnect}). */
  private reconnect(reason: string): void {
    // It settles at once unless the client is still discovering the leader, in which case the
    // next call waits for that discovery anyway.
    void this.client.reconnect(reason).catch(() => undefined);
  }

  private track(subscription: Subscription): Subscription {
    this.subscriptions.add(subscription);
    const unsubscribe = subscription.unsubscribe.bind(subscription);
    const iterate = subscription[Symbol.asyncIterator].bind(subscription);
    const tracked: Subscription = {
      [Symbol.asyncIterator]: () => {
        const iterator = iterate();
        return {
          next: () => iterator.next(),
          return: async () => {
            await tracked.unsubscribe();
            return { done: true, value: undefined };
          },
        };
      },
      unsubscribe: async () => {
        this.subscriptions.delete(subscription);
        await unsubscribe();
      },
    };
    return tracked;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the EventStoreDB event store is closed');
  }
}

/** A read stream of the client (a Readable of resolved events); `cancel()` ends its gRPC call. */
type ClientRead = NodeJS.EventEmitter & { cancel(): Promise<void>; destroy(): void };

/**
 * The client's error when no seed answered its gossip: a plain `Error`, not a `CommandError`
 * (Client/discovery.js `discoverEndpoint`: "Failed to discover after N attempts.").
 */
function isDiscoveryFailure(error: unknown): error is Error {
  return error instanceof Error && !isCommandError(error) && /^Failed to discover after \d+ attempts\.$/.test(error.message);
}

/**
 * Whether a failed call may have reached the server, so that a write may have happened. Not
 * when: a follower answered NotLeader (only with `requires-leader`, before forwarding the
 * write); discovery failed (no node was asked anything but gossip); gRPC could not connect
 * (its picker fails the call before sending it, "No connection established", grpc-js
 * load-balancer-pick-first.js/picker.js). Anything else (UNAVAILABLE or CANCELLED on a
 * connection that was up, deadlines, the server's own write timeout, no answer) may have.
 */
function mayHaveReachedServer(error: unknown): boolean {
  if (isDiscoveryFailure(error)) return false;
  if (!(error instanceof Error) || !isCommandError(error)) return true;
  if (error.type === ErrorType.NOT_LEADER) return false;
  return !(error.type === ErrorType.UNAVAILABLE && /No connection established/.test(error.message));
}

/**
 * Whether the server recognises a retried append by its event ids durably: for an exact
 * revision or `no_stream` it reads the events at the following revisions (EventStore
 * src/EventStore.Core/Services/Storage/ReaderIndex/IndexWriter.cs `CheckCommit`); for `any`
 * and `stream_exists` it only looks in `_committedEvents`, a bounded in-memory cache that a
 * restart or a new leader does not have.
 */
function dedupedDurably(expected: ExpectedRevision | undefined): boolean {
  return typeof expected === 'bigint' || expected === 'no_stream';
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a number of milliseconds >= 0, got ${value}`);
  return value;
}

function describeFailure(error: CommandError): string {
  if (error.type === ErrorType.NOT_LEADER) {
    return `not the leader; the leader is ${error.leader.address}:${error.leader.port}`;
  }
  return `${error.type}${error.message ? `: ${error.message}` : ''}`;
}

function fromClientRevision(revision: unknown): ExpectedRevision {
  if (typeof revision === 'bigint') {
    // Trailer encoding of the special values (EventStore Grpc/RpcExceptions.cs): any -2,
    // no_stream -1, stream_exists -4.
    if (revision === -2n) return 'any';
    if (revision === -1n) return 'no_stream';
    if (revision === -4n) return 'stream_exists';
    return revision;
  }
  return revision === 'no_stream' || revision === 'stream_exists' ? revision : 'any';
}

function toMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined || maxCount === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return Math.min(maxCount, UNBOUNDED);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

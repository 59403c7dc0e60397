import {
  END,
  ErrorType,
  START,
  convertToCommandError,
  eventTypeFilter,
  isCommandError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type CommandError,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';

import {
  EventStoreUnavailableError,
  MaximumAppendSizeExceededError,
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
   * Upper bound on one append attempt. The client sends its own deadline (`defaultDeadline`,
   * 10 s) to the server, but a BatchAppend call that ends without an error leaves the append's
   * promise pending forever (batchAppend.js only settles on `data` and `error`), so the
   * adapter bounds it too. Default 15000 ms.
   */
  readonly appendTimeoutMs?: number;
  /**
   * Further attempts of an operation that failed in transport (unavailable, not leader, timed
   * out); the client reconnects before the next call (Client/index.ts `handleError`). Reads are
   * always retried. Appends are retried only when their expected revision is not `any`: the
   * server treats a retry with the same event ids at the same expected revision as already
   * done, so it cannot duplicate; with `any` it only does so on a best-effort basis (the
   * client's `ExpectedRevision` docs). Default 2.
   */
  readonly retries?: number;
  /** Back-off and buffering of subscriptions. */
  readonly resubscribe?: Omit<ResubscribeOptions, 'onDrop'>;
  /** Told each time a subscription drops and is about to resubscribe; must not throw. */
  readonly onSubscriptionDrop?: (drop: SubscriptionDrop) => void;
}

/** What an error happened during, for its translation into a project error. */
interface Operation {
  readonly name: 'append' | 'read' | 'readAll' | 'connect';
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
  private readonly retries: number;
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
    this.appendTimeoutMs = options.appendTimeoutMs ?? 15_000;
    this.retries = options.retries ?? 2;
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
   * @throws WrongExpectedRevisionError on a conflict (either append path: `Append` reports it
   *   in-band in `AppendResp`, `BatchAppend` as a `google.rpc.Status` detail; the client turns
   *   both into `WrongExpectedVersionError`)
   * @throws StreamDeletedError when the stream is tombstoned
   * @throws MaximumAppendSizeExceededError when the append exceeds the server's limit
   * @throws EventStoreUnavailableError when the server cannot be reached (after retries)
   * @throws InvalidEventError when an event is malformed
   */
  async append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    checkStreamName(streamName);
    const expectedRevision = toClientExpectedRevision(options.expectedRevision);
    const data = toEventData(streamName, events);
    if (data.length === 0) return this.checkEmptyAppend(streamName, options.expectedRevision);

    const operation: Operation = { name: 'append', streamName, expected: options.expectedRevision };
    return this.withRetries(operation, options.expectedRevision !== 'any', async () => {
      const result = await this.bounded(
        this.client.appendToStream(streamName, data, { expectedRevision }),
        this.appendTimeoutMs,
        `append to ${streamName}`,
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
    return this.withRetries({ name: 'read', streamName }, true, async () => {
      try {
        const read = this.client.readStream(streamName, {
          direction,
          fromRevision,
          maxCount: maxCount === Number.POSITIVE_INFINITY ? UNBOUNDED : maxCount,
        });
        return (await drain(read)).map(toRecordedEvent);
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
   */
  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const from = options.fromPosition ?? 'start';
    const filters = toServerFilters(options.filter);
    const subscription =
      filters === 'none' || filters.length === 1
        ? this.follow(from, filters === 'none' ? undefined : filters[0])
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

  /** Ends subscriptions, cancels the client's calls and closes its channel. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await this.client.dispose();
    await this.client.closeChannel();
  }

  private follow(from: GlobalPosition | 'start', filter: ServerFilter | undefined): ResilientSubscription {
    return new ResilientSubscription((after) => this.openUpstream(after, filter), from, this.resubscribe);
  }

  /** One client subscription, as items for {@link ResilientSubscription}. */
  private openUpstream(after: GlobalPosition | 'start', filter: ServerFilter | undefined): Upstream {
    const subscription = this.client.subscribeToAll({
      // Exclusive: the server's subscription starts after this position.
      fromPosition: after === 'start' ? START : after,
      filter:
        filter === undefined
          ? undefined
          : filter.on === 'streamName'
            ? streamNameFilter({ prefixes: [...filter.prefixes] })
            : eventTypeFilter({ prefixes: [...filter.prefixes] }),
    });
    // The client re-emits call errors on its subscription (Subscription.ts `initialize`); an
    // error after the iteration has stopped would otherwise be an unhandled 'error' event.
    subscription.on('error', () => undefined);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const record = resolved.event;
          if (!record) continue;
          const position = record.position;
          // The client's `caughtUp`/`fellBehind`/checkpoint messages never come through here.
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
    return this.withRetries({ name: 'readAll' }, true, () =>
      drain(
        filter
          ? this.client.readAllFiltered({ fromPosition, direction, maxCount: count, filter })
          : this.client.readAll({ fromPosition, direction, maxCount: count }),
      ),
    );
  }

  /**
   * Runs `attempt`, translating its failure into a project error; a transport failure is
   * tried again (at most `retries` times, with a short back-off) when `retryable`.
   */
  private async withRetries<T>(operation: Operation, retryable: boolean, attempt: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; failures++) {
      try {
        return await attempt();
      } catch (error) {
        const translated = this.translate(error, operation);
        const retry =
          retryable && translated instanceof EventStoreUnavailableError && failures < this.retries && !this.closed;
        if (!retry) throw translated;
        await delay(backoffDelay(failures + 1, 50, 1000));
      }
    }
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

  private async ping(timeoutMs: number): Promise<void> {
    const read = this.client.readAll({ direction: 'backwards', fromPosition: END, maxCount: 1 });
    let timedOut = false;
    try {
      await this.bounded(drain(read), timeoutMs, 'the start-up check', () => {
        timedOut = true;
        void read.cancel();
      });
    } catch (error) {
      const translated = this.translate(error, { name: 'connect' });
      if (!(translated instanceof EventStoreUnavailableError)) throw translated;
      const reason = timedOut
        ? `no answer within ${timeoutMs} ms`
        : error instanceof Error && isCommandError(error)
          ? describeFailure(error)
          : translated.message;
      throw new EventStoreUnavailableError(`cannot reach EventStoreDB at ${this.hosts}: ${reason}`, { cause: error });
    }
  }

  /** Resolves or rejects as `promise`, or fails as unavailable after `timeoutMs`. */
  private async bounded<T>(promise: Promise<T>, timeoutMs: number, what: string, onTimeout?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout?.();
        reject(
          new EventStoreUnavailableError(
            `${what}: no answer from EventStoreDB at ${this.hosts} within ${timeoutMs} ms (outcome unknown)`,
          ),
        );
      }, timeoutMs);
    });
    // A late rejection of the abandoned call must not become an unhandled rejection.
    promise.catch(() => undefined);
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
    const command = isCommandError(error) ? error : convertToCommandError(error);
    if (!isCommandError(command)) return error;
    const subject = operation.streamName ?? '$all';
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

/** Reads a client read stream to the end; late errors are swallowed, not thrown at the process. */
async function drain(read: AsyncIterable<ResolvedEvent> & NodeJS.EventEmitter): Promise<ClientRecordedEvent[]> {
  read.on('error', () => undefined);
  const records: ClientRecordedEvent[] = [];
  for await (const resolved of read) {
    if (resolved.event) records.push(resolved.event);
  }
  return records;
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

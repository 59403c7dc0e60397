import {
  EventStoreUnavailableError,
  MaximumAppendSizeExceededError,
  StreamRemovalRefusedError,
  WrongExpectedRevisionError,
  checkEventToAppend,
  checkStreamName,
  comparePositions,
  eventJson,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-sourcing';

/** Options of {@link InMemoryEventStore}; all optional. */
export interface InMemoryEventStoreOptions {
  /** Largest append (data + metadata JSON, bytes), as the other stores. Default 1 MiB. */
  readonly maxAppendBytes?: number;
  /** Source of `recordedAt`, read when `append` is called. Default `() => new Date()`. */
  readonly clock?: () => Date;
}

/**
 * An event as held: what the store assigned, and `data` and `metadata` as JSON text, so that
 * every read hands out its own objects and no caller can edit what is stored.
 */
type StoredEvent = Omit<RecordedEvent, 'data' | 'metadata' | 'recordedAt' | 'json'> & {
  readonly json: { readonly data: string; readonly metadata: string };
  /** Epoch milliseconds. */
  readonly recordedAt: number;
};

/**
 * The event-store port in memory: the reference the contract suite is read against, and a
 * store for specs that need one without a file.
 *
 * A map of streams and one global log, nothing else: the event at index `i` of the log is at
 * position `(i + 1, i + 1)` (each event commits itself, as in both adapters), the one at index
 * `r` of a stream is at revision `r`. An append is checked and written in one synchronous step,
 * so concurrent appends are serialised by the event loop and exactly one of those at the same
 * revision wins. It promises what the port promises and no more:
 *
 * - expected revisions as EventStoreDB checks them; a retry whose event ids sit right after its
 *   exact expected revision (or from the start, for `no_stream`) answers the original result
 *   and writes nothing. `any` and `stream_exists` appends are not de-duplicated: EventStoreDB
 *   does that only on a best-effort basis, so no caller may rely on it.
 * - events checked and refused as every adapter refuses them (`checkEventToAppend`,
 *   `eventJson`), and appends over `maxAppendBytes` refused with
 *   {@link MaximumAppendSizeExceededError}, before anything is written.
 * - `readAll` inclusive of its start, `subscribeToAll` exclusive, filters by prefix.
 * - `removeStreams` deletes, as the embedded store does (and refuses the log's last event
 *   alike): a removed event leaves a hole in the log, its position is never given again.
 *
 * Nothing is durable: the log lives as long as the object.
 */
export class InMemoryEventStore implements EventStore {
  /** Every event in commit order (`$all`); a removed event leaves `undefined` at its index. */
  private readonly log: (StoredEvent | undefined)[] = [];
  /** The events of each stream that has any, by revision. */
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly subscriptions = new Set<LogSubscription>();
  private readonly maxAppendBytes: number;
  private readonly clock: () => Date;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.maxAppendBytes = options.maxAppendBytes ?? 1024 * 1024;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Checks and writes the events at once.
   * @throws WrongExpectedRevisionError when the stream is not at `expectedRevision`
   * @throws InvalidEventError when an event is malformed
   * @throws MaximumAppendSizeExceededError when the append is larger than `maxAppendBytes`
   */
  async append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    checkStreamName(streamName);
    const expected = options.expectedRevision;
    if (typeof expected === 'bigint' && expected < 0n) {
      throw new RangeError('expected revision must be any, no_stream, stream_exists or a revision >= 0n');
    }
    const proposed = this.serialise(streamName, events);
    const stream = this.streams.get(streamName);

    if (!holds(expected, stream)) {
      const original = alreadyWritten(stream, expected, proposed);
      if (original) return original;
      throw new WrongExpectedRevisionError(streamName, expected, lastRevision(stream));
    }
    if (proposed.length === 0) return resultOf(stream);

    const written = stream ?? [];
    const recordedAt = this.clock().getTime();
    for (const { id, type, json } of proposed) {
      const position = BigInt(this.log.length + 1);
      const event: StoredEvent = {
        id,
        streamName,
        revision: BigInt(written.length),
        position: { commit: position, prepare: position },
        type,
        json,
        recordedAt,
      };
      written.push(event);
      this.log.push(event);
    }
    this.streams.set(streamName, written);
    for (const subscription of this.subscriptions) subscription.wake();
    return resultOf(written);
  }

  /** Reads one stream from an inclusive revision; a missing stream reads as empty. */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.streams.get(streamName) ?? [];
    const count = countOf(options.maxCount);
    if (options.direction === 'backwards') {
      const from = options.fromRevision ?? 'end';
      const last = from === 'end' ? stream.length - 1 : from === 'start' ? 0 : indexOf(from);
      return stream.slice(0, last + 1).reverse().slice(0, count).map(toRecordedEvent);
    }
    const from = options.fromRevision ?? 'start';
    const first = from === 'start' ? 0 : from === 'end' ? stream.length : indexOf(from);
    return stream.slice(first, first + count).map(toRecordedEvent);
  }

  /** The revision of the stream's last event. */
  async streamRevision(streamName: string): Promise<bigint | 'no_stream'> {
    this.assertOpen();
    return lastRevision(this.streams.get(streamName));
  }

  /** Reads the global log from an inclusive position, in either direction, optionally filtered. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const count = countOf(options.maxCount);
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const inRange = (event: StoredEvent): boolean => {
      if (typeof from !== 'object') return from === (backwards ? 'end' : 'start');
      const order = comparePositions(event.position, from);
      return backwards ? order <= 0 : order >= 0;
    };
    const selected = this.log.filter(
      (event): event is StoredEvent => event !== undefined && inRange(event) && passes(options.filter, event),
    );
    if (backwards) selected.reverse();
    return selected.slice(0, count).map(toRecordedEvent);
  }

  /** Delivers the events strictly after `fromPosition`, then each new one as it is appended. */
  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const from = options.fromPosition ?? 'start';
    const first =
      from === 'start' ? 0 : this.log.findIndex((event) => event !== undefined && comparePositions(event.position, from) > 0);
    const subscription = new LogSubscription(
      this.log,
      first === -1 ? this.log.length : first,
      options.filter,
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Deletes the streams' events; their places in the log stay empty.
   * @throws StreamRemovalRefusedError when a stream holds the log's last event (nothing removed)
   */
  async removeStreams(streamNames: readonly string[]): Promise<void> {
    this.assertOpen();
    const distinct = [...new Set(streamNames)];
    for (const streamName of distinct) checkStreamName(streamName);
    const last = this.log.at(-1);
    if (last && distinct.includes(last.streamName)) {
      throw new StreamRemovalRefusedError(last.streamName, 'it holds the last event of the log');
    }
    for (const streamName of distinct) {
      for (const event of this.streams.get(streamName) ?? []) this.log[Number(event.position.commit) - 1] = undefined;
      this.streams.delete(streamName);
    }
  }

  /** Ends the subscriptions; every later call fails with {@link EventStoreUnavailableError}. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
  }

  /** The events as they will be stored, checked as every adapter checks them, size included. */
  private serialise(
    streamName: string,
    events: readonly EventToAppend[],
  ): Array<Pick<StoredEvent, 'id' | 'type' | 'json'>> {
    let bytes = 0;
    const proposed = events.map((event) => {
      const id = checkEventToAppend(streamName, event);
      const json = {
        data: eventJson(streamName, id, 'data', event.data),
        metadata: eventJson(streamName, id, 'metadata', event.metadata ?? {}),
      };
      bytes += Buffer.byteLength(json.data) + Buffer.byteLength(json.metadata);
      return { id, type: event.type, json };
    });
    if (bytes > this.maxAppendBytes) {
      throw new MaximumAppendSizeExceededError(streamName, { sizeBytes: bytes, maxBytes: this.maxAppendBytes });
    }
    return proposed;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the in-memory event store is closed');
  }
}

/** Walks the store's log from an index, waiting for appends once it reaches the end. */
class LogSubscription implements Subscription {
  private ended = false;
  /** Iterations waiting at the end of the log. */
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly log: readonly (StoredEvent | undefined)[],
    /** Index in the log of the next event to look at (shared by all iterators of this subscription). */
    private next: number,
    private readonly filter: EventFilter | undefined,
    private readonly release: (subscription: LogSubscription) => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent> {
    while (!this.ended) {
      if (this.next < this.log.length) {
        const event = this.log[this.next++];
        if (event && passes(this.filter, event)) yield toRecordedEvent(event);
      } else {
        await new Promise<void>((resolve) => this.waiting.add(resolve));
      }
    }
  }

  /** Something was appended, or the subscription ended: waiting iterations look again. */
  wake(): void {
    for (const resolve of this.waiting) resolve();
    this.waiting.clear();
  }

  async unsubscribe(): Promise<void> {
    this.ended = true;
    this.release(this);
    this.wake();
  }
}

function lastRevision(stream: readonly StoredEvent[] | undefined): bigint | 'no_stream' {
  return stream ? BigInt(stream.length - 1) : 'no_stream';
}

function holds(expected: ExpectedRevision, stream: readonly StoredEvent[] | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return stream === undefined;
  if (expected === 'stream_exists') return stream !== undefined;
  return expected === lastRevision(stream);
}

/**
 * The original result when an append that failed its expectation is a retry: its ids are stored,
 * in order, right after its exact expected revision.
 */
function alreadyWritten(
  stream: readonly StoredEvent[] | undefined,
  expected: ExpectedRevision,
  proposed: ReadonlyArray<Pick<StoredEvent, 'id'>>,
): AppendResult | undefined {
  if (!stream || proposed.length === 0) return undefined;
  if (expected === 'any' || expected === 'stream_exists') return undefined;
  const first = expected === 'no_stream' ? 0 : Number(expected) + 1;
  const stored = stream.slice(first, first + proposed.length);
  if (stored.length !== proposed.length || stored.some((event, i) => event.id !== proposed[i].id)) return undefined;
  return resultOf(stored);
}

/** Where the last of `events` is; an empty or missing stream answers -1 and the zero position. */
function resultOf(events: readonly StoredEvent[] | undefined): AppendResult {
  const last = events?.at(-1);
  return last
    ? { nextExpectedRevision: last.revision, position: last.position }
    : { nextExpectedRevision: -1n, position: { commit: 0n, prepare: 0n } };
}

/** The port's filter: no prefixes pass everything, else any stream-name or event-type prefix. */
function passes(filter: EventFilter | undefined, event: StoredEvent): boolean {
  const streamNames = filter?.streamNamePrefixes ?? [];
  const types = filter?.eventTypePrefixes ?? [];
  if (streamNames.length === 0 && types.length === 0) return true;
  return (
    streamNames.some((prefix) => event.streamName.startsWith(prefix)) ||
    types.some((prefix) => event.type.startsWith(prefix))
  );
}

function toRecordedEvent({ json, recordedAt, ...assigned }: StoredEvent): RecordedEvent {
  return {
    ...assigned,
    data: JSON.parse(json.data) as unknown,
    metadata: JSON.parse(json.metadata) as EventMetadata,
    recordedAt: new Date(recordedAt),
    json,
  };
}

/** A stream index from a revision; past the end of any array for revisions beyond 2^53. */
function indexOf(revision: bigint): number {
  if (revision < 0n) throw new RangeError(`revision must be >= 0n, got ${revision}`);
  return Number(revision);
}

/** `maxCount` as a slice length: absent is unbounded. */
function countOf(maxCount: number | undefined): number {
  if (maxCount === undefined || maxCount === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return maxCount;
}

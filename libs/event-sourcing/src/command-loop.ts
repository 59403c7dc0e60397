import { deterministicUuid } from './deterministic-id';
import { canonicalJson } from './canonical-json';
import { eventHash, eventHashOfJson } from './event-hash';
import type { Decider } from './decider';
import { WrongExpectedRevisionError } from './errors';
import type {
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
} from './event-store.port';
import { LRUCache } from 'lru-cache';
import { KeyedMutex } from './keyed-mutex';

/** A stream's state as loaded for a decision. */
export interface LoadedStream<State> {
  readonly state: State;
  /** Revision of the last event, or `'no_stream'`. */
  readonly revision: bigint | 'no_stream';
  /** The last event (its hash links the next append into the chain). */
  readonly lastEvent: RecordedEvent | null;
  /** The last event's hash when already known (from the cache), saving a re-hash. */
  readonly lastEventHash?: string | null;
  /**
   * Global position of the stream's first event, when the loader read it (the first-and-last
   * loader does) or the loop appended it: when the stream began, in the log's order.
   */
  readonly firstPosition?: GlobalPosition | null;
}

/** What a command builder may know of its stream besides the state. */
export interface StreamFacts {
  /** Global position of the stream's first event; `null` when not known (or no stream). */
  readonly firstPosition: GlobalPosition | null;
}

/** What the loop remembers of a stream it wrote: enough to decide the next command without a read. */
interface CachedStream {
  readonly state: unknown;
  readonly revision: bigint;
  readonly lastEventHash: string;
  readonly firstPosition: GlobalPosition | null;
}

/** Options of a {@link CommandLoop}. */
export interface CommandLoopOptions {
  /**
   * How many streams to remember after writing them (least recently used first out); 0 turns
   * the cache off. See {@link CommandLoop} for why a stale entry can never cause a wrong write.
   */
  readonly cacheSize?: number;
  /**
   * The stored form of an event, applied to each decided event before it is hashed and
   * appended, so the chain and every digest cover what the store holds (e.g. personal fields
   * encrypted under a subject's key). The decider and the remembered state stay on the plain
   * events; loaders decode (see {@link firstAndLastLoader}). May be asynchronous for the rare
   * event that needs a key read; a synchronous answer costs no extra turn of the event loop.
   */
  readonly encode?: EventEncoder;
}

/** An event as decided or as stored: type and data. */
export interface PlainEvent {
  readonly type: string;
  readonly data: unknown;
}

/** See {@link CommandLoopOptions.encode}; returns the event itself when there is nothing to encode. */
export type EventEncoder = (streamName: string, event: PlainEvent) => PlainEvent | Promise<PlainEvent>;

/** The decided form of a stored event (the inverse of an {@link EventEncoder}), for loaders. */
export type EventDecoder = (event: RecordedEvent) => PlainEvent | Promise<PlainEvent>;

/** How to rebuild a stream's state; the token family uses first + last event (O(1)). */
export type StreamLoader<State> = (store: EventStore, streamName: string) => Promise<LoadedStream<State>>;

/** Loads by folding every event of the stream: fine for small configuration streams. */
export function fullFoldLoader<Command, Event extends { type: string; data: unknown }, State>(
  decider: Decider<Command, Event, State>,
): StreamLoader<State> {
  return async (store, streamName) => {
    const events = await store.readStream(streamName);
    let state = decider.initialState();
    for (const e of events) state = decider.evolve(state, { type: e.type, data: e.data } as Event);
    const last = events.length ? events[events.length - 1] : null;
    return { state, revision: last ? last.revision : 'no_stream', lastEvent: last };
  };
}

/**
 * Loads from the first and the last event only, for deciders whose events carry the state
 * they produce. Two indexed reads whatever the stream's length.
 */
export function firstAndLastLoader<State>(
  rehydrate: (first: PlainEvent, last: PlainEvent) => State,
  initial: () => State,
  /**
   * The decided form of a stored event (see {@link CommandLoopOptions.encode}). The state is
   * rehydrated from the decoded events; `lastEvent` stays the stored one, whose hash links the
   * next append.
   */
  decode?: EventDecoder,
): StreamLoader<State> {
  return async (store, streamName) => {
    const [last] = await store.readStream(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
    if (!last) return { state: initial(), revision: 'no_stream', lastEvent: null };
    const first =
      last.revision === 0n
        ? last
        : (await store.readStream(streamName, { direction: 'forwards', fromRevision: 'start', maxCount: 1 }))[0];
    const plainFirst = decode ? await decode(first) : first;
    const plainLast = first === last ? plainFirst : decode ? await decode(last) : last;
    return { state: rehydrate(plainFirst, plainLast), revision: last.revision, lastEvent: last, firstPosition: first.position };
  };
}

/** Raised when a command kept losing the optimistic-concurrency race; the caller may retry. */
export class ConcurrencyRetriesExhaustedError extends Error {
  readonly code = 'concurrency_retries_exhausted' as const;
  constructor(readonly streamName: string, readonly attempts: number) {
    super(`stream ${streamName}: gave up after ${attempts} conflicting attempts`);
    this.name = 'ConcurrencyRetriesExhaustedError';
  }
}

export interface RunCommandOptions<Command, Event extends { type: string; data: unknown }, State, Prepared = never> {
  readonly streamName: string;
  readonly decider: Decider<Command, Event, State>;
  /**
   * The command, or a function building it from the loaded state (for commands whose inputs
   * depend on the aggregate, e.g. the access-token lifetime from the family's subject). It runs
   * on every attempt, so it must be pure apart from what the caller captured beforehand. It
   * may throw to stop the command (the error propagates, after a fresh read when the state was
   * remembered).
   */
  readonly command: Command | ((state: State, stream: StreamFacts) => Command);
  readonly load: StreamLoader<State>;
  /** Unique per command; event ids derive from it so a retried append is idempotent. */
  readonly commandId: string;
  /** Metadata stamped on every event (the loop adds `previousEventHash` and `schemaVersion`). */
  readonly metadata: Omit<EventMetadata, 'previousEventHash'>;
  readonly maxAttempts?: number;
  /**
   * Apply the command only if the stream is exactly at this revision (an HTTP `If-Match`):
   * the caller decided on a version it saw, so a newer stream is refused with
   * {@link WrongExpectedRevisionError} at once, never reloaded and retried.
   */
  readonly expectedRevision?: bigint;
  /**
   * Work that depends only on the decision, started once the events are decided and left to
   * run while they are appended (e.g. signing the tokens the events describe, during the
   * commit's fsync). Its promise is the result's `prepared`, for the caller to await. A
   * decision that is not appended (a conflict, then a new decision) drops its work: no one
   * awaits that promise and its outcome is ignored. Not called when nothing is appended.
   */
  readonly alongsideAppend?: (events: Event[], state: State) => Promise<Prepared> | undefined;
}

export interface CommandResult<Event, State, Prepared = never> {
  readonly events: Event[];
  /** State after the new events. */
  readonly state: State;
  /** State the decision was taken on. */
  readonly stateBefore: State;
  readonly nextExpectedRevision: bigint | 'no_stream';
  readonly position: GlobalPosition | null;
  /** What `alongsideAppend` returned for the decision that was appended. */
  readonly prepared?: Promise<Prepared>;
}

/**
 * The one read–decide–append loop every command goes through: load the stream, decide, append
 * with the revision read as the expected revision; on a conflict reload and decide again (the
 * loser never overwrites), at most `maxAttempts` times. Domain errors thrown by `decide`
 * propagate unchanged. With a fixed `expectedRevision` there is no retry: a stream at another
 * revision (before deciding, or at the append) throws `WrongExpectedRevisionError`.
 *
 * The loop remembers the state it last wrote to each stream (a bounded LRU), so the next
 * command on that stream decides without reading it: the refresh hot path then costs no read at
 * all. A remembered state can be stale only if another process wrote the stream since; then
 * (a) a decision that appends fails its expected-revision check and is re-decided on a fresh
 * read, and (b) a decision that refuses or changes nothing is not trusted either: it is taken
 * again on a fresh read before it is returned. So the store's revision check stays the only
 * authority, and the cache only saves reads.
 */
export class CommandLoop {
  private readonly mutex = new KeyedMutex();
  /**
   * The remembered streams, least recently used out first. `lru-cache`, not a `Map` kept in
   * order by delete-and-set: that churn made V8 rebuild the map's table every few hundred
   * refreshes, and each discarded table, garbage in the old generation, kept the states it
   * still pointed at alive until a major collection, which then came more often. Here a key's
   * slot is updated in place and recency is kept in typed arrays.
   */
  private readonly cache: LRUCache<string, CachedStream> | null;
  private readonly encode: EventEncoder | undefined;

  constructor(
    private readonly store: EventStore,
    options: CommandLoopOptions = {},
  ) {
    const cacheSize = options.cacheSize ?? 0;
    this.cache = cacheSize > 0 ? new LRUCache({ max: cacheSize }) : null;
    this.encode = options.encode;
  }

  async run<Command, Event extends { type: string; data: unknown }, State, Prepared = never>(
    options: RunCommandOptions<Command, Event, State, Prepared>,
  ): Promise<CommandResult<Event, State, Prepared>> {
    const { streamName, decider, command, load, commandId, metadata } = options;
    const fixed = options.expectedRevision;
    const maxAttempts = fixed === undefined ? (options.maxAttempts ?? 10) : 1;
    return this.mutex.run(streamName, async () => {
      let mayUseCache = fixed === undefined;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const cached = mayUseCache ? this.cached(streamName) : undefined;
        const loaded: LoadedStream<State> = cached
          ? {
              state: cached.state as State,
              revision: cached.revision,
              lastEvent: null,
              lastEventHash: cached.lastEventHash,
              firstPosition: cached.firstPosition,
            }
          : await load(this.store, streamName);
        // A precondition is checked before deciding, so a stale caller learns nothing else.
        if (fixed !== undefined && loaded.revision !== fixed) {
          throw new WrongExpectedRevisionError(streamName, fixed, loaded.revision);
        }
        let events: Event[];
        try {
          const decided =
            typeof command === 'function'
              ? (command as (s: State, f: StreamFacts) => Command)(loaded.state, { firstPosition: loaded.firstPosition ?? null })
              : command;
          events = decider.decide(decided, loaded.state);
        } catch (error) {
          if (!cached) throw error;
          // A refusal on remembered state is re-checked on a fresh read (see the class comment).
          this.forget(streamName);
          mayUseCache = false;
          attempt--;
          continue;
        }
        if (events.length === 0 && cached) {
          this.forget(streamName);
          mayUseCache = false;
          attempt--;
          continue;
        }
        let state = loaded.state;
        for (const e of events) state = decider.evolve(state, e);
        if (events.length === 0) {
          return { events, state, stateBefore: loaded.state, nextExpectedRevision: loaded.revision, position: null };
        }
        const expected: ExpectedRevision = loaded.revision;
        const prepared = options.alongsideAppend?.(events, state);
        // Handled from the start: if this decision is dropped, no one ever awaits its work.
        prepared?.catch(() => undefined);
        const encoded = this.encodeAll(streamName, events);
        const stored = encoded instanceof Promise ? await encoded : encoded;
        const { toAppend, lastHash } = chainEvents(streamName, loaded, stored, commandId, metadata);
        try {
          const result = await this.store.append(streamName, toAppend, { expectedRevision: expected });
          // An append to no stream began it: its position is the first event's, in the log's
          // order (an append is atomic, so any of its positions orders it against other appends).
          const firstPosition = loaded.revision === 'no_stream' ? result.position : (loaded.firstPosition ?? null);
          this.remember(streamName, { state, revision: result.nextExpectedRevision, lastEventHash: lastHash, firstPosition });
          return {
            events,
            state,
            stateBefore: loaded.state,
            nextExpectedRevision: result.nextExpectedRevision,
            position: result.position,
            prepared,
          };
        } catch (error) {
          this.forget(streamName);
          mayUseCache = false;
          if (!(error instanceof WrongExpectedRevisionError) || fixed !== undefined) throw error;
          if (cached) {
            // Only our memory was stale: read and decide again at once, without using an attempt.
            attempt--;
            continue;
          }
          // Another writer (a replica) won this revision. Retrying at once can fall into
          // lockstep with a writer draining a queue for the same stream, so back off for a
          // short, random, growing time; every conflict means someone else made progress.
          if (attempt < maxAttempts) await backoff(attempt);
        }
      }
      throw new ConcurrencyRetriesExhaustedError(streamName, maxAttempts);
    });
  }

  /**
   * A stream's current state for a query (e.g. introspection), never stale: the state this loop
   * remembers is used only when the store's revision of the stream still equals the remembered
   * one (one cheap read, `streamRevision` when the store has it), otherwise `load` runs. The
   * cache only ever holds states this loop wrote, with the revision they were written at, so
   * an equal revision means an equal state; another writer (process, replica) moves the
   * revision and forces the load. With the state comes the position of the stream's first
   * event, when known (as a command builder gets it).
   */
  async currentState<State>(
    streamName: string,
    load: StreamLoader<State>,
  ): Promise<{ state: State; revision: bigint | 'no_stream'; firstPosition: GlobalPosition | null }> {
    const cached = this.cache?.peek(streamName);
    if (cached) {
      const revision = this.store.streamRevision
        ? await this.store.streamRevision(streamName)
        : ((await this.store.readStream(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }))[0]?.revision ?? 'no_stream');
      if (revision === cached.revision) return { state: cached.state as State, revision, firstPosition: cached.firstPosition };
    }
    const loaded = await load(this.store, streamName);
    return { state: loaded.state, revision: loaded.revision, firstPosition: loaded.firstPosition ?? null };
  }

  /** The stored form of the decided events; synchronous unless the encoder needed to wait. */
  private encodeAll(streamName: string, events: readonly PlainEvent[]): readonly PlainEvent[] | Promise<PlainEvent[]> {
    const encode = this.encode;
    if (!encode) return events;
    let waits = false;
    const out = events.map((e) => {
      const encoded = encode(streamName, e);
      if (encoded instanceof Promise) waits = true;
      return encoded;
    });
    return waits ? Promise.all(out) : (out as PlainEvent[]);
  }

  /** The remembered stream, now the most recently used. */
  private cached(streamName: string): CachedStream | undefined {
    return this.cache?.get(streamName);
  }

  private remember(streamName: string, entry: CachedStream): void {
    this.cache?.set(streamName, entry);
  }

  private forget(streamName: string): void {
    this.cache?.delete(streamName);
  }
}

function chainEvents(
  streamName: string,
  loaded: LoadedStream<unknown>,
  events: readonly { type: string; data: unknown }[],
  commandId: string,
  metadata: Omit<EventMetadata, 'previousEventHash'>,
): { toAppend: EventToAppend[]; lastHash: string } {
  let previousHash = loaded.lastEventHash ?? (loaded.lastEvent ? eventHash(loaded.lastEvent) : null);
  let revision = loaded.revision === 'no_stream' ? -1n : loaded.revision;
  const toAppend: EventToAppend[] = [];
  events.forEach((e, i) => {
    revision += 1n;
    const id = deterministicUuid(`${commandId}|${streamName}|${String(loaded.revision)}|${i}`, commandId);
    const md: EventMetadata = { schemaVersion: 1, ...metadata, previousEventHash: previousHash };
    // Serialised once: the text that is hashed is also the text the store may keep. `undefined`
    // data is no JSON text; the store refuses it with its own error.
    const dataJson = e.data === undefined ? undefined : canonicalJson(e.data);
    const metadataJson = canonicalJson(md);
    const hash = eventHashOfJson({ streamName, revision, id, type: e.type }, dataJson, metadataJson);
    // The hash goes along: a store may keep it, so the sealer need not read and hash the event again.
    toAppend.push(
      dataJson === undefined
        ? { id, type: e.type, data: e.data, metadata: md }
        : { id, type: e.type, data: e.data, metadata: md, json: { data: dataJson, metadata: metadataJson, hash } },
    );
    previousHash = hash;
  });
  return { toAppend, lastHash: previousHash as string };
}

/** Full-jitter exponential back-off between conflicting attempts: up to 1, 2, 4 … 64 ms. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(64, 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

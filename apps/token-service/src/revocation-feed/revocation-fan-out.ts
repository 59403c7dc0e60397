import { comparePositions, type EventStore, type GlobalPosition, type RecordedEvent, type Subscription } from '@ledger/event-sourcing';
import type { RevocationCursor } from './revocation-cursor';

/** Options of {@link RevocationFanOut}. */
export interface RevocationFanOutOptions {
  /** The event types the feed carries (the store filters by these prefixes). */
  readonly eventTypePrefixes: readonly string[];
  /**
   * Events queued for one live watcher before it is moved back to reading the log at its own
   * pace (a slow watcher never holds the others back, and costs at most this many events).
   * Also how many recent events the fan-out keeps, so a watcher that reconnects with a recent
   * cursor joins without reading the log. Default 512.
   */
  readonly maxQueued?: number;
  /** Events per catch-up read. Default 256. */
  readonly pageSize?: number;
  /** Pause before a catch-up read that found nothing new is tried again. Default 50 ms. */
  readonly retryMs?: number;
}

const DONE: IteratorResult<RecordedEvent> = { done: true, value: undefined };

/** Orders cursors of the log: `'start'` before every position. */
function compareCursors(a: RevocationCursor, b: RevocationCursor): number {
  if (a === 'start') return b === 'start' ? 0 : -1;
  if (b === 'start') return 1;
  return comparePositions(a, b);
}

/**
 * One store subscription for all of a replica's revocation-feed watchers, instead of one each
 * (every `RevocationFeed.Watch` used to open its own filtered `$all` subscription on the
 * server).
 *
 * The upstream subscription starts at the log's head when the first watcher comes and ends when
 * the last one leaves. Each watcher is a {@link Subscription} of its own with its own cursor:
 *
 * - **Catching up** (a cursor older than what the fan-out has kept): it reads the log from its
 *   cursor, a page at a time and only as fast as it consumes, until a read finds nothing new
 *   up to where the fan-out is; it then joins the live fan-out, taking the recent events the
 *   fan-out kept that are after its cursor. A read is issued after noting how far the fan-out
 *   has got, so an empty read proves there is nothing between the cursor and that point
 *   (reads are at least as current as the subscription: on EventStoreDB they go to the leader,
 *   subscriptions to any node).
 * - **Live**: the fan-out appends each event to the watcher's queue. When a queue holds
 *   `maxQueued` events the watcher goes back to catching up from the last event queued: the
 *   fan-out never waits for a watcher, and no watcher stalls another.
 *
 * When the upstream subscription ends or fails, its watchers go back to catching up from their
 * cursors, which opens a new one; while the store cannot be reached, their reads fail and the
 * feed ends with that error, so the client reconnects with its last cursor.
 */
export class RevocationFanOut {
  private readonly maxQueued: number;
  private readonly pageSize: number;
  private readonly retryMs: number;
  private upstream: Upstream | null = null;
  private readonly taps = new Set<Tap>();
  /** Upstream subscriptions opened so far (for tests and metrics). */
  subscriptionsOpened = 0;

  constructor(
    private readonly store: EventStore,
    private readonly options: RevocationFanOutOptions,
  ) {
    this.maxQueued = options.maxQueued ?? 512;
    this.pageSize = options.pageSize ?? 256;
    this.retryMs = options.retryMs ?? 50;
  }

  /** A watcher's subscription: every matching event after `from`, in log order, then live. */
  watch(from: RevocationCursor): Subscription {
    const tap = new Tap(this, from);
    this.taps.add(tap);
    return tap;
  }

  /** Watchers connected right now. */
  get watchers(): number {
    return this.taps.size;
  }

  /** Ends every watcher and the upstream subscription (shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.taps].map((tap) => tap.unsubscribe()));
    await this.stopUpstream();
  }

  /** The live upstream, opened when needed. */
  ensureUpstream(): Upstream {
    if (!this.upstream || this.upstream.ended) {
      this.upstream = new Upstream(this.store, this.options.eventTypePrefixes, this.maxQueued);
      this.subscriptionsOpened += 1;
    }
    return this.upstream;
  }

  /** Reads a page of the log after `after` (inclusive start, so the event at `after` is dropped). */
  async readAfter(after: RevocationCursor): Promise<RecordedEvent[]> {
    const page = await this.store.readAll({
      fromPosition: after,
      maxCount: this.pageSize,
      filter: { eventTypePrefixes: this.options.eventTypePrefixes },
    });
    return page.filter((e) => compareCursors(e.position, after) > 0);
  }

  get limits(): { readonly maxQueued: number; readonly retryMs: number } {
    return { maxQueued: this.maxQueued, retryMs: this.retryMs };
  }

  /** A watcher left: the last one out closes the upstream subscription. */
  left(tap: Tap): void {
    this.taps.delete(tap);
    if (this.taps.size === 0) void this.stopUpstream();
  }

  private async stopUpstream(): Promise<void> {
    const upstream = this.upstream;
    this.upstream = null;
    await upstream?.stop();
  }
}

/** One upstream subscription's life: the events it delivered lately and the watchers it feeds. */
class Upstream {
  /** Position of the last event delivered (the log's head when it started). */
  last: RevocationCursor = 'start';
  /** Every event after `keptFrom` up to `last` is in `recent`. */
  private keptFrom: RevocationCursor = 'start';
  private readonly recent: RecordedEvent[] = [];
  private readonly live = new Set<Tap>();
  private subscription: Subscription | null = null;
  ended = false;
  /** Settles once the start position is known and the subscription is open. */
  readonly ready: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly prefixes: readonly string[],
    private readonly keep: number,
  ) {
    this.ready = this.start();
    // Whoever waits on `ready` sees a failure; this only keeps it from being unhandled.
    this.ready.catch(() => undefined);
  }

  private async start(): Promise<void> {
    let subscription: Subscription;
    try {
      const [head] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
      this.last = this.keptFrom = head ? head.position : 'start';
      if (this.ended) return;
      subscription = this.store.subscribeToAll({ fromPosition: this.last, filter: { eventTypePrefixes: this.prefixes } });
    } catch (error) {
      this.end();
      throw error;
    }
    this.subscription = subscription;
    void this.pump(subscription);
  }

  private async pump(subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) {
        if (this.ended) return;
        this.deliver(event);
      }
    } catch {
      // The store failed the subscription: the watchers reconnect with their cursors.
    }
    this.end();
  }

  private deliver(event: RecordedEvent): void {
    this.last = event.position;
    this.recent.push(event);
    if (this.recent.length > this.keep) this.keptFrom = this.recent.shift()!.position;
    for (const tap of this.live) {
      if (!tap.offer(event)) this.live.delete(tap);
    }
  }

  /**
   * Adds a watcher whose log is read up to `covered` (nothing matching between its cursor and
   * there): false when the events after `covered` are no longer all kept here.
   */
  join(tap: Tap, covered: RevocationCursor): boolean {
    if (this.ended || compareCursors(covered, this.keptFrom) < 0) return false;
    tap.attach(this);
    // The tap's queue is empty and `recent` holds at most a queue's worth, so these all fit.
    for (const event of this.recent) if (!tap.offer(event)) return true;
    this.live.add(tap);
    return true;
  }

  leave(tap: Tap): void {
    this.live.delete(tap);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const live = [...this.live];
    this.live.clear();
    for (const tap of live) tap.upstreamEnded();
  }

  async stop(): Promise<void> {
    this.end();
    await this.subscription?.unsubscribe();
  }
}

/** One watcher: its queue, its cursor, and whether it is live or catching up. */
class Tap implements Subscription {
  private readonly queue: RecordedEvent[] = [];
  /** Position of the last event queued (or delivered): where a catch-up read resumes. */
  private cursor: RevocationCursor;
  private upstream: Upstream | null = null;
  private closed = false;
  /** Its upstream ended: pause before opening another, so a store that keeps ending them is not hammered. */
  private pauseFirst = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly fanOut: RevocationFanOut,
    from: RevocationCursor,
  ) {
    this.cursor = from;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return { next: () => this.next(), return: async () => (await this.unsubscribe(), DONE) };
  }

  /** From the upstream: queues the event unless the queue is full (then the tap reads the log instead: false). */
  offer(event: RecordedEvent): boolean {
    if (this.closed || compareCursors(event.position, this.cursor) <= 0) return true;
    if (this.queue.length >= this.fanOut.limits.maxQueued) {
      this.upstream = null;
      return false;
    }
    this.queue.push(event);
    this.cursor = event.position;
    this.wakeUp();
    return true;
  }

  attach(upstream: Upstream): void {
    this.upstream = upstream;
  }

  /** Its upstream ended: catch up from the cursor (which opens a new one). */
  upstreamEnded(): void {
    this.upstream = null;
    this.pauseFirst = true;
    this.wakeUp();
  }

  async unsubscribe(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.upstream?.leave(this);
    this.upstream = null;
    this.fanOut.left(this);
    this.wakeUp();
  }

  private async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      const event = this.queue.shift();
      if (event) return { done: false, value: event };
      if (this.upstream) await new Promise<void>((resolve) => (this.wake = resolve));
      else await this.catchUp();
    }
  }

  /** One step of catching up: a page of the log into the queue, or joining the live fan-out. */
  private async catchUp(): Promise<void> {
    if (this.pauseFirst) {
      this.pauseFirst = false;
      await this.pause();
      if (this.closed) return;
    }
    const upstream = this.fanOut.ensureUpstream();
    await upstream.ready;
    if (this.closed) return;
    // How far the upstream is before the read: an empty read then covers up to here.
    const target = upstream.last;
    const fresh = await this.fanOut.readAfter(this.cursor);
    if (this.closed) return;
    if (fresh.length > 0) {
      // Delivered before the next read, so a watcher holds at most a page beyond the fan-out's bound.
      this.queue.push(...fresh);
      this.cursor = fresh[fresh.length - 1].position;
      return;
    }
    const covered = compareCursors(target, this.cursor) > 0 ? target : this.cursor;
    if (upstream.join(this, covered)) return;
    // The fan-out moved past what it keeps while this read ran, or its subscription ended: read
    // again (with a new one), after a pause.
    await this.pause();
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.fanOut.limits.retryMs));
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

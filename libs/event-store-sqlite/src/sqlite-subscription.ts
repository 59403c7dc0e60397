import type { EventFilter, RecordedEvent, Subscription } from '@ledger/event-sourcing';

/** One page read for a subscription, and how far the table was examined to produce it. */
export interface SubscriptionPage {
  readonly events: RecordedEvent[];
  /** Position up to which every row was considered; the next page starts after it. */
  readonly scannedTo: bigint;
}

/** What a subscription needs from its store; narrow so the store keeps its internals private. */
export interface SubscriptionSource {
  readPage(after: bigint, filter: EventFilter | undefined, limit: number): SubscriptionPage;
  /** Calls `listener` after each commit the store learns of; returns the unregistration. */
  onCommitted(listener: () => void): () => void;
  /** Forgets a subscription that has ended. */
  release(subscription: SqliteSubscription): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A catch-up-then-live subscription over the events table.
 *
 * Catch-up and live are one loop: read the next page strictly after the cursor, deliver it,
 * and when a page comes back empty wait for a commit notification (or the store's poll). The
 * table (or the store's in-memory copy of its own last commits), not the notification, decides
 * what is delivered, so events are never skipped or delivered twice whatever the timing of
 * appends. Pages are read only when the consumer asks
 * for more, so a slow consumer holds at most one page in memory.
 */
export class SqliteSubscription implements Subscription {
  private after: bigint;
  private buffer: RecordedEvent[] = [];
  private cursor = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  /** Serialises `next()` calls so two concurrent callers never read the same page. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly iterator: AsyncIterator<RecordedEvent, undefined>;
  private readonly stopListening: () => void;

  constructor(
    private readonly source: SubscriptionSource,
    after: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly pageSize: number,
  ) {
    this.after = after;
    this.stopListening = source.onCommitted(() => this.signal());
    this.iterator = {
      next: () => this.next(),
      // `break` out of `for await` lands here: end the subscription like unsubscribe().
      return: async () => {
        await this.unsubscribe();
        return DONE;
      },
    };
  }

  /** The position up to which this subscription has read the log (its next page starts after it). */
  get readUpTo(): bigint {
    return this.after;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent, undefined> {
    return this.iterator;
  }

  /** Ends the subscription; a pending `next()` resolves as done. Safe to call twice. */
  async unsubscribe(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.buffer = [];
    this.cursor = 0;
    this.stopListening();
    this.source.release(this);
    this.signal();
  }

  private next(): Promise<IteratorResult<RecordedEvent, undefined>> {
    const result = this.tail.then(() => this.pull());
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async pull(): Promise<IteratorResult<RecordedEvent, undefined>> {
    for (;;) {
      if (this.ended) return DONE;
      if (this.cursor < this.buffer.length) {
        const value = this.buffer[this.cursor];
        // Delivered events are the consumer's to keep or drop: a page held here until its last
        // event is taken would keep them all alive (and get them promoted by the GC).
        this.buffer[this.cursor++] = undefined as unknown as RecordedEvent;
        return { done: false, value };
      }
      // Reading and arming the wake-up happen in the same tick, so a commit cannot slip
      // between "page was empty" and "waiting for the next commit".
      const page = this.source.readPage(this.after, this.filter, this.pageSize);
      this.after = page.scannedTo;
      if (page.events.length > 0) {
        this.buffer = page.events;
        this.cursor = 0;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

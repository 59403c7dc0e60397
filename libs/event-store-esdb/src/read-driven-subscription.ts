import type { GlobalPosition, RecordedEvent, Subscription } from '@ledger/event-sourcing';

import { DeliveryQueue, Sleeper } from './delivery-queue';
import { backoffDelay, type ResubscribeOptions } from './resilient-subscription';

/** Reads up to `limit` events strictly after `after`, in log order. */
export type ReadAfter = (after: GlobalPosition | 'start', limit: number) => Promise<RecordedEvent[]>;

/** Opens subscriptions whose events only mean "the log has grown past `after`". */
export type OpenSignals = (after: GlobalPosition | 'start') => readonly Subscription[];

/**
 * A subscription the log itself drives: it reads pages strictly after its cursor, and when a
 * page comes back empty it waits for a signal subscription to see anything new, then reads
 * again. The reads decide what is delivered, so nothing is skipped or repeated whatever the
 * timing of signals; a signal is only a wake-up.
 *
 * For filters EventStoreDB cannot evaluate in one subscription: "stream prefix OR event-type
 * prefix" needs two server filters (one kind per filter, streams.proto `FilterOptions`), and
 * two live subscriptions cannot be merged in order without knowing that the slower one has
 * nothing earlier. Reading the merged pages gives that order; each signal subscription keeps
 * its own server-side filter.
 */
export class ReadDrivenSubscription implements Subscription {
  private after: GlobalPosition | 'start';
  private readonly queue: DeliveryQueue;
  private readonly sleeper = new Sleeper();
  private signals: readonly Subscription[] = [];
  private dirty = false;
  private wakeReader: (() => void) | undefined;
  private readonly pump: Promise<void>;

  constructor(
    private readonly readAfter: ReadAfter,
    private readonly openSignals: OpenSignals,
    from: GlobalPosition | 'start',
    private readonly options: ResubscribeOptions & { readonly pageSize?: number } = {},
  ) {
    this.after = from;
    this.queue = new DeliveryQueue(options.highWaterMark);
    this.pump = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent, undefined> {
    return {
      next: () => this.queue.take(),
      return: async () => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  /** Ends the subscription and its signal subscriptions. Safe to call twice. */
  async unsubscribe(): Promise<void> {
    if (!this.queue.isEnded) {
      this.queue.end();
      this.sleeper.wake();
      this.signal();
    }
    await this.pump;
    await Promise.all(this.signals.map((signal) => signal.unsubscribe()));
  }

  private async run(): Promise<void> {
    const pageSize = this.options.pageSize ?? 500;
    let failures = 0;
    while (!this.queue.isEnded) {
      this.dirty = false;
      let page: RecordedEvent[];
      try {
        page = await this.readAfter(this.after, pageSize);
      } catch (error) {
        failures += 1;
        const delayMs = backoffDelay(failures, this.options.initialDelayMs ?? 100, this.options.maxDelayMs ?? 5000, this.options.random);
        this.options.onDrop?.({ error, attempt: failures, delayMs, resumeAfter: this.after });
        await this.sleeper.sleep(delayMs);
        continue;
      }
      failures = 0;
      for (const event of page) {
        if (this.queue.isEnded) return;
        this.after = event.position;
        await this.queue.push(event);
      }
      if (page.length > 0) continue;
      // Caught up. Signal subscriptions start after the cursor, so whatever is appended from
      // now on (or was since the read) wakes the reader.
      if (this.signals.length === 0) this.startSignals();
      if (!this.dirty && !this.queue.isEnded) {
        await new Promise<void>((resolve) => {
          this.wakeReader = resolve;
        });
      }
    }
  }

  private startSignals(): void {
    this.signals = this.openSignals(this.after);
    for (const signal of this.signals) {
      void (async () => {
        for await (const _event of signal) this.signal();
      })();
    }
  }

  private signal(): void {
    this.dirty = true;
    const wake = this.wakeReader;
    this.wakeReader = undefined;
    wake?.();
  }
}

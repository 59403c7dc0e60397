import type { GlobalPosition, RecordedEvent, Subscription } from '@ledger/event-sourcing';

import { DeliveryQueue, Sleeper } from './delivery-queue';
import { isAfter } from './esdb-mapping';

/** One item of a server subscription: a position, and the event to deliver there if any. */
export interface UpstreamItem {
  readonly position: GlobalPosition;
  /**
   * `null` for an event the port never delivers (system events) and for a checkpoint: it only
   * moves the cursor.
   */
  readonly event: RecordedEvent | null;
  /**
   * A server checkpoint (filtered `$all` subscriptions): the server has considered everything
   * up to `position`, so a resubscription may start after it instead of after the last match.
   */
  readonly checkpoint?: true;
}

/** One server subscription, as opened by {@link OpenUpstream}. */
export interface Upstream extends AsyncIterable<UpstreamItem> {
  /** Cancels the call and ends the iteration; safe after an error. */
  close(): Promise<void>;
}

/** Opens a server subscription delivering events strictly after `after` (`'start'`: all). */
export type OpenUpstream = (after: GlobalPosition | 'start') => Upstream;

/** Why and when a subscription is about to resubscribe (for logs and metrics). */
export interface SubscriptionDrop {
  /** The error of the server subscription or read, or `undefined` when the server ended it. */
  readonly error: unknown;
  /** Consecutive failures without an event in between, from 1. */
  readonly attempt: number;
  /** How long it waits before trying again. */
  readonly delayMs: number;
  /** The position it resumes after: that of the last event delivered or checkpoint received. */
  readonly resumeAfter: GlobalPosition | 'start';
}

/** Tuning of resubscription; every field has a default. */
export interface ResubscribeOptions {
  /** First back-off delay. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Back-off cap. Default 5000 ms. */
  readonly maxDelayMs?: number;
  /** Events buffered ahead of the consumer before reading pauses. Default 256. */
  readonly highWaterMark?: number;
  /** Told about every drop before the back-off; must not throw. */
  readonly onDrop?: (drop: SubscriptionDrop) => void;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * The back-off before retrying after `attempt` consecutive failures (1-based): exponential
 * from `initialDelayMs`, capped at `maxDelayMs`, half of it jittered so that replicas dropped
 * together by a server restart do not all come back in the same instant.
 */
export function backoffDelay(
  attempt: number,
  initialDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** Options of one {@link ResilientSubscription}. */
export interface ResilientSubscriptionOptions extends ResubscribeOptions {
  /** Told about each server checkpoint once the consumer is past it (`SubscribeOptions.onCheckpoint`). */
  readonly onCheckpoint?: (position: GlobalPosition) => void;
}

/**
 * A catch-up-then-live subscription that survives the server subscription failing.
 *
 * The client does not resubscribe by itself: its subscription emits `error` (or ends) and is
 * done (streams/utils/Subscription.ts). This wrapper then resubscribes **after the position of
 * the last event it delivered, or of the last server checkpoint if later**, with exponential
 * back-off, until it is unsubscribed. A narrow filter may match rarely while the log grows
 * fast; the server's checkpoints (sent every `checkpointIntervalMultiplier × 32` records
 * considered, EventStore Enumerator.AllSubscriptionFiltered.cs) spare it re-scanning all of
 * that after a drop. The server's own resumption treats a checkpoint like an event position:
 * "send events _after_ this" (same file, `MainLoop`).
 * `subscribeToAll({ fromPosition: P })` starts strictly after P, so nothing is delivered
 * twice; and anything a server sends at or before the cursor is dropped anyway, in case it
 * repeats itself. It never waits for `caughtUp`, which servers before 23.10 do not send.
 *
 * Reading is driven by the consumer: at most `highWaterMark` events wait in memory, and the
 * server subscription is not read further until the consumer catches up (gRPC flow control
 * then holds the server back).
 */
export class ResilientSubscription implements Subscription {
  private after: GlobalPosition | 'start';
  private readonly queue: DeliveryQueue;
  private readonly sleeper = new Sleeper();
  private upstream: Upstream | undefined;
  private readonly pump: Promise<void>;

  constructor(
    private readonly open: OpenUpstream,
    from: GlobalPosition | 'start',
    private readonly options: ResilientSubscriptionOptions = {},
  ) {
    this.after = from;
    this.queue = new DeliveryQueue(options.highWaterMark, options.onCheckpoint);
    this.pump = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent, undefined> {
    return {
      next: () => this.queue.take(),
      // `break` out of `for await` lands here: end the subscription like unsubscribe().
      return: async () => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  /** The position of the last event delivered or skipped, or checkpoint: where a resubscription resumes. */
  get position(): GlobalPosition | 'start' {
    return this.after;
  }

  /** Ends the subscription; a pending `next()` resolves as done. Safe to call twice. */
  async unsubscribe(): Promise<void> {
    if (!this.queue.isEnded) {
      this.queue.end();
      this.sleeper.wake();
      await this.upstream?.close();
    }
    await this.pump;
  }

  /** Subscribes and delivers; on failure backs off and resubscribes, until unsubscribed. */
  private async run(): Promise<void> {
    let failures = 0;
    while (!this.queue.isEnded) {
      let failure: unknown;
      let upstream: Upstream | undefined;
      try {
        upstream = this.open(this.after);
        this.upstream = upstream;
        for await (const item of upstream) {
          if (this.queue.isEnded) break;
          if (this.after !== 'start' && !isAfter(item.position, this.after)) continue;
          this.after = item.position;
          failures = 0;
          if (item.event) await this.queue.push(item.event);
          else if (item.checkpoint) await this.queue.pushCheckpoint(item.position);
        }
      } catch (error) {
        failure = error;
      } finally {
        this.upstream = undefined;
        await upstream?.close().catch(() => undefined);
      }
      if (this.queue.isEnded) break;
      failures += 1;
      const delayMs = backoffDelay(failures, this.options.initialDelayMs ?? 100, this.options.maxDelayMs ?? 5000, this.options.random);
      this.options.onDrop?.({ error: failure, attempt: failures, delayMs, resumeAfter: this.after });
      await this.sleeper.sleep(delayMs);
    }
  }
}

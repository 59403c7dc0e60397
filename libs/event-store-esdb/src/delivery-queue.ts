import type { GlobalPosition, RecordedEvent } from '@ledger/event-sourcing';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** A server checkpoint waiting in the queue behind the events before it. */
interface Checkpoint {
  readonly checkpoint: GlobalPosition;
}

/**
 * The hand-over between a subscription's reader and its consumer: a bounded queue whose
 * `push` waits while it is full (so the reader stops pulling from the server) and whose `take`
 * waits while it is empty. `end()` releases both sides: pending and later `take`s are done.
 *
 * Checkpoints travel in the same queue, in order, so that `onCheckpoint` is told about a
 * position only once the consumer has taken every event before it (and asked for the next):
 * only then may the consumer resume from it without losing an event it has not processed.
 */
export class DeliveryQueue {
  private readonly events: Array<RecordedEvent | Checkpoint> = [];
  private ended = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;
  /** Serialises `take()` calls so two concurrent callers never get the same event. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly highWaterMark = 256,
    private readonly onCheckpoint?: (position: GlobalPosition) => void,
  ) {}

  /** Whether `end()` was called. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Queues an event; resolves once there is room for another (or the queue ended). */
  async push(event: RecordedEvent): Promise<void> {
    if (this.ended) return;
    this.events.push(event);
    this.wake('consumer');
    await this.room();
  }

  /**
   * Queues a checkpoint behind the events already queued; without an `onCheckpoint` listener
   * there is nothing to do. One waiting right behind another replaces it: only the latest
   * matters, and a slow consumer does not pile them up.
   */
  async pushCheckpoint(position: GlobalPosition): Promise<void> {
    if (this.ended || !this.onCheckpoint) return;
    const last = this.events[this.events.length - 1];
    if (last !== undefined && 'checkpoint' in last) {
      this.events[this.events.length - 1] = { checkpoint: position };
      return;
    }
    this.events.push({ checkpoint: position });
    this.wake('consumer');
    await this.room();
  }

  /** The next event, waiting for one; done once the queue has ended. */
  take(): Promise<IteratorResult<RecordedEvent, undefined>> {
    const result = this.tail.then(() => this.takeOne());
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Drops what is queued and releases every waiter. Safe to call twice. */
  end(): void {
    this.ended = true;
    this.events.length = 0;
    this.wake('consumer');
    this.wake('producer');
  }

  private async takeOne(): Promise<IteratorResult<RecordedEvent, undefined>> {
    for (;;) {
      if (this.ended) return DONE;
      const event = this.events.shift();
      if (event && 'checkpoint' in event) {
        this.wake('producer');
        this.onCheckpoint?.(event.checkpoint);
        continue;
      }
      if (event) {
        this.wake('producer');
        return { done: false, value: event };
      }
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
  }

  /** Waits until the queue is below its high-water mark (or ended). */
  private async room(): Promise<void> {
    while (!this.ended && this.events.length >= Math.max(1, this.highWaterMark)) {
      await new Promise<void>((resolve) => {
        this.wakeProducer = resolve;
      });
    }
  }

  private wake(who: 'consumer' | 'producer'): void {
    const wake = who === 'consumer' ? this.wakeConsumer : this.wakeProducer;
    if (who === 'consumer') this.wakeConsumer = undefined;
    else this.wakeProducer = undefined;
    wake?.();
  }
}

/** An interruptible sleep: `wake()` ends it early (used when unsubscribing). */
export class Sleeper {
  private wakeUp: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        if (this.wakeUp === finish) this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
    });
  }

  wake(): void {
    this.wakeUp?.();
  }
}

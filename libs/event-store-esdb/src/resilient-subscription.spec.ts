import type { GlobalPosition, RecordedEvent } from '@ledger/event-sourcing';
import { takeEvents, withTimeout } from '@ledger/testing';

import {
  ResilientSubscription,
  backoffDelay,
  type SubscriptionDrop,
  type Upstream,
  type UpstreamItem,
} from './resilient-subscription';

const WAIT_MS = 2000;

/**
 * A log and the server subscriptions opened on it: each delivers what is after its start and
 * then follows appends, until the test drops it (an error), ends it, or the client closes it.
 */
class FakeLog {
  readonly items: UpstreamItem[] = [];
  readonly opened: Array<GlobalPosition | 'start'> = [];
  /** When set, the next `open` throws it (a call failing at once, e.g. UNAVAILABLE). */
  failNextOpen: Error | undefined;
  /** When set, every subscription starts this many items early (a server repeating itself). */
  replayOverlap = 0;
  private readonly live = new Set<FakeUpstream>();

  append(count: number, skipped: (n: number) => boolean = () => false): void {
    for (let i = 0; i < count; i++) {
      const n = this.items.length + 1;
      const position = { commit: BigInt(n * 100), prepare: BigInt(n * 100) };
      this.items.push({ position, event: skipped(n) ? null : event(n, position) });
    }
    for (const upstream of this.live) upstream.poke();
  }

  open = (after: GlobalPosition | 'start'): Upstream => {
    this.opened.push(after);
    if (this.failNextOpen) {
      const failure = this.failNextOpen;
      this.failNextOpen = undefined;
      throw failure;
    }
    const start = after === 'start' ? 0 : this.items.findIndex((item) => item.position.commit > after.commit);
    const upstream = new FakeUpstream(this, Math.max(0, (start < 0 ? this.items.length : start) - this.replayOverlap), () =>
      this.live.delete(upstream),
    );
    this.live.add(upstream);
    return upstream;
  };

  /** Indices of items the server filtered out: no subscription sends them. */
  readonly hidden = new Set<number>();

  /**
   * Appends `count` records a server-side filter does not pass (never sent), then the server's
   * checkpoint at the last of them.
   */
  checkpointAfter(count: number): GlobalPosition {
    const first = this.items.length;
    this.append(count, () => true);
    for (let i = first; i < this.items.length; i++) this.hidden.add(i);
    const position = this.items[this.items.length - 1].position;
    this.items.push({ position, event: null, checkpoint: true });
    for (const upstream of this.live) upstream.poke();
    return position;
  }

  /** Fails every open subscription with an error, as a dropped connection does. */
  drop(error = new Error('14 UNAVAILABLE: connection dropped')): void {
    for (const upstream of [...this.live]) upstream.fail(error);
  }

  /** Ends every open subscription without an error, as a server shutting down cleanly does. */
  end(): void {
    for (const upstream of [...this.live]) upstream.fail(undefined);
  }

  get openCount(): number {
    return this.live.size;
  }
}

class FakeUpstream implements Upstream {
  private wake: (() => void) | undefined;
  private failure: { error: Error | undefined } | undefined;
  private closed = false;

  constructor(
    private readonly log: FakeLog,
    private index: number,
    private readonly release: () => void,
  ) {}

  poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  fail(error: Error | undefined): void {
    this.failure = { error };
    this.poke();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.release();
    this.poke();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<UpstreamItem> {
    for (;;) {
      if (this.closed) return;
      if (this.failure) {
        this.release();
        if (this.failure.error) throw this.failure.error;
        return;
      }
      if (this.index < this.log.items.length) {
        const index = this.index++;
        if (!this.log.hidden.has(index)) yield this.log.items[index];
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}

function event(n: number, position: GlobalPosition): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    streamName: 'test-1',
    revision: BigInt(n - 1),
    position,
    type: 'Numbered',
    data: { n },
    metadata: {},
    recordedAt: new Date(0),
  };
}

/** Subscribes through `log.open` as it is when called, so a test can replace it later. */
const subscribe = (log: FakeLog, from: GlobalPosition | 'start', options: ConstructorParameters<typeof ResilientSubscription>[2]) =>
  new ResilientSubscription((after) => log.open(after), from, options);

/** Waits (bounded) until `condition` holds, yielding to the event loop in between. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const numbers = (events: readonly RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const fast = { initialDelayMs: 1, maxDelayMs: 4, random: () => 0.5 };

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the cap, half of it jittered', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, 100, 5000, () => 1));
    const lowest = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, 100, 5000, () => 0));

    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    expect(lowest).toEqual([50, 100, 200, 400, 800, 1600, 2500, 2500]);
  });
});

describe('ResilientSubscription', () => {
  it('resubscribes after the last delivered event when the server subscription fails', async () => {
    const log = new FakeLog();
    const drops: SubscriptionDrop[] = [];
    const subscription = subscribe(log, 'start', { ...fast, onDrop: (d) => drops.push(d) });
    log.append(3);

    const first = await takeEvents(subscription, 3, WAIT_MS);
    log.drop();
    log.append(2);
    const second = await takeEvents(subscription, 2, WAIT_MS);
    await subscription.unsubscribe();

    expect(numbers([...first, ...second])).toEqual([1, 2, 3, 4, 5]);
    expect(log.opened).toEqual(['start', first[2].position]);
    expect(drops).toMatchObject([{ attempt: 1, resumeAfter: first[2].position }]);
    expect((drops[0].error as Error).message).toContain('UNAVAILABLE');
  });

  it('resubscribes when the server ends the subscription without an error', async () => {
    const log = new FakeLog();
    const drops: SubscriptionDrop[] = [];
    const subscription = subscribe(log, 'start', { ...fast, onDrop: (d) => drops.push(d) });
    log.append(2);
    await takeEvents(subscription, 2, WAIT_MS);

    log.end();
    log.append(1);

    expect(numbers(await takeEvents(subscription, 1, WAIT_MS))).toEqual([3]);
    expect(drops).toMatchObject([{ error: undefined, attempt: 1 }]);
    await subscription.unsubscribe();
  });

  it('backs off more after each consecutive failure to resubscribe, and resets after an event', async () => {
    const log = new FakeLog();
    const drops: SubscriptionDrop[] = [];
    const subscription = subscribe(log, 'start', {
      initialDelayMs: 1,
      maxDelayMs: 4,
      random: () => 1,
      onDrop: (d) => drops.push(d),
    });
    log.append(1);
    await takeEvents(subscription, 1, WAIT_MS);

    // Four opens fail in a row (the server refuses), then one works.
    let refusals = 4;
    const open = log.open;
    log.open = (after) => {
      if (refusals-- > 0) throw new Error('14 UNAVAILABLE: refused');
      return open(after);
    };
    log.drop();
    log.append(1);
    await takeEvents(subscription, 1, WAIT_MS);
    log.drop();
    log.append(1);
    await takeEvents(subscription, 1, WAIT_MS);
    await subscription.unsubscribe();

    expect(drops.map((d) => [d.attempt, d.delayMs])).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
      [4, 4],
      [5, 4],
      [1, 1],
    ]);
  });

  it('never delivers an event twice, even when a server resends events it had sent', async () => {
    const log = new FakeLog();
    log.replayOverlap = 2;
    const subscription = subscribe(log, 'start', fast);
    log.append(4);
    const before = await takeEvents(subscription, 4, WAIT_MS);

    log.drop();
    log.append(2);
    const after = await takeEvents(subscription, 2, WAIT_MS);
    await subscription.unsubscribe();

    expect(numbers([...before, ...after])).toEqual(range(1, 6));
  });

  it('moves its cursor past skipped (system) events without delivering them', async () => {
    const log = new FakeLog();
    const subscription = subscribe(log, 'start', fast);
    log.append(6, (n) => n % 3 === 0);

    const delivered = await takeEvents(subscription, 4, WAIT_MS);
    await until(() => subscription.position === log.items[5].position, 'the cursor to pass the skipped event');
    log.drop();
    log.append(1);
    const next = await takeEvents(subscription, 1, WAIT_MS);
    await subscription.unsubscribe();

    expect(numbers([...delivered, ...next])).toEqual([1, 2, 4, 5, 7]);
    expect(log.opened[1]).toEqual(log.items[5].position);
  });

  it('starts strictly after the given position', async () => {
    const log = new FakeLog();
    log.append(5);

    const subscription = subscribe(log, log.items[1].position, fast);

    expect(numbers(await takeEvents(subscription, 3, WAIT_MS))).toEqual([3, 4, 5]);
    await subscription.unsubscribe();
  });

  it('stops reading from the server while the consumer is behind', async () => {
    const log = new FakeLog();
    const subscription = subscribe(log, 'start', { ...fast, highWaterMark: 2 });
    let pulled = 0;
    const open = log.open;
    log.open = (after) => {
      const upstream = open(after);
      return {
        close: () => upstream.close(),
        async *[Symbol.asyncIterator]() {
          for await (const item of upstream) {
            pulled += 1;
            yield item;
          }
        },
      };
    };
    log.append(10);

    await takeEvents(subscription, 1, WAIT_MS);
    // Give the pump every chance to run ahead: it must stop at the high-water mark.
    await new Promise((resolve) => setImmediate(resolve));

    expect(pulled).toBeLessThanOrEqual(3);
    expect(numbers(await takeEvents(subscription, 9, WAIT_MS))).toEqual(range(2, 10));
    await subscription.unsubscribe();
  });

  it('ends a pending iteration on unsubscribe, and closes the server subscription', async () => {
    const log = new FakeLog();
    const subscription = subscribe(log, 'start', fast);
    const iterator = subscription[Symbol.asyncIterator]();
    const pending = iterator.next();

    await subscription.unsubscribe();

    await expect(withTimeout(pending, WAIT_MS, 'the pending next()')).resolves.toEqual({ done: true, value: undefined });
    expect(log.openCount).toBe(0);
  });

  it('ends promptly when unsubscribed during a back-off', async () => {
    const log = new FakeLog();
    log.failNextOpen = new Error('14 UNAVAILABLE');
    let dropped: () => void = () => undefined;
    const firstDrop = new Promise<void>((resolve) => {
      dropped = resolve;
    });
    const subscription = subscribe(log, 'start', {
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
      onDrop: () => dropped(),
    });
    await withTimeout(firstDrop, WAIT_MS, 'the first failure');

    await withTimeout(subscription.unsubscribe(), WAIT_MS, 'unsubscribe during a 60 s back-off');

    expect(log.opened).toEqual(['start']);
  });

  it('resumes after the latest server checkpoint, not after the last match, and reports it once the consumer is past it', async () => {
    const log = new FakeLog();
    const drops: SubscriptionDrop[] = [];
    const checkpoints: GlobalPosition[] = [];
    const subscription = subscribe(log, 'start', { ...fast, onDrop: (d) => drops.push(d), onCheckpoint: (p) => checkpoints.push(p) });
    log.append(1);
    const [matched] = await takeEvents(subscription, 1, WAIT_MS);

    const checkpoint = log.checkpointAfter(50);
    const next = subscription[Symbol.asyncIterator]().next();
    await until(() => checkpoints.length === 1, 'the checkpoint');
    log.drop();
    log.append(1);
    const after = await next;

    expect(checkpoints).toEqual([checkpoint]);
    expect(drops).toMatchObject([{ resumeAfter: checkpoint }]);
    expect(log.opened).toEqual(['start', checkpoint]);
    expect(numbers([matched, after.value!])).toEqual([1, 53]);
    await subscription.unsubscribe();
  });

  it('ends on break out of for await', async () => {
    const log = new FakeLog();
    const subscription = subscribe(log, 'start', fast);
    log.append(3);
    const seen: number[] = [];

    for await (const e of subscription) {
      seen.push((e.data as { n: number }).n);
      if (seen.length === 2) break;
    }

    expect(seen).toEqual([1, 2]);
    expect(log.openCount).toBe(0);
    await expect(subscription[Symbol.asyncIterator]().next()).resolves.toMatchObject({ done: true });
  });
});

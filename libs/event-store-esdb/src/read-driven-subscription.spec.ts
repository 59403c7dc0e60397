import type { GlobalPosition, RecordedEvent, Subscription } from '@ledger/event-sourcing';
import { takeEvents, withTimeout } from '@ledger/testing';

import { ReadDrivenSubscription } from './read-driven-subscription';
import type { SubscriptionDrop } from './resilient-subscription';

const WAIT_MS = 2000;

function event(n: number): RecordedEvent {
  const position = { commit: BigInt(n * 10), prepare: BigInt(n * 10) };
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    streamName: 's-1',
    revision: BigInt(n - 1),
    position,
    type: 'Numbered',
    data: { n },
    metadata: {},
    recordedAt: new Date(0),
  };
}

/** A signal subscription the test fires by hand; records whether it was ended. */
class ManualSignal implements Subscription {
  ended = false;
  private wake: (() => void) | undefined;
  private pending = 0;

  fire(): void {
    this.pending += 1;
    this.wake?.();
  }

  async unsubscribe(): Promise<void> {
    this.ended = true;
    this.wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: async () => {
        while (this.pending === 0 && !this.ended) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
        }
        if (this.ended) return { done: true, value: undefined };
        this.pending -= 1;
        return { done: false, value: event(0) };
      },
    };
  }
}

function harness(options: { failReads?: number; backlog?: number[] } = {}) {
  const log: RecordedEvent[] = (options.backlog ?? []).map(event);
  const signal = new ManualSignal();
  const signalStarts: Array<GlobalPosition | 'start'> = [];
  const drops: SubscriptionDrop[] = [];
  let failures = options.failReads ?? 0;
  const subscription = new ReadDrivenSubscription(
    async (after, limit) => {
      if (failures-- > 0) throw new Error('14 UNAVAILABLE');
      const start = after === 'start' ? 0 : log.findIndex((e) => e.position.commit > after.commit);
      return start < 0 ? [] : log.slice(start, start + limit);
    },
    (after) => {
      signalStarts.push(after);
      return [signal];
    },
    'start',
    { pageSize: 2, initialDelayMs: 1, maxDelayMs: 2, onDrop: (d) => drops.push(d) },
  );
  const append = (...ns: number[]) => log.push(...ns.map(event));
  return { log, signal, signalStarts, drops, subscription, append };
}

const numbers = (events: readonly RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);

describe('ReadDrivenSubscription', () => {
  it('reads the backlog page by page, then reads again when a signal says the log grew', async () => {
    const h = harness({ backlog: [1, 2, 3, 4, 5] });

    const backlog = await takeEvents(h.subscription, 5, WAIT_MS);
    h.append(6, 7);
    h.signal.fire();
    h.signal.fire();
    h.signal.fire();
    const live = await takeEvents(h.subscription, 2, WAIT_MS);
    h.append(8);
    h.signal.fire();
    const more = await takeEvents(h.subscription, 1, WAIT_MS);
    await h.subscription.unsubscribe();

    expect(numbers([...backlog, ...live, ...more])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Signals start once, after the last event of the backlog.
    expect(h.signalStarts).toEqual([backlog[4].position]);
    expect(h.signal.ended).toBe(true);
  });

  it('retries a failed read with back-off, from where it was', async () => {
    const h = harness({ failReads: 2, backlog: [1, 2, 3] });

    expect(numbers(await takeEvents(h.subscription, 3, WAIT_MS))).toEqual([1, 2, 3]);
    expect(h.drops.map((d) => [d.attempt, d.resumeAfter])).toEqual([
      [1, 'start'],
      [2, 'start'],
    ]);
    await h.subscription.unsubscribe();
  });

  it('ends a pending next() on unsubscribe while waiting for a signal', async () => {
    const h = harness();
    const pending = h.subscription[Symbol.asyncIterator]().next();

    await withTimeout(h.subscription.unsubscribe(), WAIT_MS, 'unsubscribe');

    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});

import type { RecordedEvent, Subscription } from '@ledger/event-sourcing';

/** One iterator per subscription, so successive `takeEvents` calls continue where they left off. */
const iterators = new WeakMap<Subscription, AsyncIterator<RecordedEvent>>();

/**
 * Awaits the next `count` events of a subscription, failing after `timeoutMs`.
 *
 * Tests wait for events this way instead of sleeping: it returns as soon as they arrive and
 * fails with how many did when they do not. The subscription stays open for further calls.
 */
export async function takeEvents(
  subscription: Subscription,
  count: number,
  timeoutMs = 5000,
): Promise<RecordedEvent[]> {
  let iterator = iterators.get(subscription);
  if (!iterator) {
    iterator = subscription[Symbol.asyncIterator]();
    iterators.set(subscription, iterator);
  }
  const received: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`timed out after ${timeoutMs} ms with ${received.length} of ${count} events`),
        ),
      timeoutMs,
    );
  });
  try {
    while (received.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) {
        throw new Error(`subscription ended after ${received.length} of ${count} events`);
      }
      received.push(next.value);
    }
    return received;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves `promise`, or fails after `timeoutMs` with `what` in the message.
 *
 * For awaiting something that should finish (an iteration ending) without sleeping.
 */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

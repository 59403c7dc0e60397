/**
 * What the EventStoreDB adapter must do beyond the shared contract, against the emulator:
 * server errors on both append paths, deleted streams, the append size limit, transport
 * failures, system events, and subscriptions that resume after injected faults without
 * skipping or repeating an event.
 */
import { randomUUID } from 'node:crypto';

import { EventStoreDBClient } from '@eventstore/db-client';
import type { EventToAppend, RecordedEvent, Subscription } from '@ledger/event-sourcing';
import { EsdbEventStore, type EsdbEventStoreOptions, type SubscriptionDrop } from '@ledger/event-store-esdb';
import { takeEvents, withTimeout } from '@ledger/testing';

import { startEsdbEmulator, type EsdbEmulator, type EsdbEmulatorOptions } from '../esdb-emulator';

const WAIT_MS = 10_000;

interface Harness {
  readonly emulator: EsdbEmulator;
  readonly store: EsdbEventStore;
  /** A plain client on the same emulator, for what the port does not do (deleting streams). */
  readonly client: EventStoreDBClient;
  readonly drops: SubscriptionDrop[];
  /** A fresh stream name of this test: `<category>-<id>`. */
  stream(id?: string): string;
  readonly category: string;
}

let opened: Harness[] = [];
let subscriptions: Subscription[] = [];

/** Starts an emulator and a store on it; both are stopped after the test. */
async function harness(
  emulatorOptions: EsdbEmulatorOptions = {},
  storeOptions: Partial<EsdbEventStoreOptions> = {},
): Promise<Harness> {
  const emulator = await startEsdbEmulator(emulatorOptions);
  const drops: SubscriptionDrop[] = [];
  const store = await EsdbEventStore.connect({
    connectionString: emulator.connectionString,
    // Fast back-off so that resubscription tests take milliseconds, capped low as in production.
    resubscribe: { initialDelayMs: 5, maxDelayMs: 50 },
    onSubscriptionDrop: (drop) => drops.push(drop),
    ...storeOptions,
  });
  const client = EventStoreDBClient.connectionString(emulator.connectionString);
  const category = `esdbAdapter${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const h: Harness = {
    emulator,
    store,
    client,
    drops,
    category,
    stream: (id = randomUUID().slice(0, 8)) => `${category}-${id}`,
  };
  opened.push(h);
  return h;
}

function subscribe(h: Harness, options: Parameters<EsdbEventStore['subscribeToAll']>[0]): Subscription {
  const subscription = h.store.subscribeToAll(options);
  subscriptions.push(subscription);
  return subscription;
}

afterEach(async () => {
  await Promise.all(subscriptions.map((s) => s.unsubscribe()));
  for (const h of opened) {
    await h.store.close();
    await h.client.dispose();
    await h.emulator.stop();
  }
  opened = [];
  subscriptions = [];
});

function numbered(n: number, type = 'Numbered'): EventToAppend {
  return { id: randomUUID(), type, data: { n }, metadata: { correlationId: randomUUID() } };
}

const numbers = (events: readonly RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// The adapter appends through the unary `Append` whatever the server offers (see
// LedgerEsdbClient): on a current server, which advertises `BatchAppend`, and on one from before
// 21.10, which has only `Append`.
describe.each([
  ['a server with BatchAppend', { batchAppend: true }],
  ['a server without BatchAppend', { batchAppend: false }],
] as const)('appends on %s', (_, emulatorOptions) => {
  it('go through Append, each its own call', async () => {
    const h = await harness(emulatorOptions);
    const stream = h.stream();
    const before = h.emulator.callCount('Append');

    await Promise.all([
      h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' }),
      h.store.append(h.stream(), [numbered(1)], { expectedRevision: 'no_stream' }),
    ]);

    expect({ Append: h.emulator.callCount('Append') - before, BatchAppend: h.emulator.callCount('BatchAppend') }).toEqual({
      Append: 2,
      BatchAppend: 0,
    });
  });

  it('maps a conflict to WrongExpectedRevisionError with the expected and actual revisions', async () => {
    const h = await harness(emulatorOptions);
    const stream = h.stream();
    await h.store.append(stream, [numbered(1), numbered(2)], { expectedRevision: 'no_stream' });

    await expect(h.store.append(stream, [numbered(3)], { expectedRevision: 0n })).rejects.toMatchObject({
      code: 'wrong_expected_revision',
      name: 'WrongExpectedRevisionError',
      streamName: stream,
      expected: 0n,
      actual: 1n,
    });
    await expect(h.store.append(stream, [numbered(3)], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      code: 'wrong_expected_revision',
      expected: 'no_stream',
      actual: 1n,
    });
    await expect(h.store.append(h.stream(), [numbered(1)], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      code: 'wrong_expected_revision',
      expected: 'stream_exists',
      actual: 'no_stream',
    });
    expect(numbers(await h.store.readStream(stream))).toEqual([1, 2]);
  });

  it('refuses appends to a tombstoned stream, which also refuses reads', async () => {
    const h = await harness(emulatorOptions);
    const stream = h.stream();
    await h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' });
    await h.client.tombstoneStream(stream);

    await expect(h.store.append(stream, [numbered(2)], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'stream_deleted',
      streamName: stream,
    });
    await expect(h.store.readStream(stream)).rejects.toMatchObject({ code: 'stream_deleted', streamName: stream });
  });

  it('refuses an append larger than the server accepts, writing nothing', async () => {
    const h = await harness({ ...emulatorOptions, maxAppendSize: 4096 });
    const stream = h.stream();
    const large = { id: randomUUID(), type: 'Large', data: { blob: 'x'.repeat(8192) }, metadata: {} };

    await expect(h.store.append(stream, [large], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      code: 'maximum_append_size_exceeded',
      streamName: stream,
    });
    expect(await h.store.readStream(stream)).toEqual([]);
    // The connection is still fine for the next append.
    await expect(h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
  });

  it('retries an append that failed in transport (UNAVAILABLE, not leader) and writes it once', async () => {
    const h = await harness(emulatorOptions);
    const stream = h.stream();
    const method = 'Append';

    h.emulator.failNextCall('UNAVAILABLE', { method });
    const first = await h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' });
    h.emulator.failNextCall('NOT_LEADER', { method });
    const second = await h.store.append(stream, [numbered(2)], { expectedRevision: first.nextExpectedRevision });

    expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 1n]);
    expect(numbers(await h.store.readStream(stream))).toEqual([1, 2]);
  });

  it('reports a transport failure of an `any` append as unavailable instead of risking a duplicate', async () => {
    const h = await harness(emulatorOptions);
    const stream = h.stream();
    h.emulator.failNextCall('UNAVAILABLE', { method: 'Append' });

    await expect(h.store.append(stream, [numbered(1)], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'event_store_unavailable',
      message: expect.stringContaining(h.emulator.port.toString()),
    });
    await expect(h.store.append(stream, [numbered(1)], { expectedRevision: 'any' })).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
  });

  it('answers an idempotent retry with the position of the original append', async () => {
    const h = await harness(emulatorOptions);
    const stream = h.stream();
    const events = [numbered(1), numbered(2)];

    const first = await h.store.append(stream, events, { expectedRevision: 'no_stream' });
    const retry = await h.store.append(stream, events, { expectedRevision: 'no_stream' });

    expect(retry).toEqual(first);
    const [, last] = await h.store.readStream(stream);
    expect(retry.position).toEqual(last.position);
  });
});

describe('access', () => {
  it('reports access denied with a stable code, at start and on an append, without retrying', async () => {
    const emulator = await startEsdbEmulator();
    try {
      emulator.failNextCall('ACCESS_DENIED', { method: 'Read' });
      await expect(EsdbEventStore.connect({ connectionString: emulator.connectionString })).rejects.toMatchObject({
        code: 'event_store_access_denied',
      });
    } finally {
      await emulator.stop();
    }

    const h = await harness();
    h.emulator.failNextCall('ACCESS_DENIED');
    await expect(h.store.append(h.stream(), [numbered(1)], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      code: 'event_store_access_denied',
    });
  });
});

describe('reads', () => {
  it('reads a missing and a soft-deleted stream as empty', async () => {
    const h = await harness();
    const stream = h.stream();
    await h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' });
    await h.client.deleteStream(stream);

    expect(await h.store.readStream(h.stream())).toEqual([]);
    expect(await h.store.readStream(stream)).toEqual([]);
    expect(await h.store.readStream(stream, { direction: 'backwards' })).toEqual([]);
  });

  it('reads long ranges of $all page by page, in order, filtered or not', async () => {
    const h = await harness();
    const stream = h.stream();
    for (let batch = 0; batch < 25; batch++) {
      const events = Array.from({ length: 100 }, (_, i) => numbered(batch * 100 + i + 1));
      await h.store.append(stream, events, { expectedRevision: batch === 0 ? 'no_stream' : BigInt(batch * 100 - 1) });
    }
    const ours = { streamNamePrefixes: [`${h.category}-`] };

    const all = await h.store.readAll({ filter: ours });
    const unfiltered = await h.store.readAll();
    const some = await h.store.readAll({ filter: ours, fromPosition: all[999].position, maxCount: 1200 });
    const backwards = await h.store.readAll({ direction: 'backwards', fromPosition: all[2199].position, maxCount: 1500 });

    expect(numbers(all)).toEqual(range(1, 2500));
    expect(numbers(unfiltered)).toEqual(range(1, 2500));
    expect(numbers(some)).toEqual(range(1000, 2199));
    expect(numbers(backwards)).toEqual(range(701, 2200).reverse());
  });

  it('retries a read that failed in transport, within the retry budget', async () => {
    const h = await harness({}, { retryBudgetMs: 300 });
    const stream = h.stream();
    await h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' });

    h.emulator.failNextCall('UNAVAILABLE', { method: 'Read' });
    const fromStream = await h.store.readStream(stream);
    h.emulator.failNextCall('NOT_LEADER', { method: 'Read' });
    const fromAll = await h.store.readAll({ filter: { streamNamePrefixes: [`${h.category}-`] } });
    // More failures than attempts fit in 300 ms (back-off from 50 ms, doubling).
    h.emulator.failNextCall('UNAVAILABLE', { method: 'Read', times: 100 });
    const exhausted = h.store.readStream(stream);

    expect(numbers(fromStream)).toEqual([1]);
    expect(numbers(fromAll)).toEqual([1]);
    await expect(exhausted).rejects.toMatchObject({ code: 'event_store_unavailable' });
  });

  it('never returns system events from $all, filtered or not, whatever the page size', async () => {
    const h = await harness();
    const stream = h.stream();
    await h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' });
    await h.client.deleteStream(stream);
    await h.store.append(h.stream('kept'), [numbered(2)], { expectedRevision: 'no_stream' });
    const tombstoned = h.stream('gone');
    await h.store.append(tombstoned, [numbered(3)], { expectedRevision: 'no_stream' });
    await h.client.tombstoneStream(tombstoned);

    const unfiltered = await h.store.readAll();
    const onePerPage = await h.store.readAll({ maxCount: 3 });
    const ours = await h.store.readAll({ filter: { streamNamePrefixes: [`${h.category}-`] } });
    const backwards = await h.store.readAll({ direction: 'backwards', maxCount: 3 });

    for (const read of [unfiltered, onePerPage, ours, backwards]) {
      expect(read.filter((e) => e.streamName.startsWith('$') || e.type.startsWith('$'))).toEqual([]);
    }
    // The emulator's $all starts with a fresh node's system events: a page of three skips them.
    expect(numbers(onePerPage)).toEqual([1, 2, 3]);
    expect(numbers(ours)).toEqual([1, 2, 3]);
    expect(numbers(backwards)).toEqual([3, 2, 1]);
  });
});

describe('subscriptions', () => {
  it('resume after dropped subscriptions, failed resubscriptions and live delays, delivering 1..N once, in order', async () => {
    const h = await harness();
    const stream = h.stream();
    const subscription = subscribe(h, { fromPosition: 'start', filter: { streamNamePrefixes: [`${h.category}-`] } });
    let n = 0;
    let expected: ExpectedRevisionCounter = 'no_stream';
    const appendBatch = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const result = await h.store.append(stream, [numbered(++n)], { expectedRevision: expected });
        expected = result.nextExpectedRevision;
      }
    };
    const seen: RecordedEvent[] = [];
    const seenUpTo = async (last: number) => {
      seen.push(...(await takeEvents(subscription, last - seen.length, WAIT_MS)));
    };

    await appendBatch(5);
    await seenUpTo(5);

    // 1. The server drops the subscription (UNAVAILABLE); events are appended meanwhile.
    expect(h.emulator.dropAllSubscriptions()).toBe(1);
    await appendBatch(5);
    await seenUpTo(10);

    // 2. Dropped again, and the next two resubscriptions fail before one works.
    h.emulator.failNextCall('UNAVAILABLE', { method: 'Read', times: 2 });
    expect(h.emulator.dropAllSubscriptions()).toBe(1);
    await appendBatch(5);
    await seenUpTo(15);

    // 3. Live events are slow to leave the server, and the subscription is dropped while some
    // are still on their way: the resubscription must not deliver them a second time.
    h.emulator.setLiveDelay(25);
    await appendBatch(3);
    expect(h.emulator.dropAllSubscriptions()).toBe(1);
    await appendBatch(2);
    await seenUpTo(20);
    h.emulator.setLiveDelay(0);

    // 4. The server ends it cleanly (status OK), then times it out (ABORTED).
    expect(h.emulator.dropAllSubscriptions('END')).toBe(1);
    await appendBatch(3);
    await seenUpTo(23);
    expect(h.emulator.dropAllSubscriptions('ABORTED')).toBe(1);
    await appendBatch(2);
    await seenUpTo(25);

    // Nothing more arrives than was appended: a sentinel is the very next event.
    const sentinelStream = h.stream('sentinel');
    await h.store.append(sentinelStream, [numbered(1000)], { expectedRevision: 'no_stream' });
    const [sentinel] = await takeEvents(subscription, 1, WAIT_MS);

    expect(numbers(seen)).toEqual(range(1, 25));
    expect(new Set(seen.map((e) => e.id)).size).toBe(25);
    expect(sentinel.streamName).toBe(sentinelStream);
    expect(h.drops.length).toBeGreaterThanOrEqual(7);
    expect(h.drops.map((d) => d.attempt)).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('reports each drop with the position it resumes after: the last event delivered', async () => {
    const h = await harness();
    const stream = h.stream();
    await h.store.append(stream, [numbered(1), numbered(2), numbered(3)], { expectedRevision: 'no_stream' });
    const subscription = subscribe(h, { fromPosition: 'start', filter: { streamNamePrefixes: [`${h.category}-`] } });
    const first = await takeEvents(subscription, 3, WAIT_MS);

    h.emulator.dropAllSubscriptions();
    await h.store.append(stream, [numbered(4)], { expectedRevision: 2n });
    await takeEvents(subscription, 1, WAIT_MS);

    expect(h.drops).toHaveLength(1);
    expect(h.drops[0].resumeAfter).toEqual(first[2].position);
  });

  it('delivers "stream prefix OR type prefix" live, in order, across a drop', async () => {
    const h = await harness();
    const kept = h.stream('kept');
    const other = `${h.category}other-1`;
    const subscription = subscribe(h, {
      fromPosition: 'start',
      filter: { streamNamePrefixes: [`${h.category}-`], eventTypePrefixes: [`${h.category}Type`] },
    });

    await h.store.append(kept, [numbered(1)], { expectedRevision: 'no_stream' });
    await h.store.append(other, [numbered(2, `${h.category}Type`), numbered(-1, 'Unrelated')], { expectedRevision: 'no_stream' });
    const before = await takeEvents(subscription, 2, WAIT_MS);
    h.emulator.dropAllSubscriptions();
    await h.store.append(other, [numbered(-2, 'Unrelated'), numbered(3, `${h.category}Type`)], { expectedRevision: 1n });
    await h.store.append(kept, [numbered(4)], { expectedRevision: 0n });
    const after = await takeEvents(subscription, 2, WAIT_MS);

    expect(numbers([...before, ...after])).toEqual([1, 2, 3, 4]);
  });

  it('delivers no system events to an unfiltered subscription', async () => {
    const h = await harness();
    const stream = h.stream();
    const subscription = subscribe(h, { fromPosition: 'start' });
    await h.store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' });
    await h.client.deleteStream(stream);
    await h.store.append(h.stream(), [numbered(2)], { expectedRevision: 'no_stream' });

    expect(numbers(await takeEvents(subscription, 2, WAIT_MS))).toEqual([1, 2]);
  });

  it('ends promptly on unsubscribe while the server keeps refusing to resubscribe', async () => {
    const h = await harness({}, { resubscribe: { initialDelayMs: 5, maxDelayMs: 5000 } });
    const subscription = subscribe(h, { fromPosition: 'start', filter: { streamNamePrefixes: [`${h.category}-`] } });
    await h.store.append(h.stream(), [numbered(1)], { expectedRevision: 'no_stream' });
    await takeEvents(subscription, 1, WAIT_MS);
    h.emulator.failNextCall('UNAVAILABLE', { method: 'Read', times: 1000 });
    h.emulator.dropAllSubscriptions();
    const pending = subscription[Symbol.asyncIterator]().next();

    await withTimeout(subscription.unsubscribe(), WAIT_MS, 'unsubscribe during back-off');

    await expect(withTimeout(pending, WAIT_MS, 'the pending next()')).resolves.toEqual({ done: true, value: undefined });
    expect(h.emulator.subscriptionCount).toBe(0);
  });

  it('ends its subscriptions when the store closes', async () => {
    const h = await harness();
    const subscription = subscribe(h, { fromPosition: 'start', filter: { streamNamePrefixes: [`${h.category}-`] } });
    const consumer = (async () => {
      const received: RecordedEvent[] = [];
      for await (const event of subscription) received.push(event);
      return received;
    })();
    await h.store.append(h.stream(), [numbered(1)], { expectedRevision: 'no_stream' });

    await h.store.close();

    await expect(withTimeout(consumer, WAIT_MS, 'the iteration to end at close()')).resolves.toBeInstanceOf(Array);
  });
});

type ExpectedRevisionCounter = 'no_stream' | bigint;

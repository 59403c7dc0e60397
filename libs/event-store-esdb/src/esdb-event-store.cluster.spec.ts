/**
 * What the adapter does for a cluster and its failures, against the in-repo emulator (and a
 * TCP proxy that can go silent, for half-open connections): the leader requirement, which
 * failures are retried and for how long, appends whose outcome is unknown, discovery, read
 * deadlines and filter checkpoints.
 */
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';

import type { EventToAppend, GlobalPosition, Subscription } from '@ledger/event-sourcing';
import { withTimeout } from '@ledger/testing';

import { startEsdbEmulator, type EsdbEmulator } from '../../../test/esdb-emulator';
import { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
import { isAfter } from './esdb-mapping';
import type { SubscriptionDrop } from './resilient-subscription';

const WAIT_MS = 10_000;

let emulators: EsdbEmulator[] = [];
let stores: EsdbEventStore[] = [];
let subscriptions: Subscription[] = [];
let stops: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()));
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all(emulators.map((emulator) => emulator.stop()));
  await Promise.all(stops.map((stop) => stop()));
  [emulators, stores, subscriptions, stops] = [[], [], [], []];
});

async function emulator(): Promise<EsdbEmulator> {
  const started = await startEsdbEmulator();
  emulators.push(started);
  return started;
}

function open(options: EsdbEventStoreOptions): EsdbEventStore {
  const store = new EsdbEventStore(options);
  stores.push(store);
  return store;
}

const stream = (category = 'cluster') => `${category}${randomUUID().slice(0, 8)}-${randomUUID().slice(0, 8)}`;
const event = (n: number): EventToAppend => ({ id: randomUUID(), type: 'Numbered', data: { n }, metadata: {} });

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A TCP proxy to `port` whose open connections can be made to go silent at once, both ways,
 * with their sockets left open: a half-open connection (a node that froze, a firewall that
 * dropped the flow). Connections made afterwards work.
 */
async function freezableProxy(
  port: number,
): Promise<{ port: number; connections: () => number; freeze(): void; swallowReplies(): void; cut(): void }> {
  const pairs = new Set<{ client: Socket; upstream: Socket; frozen: boolean; swallow: boolean }>();
  let connections = 0;
  const server: Server = createServer((client) => {
    connections += 1;
    const upstream = connect(port, '127.0.0.1');
    const pair = { client, upstream, frozen: false, swallow: false };
    pairs.add(pair);
    client.on('data', (chunk) => pair.frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => pair.frozen || pair.swallow || client.write(chunk));
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stops.push(async () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    port: (server.address() as { port: number }).port,
    connections: () => connections,
    freeze: () => {
      for (const pair of pairs) pair.frozen = true;
    },
    // Requests still reach the server; its answers on the open connections are lost.
    swallowReplies: () => {
      for (const pair of pairs) pair.swallow = true;
    },
    // Drops the open connections (the client sees UNAVAILABLE on its calls in flight).
    cut: () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
    },
  };
}

/** Waits (bounded) until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the leader requirement', () => {
  it('asks for the leader on appends and reads, and not on subscriptions', async () => {
    const server = await emulator();
    const store = open({ connectionString: server.connectionString });
    // Every gRPC call's headers, as the client builds them (Client/index.js `callArguments`).
    const client = (store as unknown as { client: { callArguments: (...args: unknown[]) => [{ get(key: string): unknown[] }, unknown] } })
      .client;
    const callArguments = client.callArguments;
    let headers: unknown[][] = [];
    client.callArguments = (...args) => {
      const result = callArguments(...args);
      headers.push(result[0].get('requires-leader'));
      return result;
    };
    const name = stream();

    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });
    await store.readStream(name);
    await store.readAll({ fromPosition: 'end', direction: 'backwards', maxCount: 1 });
    await store.readAll({ filter: { streamNamePrefixes: [name] } });
    const reads = headers;
    headers = [];
    const subscription = store.subscribeToAll({ fromPosition: 'start', filter: { streamNamePrefixes: [name] } });
    subscriptions.push(subscription);
    await withTimeout(subscription[Symbol.asyncIterator]().next(), WAIT_MS, 'the subscription');

    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(reads).toEqual(reads.map(() => ['true']));
    expect(headers).toEqual([[]]);
  });

  it('retries a NotLeader answer even for an `any` append: nothing was written', async () => {
    const server = await emulator();
    const store = open({ connectionString: server.connectionString });
    const name = stream();
    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });

    server.failNextCall('NOT_LEADER', { method: 'Append' });
    await expect(store.append(name, [event(2)], { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 1n });
    expect((await store.readStream(name)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('appends whose outcome is unknown', () => {
  it.each(['stream_exists', 'any'] as const)(
    'fails a %s append as unavailable with an unknown outcome, without retrying it',
    async (expectedRevision) => {
      const server = await emulator();
      const store = open({ connectionString: server.connectionString });
      const name = stream();
      await store.append(name, [event(1)], { expectedRevision: 'no_stream' });
      const before = server.callCount('Append');

      server.failNextCall('UNAVAILABLE', { method: 'Append' });
      await expect(store.append(name, [event(2)], { expectedRevision })).rejects.toMatchObject({
        code: 'event_store_unavailable',
        message: expect.stringContaining('outcome unknown'),
      });
      expect(server.callCount('Append') - before).toBe(1);
    },
  );

  it('retries an exact-revision or no_stream append: the server dedupes it by event id', async () => {
    const server = await emulator();
    const store = open({ connectionString: server.connectionString });
    const name = stream();

    server.failNextCall('UNAVAILABLE', { method: 'Append', times: 3 });
    const first = await store.append(name, [event(1)], { expectedRevision: 'no_stream' });
    server.failNextCall('UNAVAILABLE', { method: 'Append', times: 3 });
    const second = await store.append(name, [event(2)], { expectedRevision: first.nextExpectedRevision });

    expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 1n]);
    expect((await store.readStream(name)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('appends whose reply is lost after the server wrote them', () => {
  /** A store through a proxy, another straight on the emulator to see what was written. */
  async function lossyStore() {
    const server = await emulator();
    const proxy = await freezableProxy(server.port);
    const store = open({ connectionString: `esdb://127.0.0.1:${proxy.port}?tls=false` });
    const direct = open({ connectionString: server.connectionString });
    // Opens the connection through the proxy.
    await store.append(stream(), [event(0)], { expectedRevision: 'no_stream' });
    return { proxy, store, direct };
  }

  /** Waits (bounded) until the server holds `count` events in `name`. */
  async function written(direct: EsdbEventStore, name: string, count: number): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while ((await direct.readStream(name)).length < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} events in ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('retries a no_stream append and answers the original position: written once', async () => {
    const { proxy, store, direct } = await lossyStore();
    const name = stream();

    proxy.swallowReplies();
    const appending = store.append(name, [event(1)], { expectedRevision: 'no_stream' });
    await written(direct, name, 1);
    proxy.cut();
    const result = await appending;

    const events = await direct.readStream(name);
    expect(events).toHaveLength(1);
    expect(result).toEqual({ nextExpectedRevision: 0n, position: events[0].position });
  });

  it('fails a stream_exists append as unavailable with an unknown outcome, and does not write it twice', async () => {
    const { proxy, store, direct } = await lossyStore();
    const name = stream();
    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });

    proxy.swallowReplies();
    const appending = store.append(name, [event(2)], { expectedRevision: 'stream_exists' });
    await written(direct, name, 2);
    proxy.cut();

    await expect(appending).rejects.toMatchObject({ code: 'event_store_unavailable', message: expect.stringContaining('outcome unknown') });
    expect((await direct.readStream(name)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('the retry budget', () => {
  it('keeps retrying within retryBudgetMs, then fails as unavailable', async () => {
    const server = await emulator();
    const store = open({ connectionString: server.connectionString, retryBudgetMs: 400 });
    const name = stream();
    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });
    const before = server.callCount('Read');

    server.failNextCall('UNAVAILABLE', { method: 'Read', times: 1000 });
    const started = Date.now();
    await expect(store.readStream(name)).rejects.toMatchObject({ code: 'event_store_unavailable', message: expect.stringMatching(/\d+ attempts in \d+ ms/) });
    const elapsed = Date.now() - started;

    // Back-off from 50 ms doubling, half jittered: at least three attempts fit in 400 ms.
    expect(server.callCount('Read') - before).toBeGreaterThanOrEqual(3);
    expect(elapsed).toBeLessThan(400 + 1000);
  });

  it('rides out a store that is unavailable for less than the budget', async () => {
    const server = await emulator();
    const store = open({ connectionString: server.connectionString, retryBudgetMs: 8000 });
    const name = stream();
    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });

    server.failNextCall('UNAVAILABLE', { method: 'Read', times: 6 });
    await expect(store.readStream(name)).resolves.toHaveLength(1);
  });
});

describe('discovery', () => {
  it('uses esdb://a,b,c as gossip seeds: the first nodes down, the last one answers', async () => {
    const server = await emulator();
    const seeds = [await closedPort(), await closedPort(), server.port].map((port) => `127.0.0.1:${port}`).join(',');
    const store = open({ connectionString: `esdb://${seeds}?tls=false` });
    const name = stream();

    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });
    expect(await store.readStream(name)).toHaveLength(1);
  });

  it('reports a cluster no seed of which answers as unavailable (the client throws a plain Error)', async () => {
    const seeds = [await closedPort(), await closedPort()].map((port) => `127.0.0.1:${port}`).join(',');
    const store = open({ connectionString: `esdb://${seeds}?tls=false&maxDiscoverAttempts=1&discoveryInterval=10`, retryBudgetMs: 200 });

    await expect(store.readStream(stream())).rejects.toMatchObject({
      code: 'event_store_unavailable',
      message: expect.stringContaining('no node of the EventStoreDB cluster'),
    });
    await expect(store.append(stream(), [event(1)], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'event_store_unavailable',
      // Discovery failed: nothing was sent, so even an `any` append was tried again.
      message: expect.not.stringContaining('outcome unknown'),
    });
  });

  it('refuses esdb+discover:// with several hosts before connecting', async () => {
    const server = await emulator();
    const hosts = [await closedPort(), server.port].map((port) => `127.0.0.1:${port}`).join(',');

    expect(() => new EsdbEventStore({ connectionString: `esdb+discover://${hosts}?tls=false` })).toThrow(
      expect.objectContaining({ code: 'invalid_connection_string', message: expect.stringContaining(`esdb://${hosts}`) }),
    );
  });
});

describe('read deadlines', () => {
  it('gives up on a read stalled on a half-open connection and retries it on a new one', async () => {
    const server = await emulator();
    const proxy = await freezableProxy(server.port);
    const store = open({ connectionString: `esdb://127.0.0.1:${proxy.port}?tls=false`, readTimeoutMs: 300, retryBudgetMs: 5000 });
    const name = stream();
    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });
    expect(proxy.connections()).toBe(1);

    proxy.freeze();
    const started = Date.now();
    // Without a deadline the read waits for gRPC keep-alive (10 s + 10 s) before failing over.
    const read = await withTimeout(store.readStream(name), 5000, 'the read on a frozen connection');

    expect(read).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(proxy.connections()).toBe(2);
  });

  it('fails as unavailable when the server never answers within the budget', async () => {
    const server = await emulator();
    const proxy = await freezableProxy(server.port);
    const store = open({ connectionString: `esdb://127.0.0.1:${proxy.port}?tls=false`, readTimeoutMs: 200, retryBudgetMs: 0 });
    const name = stream();
    await store.append(name, [event(1)], { expectedRevision: 'no_stream' });

    proxy.freeze();
    await expect(withTimeout(store.readStream(name), 5000, 'the read')).rejects.toMatchObject({
      code: 'event_store_unavailable',
      message: expect.stringContaining('within 200 ms'),
    });
  });
});

describe('filter checkpoints', () => {
  it('reports checkpoints behind the events before them, and resumes after the latest one after a drop', async () => {
    const server = await emulator();
    const drops: SubscriptionDrop[] = [];
    const store = open({
      connectionString: server.connectionString,
      resubscribe: { initialDelayMs: 5, maxDelayMs: 50 },
      onSubscriptionDrop: (drop) => drops.push(drop),
    });
    const category = `ckpt${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const matched = await store.append(`${category}-a`, [event(1)], { expectedRevision: 'no_stream' });
    const seen: Array<{ kind: 'event' | 'checkpoint'; position: GlobalPosition }> = [];
    const subscription = store.subscribeToAll({
      filter: { streamNamePrefixes: [`${category}-`] },
      onCheckpoint: (position) => seen.push({ kind: 'checkpoint', position }),
    });
    subscriptions.push(subscription);
    const consuming = (async () => {
      for await (const recorded of subscription) seen.push({ kind: 'event', position: recorded.position });
    })();

    // 100 records the filter does not pass: the server checkpoints every 32 considered.
    const other = `other${randomUUID().slice(0, 8)}`;
    let last: GlobalPosition = matched.position;
    for (let i = 0; i < 100; i++) last = (await store.append(`${other}-${i}`, [event(i)], { expectedRevision: 'no_stream' })).position;
    await until(() => seen.some((s) => s.kind === 'checkpoint' && isAfter(s.position, matched.position)), 'a checkpoint past the match');
    const latest = seen.filter((s) => s.kind === 'checkpoint').at(-1)!.position;

    expect(server.dropAllSubscriptions()).toBe(1);
    await until(() => drops.length > 0, 'the drop');
    const second = await store.append(`${category}-b`, [event(2)], { expectedRevision: 'no_stream' });
    await until(() => seen.some((s) => s.kind === 'event' && !isAfter(second.position, s.position) && !isAfter(s.position, second.position)), 'the second match');

    // Resumed after the latest checkpoint, not after the last event it delivered.
    expect(drops[0].resumeAfter).toEqual(latest);
    expect(isAfter(latest, matched.position)).toBe(true);
    expect(isAfter(last, latest) || (last.commit === latest.commit && last.prepare === latest.prepare)).toBe(true);
    // Each event once, and each checkpoint after every event at or before it.
    expect(seen.filter((s) => s.kind === 'event').map((s) => s.position)).toEqual([matched.position, second.position]);
    seen.forEach((s, i) => {
      if (s.kind !== 'checkpoint') return;
      const laterEvents = seen.slice(i + 1).filter((e) => e.kind === 'event');
      for (const e of laterEvents) expect(isAfter(e.position, s.position)).toBe(true);
    });
    await subscription.unsubscribe();
    await consuming;
  });
});

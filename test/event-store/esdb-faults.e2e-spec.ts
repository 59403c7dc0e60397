/**
 * The EventStoreDB adapter under the failures a real cluster produces, injected by the
 * emulator as the server produces them (see test/esdb-emulator/faults.ts and the server files
 * it cites): a reply lost after the write committed, on servers with and without BatchAppend
 * (the adapter appends through the unary `Append` on both); the server's write timeout and
 * clock; access denied for one append; a secure node's `$all` ACL.
 *
 * The rule under test (issue 16): an append whose outcome is unknown may be retried only when
 * the server de-duplicates the retry durably, i.e. with an exact expected revision or
 * `no_stream`. With `any` or `stream_exists` the server only consults a bounded in-memory
 * cache of recent event ids, which the failover that lost the reply also loses, so a retry
 * can write the events twice: such an append must fail as unavailable, not be retried.
 */
import { randomUUID } from 'node:crypto';

import type { EventToAppend, ExpectedRevision, RecordedEvent } from '@ledger/event-sourcing';
import { EsdbEventStore } from '@ledger/event-store-esdb';

import { startEsdbEmulator, type EsdbEmulator, type EsdbEmulatorOptions } from '../esdb-emulator';
import { makeTestCertificate } from '../esdb-emulator/test-certificate';

interface Harness {
  readonly emulator: EsdbEmulator;
  readonly store: EsdbEventStore;
  /** A fresh stream name of this test: `<category>-<id>`. */
  stream(): string;
}

let opened: Harness[] = [];

async function harness(emulatorOptions: EsdbEmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEsdbEmulator(emulatorOptions);
  const store = await EsdbEventStore.connect({ connectionString: emulator.connectionString });
  const category = `esdbFaults${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const h: Harness = { emulator, store, stream: () => `${category}-${randomUUID().slice(0, 8)}` };
  opened.push(h);
  return h;
}

afterEach(async () => {
  for (const h of opened) {
    await h.store.close();
    await h.emulator.stop();
  }
  opened = [];
});

function numbered(n: number): EventToAppend {
  return { id: randomUUID(), type: 'Numbered', data: { n }, metadata: {} };
}

const numbers = (events: readonly RecordedEvent[]) => events.map((e) => (e.data as { n: number }).n);

/** What an append came to: its result, or the `code` of the error it failed with. */
async function outcomeOf(append: Promise<unknown>): Promise<unknown> {
  return append.then(
    (result) => ({ resolved: result }),
    (error: { code?: unknown }) => ({ rejected: error.code }),
  );
}

describe.each([
  ['a server with BatchAppend', { batchAppend: true }],
  ['a server without BatchAppend', { batchAppend: false }],
] as const)('a reply lost after the commit, on %s', (_server, emulatorOptions) => {
  const path = 'Append';
  it.each([['an exact revision', 0n], ['no_stream', 'no_stream']] as const)(
    'with %s: retried, answered with the original position, nothing written twice',
    async (_, expectedRevision) => {
      const h = await harness(emulatorOptions);
      const stream = h.stream();
      if (expectedRevision === 0n) await h.store.append(stream, [numbered(0)], { expectedRevision: 'no_stream' });
      const before = h.emulator.callCount(path);

      h.emulator.failNextCall('LOST_REPLY', { forgetRecentAppends: true });
      const result = await h.store.append(stream, [numbered(1), numbered(2)], { expectedRevision });

      const events = await h.store.readStream(stream);
      expect(numbers(events)).toEqual(expectedRevision === 0n ? [0, 1, 2] : [1, 2]);
      expect(result).toEqual({ nextExpectedRevision: events.at(-1)!.revision, position: events.at(-1)!.position });
      expect(h.emulator.callCount(path) - before).toBe(2);
    },
  );

  it.each<[string, ExpectedRevision]>([
    ['stream_exists', 'stream_exists'],
    ['any', 'any'],
  ])(
    'with %s: not retried (the retry is de-duplicated only from a cache the failover lost); unavailable, written once',
    async (_, expectedRevision) => {
      const h = await harness(emulatorOptions);
      const stream = h.stream();
      await h.store.append(stream, [numbered(0)], { expectedRevision: 'no_stream' });
      const before = h.emulator.callCount(path);

      h.emulator.failNextCall('LOST_REPLY', { forgetRecentAppends: true });
      const outcome = await outcomeOf(h.store.append(stream, [numbered(1), numbered(2)], { expectedRevision }));

      expect({ outcome, events: numbers(await h.store.readStream(stream)), attempts: h.emulator.callCount(path) - before }).toEqual({
        outcome: { rejected: 'event_store_unavailable' },
        events: [0, 1, 2],
        attempts: 1,
      });
    },
  );

  it('with stream_exists: unavailable even when the server would have de-duplicated the retry (the adapter cannot know)', async () => {
    const h = await harness(emulatorOptions);
    const stream = h.stream();
    await h.store.append(stream, [numbered(0)], { expectedRevision: 'no_stream' });

    h.emulator.failNextCall('LOST_REPLY');
    await expect(h.store.append(stream, [numbered(1)], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      code: 'event_store_unavailable',
      name: 'EventStoreUnavailableError',
    });
    expect(numbers(await h.store.readStream(stream))).toEqual([0, 1]);
  });
});

describe('append deadlines', () => {
  it('are not moved by the server clock: a server a minute ahead still takes appends', async () => {
    const h = await harness();
    const stream = h.stream();
    await h.store.append(stream, [numbered(0)], { expectedRevision: 'no_stream' });

    // BatchAppend sends its deadline as a time of day (now + 10 s), which such a server finds
    // passed, refusing every append; the unary `Append` sends a gRPC timeout, a duration.
    h.emulator.setClockSkew(60_000);
    await expect(h.store.append(stream, [numbered(1)], { expectedRevision: 'any' })).resolves.toMatchObject({
      nextExpectedRevision: 1n,
    });
    h.emulator.setClockSkew(0);
    expect(numbers(await h.store.readStream(stream))).toEqual([0, 1]);
  });

  it('retries an exact-revision append that timed out on the server, and writes it once', async () => {
    const h = await harness({ writeTimeoutMs: 100 });
    const stream = h.stream();
    await h.store.append(stream, [numbered(0)], { expectedRevision: 'no_stream' });

    const before = h.emulator.callCount('Append');

    h.emulator.failNextCall('DEADLINE', { method: 'Append' });
    await expect(h.store.append(stream, [numbered(1)], { expectedRevision: 0n })).resolves.toMatchObject({
      nextExpectedRevision: 1n,
    });
    expect(numbers(await h.store.readStream(stream))).toEqual([0, 1]);
    // The first attempt was answered ABORTED "Operation timed out" after the write timeout; the
    // second wrote.
    expect(h.emulator.callCount('Append') - before).toBe(2);
  });
});

describe('access denied for one append', () => {
  it('fails that append with EventStoreAccessDeniedError, not retried; the append beside it and the next one work', async () => {
    const h = await harness();
    const [denied, beside] = [h.stream(), h.stream()];
    await h.store.append(h.stream(), [numbered(0)], { expectedRevision: 'no_stream' });
    const before = h.emulator.callCount('Append');

    h.emulator.failNextCall('ACCESS_DENIED', { method: 'Append' });
    const outcomes = await Promise.all([
      outcomeOf(h.store.append(denied, [numbered(1)], { expectedRevision: 'no_stream' })),
      outcomeOf(h.store.append(beside, [numbered(1)], { expectedRevision: 'no_stream' })),
    ]);

    expect(outcomes).toEqual([
      { rejected: 'event_store_access_denied' },
      { resolved: expect.objectContaining({ nextExpectedRevision: 0n }) },
    ]);
    expect(h.emulator.callCount('Append') - before).toBe(2);
    await expect(h.store.append(denied, [numbered(2)], { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
  });
});

describe('a secure node whose ACL keeps $all from the service user', () => {
  it('fails the start-up check with an access-denied error that names $all', async () => {
    const emulator = await startEsdbEmulator({ requireAuth: true });
    try {
      const connecting = EsdbEventStore.connect({ connectionString: emulator.connectionString });
      await expect(connecting).rejects.toMatchObject({ code: 'event_store_access_denied', name: 'EventStoreAccessDeniedError' });
      await expect(connecting).rejects.toThrow(/\$all/);
      await expect(connecting).rejects.toThrow(`127.0.0.1:${emulator.port}`);
    } finally {
      await emulator.stop();
    }
  });

  it('over TLS with admin credentials, starts and serves; with a user outside $admins, fails naming $all', async () => {
    const certificate = makeTestCertificate();
    const emulator = await startEsdbEmulator({ requireAuth: true, tls: certificate });
    const as = (user: string) => emulator.connectionString.replace('esdb://', `esdb://${user}@`);
    try {
      const store = await EsdbEventStore.connect({ connectionString: as('admin:changeit') });
      try {
        const stream = `esdbFaults-${randomUUID().slice(0, 8)}`;
        await store.append(stream, [numbered(1)], { expectedRevision: 'no_stream' });
        expect(numbers(await store.readAll({ filter: { streamNamePrefixes: ['esdbFaults-'] } }))).toEqual([1]);
      } finally {
        await store.close();
      }

      const connecting = EsdbEventStore.connect({ connectionString: as('ops:changeit') });
      await expect(connecting).rejects.toMatchObject({ code: 'event_store_access_denied' });
      await expect(connecting).rejects.toThrow(/\$all/);
      await expect(connecting).rejects.not.toThrow(/changeit/);
    } finally {
      await emulator.stop();
      certificate.remove();
    }
  });
});

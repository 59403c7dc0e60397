/**
 * The emulator's failure fidelity, through the real `@eventstore/db-client@6.2.1` over real
 * gRPC (and the client package's stubs for what that client cannot send): writes committed
 * behind a lost reply, BatchAppend deadlines and the server's write timeout, access denied per
 * append, the `$all` ACL of a secure node, and idempotency as strong as the server's and no
 * stronger. Each behaviour cites the server file it follows in the emulator's sources.
 */
import { randomUUID } from 'node:crypto';

import {
  AccessDeniedError,
  DeadlineExceededError,
  EventStoreDBClient,
  jsonEvent,
  type ResolvedEvent,
  StreamNotFoundError,
  streamNameFilter,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { credentials, Metadata, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';

import { type EsdbEmulator, type EsdbEmulatorOptions, startEsdbEmulator } from './index';
import { EventLog } from './store';
import { makeTestCertificate, type TestCertificate } from './test-certificate';

/** The emulator's clock for `created`; deadlines use the machine's clock plus the emulated skew. */
const NOW = Date.parse('2026-01-02T03:04:05.678Z');

interface Opened {
  readonly emulator: EsdbEmulator;
  readonly client: EventStoreDBClient;
}

let opened: Opened[] = [];

async function open(options: EsdbEmulatorOptions = {}): Promise<Opened> {
  const emulator = await startEsdbEmulator({ clock: () => NOW, ...options });
  const client = EventStoreDBClient.connectionString(emulator.connectionString);
  const pair = { emulator, client };
  opened.push(pair);
  return pair;
}

afterEach(async () => {
  for (const { emulator, client } of opened) {
    await client.dispose();
    await emulator.stop();
  }
  opened = [];
});

const event = (type = 'TokenIssued', id = randomUUID()) => jsonEvent({ id, type, data: {}, metadata: {} });

async function collect(reader: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  for await (const resolved of reader) events.push(resolved);
  return events;
}

/** The first event a subscription delivers, or a rejection after 5 s. */
async function firstEventOf(subscription: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no event within 5 s')), 5_000);
  });
  const first = (async () => {
    for await (const resolved of subscription) return resolved;
    throw new Error('the subscription ended without an event');
  })();
  try {
    return await Promise.race([first, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const idsIn = async (client: EventStoreDBClient, stream: string) =>
  (await collect(client.readStream(stream))).map((resolved) => resolved.event!.id);

describe.each([
  ['BatchAppend', true],
  ['Append', false],
] as const)('through %s', (path, batchAppend) => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;
  beforeEach(async () => {
    ({ emulator, client } = await open({ batchAppend }));
  });

  describe('LOST_REPLY', () => {
    it('commits the append, then fails the reply with UNAVAILABLE; a retry with the same ids answers the original position', async () => {
      const issued = event();
      await client.appendToStream('tokenFamily-1', issued, { expectedRevision: 'no_stream' });
      const batch = [event('TokenRefreshed'), event('TokenRevoked')];

      emulator.failNextCall('LOST_REPLY');
      await expect(client.appendToStream('tokenFamily-1', batch, { expectedRevision: 0n })).rejects.toBeInstanceOf(
        UnavailableError,
      );
      // Committed although the client saw an error.
      const afterLoss = await collect(client.readStream('tokenFamily-1'));
      expect(afterLoss.map((resolved) => resolved.event!.id)).toEqual([issued.id, batch[0].id, batch[1].id]);

      const retried = await client.appendToStream('tokenFamily-1', batch, { expectedRevision: 0n });
      expect(retried.nextExpectedRevision).toBe(2n);
      expect(retried.position).toEqual(afterLoss[2].event!.position);
      expect(await idsIn(client, 'tokenFamily-1')).toEqual([issued.id, batch[0].id, batch[1].id]);
      expect(emulator.callCount(path)).toBe(3);
    });

    it('with forgetRecentAppends, loses the recent ids too: a retried stream_exists append is written twice', async () => {
      await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' });
      const refreshed = event('TokenRefreshed');

      emulator.failNextCall('LOST_REPLY', { forgetRecentAppends: true });
      await expect(
        client.appendToStream('tokenFamily-1', refreshed, { expectedRevision: 'stream_exists' }),
      ).rejects.toBeInstanceOf(UnavailableError);
      await client.appendToStream('tokenFamily-1', refreshed, { expectedRevision: 'stream_exists' });

      expect((await idsIn(client, 'tokenFamily-1')).slice(1)).toEqual([refreshed.id, refreshed.id]);
    });

    it('waits for an append: reads and other calls are not hit', async () => {
      emulator.failNextCall('LOST_REPLY');
      await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' }).catch(() => undefined);
      await expect(collect(client.readStream('tokenFamily-1'))).resolves.toHaveLength(1);
      expect(() => emulator.failNextCall('LOST_REPLY', { method: 'Read' })).toThrow(RangeError);
      expect(() => emulator.failNextCall('UNAVAILABLE', { forgetRecentAppends: true })).toThrow(RangeError);
    });
  });

  describe('idempotency as strong as the server, not stronger', () => {
    it.each(['any', 'stream_exists'] as const)(
      'de-duplicates a retried %s append only while its ids are recent: after a restart or leader change it is written again',
      async (expectedRevision) => {
        await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' });
        const batch = [event('TokenRefreshed'), event('TokenRefreshed')];
        const original = await client.appendToStream('tokenFamily-1', batch, { expectedRevision });

        // The ids are in the recent-events cache: the retry answers the original result.
        await expect(client.appendToStream('tokenFamily-1', batch, { expectedRevision })).resolves.toEqual(original);
        expect(await idsIn(client, 'tokenFamily-1')).toHaveLength(3);

        emulator.forgetRecentAppends();
        const again = await client.appendToStream('tokenFamily-1', batch, { expectedRevision });
        expect(again.nextExpectedRevision).toBe(4n);
        const ids = await idsIn(client, 'tokenFamily-1');
        expect(ids.slice(1)).toEqual([batch[0].id, batch[1].id, batch[0].id, batch[1].id]);
      },
    );

    it('keeps exact-revision and no_stream retries idempotent after the cache is lost (the index is durable)', async () => {
      const created = [event(), event('TokenRefreshed')];
      const first = await client.appendToStream('tokenFamily-1', created, { expectedRevision: 'no_stream' });
      const next = event('TokenRevoked');
      const second = await client.appendToStream('tokenFamily-1', next, { expectedRevision: 1n });

      emulator.forgetRecentAppends();
      await expect(client.appendToStream('tokenFamily-1', created, { expectedRevision: 'no_stream' })).resolves.toEqual(first);
      await expect(client.appendToStream('tokenFamily-1', next, { expectedRevision: 1n })).resolves.toEqual(second);
      expect(await idsIn(client, 'tokenFamily-1')).toEqual([created[0].id, created[1].id, next.id]);
    });

    it('refuses a retry of which only the first ids are recent as a wrong expected version (corrupted idempotency)', async () => {
      const original = [event(), event()];
      await client.appendToStream('tokenFamily-1', original, { expectedRevision: 'any' });

      await expect(
        client.appendToStream('tokenFamily-1', [original[0], event()], { expectedRevision: 'stream_exists' }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      // Ids of another stream are not a retry on this one.
      await client.appendToStream('tokenFamily-2', original, { expectedRevision: 'any' });
      expect(await idsIn(client, 'tokenFamily-2')).toEqual(original.map((e) => e.id));
    });
  });
});

describe('the recent-events cache', () => {
  it('is bounded: the oldest ids leave first once it is full, and their retry is written again', () => {
    // Room for about six ids: each costs 78 bytes with this stream name (`cachedIdSize`).
    const log = new EventLog(() => NOW, 500);
    const proposed = (id: string) => ({ eventId: id, type: 'T', isJson: true, data: new Uint8Array(), customMetadata: new Uint8Array() });
    const ids = Array.from({ length: 8 }, () => randomUUID());
    for (const id of ids) log.append('tokenFamily-1', -2n, [proposed(id)]);

    const newest = log.append('tokenFamily-1', -2n, [proposed(ids[7])]);
    expect(newest).toMatchObject({ kind: 'success', lastRevision: 7n });
    const oldest = log.append('tokenFamily-1', -2n, [proposed(ids[0])]);
    expect(oldest).toMatchObject({ kind: 'success', lastRevision: 8n });
  });
});

describe('BatchAppend deadlines', () => {
  it('answers Timeout in band when the deadline the client sent has passed by the server clock, and stays open', async () => {
    const { emulator, client } = await open();
    await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' });

    // The client sends now + 10 s (its default deadline) as an absolute timestamp; a server
    // clock a minute ahead sees it as passed.
    emulator.setClockSkew(60_000);
    await expect(client.appendToStream('tokenFamily-1', event(), { expectedRevision: 0n })).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(await idsIn(client, 'tokenFamily-1')).toHaveLength(1);

    // A short deadline passes with a small skew; a long one does not.
    emulator.setClockSkew(2_000);
    await expect(client.appendToStream('tokenFamily-1', event(), { expectedRevision: 0n, deadline: 1_000 })).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    await expect(client.appendToStream('tokenFamily-1', event(), { expectedRevision: 0n })).resolves.toMatchObject({
      nextExpectedRevision: 1n,
    });
    expect(emulator.callCount('BatchAppend')).toBe(4);
  });

  it('DEADLINE: the write does not complete within the write timeout; Timeout in band, nothing written, the next append works', async () => {
    const { emulator, client } = await open({ writeTimeoutMs: 100 });
    emulator.failNextCall('DEADLINE');

    const started = Date.now();
    await expect(client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await expect(collect(client.readStream('tokenFamily-1'))).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      nextExpectedRevision: 0n,
    });
  });

  it('on Append, DEADLINE answers the server timeout (ABORTED, TimeoutError), and clock skew does not matter (gRPC deadlines are relative)', async () => {
    const { emulator, client } = await open({ batchAppend: false, writeTimeoutMs: 50 });
    emulator.failNextCall('DEADLINE');
    await expect(client.appendToStream('tokenFamily-1', event())).rejects.toBeInstanceOf(TimeoutError);

    emulator.setClockSkew(60_000);
    await expect(client.appendToStream('tokenFamily-1', event())).resolves.toMatchObject({ nextExpectedRevision: 0n });
  });
});

describe('ACCESS_DENIED on BatchAppend', () => {
  it('refuses that one append in band; the call stays open for the appends beside and after it', async () => {
    const { emulator, client } = await open();
    await client.appendToStream('tokenFamily-0', event());

    emulator.failNextCall('ACCESS_DENIED', { method: 'BatchAppend' });
    const [denied, beside] = await Promise.allSettled([
      client.appendToStream('tokenFamily-1', event()),
      client.appendToStream('tokenFamily-2', event()),
    ]);

    // Failing the whole call (as a node going away does) would reject both.
    expect(denied).toMatchObject({ status: 'rejected', reason: expect.any(AccessDeniedError) });
    expect(beside).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    await expect(collect(client.readStream('tokenFamily-1'))).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(client.appendToStream('tokenFamily-1', event())).resolves.toMatchObject({ nextExpectedRevision: 0n });
  });

  it('still fails the whole call for UNAVAILABLE, as a node going away does', async () => {
    const { emulator, client } = await open();
    await client.appendToStream('tokenFamily-0', event());

    emulator.failNextCall('UNAVAILABLE', { method: 'BatchAppend' });
    const outcomes = await Promise.allSettled([
      client.appendToStream('tokenFamily-1', event()),
      client.appendToStream('tokenFamily-2', event()),
    ]);

    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
  });
});

describe('requireAuth: the default ACLs of a secure node', () => {
  it('refuses reading and subscribing to $all to a user outside $admins, with AccessDeniedError', async () => {
    const { client } = await open({ requireAuth: true });
    await client.appendToStream('tokenFamily-1', event());

    await expect(collect(client.readAll({ maxCount: 1 }))).rejects.toBeInstanceOf(AccessDeniedError);
    const subscription = client.subscribeToAll({ filter: streamNameFilter({ prefixes: ['tokenFamily-'] }) });
    await expect(collect(subscription)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(collect(client.readStream('$settings'))).rejects.toBeInstanceOf(AccessDeniedError);
    // User streams are everyone's ($userStreamAcl).
    await expect(collect(client.readStream('tokenFamily-1'))).resolves.toHaveLength(1);
  });

  it.each([
    ['BatchAppend', true],
    ['Append', false],
  ] as const)('refuses a write to a $-stream through %s, and lets the next append through', async (_, batchAppend) => {
    const { client } = await open({ requireAuth: true, batchAppend });

    await expect(client.appendToStream('$ledger-settings', event())).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(client.appendToStream('tokenFamily-1', event())).resolves.toMatchObject({ nextExpectedRevision: 0n });
  });

  it('allows everything without it, as an insecure node does', async () => {
    const { client } = await open();
    await expect(collect(client.readAll({ maxCount: 1 }))).resolves.toHaveLength(1);
    await expect(collect(client.readStream('$settings'))).resolves.toHaveLength(1);
  });

  describe('over TLS, where the client sends credentials', () => {
    let certificate: TestCertificate;
    beforeAll(() => {
      certificate = makeTestCertificate();
    });
    afterAll(() => certificate.remove());

    let clients: EventStoreDBClient[] = [];
    afterEach(async () => {
      await Promise.all(clients.map((client) => client.dispose()));
      clients = [];
    });
    async function secureNode(): Promise<{ as(user?: string): EventStoreDBClient }> {
      const { emulator } = await open({ requireAuth: true, tls: certificate });
      expect(emulator.connectionString).toMatch(/\?tls=true&tlsCAFile=/);
      return {
        as(user) {
          const client = EventStoreDBClient.connectionString(
            user === undefined ? emulator.connectionString : emulator.connectionString.replace('esdb://', `esdb://${user}@`),
          );
          clients.push(client);
          return client;
        },
      };
    }

    it('lets admin read and subscribe to $all; refuses ops on $all, not on user streams', async () => {
      const node = await secureNode();
      const admin = node.as('admin:changeit');
      const ops = node.as('ops:changeit');
      await ops.appendToStream('tokenFamily-1', event());

      await expect(collect(admin.readAll({ maxCount: 100 }))).resolves.toEqual(
        expect.arrayContaining([expect.objectContaining({ event: expect.objectContaining({ streamId: 'tokenFamily-1' }) })]),
      );
      const subscription = admin.subscribeToAll({ filter: streamNameFilter({ prefixes: ['tokenFamily-'] }) });
      await expect(firstEventOf(subscription)).resolves.toMatchObject({ event: { streamId: 'tokenFamily-1' } });
      await subscription.unsubscribe();
      await expect(collect(ops.readAll({ maxCount: 1 }))).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(collect(ops.readStream('tokenFamily-1'))).resolves.toHaveLength(1);
    });

    it('refuses a call without credentials on every stream (anonymous), and a wrong password', async () => {
      const node = await secureNode();

      await expect(node.as().appendToStream('tokenFamily-1', event())).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(collect(node.as().readStream('tokenFamily-1'))).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(node.as().tombstoneStream('tokenFamily-1')).rejects.toBeInstanceOf(AccessDeniedError);
      // UNAUTHENTICATED, which the client reports as AccessDeniedError too.
      await expect(collect(node.as('admin:wrong').readAll({ maxCount: 1 }))).rejects.toBeInstanceOf(AccessDeniedError);
    });
  });

  describe('credentials on the wire (the 6.2.1 client sends none over tls=false)', () => {
    let streams: StreamsClient;
    beforeEach(async () => {
      const { emulator } = await open({ requireAuth: true });
      streams = new StreamsClient(`127.0.0.1:${emulator.port}`, credentials.createInsecure());
    });
    afterEach(() => streams.close());

    const readAllRequest = () =>
      new ReadReq().setOptions(
        new ReadReq.Options()
          .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
          .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
          .setCount('10')
          .setNoFilter(new Empty())
          .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty())),
      );

    async function readAllAs(user?: string): Promise<ReadResp[]> {
      const metadata = new Metadata();
      if (user !== undefined) metadata.set('authorization', `Basic ${Buffer.from(user).toString('base64')}`);
      const responses: ReadResp[] = [];
      for await (const response of streams.read(readAllRequest(), metadata)) responses.push(response as ReadResp);
      return responses;
    }

    it('lets admin read $all; refuses ops with access-denied and a wrong password with UNAUTHENTICATED', async () => {
      await expect(readAllAs('admin:changeit')).resolves.not.toHaveLength(0);

      const denied = readAllAs('ops:changeit');
      await expect(denied).rejects.toMatchObject({ code: GrpcStatus.PERMISSION_DENIED } satisfies Partial<ServiceError>);
      await expect(denied.catch((error: ServiceError) => error.metadata.get('exception'))).resolves.toEqual(['access-denied']);
      await expect(readAllAs('admin:wrong')).rejects.toMatchObject({ code: GrpcStatus.UNAUTHENTICATED });
      await expect(readAllAs()).rejects.toMatchObject({ code: GrpcStatus.PERMISSION_DENIED });
    });
  });
});

/**
 * The EventStoreDB emulator, proven with the real `@eventstore/db-client@6.2.1` over real gRPC
 * (and, for what that client cannot ask, with the client package's own generated stubs).
 * Every test gets a fresh emulator and client.
 */
import { randomUUID } from 'node:crypto';

import {
  AccessDeniedError,
  type AppendResult,
  BACKWARDS,
  binaryEvent,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  jsonEvent,
  MaxAppendSizeExceededError,
  NotLeaderError,
  type Position,
  type ResolvedEvent,
  StreamDeletedError,
  streamNameFilter,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { credentials, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';

import { type EsdbEmulator, type EsdbEmulatorOptions, startEsdbEmulator } from './index';

/** Longest wait for an event that should arrive; the emulator answers in milliseconds. */
const WAIT_MS = 5_000;
/** The emulator's clock: `created` is exactly this. */
const NOW = Date.parse('2026-01-02T03:04:05.678Z');
const ONE_MIB = 1024 * 1024;

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

const event = (type = 'TokenIssued', data: Record<string, unknown> = {}, id = randomUUID()) =>
  jsonEvent({ id, type, data, metadata: { actor: 'client:test' } });

async function collect(reader: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> {
  const events: ResolvedEvent[] = [];
  for await (const resolved of reader) events.push(resolved);
  return events;
}

const revisions = (events: ResolvedEvent[]) => events.map((resolved) => resolved.event!.revision);
const positionOf = (resolved: ResolvedEvent): Position => resolved.event!.position!;
const before = (a: Position, b: Position) => a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

/** Everything a subscription emits, and a bounded wait for a condition on it. */
class Recorder {
  readonly events: ResolvedEvent[] = [];
  readonly checkpoints: Position[] = [];
  readonly caughtUpAt: number[] = [];
  confirmations = 0;
  ended = false;
  error: unknown;
  private readonly waiters = new Set<() => void>();

  constructor(subscription: NodeJS.EventEmitter) {
    subscription
      .on('data', (resolved: ResolvedEvent) => this.record(() => this.events.push(resolved)))
      .on('confirmation', () => this.record(() => (this.confirmations += 1)))
      .on('caughtUp', () => this.record(() => this.caughtUpAt.push(this.events.length)))
      .on('end', () => this.record(() => (this.ended = true)))
      .on('error', (error: unknown) => this.record(() => (this.error = error)));
  }

  /** For `filter.checkpointReached`: create the filter with it before subscribing. */
  readonly checkpointReached = (_subscription: unknown, position: Position) =>
    this.record(() => this.checkpoints.push(position));

  types(): string[] {
    return this.events.map((resolved) => resolved.event!.type);
  }

  /** Resolves once `condition` holds; rejects on timeout, or on a subscription error it did not wait for. */
  until(condition: (recorder: this) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        outcome();
      };
      const check = () => {
        if (condition(this)) settle(resolve);
        else if (this.error !== undefined) settle(() => reject(this.error));
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}; got ${JSON.stringify(this.types())}`))),
        WAIT_MS,
      );
      this.waiters.add(check);
      check();
    });
  }

  private record(change: () => unknown): void {
    change();
    for (const check of [...this.waiters]) check();
  }
}

describe.each([
  ['BatchAppend', true],
  ['Append', false],
] as const)('appendToStream through %s', (path, batchAppend) => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;
  beforeEach(async () => {
    ({ emulator, client } = await open({ batchAppend }));
  });

  it('honours every expected-revision kind and answers positions that grow but are not contiguous', async () => {
    const first = await client.appendToStream('tokenFamily-1', [event(), event()], { expectedRevision: 'no_stream' });
    const second = await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 1n });
    const third = await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'stream_exists' });
    const fourth = await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'any' });

    expect([first, second, third, fourth].map((result) => result.nextExpectedRevision)).toEqual([1n, 2n, 3n, 4n]);
    const positions = [first, second, third, fourth].map((result) => result.position!);
    for (const [index, position] of positions.entries()) {
      expect(position.commit).toBe(position.prepare);
      if (index > 0) expect(position.commit - positions[index - 1].commit).toBeGreaterThan(1n);
    }
    expect(emulator.callCount(path)).toBe(4);
    expect(emulator.callCount(path === 'Append' ? 'BatchAppend' : 'Append')).toBe(0);
  });

  it('refuses a wrong expected revision with WrongExpectedVersionError', async () => {
    await client.appendToStream('tokenFamily-1', [event(), event()]);

    const behind = client.appendToStream('tokenFamily-1', event(), { expectedRevision: 0n });
    await expect(behind).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(behind).rejects.toMatchObject({ streamName: 'tokenFamily-1', expectedVersion: 0n, actualVersion: 1n });
    await expect(client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      expectedVersion: 'no_stream',
      actualVersion: 1n,
    });
    await expect(client.appendToStream('tokenFamily-2', event(), { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      streamName: 'tokenFamily-2',
      expectedVersion: 'stream_exists',
      actualVersion: 'no_stream',
    });
    await expect(client.appendToStream('tokenFamily-2', event(), { expectedRevision: 3n })).rejects.toMatchObject({
      expectedVersion: 3n,
      actualVersion: 'no_stream',
    });
  });

  it('answers a retried append with the same event ids as the original, writing nothing twice', async () => {
    const batch = [event('TokenIssued'), event('TokenRefreshed')];
    const original = await client.appendToStream('tokenFamily-1', batch, { expectedRevision: 'no_stream' });
    const retried = await client.appendToStream('tokenFamily-1', batch, { expectedRevision: 'no_stream' });
    const next = event('TokenRevoked');
    const third = await client.appendToStream('tokenFamily-1', next, { expectedRevision: 1n });
    const thirdAgain = await client.appendToStream('tokenFamily-1', next, { expectedRevision: 1n });

    expect(retried).toEqual(original);
    expect(thirdAgain).toEqual(third);
    expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([0n, 1n, 2n]);
    // Same first id, another second: not a retry.
    await expect(
      client.appendToStream('tokenFamily-1', [batch[0], event()], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
  });

  it('refuses an append over 1 MiB with MaxAppendSizeExceededError and writes none of it', async () => {
    const big = event('TokenIssued', { padding: 'x'.repeat(ONE_MIB) });

    const refused = client.appendToStream('tokenFamily-1', [event(), big]);
    await expect(refused).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
    await expect(refused).rejects.toMatchObject({ maxAppendSize: ONE_MIB });
    await expect(collect(client.readStream('tokenFamily-1'))).rejects.toBeInstanceOf(StreamNotFoundError);
    expect((await client.appendToStream('tokenFamily-1', event())).nextExpectedRevision).toBe(0n);
  });

  it.each(['UNAVAILABLE', 'NOT_LEADER'] as const)(
    'fails the next append with %s; the client reconnects and the next append works',
    async (kind) => {
      await client.appendToStream('tokenFamily-1', event());

      emulator.failNextCall(kind);
      await expect(client.appendToStream('tokenFamily-1', event())).rejects.toBeInstanceOf(
        kind === 'UNAVAILABLE' ? UnavailableError : NotLeaderError,
      );
      await client.appendToStream('tokenFamily-1', event(), { expectedRevision: 0n });

      expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([0n, 1n]);
      expect(emulator.callCount(path)).toBe(3);
    },
  );

  it('refuses appends to a tombstoned stream with StreamDeletedError', async () => {
    await client.appendToStream('tokenFamily-1', event());
    await client.tombstoneStream('tokenFamily-1');

    const refused = client.appendToStream('tokenFamily-1', event());
    await expect(refused).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(refused).rejects.toMatchObject({ streamName: 'tokenFamily-1' });
  });
});

describe('BatchAppend chunks', () => {
  it('commits an append sent in several chunks at once, with the final chunk', async () => {
    const { client } = await open();
    const events = Array.from({ length: 10 }, (_, n) => event('TokenRefreshed', { n, padding: 'x'.repeat(100) }));

    const result = await client.appendToStream('tokenFamily-1', events, { batchAppendSize: 300 });

    expect(result.nextExpectedRevision).toBe(9n);
    expect((await collect(client.readStream('tokenFamily-1'))).map((resolved) => resolved.event!.id)).toEqual(
      events.map((proposed) => proposed.id),
    );
  });

  it('refuses an append whose chunks add up to more than the maximum size', async () => {
    const { client } = await open({ maxAppendSize: 2_000 });
    const events = Array.from({ length: 10 }, () => event('TokenRefreshed', { padding: 'x'.repeat(300) }));

    await expect(client.appendToStream('tokenFamily-1', events, { batchAppendSize: 1_000 })).rejects.toMatchObject({
      type: 'maximum-append-size-exceeded',
      maxAppendSize: 2_000,
    });
    await expect(collect(client.readStream('tokenFamily-1'))).rejects.toBeInstanceOf(StreamNotFoundError);
  });
});

describe('readStream', () => {
  it('reads forwards and backwards, from the start, the end or a revision, up to maxCount', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [0, 1, 2, 3, 4].map((n) => event('TokenRefreshed', { n })));

    expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(revisions(await collect(client.readStream('tokenFamily-1', { fromRevision: 2n, maxCount: 2 })))).toEqual([2n, 3n]);
    expect(
      revisions(await collect(client.readStream('tokenFamily-1', { direction: BACKWARDS, fromRevision: END, maxCount: 2 }))),
    ).toEqual([4n, 3n]);
    expect(revisions(await collect(client.readStream('tokenFamily-1', { direction: BACKWARDS, fromRevision: 1n })))).toEqual([
      1n,
      0n,
    ]);
    expect(await collect(client.readStream('tokenFamily-1', { fromRevision: 9n }))).toEqual([]);
  });

  it('returns every field as written: id, type, JSON or binary data, metadata, created', async () => {
    const { client } = await open();
    const id = randomUUID();
    await client.appendToStream('tokenFamily-1', [
      jsonEvent({ id, type: 'TokenIssued', data: { familyId: 'f1' }, metadata: { actor: 'client:web' } }),
      binaryEvent({ type: 'Blob', data: Uint8Array.from([1, 2, 3]) }),
    ]);

    const [json, binary] = await collect(client.readStream('tokenFamily-1'));
    expect(json.event).toMatchObject({
      streamId: 'tokenFamily-1',
      id,
      revision: 0n,
      type: 'TokenIssued',
      isJson: true,
      data: { familyId: 'f1' },
      metadata: { actor: 'client:web' },
      created: new Date(NOW),
    });
    expect(binary.event).toMatchObject({ type: 'Blob', isJson: false, metadata: undefined });
    expect(Array.from(binary.event!.data as Uint8Array)).toEqual([1, 2, 3]);
  });

  it('rejects a stream that was never written with StreamNotFoundError', async () => {
    const { client } = await open();
    const missing = collect(client.readStream('tokenFamily-none'));
    await expect(missing).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(missing).rejects.toMatchObject({ streamName: 'tokenFamily-none' });
  });
});

describe('readAll', () => {
  it('starts with the system events and orders by position', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [event(), event()]);

    const all = await collect(client.readAll());
    expect(all.map((resolved) => resolved.event!.streamId)).toEqual(['$settings', '$user-admin', '$users', 'tokenFamily-1', 'tokenFamily-1']);
    for (let index = 1; index < all.length; index += 1) {
      expect(before(positionOf(all[index - 1]), positionOf(all[index]))).toBe(true);
      expect(positionOf(all[index]).commit - positionOf(all[index - 1]).commit).toBeGreaterThan(1n);
    }
  });

  it('reads forwards from a position including it, backwards from a position excluding it', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [0, 1, 2, 3].map((n) => event('TokenRefreshed', { n })));
    const ours = (await collect(client.readAll())).filter((resolved) => resolved.event!.streamId === 'tokenFamily-1');
    const middle = positionOf(ours[2]);

    const forwards = await collect(client.readAll({ fromPosition: middle, maxCount: 2 }));
    const backwards = await collect(client.readAll({ fromPosition: middle, direction: BACKWARDS, maxCount: 2 }));
    const fromEnd = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));

    expect(revisions(forwards)).toEqual([2n, 3n]);
    expect(revisions(backwards)).toEqual([1n, 0n]);
    expect(revisions(fromEnd)).toEqual([3n]);
    expect(await collect(client.readAll({ fromPosition: END }))).toEqual([]);
  });
});

describe('subscribeToAll', () => {
  it('confirms, catches up from the start with a prefix filter, reports caught up once, then delivers live', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', event('TokenIssued'));
    await client.appendToStream('other-1', event('Other'));
    await client.appendToStream('tokenFamily-2', event('TokenIssued'));

    const recorder = new Recorder(client.subscribeToAll({ filter: streamNameFilter({ prefixes: ['tokenFamily-'] }) }));
    await recorder.until((r) => r.caughtUpAt.length === 1, 'caught up');
    await client.appendToStream('tokenFamily-1', event('TokenRefreshed'));
    await recorder.until((r) => r.events.length === 3, 'the live event');

    expect(recorder.confirmations).toBe(1);
    expect(recorder.caughtUpAt).toEqual([2]);
    expect(recorder.events.map((resolved) => `${resolved.event!.streamId}:${resolved.event!.type}`)).toEqual([
      'tokenFamily-1:TokenIssued',
      'tokenFamily-2:TokenIssued',
      'tokenFamily-1:TokenRefreshed',
    ]);
  });

  it('starts after the given position (exclusive), filtering on event type prefixes', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [0, 1, 2, 3].map((n) => event('TokenRefreshed', { n })));
    const ours = await collect(client.readStream('tokenFamily-1'));

    const recorder = new Recorder(
      client.subscribeToAll({ fromPosition: positionOf(ours[1]), filter: eventTypeFilter({ prefixes: ['Token'] }) }),
    );
    await recorder.until((r) => r.caughtUpAt.length === 1, 'caught up');

    expect(revisions(recorder.events)).toEqual([2n, 3n]);
  });

  it('sends filtered checkpoints during the catch-up, at its end, and live even when nothing matches', async () => {
    const { client } = await open();
    for (let n = 0; n < 6; n += 1) {
      await client.appendToStream('tokenFamily-1', event('TokenRefreshed', { n }));
      await client.appendToStream('other-1', event('Other', { n }));
    }
    const [last] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));

    // Every 4 records considered (checkpointInterval 1 × maxSearchWindow 4).
    const recorder: Recorder = new Recorder(
      client.subscribeToAll({
        filter: streamNameFilter({
          prefixes: ['tokenFamily-'],
          maxSearchWindow: 4,
          checkpointInterval: 1,
          checkpointReached: (subscription, position) => recorder.checkpointReached(subscription, position),
        }),
      }),
    );
    await recorder.until((r) => r.caughtUpAt.length === 1, 'caught up');

    expect(recorder.events).toHaveLength(6);
    expect(recorder.checkpoints.length).toBeGreaterThanOrEqual(3);
    for (let index = 1; index < recorder.checkpoints.length; index += 1) {
      expect(before(recorder.checkpoints[index - 1], recorder.checkpoints[index])).toBe(true);
    }
    expect(recorder.checkpoints.at(-1)).toEqual(positionOf(last));

    const others: AppendResult[] = [];
    for (let n = 0; n < 4; n += 1) others.push(await client.appendToStream('other-2', event('Other')));
    await recorder.until(
      (r) => r.checkpoints.some((position) => position.commit === others[3].position!.commit),
      'a live checkpoint after 4 unmatched events',
    );
    expect(recorder.events).toHaveLength(6);
  });

  it('does not send caught_up when it emulates a server older than 23.10', async () => {
    const { client } = await open({ serverVersion: '22.10.1' });
    await client.appendToStream('tokenFamily-1', event());

    const recorder = new Recorder(client.subscribeToAll({ filter: streamNameFilter({ prefixes: ['tokenFamily-'] }) }));
    await recorder.until((r) => r.events.length === 1, 'the catch-up event');
    await client.appendToStream('tokenFamily-1', event());
    await recorder.until((r) => r.events.length === 2, 'the live event');

    expect(recorder.caughtUpAt).toEqual([]);
  });

  it('delivers the system events of a soft delete and a tombstone, which a stream prefix filter partly lets through', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', event());
    await client.appendToStream('tokenFamily-2', event());
    const everything = new Recorder(client.subscribeToAll({ fromPosition: END }));
    const prefixed = new Recorder(client.subscribeToAll({ fromPosition: END, filter: streamNameFilter({ prefixes: ['tokenFamily-'] }) }));
    await everything.until((r) => r.caughtUpAt.length === 1, 'caught up');
    await prefixed.until((r) => r.caughtUpAt.length === 1, 'caught up');

    await client.deleteStream('tokenFamily-1');
    await client.tombstoneStream('tokenFamily-2');
    await everything.until((r) => r.events.length === 2, 'two system events');
    await prefixed.until((r) => r.events.length === 1, 'the tombstone');

    expect(everything.events.map((resolved) => `${resolved.event!.streamId}:${resolved.event!.type}`)).toEqual([
      '$$tokenFamily-1:$metadata',
      'tokenFamily-2:$streamDeleted',
    ]);
    expect(prefixed.events[0].event).toMatchObject({
      streamId: 'tokenFamily-2',
      type: '$streamDeleted',
      revision: 9_223_372_036_854_775_807n,
    });
  });

  it('slows live delivery with setLiveDelay', async () => {
    const { emulator, client } = await open();
    const recorder = new Recorder(client.subscribeToAll({ fromPosition: END }));
    await recorder.until((r) => r.caughtUpAt.length === 1, 'caught up');

    emulator.setLiveDelay(300);
    const appendedAt = Date.now();
    await client.appendToStream('tokenFamily-1', event());
    await recorder.until((r) => r.events.length === 1, 'the delayed event');

    expect(Date.now() - appendedAt).toBeGreaterThanOrEqual(250);
  });
});

describe('subscribeToStream', () => {
  it('catches up after the given revision (exclusive), then delivers live', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [event(), event(), event()]);

    const recorder = new Recorder(client.subscribeToStream('tokenFamily-1', { fromRevision: 0n }));
    await recorder.until((r) => r.caughtUpAt.length === 1, 'caught up');
    await client.appendToStream('tokenFamily-2', event());
    await client.appendToStream('tokenFamily-1', event());
    await recorder.until((r) => r.events.length === 3, 'the live event');

    expect(revisions(recorder.events)).toEqual([1n, 2n, 3n]);
  });

  it('ends with StreamDeletedError on a tombstoned stream', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', event());
    await client.tombstoneStream('tokenFamily-1');

    const recorder = new Recorder(client.subscribeToStream('tokenFamily-1'));
    await recorder.until((r) => r.error !== undefined, 'the error');

    expect(recorder.confirmations).toBe(1);
    expect(recorder.error).toBeInstanceOf(StreamDeletedError);
  });
});

describe('deleteStream and tombstoneStream', () => {
  it('soft-deletes: reads find no stream, and the next append recreates it from the next revision', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [event(), event(), event()]);

    const deleted = await client.deleteStream('tokenFamily-1', { expectedRevision: 2n });
    expect(deleted.position).toBeDefined();
    await expect(collect(client.readStream('tokenFamily-1'))).rejects.toBeInstanceOf(StreamNotFoundError);

    expect((await client.appendToStream('tokenFamily-1', event())).nextExpectedRevision).toBe(3n);
    expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([3n]);
  });

  it('refuses to delete a never-written stream, even with any, and a wrong expected revision', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [event(), event(), event()]);

    const never = client.deleteStream('tokenFamily-none');
    await expect(never).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(never).rejects.toMatchObject({ streamName: 'tokenFamily-none', expectedVersion: -2n, actualVersion: -1n });
    await expect(client.deleteStream('tokenFamily-1', { expectedRevision: 5n })).rejects.toMatchObject({
      type: 'wrong-expected-version',
      expectedVersion: 5n,
      actualVersion: 2n,
    });
  });

  it('tombstones: reads and deletes then answer StreamDeletedError with the stream name', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', event());
    expect((await client.tombstoneStream('tokenFamily-1', { expectedRevision: 0n })).position).toBeDefined();

    const read = collect(client.readStream('tokenFamily-1'));
    await expect(read).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(read).rejects.toMatchObject({ streamName: 'tokenFamily-1' });
    await expect(client.deleteStream('tokenFamily-1')).rejects.toBeInstanceOf(StreamDeletedError);
  });
});

describe('stream metadata', () => {
  it('$tb hides the events before it from stream reads only: the read is empty, not StreamNotFound, and $all keeps them', async () => {
    const { client } = await open();
    await client.appendToStream('tokenFamily-1', [event(), event(), event()]);

    await client.setStreamMetadata('tokenFamily-1', { truncateBefore: 2 });
    expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([2n]);
    await client.setStreamMetadata('tokenFamily-1', { truncateBefore: 3 });

    expect(await collect(client.readStream('tokenFamily-1'))).toEqual([]);
    expect(await collect(client.readStream('tokenFamily-1', { direction: BACKWARDS, fromRevision: END, maxCount: 1 }))).toEqual([]);
    const all = (await collect(client.readAll())).filter((resolved) => resolved.event?.streamId === 'tokenFamily-1');
    expect(revisions(all)).toEqual([0n, 1n, 2n]);
    await expect(client.appendToStream('tokenFamily-1', event(), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect((await client.getStreamMetadata('tokenFamily-1')).metadata).toEqual({ truncateBefore: 3 });
  });

  it('$maxAge hides events older than it from stream reads; the latest metadata replaces the earlier', async () => {
    let now = NOW;
    const { client } = await open({ clock: () => now });
    await client.appendToStream('tokenFamily-1', event());
    now += 10_000;
    await client.appendToStream('tokenFamily-1', event());

    await client.setStreamMetadata('tokenFamily-1', { maxAge: 5 });
    expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([1n]);
    now += 10_000;
    expect(await collect(client.readStream('tokenFamily-1'))).toEqual([]);

    await client.setStreamMetadata('tokenFamily-1', { maxCount: 1 });
    expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([1n]);
  });
});

describe('fault injection', () => {
  it('fails only the targeted method, as many times as asked', async () => {
    const { emulator, client } = await open();
    await client.appendToStream('tokenFamily-1', event());

    emulator.failNextCall('UNAVAILABLE', { method: 'Read', times: 2 });
    await client.appendToStream('tokenFamily-1', event());
    await expect(collect(client.readStream('tokenFamily-1'))).rejects.toBeInstanceOf(UnavailableError);
    await expect(collect(client.readStream('tokenFamily-1'))).rejects.toBeInstanceOf(UnavailableError);

    expect(revisions(await collect(client.readStream('tokenFamily-1')))).toEqual([0n, 1n]);
    emulator.failNextCall('ACCESS_DENIED', { method: 'Tombstone' });
    await expect(client.tombstoneStream('tokenFamily-1')).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('answers not-leader with the leader endpoint; the client follows it and the next call works', async () => {
    const { emulator, client } = await open();
    await client.appendToStream('tokenFamily-1', event());

    emulator.failNextCall('NOT_LEADER', { method: 'Delete' });
    const refused = client.deleteStream('tokenFamily-1');
    await expect(refused).rejects.toBeInstanceOf(NotLeaderError);
    await expect(refused).rejects.toMatchObject({ leader: { address: '127.0.0.1', port: emulator.port } });

    await expect(client.deleteStream('tokenFamily-1')).resolves.toHaveProperty('position');
  });

  it('drops every subscription with an error the client reports; a resubscription resumes after the last event', async () => {
    const { emulator, client } = await open();
    const filter = () => streamNameFilter({ prefixes: ['tokenFamily-'] });
    await client.appendToStream('tokenFamily-1', event());
    const first = new Recorder(client.subscribeToAll({ filter: filter() }));
    await first.until((r) => r.caughtUpAt.length === 1, 'caught up');

    expect(emulator.dropAllSubscriptions()).toBe(1);
    await first.until((r) => r.error !== undefined, 'the drop');
    expect(first.error).toBeInstanceOf(UnavailableError);
    expect(emulator.subscriptionCount).toBe(0);

    await client.appendToStream('tokenFamily-1', event());
    const resumed = new Recorder(client.subscribeToAll({ fromPosition: positionOf(first.events[0]), filter: filter() }));
    await resumed.until((r) => r.events.length === 1, 'the event written while dropped');
    expect(revisions(resumed.events)).toEqual([1n]);
  });

  it('reports an ABORTED drop as TimeoutError', async () => {
    const { emulator, client } = await open();
    const recorder = new Recorder(client.subscribeToAll({ fromPosition: END }));
    await recorder.until((r) => r.caughtUpAt.length === 1, 'caught up');

    emulator.dropAllSubscriptions('ABORTED');
    await recorder.until((r) => r.error !== undefined, 'the drop');
    expect(recorder.error).toBeInstanceOf(TimeoutError);
  });

  it('can also end subscriptions without an error', async () => {
    const { emulator, client } = await open();
    const recorder = new Recorder(client.subscribeToAll({ fromPosition: END }));
    await recorder.until((r) => r.caughtUpAt.length === 1, 'caught up');

    emulator.dropAllSubscriptions('END');
    await recorder.until((r) => r.ended, 'the end');
    expect(recorder.error).toBeUndefined();
  });
});

describe('on the wire (the client package stubs)', () => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;
  let streams: StreamsClient;
  beforeEach(async () => {
    ({ emulator, client } = await open());
    streams = new StreamsClient(`127.0.0.1:${emulator.port}`, credentials.createInsecure());
  });
  afterEach(() => streams.close());

  const readAllRequest = (configure: (filter: ReadReq.Options.FilterOptions) => void, structured: boolean) => {
    const filter = new ReadReq.Options.FilterOptions().setCount(new Empty()).setCheckpointintervalmultiplier(1);
    configure(filter);
    const uuidOption = new ReadReq.Options.UUIDOption();
    if (structured) uuidOption.setStructured(new Empty());
    else uuidOption.setString(new Empty());
    return new ReadReq().setOptions(
      new ReadReq.Options()
        .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
        .setReadDirection(ReadReq.Options.ReadDirection.FORWARDS)
        .setCount('100')
        .setFilter(filter)
        .setUuidOption(uuidOption),
    );
  };

  async function readRaw(request: ReadReq): Promise<ReadResp[]> {
    const responses: ReadResp[] = [];
    for await (const response of streams.read(request)) responses.push(response as ReadResp);
    return responses;
  }

  it('advertises BatchAppend and the server version, as real servers do', async () => {
    const features = new ServerFeaturesClient(`127.0.0.1:${emulator.port}`, credentials.createInsecure());
    const supported = await new Promise<{ version: string; methods: string[] }>((resolve, reject) =>
      features.getSupportedMethods(new Empty(), (error, answer) =>
        error
          ? reject(error)
          : resolve({
              version: answer.getEventStoreServerVersion(),
              methods: answer.getMethodsList().map((method) => `${method.getServiceName()}/${method.getMethodName()}`),
            }),
      ),
    );
    features.close();

    expect(supported.version).toBe('24.10.0');
    expect(supported.methods).toContain('event_store.client.streams.streams/batchappend');
  });

  it('filters reads by event type prefix, with structured UUIDs, every oneof and metadata set', async () => {
    const id = randomUUID();
    await client.appendToStream('tokenFamily-1', [event('TokenIssued', {}, id), event('Other')]);

    const responses = await readRaw(readAllRequest((filter) => filter.setEventType(
      new ReadReq.Options.FilterOptions.Expression().setPrefixList(['Token']),
    ), true));

    expect(responses).toHaveLength(1);
    const read = responses[0].getEvent()!;
    expect(read.getPositionCase()).toBe(ReadResp.ReadEvent.PositionCase.COMMIT_POSITION);
    const recorded = read.getEvent()!;
    const hex = id.replace(/-/g, '');
    expect(recorded.getId()!.getStructured()!.toObject()).toEqual({
      mostSignificantBits: BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString(),
      leastSignificantBits: BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString(),
    });
    expect(Object.fromEntries(recorded.getMetadataMap().toArray())).toEqual({
      type: 'TokenIssued',
      'content-type': 'application/json',
      created: (BigInt(NOW) * 10_000n).toString(),
    });
    expect(recorded.getCommitPosition()).toBe(recorded.getPreparePosition());
  });

  it('refuses regex filters with a clear INVALID_ARGUMENT', async () => {
    const refused = readRaw(readAllRequest((filter) => filter.setStreamIdentifier(
      new ReadReq.Options.FilterOptions.Expression().setRegex('^tokenFamily-'),
    ), false));

    await expect(refused).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT } satisfies Partial<ServiceError>);
    await expect(refused).rejects.toThrow(/regex/);
  });
});

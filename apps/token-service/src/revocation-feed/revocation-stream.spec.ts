import type { TokenRevokedData } from '@ledger/domain';
import type { EventStore, GlobalPosition, RecordedEvent, Subscription } from '@ledger/event-sourcing';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { isCollected } from '@ledger/testing';
import { randomUUID } from 'node:crypto';
import { TemporarilyUnavailableError } from '../oauth-errors/oauth-errors';
import { decodeRevocationCursor, encodeRevocationCursor } from './revocation-cursor';
import { REVOCATION_EVENT_TYPES, RevocationStream, type RevocationFeedMessage } from './revocation-stream';

const NOW = Date.UTC(2026, 0, 1);
const clock = { now: () => NOW };
/** Long enough never to fire where a test expects an event; short enough to wait for where it expects a heartbeat. */
const HEARTBEAT_MS = 50;

async function append(store: EventStore, familyId: string, type = 'TokenRevoked'): Promise<GlobalPosition> {
  const data: TokenRevokedData = { familyId, tokenId: `${familyId}.0`, reason: 'admin', requestedBy: 'admin:ops', revokedAt: NOW };
  const result = await store.append(`tokenFamily-${familyId}`, [{ id: randomUUID(), type, data, metadata: {} }], { expectedRevision: 'any' });
  return result.position;
}

describe('RevocationStream (on the embedded store)', () => {
  let store: SqliteEventStore;
  const ended: RevocationStream[] = [];

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
  });

  afterEach(async () => {
    await store.close();
  });

  function open(from: GlobalPosition | 'start', heartbeatMs = HEARTBEAT_MS): RevocationStream {
    const subscription = store.subscribeToAll({ fromPosition: from, filter: { eventTypePrefixes: ['TokenRevoked'] } });
    return new RevocationStream(subscription, from, heartbeatMs, clock, (stream) => ended.push(stream));
  }

  async function next(stream: RevocationStream): Promise<RevocationFeedMessage> {
    const result = await stream.next();
    if (result.done) throw new Error('the stream ended');
    return result.value;
  }

  it('delivers the TokenRevoked events after its start (exclusive), each with the cursor of its position', async () => {
    const before = await append(store, 'before');
    const stream = open(before);
    const position = await append(store, 'fam1');
    expect(await next(stream)).toEqual({
      revocation: { familyId: 'fam1', tokenId: 'fam1.0', reason: 'admin', revokedAt: new Date(NOW).toISOString(), cursor: encodeRevocationCursor(position) },
    });
    await stream.return();
  });

  it('delivers AccessTokenRevoked as an access-token revocation: the jti and its expiry, not the family', async () => {
    const stream = new RevocationStream(
      store.subscribeToAll({ fromPosition: 'start', filter: { eventTypePrefixes: REVOCATION_EVENT_TYPES } }),
      'start',
      10_000,
      clock,
      (s) => ended.push(s),
    );
    const exp = Math.floor(NOW / 1000) + 3600;
    const data = { familyId: 'fam3', jti: 'fam3.x', exp, reason: 'client_request', requestedBy: 'client:c', revokedAt: NOW, revokedAccessTokens: [], progress: {} };
    const { position } = await store.append('tokenFamily-fam3', [{ id: randomUUID(), type: 'AccessTokenRevoked', data, metadata: {} }], { expectedRevision: 'any' });
    expect(await next(stream)).toEqual({
      accessTokenRevocation: {
        familyId: 'fam3',
        jti: 'fam3.x',
        expiresAt: new Date(exp * 1000).toISOString(),
        reason: 'client_request',
        revokedAt: new Date(NOW).toISOString(),
        cursor: encodeRevocationCursor(position),
      },
    });
    await stream.return();
  });

  it('skips other event types that share the filter prefix', async () => {
    const stream = open('start', 10_000);
    await append(store, 'other', 'TokenRevokedLater');
    const position = await append(store, 'fam2');
    expect(await next(stream)).toMatchObject({ revocation: { familyId: 'fam2', cursor: encodeRevocationCursor(position) } });
    await stream.return();
  });

  it('sends a heartbeat when idle, carrying the start, then the last revocation sent, as its cursor', async () => {
    const stream = open('start');
    expect(await next(stream)).toEqual({ heartbeat: { cursor: encodeRevocationCursor('start'), at: new Date(NOW).toISOString() } });
    const position = await append(store, 'fam3');
    expect(await next(stream)).toMatchObject({ revocation: { familyId: 'fam3' } });
    const beat = await next(stream);
    expect(beat).toMatchObject({ heartbeat: { cursor: encodeRevocationCursor(position) } });
    expect(decodeRevocationCursor((beat as { heartbeat: { cursor: string } }).heartbeat.cursor)).toEqual(position);
    await stream.return();
  });

  it('ends at once on return(), even while a read is waiting, and reports its end once', async () => {
    const stream = open('start', 60_000);
    const pending = stream.next();
    await stream.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(ended.filter((s) => s === stream)).toHaveLength(1);
  });

  it('fails a waiting read with the abort error (UNAVAILABLE on shutdown)', async () => {
    const stream = open('start', 60_000);
    const pending = stream.next();
    const shutdown = new TemporarilyUnavailableError('shutting down', 'shutting_down');
    await stream.abort(shutdown);
    await expect(pending).rejects.toBe(shutdown);
  });

  it('fails with temporarily_unavailable when the store ends the subscription', async () => {
    const stream = open('start', 60_000);
    const pending = stream.next();
    await store.close();
    await expect(pending).rejects.toMatchObject({ code: 'temporarily_unavailable', reason: 'feed_ended' });
  });

  it('keeps nothing it delivered reachable while the watcher stays connected, heartbeats included', async () => {
    // A subscription that hands out the events a test gives it, one per read.
    const queue: RecordedEvent[] = [];
    let deliver: (() => void) | undefined;
    const subscription: Subscription = {
      unsubscribe: async () => undefined,
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<RecordedEvent>>((resolve) => {
            deliver = () => resolve({ done: false, value: queue.shift()! });
          }),
      }),
    };
    const stream = new RevocationStream(subscription, 'start', 5, clock, () => undefined);
    const revoked = (familyId: string, commit: bigint): RecordedEvent => ({
      id: randomUUID(),
      streamName: `tokenFamily-${familyId}`,
      revision: 1n,
      position: { commit, prepare: commit },
      type: 'TokenRevoked',
      data: { familyId, reason: 'admin', requestedBy: 'admin:ops', revokedAt: NOW } satisfies TokenRevokedData,
      metadata: {},
      recordedAt: new Date(NOW),
    });
    let event: RecordedEvent | undefined = revoked('fam5', 7n);
    const ref = new WeakRef(event);
    const reading = stream.next();
    queue.push(event);
    event = undefined;
    deliver!();
    expect(await reading).toMatchObject({ value: { revocation: { familyId: 'fam5' } } });
    for (let i = 0; i < 3; i++) expect((await stream.next()).value).toHaveProperty('heartbeat');
    expect(await isCollected(ref)).toBe(true);
    await stream.return();
  });
});

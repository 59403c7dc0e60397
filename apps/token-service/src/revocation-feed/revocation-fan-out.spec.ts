import type { TokenRevokedData } from '@ledger/domain';
import type { GlobalPosition, RecordedEvent, Subscription, SubscribeOptions } from '@ledger/event-sourcing';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { randomUUID } from 'node:crypto';
import { RevocationFanOut } from './revocation-fan-out';
import { REVOCATION_EVENT_TYPES } from './revocation-stream';

const NOW = Date.UTC(2026, 0, 1);
/** Far above what any delivery here takes; a watcher that gets nothing fails the test within it. */
const WAIT_MS = 5_000;

describe('RevocationFanOut (on the embedded store)', () => {
  let store: SqliteEventStore;
  let fanOut: RevocationFanOut;
  /** Store subscriptions opened and unsubscribed, counted at the store. */
  let opened: number;
  let unsubscribed: number;
  /** The store subscriptions, to drop one as a failing store would. */
  let subscriptions: Subscription[];

  function start(maxQueued = 512): void {
    fanOut = new RevocationFanOut(store, { eventTypePrefixes: REVOCATION_EVENT_TYPES, maxQueued, pageSize: 3, retryMs: 5 });
  }

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
    opened = 0;
    unsubscribed = 0;
    subscriptions = [];
    const subscribe = store.subscribeToAll.bind(store);
    jest.spyOn(store, 'subscribeToAll').mockImplementation((options?: SubscribeOptions) => {
      const subscription = subscribe(options);
      subscriptions.push(subscription);
      opened += 1;
      const unsubscribe = subscription.unsubscribe.bind(subscription);
      subscription.unsubscribe = () => {
        unsubscribed += 1;
        return unsubscribe();
      };
      return subscription;
    });
    start();
  });
  afterEach(async () => {
    await fanOut.close();
    await store.close();
  });

  async function revoke(familyId: string): Promise<GlobalPosition> {
    const data: TokenRevokedData = { familyId, tokenId: `${familyId}.0`, reason: 'admin', requestedBy: 'admin:ops', revokedAt: NOW };
    const result = await store.append(`tokenFamily-${familyId}`, [{ id: randomUUID(), type: 'TokenRevoked', data, metadata: {} }], { expectedRevision: 'any' });
    return result.position;
  }

  /** Something else in the log, between revocations. */
  async function issue(familyId: string): Promise<void> {
    await store.append(`tokenFamily-${familyId}`, [{ id: randomUUID(), type: 'TokenIssued', data: { familyId }, metadata: {} }], { expectedRevision: 'any' });
  }

  /** The next `n` events a watcher gets, failing after WAIT_MS. */
  async function take(subscription: Subscription, n: number): Promise<string[]> {
    const events = subscription[Symbol.asyncIterator]();
    const got: RecordedEvent[] = [];
    const deadline = Date.now() + WAIT_MS;
    while (got.length < n) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`got ${got.length} of ${n} events within ${WAIT_MS} ms`)), Math.max(0, deadline - Date.now()));
      });
      const result = await Promise.race([events.next(), timeout]).finally(() => clearTimeout(timer));
      if (result.done) throw new Error(`the watcher ended after ${got.length} of ${n} events`);
      got.push(result.value);
    }
    return got.map((e) => (e.data as TokenRevokedData).familyId);
  }

  /** The log's head, as the handler gives a watcher that starts from now. */
  async function head(): Promise<GlobalPosition | 'start'> {
    const [last] = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    return last ? last.position : 'start';
  }

  it('gives N watchers one store subscription, and each of them every revocation, in order', async () => {
    await issue('before');
    const from = await head();
    const watchers = Array.from({ length: 5 }, () => fanOut.watch(from));
    const received = watchers.map((w) => take(w, 8));
    for (let i = 0; i < 8; i++) {
      await revoke(`f${i}`);
      if (i % 3 === 0) await issue(`other${i}`);
    }
    const expected = Array.from({ length: 8 }, (_, i) => `f${i}`);
    for (const got of await Promise.all(received)) expect(got).toEqual(expected);
    expect(opened).toBe(1);
    expect(fanOut.subscriptionsOpened).toBe(1);
  });

  it('catches a late watcher up from its cursor (with reads), then joins it to the live fan-out without a second subscription', async () => {
    start(2); // keeps 2 recent events: an older cursor must read the log
    const first = fanOut.watch(await head());
    const firstFive = take(first, 5);
    const positions: GlobalPosition[] = [];
    for (let i = 0; i < 5; i++) positions.push(await revoke(`f${i}`));
    // The fan-out is past f4 now and keeps only f3 and f4.
    expect(await firstFive).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    const reads = jest.spyOn(store, 'readAll');
    const late = fanOut.watch(positions[0]); // saw f0, missed f1..f4
    const lateGot = take(late, 5);
    await revoke('f5');
    expect(await take(first, 1)).toEqual(['f5']);
    expect(await lateGot).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(reads).toHaveBeenCalledWith(expect.objectContaining({ fromPosition: positions[0] }));
    // From the very start, through pages of the log (page size 3), with `TokenIssued` between.
    await issue('x');
    const fromStart = fanOut.watch('start');
    const all = take(fromStart, 7);
    await revoke('f6');
    expect(await all).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(opened).toBe(1);
  });

  it('a watcher that stops reading never stalls the others; it reads its backlog from the log later, in order, nothing missed or repeated', async () => {
    start(4);
    const from = await head();
    const slow = fanOut.watch(from);
    const fast = fanOut.watch(from);
    const positions: GlobalPosition[] = [];
    const firstOfBoth = Promise.all([take(slow, 1), take(fast, 1)]);
    positions.push(await revoke('f0'));
    // Both are live now; from here on the slow one reads nothing.
    expect(await firstOfBoth).toEqual([['f0'], ['f0']]);
    const fastGot = take(fast, 19);
    for (let i = 1; i < 20; i++) positions.push(await revoke(`f${i}`));
    const expected = Array.from({ length: 19 }, (_, i) => `f${i + 1}`);
    expect(await fastGot).toEqual(expected);
    const reads = jest.spyOn(store, 'readAll');
    const slowGot = take(slow, 20);
    await revoke('f20');
    expect(await slowGot).toEqual([...expected, 'f20']);
    // Its queue held 4 (f1..f4); then it left the fan-out and read the rest from the log after f4.
    expect(reads).toHaveBeenCalledWith(expect.objectContaining({ fromPosition: positions[4] }));
    expect(reads).not.toHaveBeenCalledWith(expect.objectContaining({ fromPosition: positions[0] }));
    expect(opened).toBe(1);
  });

  it('closes the store subscription when the last watcher leaves, and opens one again for the next', async () => {
    const a = fanOut.watch(await head());
    const b = fanOut.watch(await head());
    const got = take(a, 1);
    await revoke('f0');
    await got;
    await a.unsubscribe();
    expect(unsubscribed).toBe(0);
    await b.unsubscribe();
    expect(unsubscribed).toBe(1);
    expect(fanOut.watchers).toBe(0);

    const c = fanOut.watch(await head());
    const next = take(c, 1);
    await revoke('f1');
    expect(await next).toEqual(['f1']);
    expect(opened).toBe(2);
  });

  it('when the store ends its subscription, the watchers resume from their cursors on a new one, nothing missed or repeated', async () => {
    const watchers = [fanOut.watch(await head()), fanOut.watch(await head())];
    const first = watchers.map((w) => take(w, 2));
    await revoke('f0');
    await revoke('f1');
    expect(await Promise.all(first)).toEqual([['f0', 'f1'], ['f0', 'f1']]);
    // The store drops it (as the embedded store does when closed, or a server when it fails).
    await subscriptions[0].unsubscribe();
    await revoke('f2'); // between the old subscription and the new one
    const rest = watchers.map((w) => take(w, 2));
    await revoke('f3');
    expect(await Promise.all(rest)).toEqual([['f2', 'f3'], ['f2', 'f3']]);
    expect(opened).toBe(2);
  });

  it('ends a waiting read at once when the watcher unsubscribes', async () => {
    const watcher = fanOut.watch(await head());
    const pending = watcher[Symbol.asyncIterator]().next();
    await watcher.unsubscribe();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });
});

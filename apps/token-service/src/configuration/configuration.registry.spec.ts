import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clientStreamName } from '@ledger/domain';
import {
  deterministicUuid,
  EventStoreUnavailableError,
  formatPosition,
  type EventStore,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-sourcing';
import type { LedgerConfig } from '@ledger/config';
import { InMemoryEventStore } from '@ledger/testing';
import { ConfigurationRegistry, type ConfigurationRegistryOptions } from './configuration.registry';
import { RegistrySnapshotFile } from './configuration-snapshot';

const BOUND_MS = 1000;
const CLIENT = 'registry-client';
const T0 = Date.UTC(2026, 0, 1);

/**
 * The in-memory store behind a live subscription the spec controls: `live` delivers as the
 * store does, `stalled` delivers nothing (a subscription lagging without a signal), `fail`
 * throws at its first step (a dropped connection). `readAll` may fail (the store cannot be
 * reached) or never answer, and every call is recorded.
 */
class FakeStore implements EventStore {
  readonly inner = new InMemoryEventStore({ clock: () => new Date(T0) });
  subscriptionMode: 'live' | 'stalled' | 'fail' = 'live';
  readAllFailure: 'unavailable' | 'hang' | null = null;
  readonly readAlls: ReadAllOptions[] = [];
  readonly subscribedFrom: (GlobalPosition | 'start' | undefined)[] = [];
  /** The checkpoint listeners of the subscriptions opened, as an adapter would call them. */
  readonly checkpointListeners: ((position: GlobalPosition) => void)[] = [];
  private readonly stops: (() => void)[] = [];

  append: EventStore['append'] = (...args) => this.inner.append(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.readAlls.push(options);
    if (this.readAllFailure === 'unavailable') throw new EventStoreUnavailableError('the store cannot be reached');
    if (this.readAllFailure === 'hang') return new Promise(() => undefined);
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.subscribedFrom.push(options.fromPosition);
    if (options.onCheckpoint) this.checkpointListeners.push(options.onCheckpoint);
    const mode = this.subscriptionMode;
    if (mode === 'live') return this.inner.subscribeToAll(options);
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    this.stops.push(() => stop());
    return {
      async *[Symbol.asyncIterator]() {
        if (mode === 'fail') throw new EventStoreUnavailableError('the subscription was dropped');
        await stopped;
      },
      unsubscribe: async () => stop(),
    };
  }

  /** Ends the stalled subscriptions as a server that closes them does. */
  endSubscriptions(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

let sequence = 0;
async function appendTo(store: EventStore, streamName: string, type: string, data: unknown): Promise<GlobalPosition> {
  sequence += 1;
  const { position } = await store.append(streamName, [{ id: deterministicUuid(`registry-spec|${sequence}`), type, data, metadata: {} }], { expectedRevision: 'any' });
  return position;
}

const registerClient = (store: EventStore, secretHash = 'sha256:' + 'a'.repeat(64)) =>
  appendTo(store, clientStreamName(CLIENT), 'ClientRegistered', {
    client: {
      clientId: CLIENT,
      clientName: 'Registry client',
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['refresh_token'],
      jwks: null,
      refreshToken: { rotationType: 'ROTATE', leeway: 30 },
      secretHash,
      status: 'ACTIVE',
    },
    registeredAt: T0,
  });
const disableClient = (store: EventStore) => appendTo(store, clientStreamName(CLIENT), 'ClientDisabled', { clientId: CLIENT, disabledAt: T0 });
const enableClient = (store: EventStore) => appendTo(store, clientStreamName(CLIENT), 'ClientEnabled', { clientId: CLIENT, enabledAt: T0 });
/** An event of another category: the registry's filter skips it, but it moves the head. */
const otherEvent = (store: EventStore) => appendTo(store, 'tokenFamily-spec', 'SomethingElse', {});

const config = { issuerBaseUrl: 'http://issuer.test', configMaxStalenessMs: BOUND_MS, registrySnapshotFile: null } as unknown as LedgerConfig;

/** Polls a condition on the event loop's turns, for at most a bounded number of them. */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 1000; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

describe('ConfigurationRegistry', () => {
  let store: FakeStore;
  let now: number;
  const registries: ConfigurationRegistry[] = [];
  const start = async (options: ConfigurationRegistryOptions = {}, bound = BOUND_MS) => {
    const registry = new ConfigurationRegistry(store, { ...config, configMaxStalenessMs: bound }, { now: () => now, checkIntervalMs: 0, snapshot: null, resubscribeDelayMs: () => 0, ...options });
    registries.push(registry);
    await registry.start();
    return registry;
  };

  beforeEach(() => {
    store = new FakeStore();
    now = 0;
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((r) => r.onApplicationShutdown()));
    await store.close();
  });

  describe('the freshness bound', () => {
    it('is fresh after a check; past the bound it checks first, and then sees what its subscription has not delivered', async () => {
      await registerClient(store);
      store.subscriptionMode = 'stalled';
      const registry = await start();
      expect(registry.untilFresh()).toBeUndefined();

      await disableClient(store);
      now = BOUND_MS;
      // Within the bound the registry may lag (that is the bound), with no wait.
      expect(registry.untilFresh()).toBeUndefined();
      expect(registry.getClient(CLIENT)?.status).toBe('ACTIVE');

      now = BOUND_MS + 1;
      const stale = registry.untilFresh();
      expect(stale).toBeInstanceOf(Promise);
      await stale;
      expect(registry.getClient(CLIENT)?.status).toBe('INACTIVE');
      expect(registry.untilFresh()).toBeUndefined();
      expect(registry.lag()).toMatchObject({ verifiedAgoMs: 0, maxStalenessMs: BOUND_MS, lastCheckError: null });
    });

    it('answers EventStoreUnavailableError when stale and the store cannot be reached, and says why in its lag', async () => {
      await registerClient(store);
      const registry = await start();
      store.readAllFailure = 'unavailable';
      now = BOUND_MS + 1;
      await expect(registry.untilFresh()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(registry.lag()).toMatchObject({ verifiedAgoMs: BOUND_MS + 1, lastCheckError: 'the store cannot be reached' });

      store.readAllFailure = null;
      await registry.untilFresh();
      expect(registry.lag()).toMatchObject({ verifiedAgoMs: 0, lastCheckError: null });
    });

    it('does not wait longer than the bound for a store that does not answer', async () => {
      // The wait itself is bounded by a timer, so this spec runs on the real clock, shifted past the bound.
      const bound = 50;
      let shift = 0;
      const registry = await start({ now: () => performance.now() + shift }, bound);
      store.readAllFailure = 'hang';
      shift = bound + 1;
      const asked = performance.now();
      await expect(registry.untilFresh()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(performance.now() - asked).toBeLessThan(10 * bound);
      // Readiness sees the check still waiting.
      expect(registry.lag()).toMatchObject({ lastCheckError: null, checkRunningForMs: expect.any(Number) });
    });

    it('checks periodically by itself', async () => {
      await registerClient(store);
      store.subscriptionMode = 'stalled';
      const registry = await start({ checkIntervalMs: 1 });
      await disableClient(store);
      await eventually(() => registry.getClient(CLIENT)?.status === 'INACTIVE', 'a periodic check applied the deactivation');
    });

    it('reads, at each check, only the events after the last verified head (not from its last configuration event)', async () => {
      await registerClient(store);
      store.subscriptionMode = 'stalled';
      const registry = await start();
      for (let i = 0; i < 5; i++) await otherEvent(store);
      const head = await otherEvent(store);
      now = BOUND_MS + 1;
      await registry.untilFresh();
      expect(registry.lag().position).toBe(formatPosition(head));

      await otherEvent(store);
      store.readAlls.length = 0;
      now = 2 * (BOUND_MS + 1);
      await registry.untilFresh();
      // One read of the head, one filtered read from the head verified before.
      expect(store.readAlls).toEqual([
        { direction: 'backwards', fromPosition: 'end', maxCount: 1 },
        expect.objectContaining({ fromPosition: head, filter: { streamNamePrefixes: ['authorizationServer-', 'client-', 'trustedOrigins-'] } }),
      ]);
    });
  });

  describe("each client's status where a family began", () => {
    it('answers the status in force at a position, and not_yet_read past what it has read until reach() catches up', async () => {
      const registered = await registerClient(store);
      const whileActive = await otherEvent(store);
      await disableClient(store);
      const whileInactive = await otherEvent(store);
      await enableClient(store);
      store.subscriptionMode = 'stalled';
      const registry = await start();
      expect(registry.clientStatusAt(CLIENT, whileActive)).toBe('ACTIVE');
      expect(registry.clientStatusAt(CLIENT, whileInactive)).toBe('INACTIVE');
      expect(registry.clientStatusAt(CLIENT, registered)).toBe('unregistered');
      expect(registry.clientStatusAt('another-client', whileActive)).toBe('unregistered');

      await disableClient(store);
      const issuedJustNow = await otherEvent(store);
      expect(registry.clientStatusAt(CLIENT, issuedJustNow)).toBe('not_yet_read');
      await registry.reach(issuedJustNow);
      expect(registry.clientStatusAt(CLIENT, issuedJustNow)).toBe('INACTIVE');
    });

    it('waitFor() is settled by a check even when the subscription stalls', async () => {
      store.subscriptionMode = 'stalled';
      const registry = await start();
      const written = await registerClient(store);
      await registry.waitFor(written);
      expect(registry.getClient(CLIENT)?.status).toBe('ACTIVE');
    });
  });

  describe('following the log', () => {
    it('resubscribes from its position after the subscription failed, instead of stopping', async () => {
      await registerClient(store);
      store.subscriptionMode = 'fail';
      const registry = await start();
      await eventually(() => store.subscribedFrom.length >= 2, 'a second subscription');
      store.subscriptionMode = 'live';
      const failed = store.subscribedFrom.length;
      await eventually(() => store.subscribedFrom.length > failed, 'a live subscription');
      await disableClient(store);
      // No check runs (checkIntervalMs 0, the bound not passed): the new subscription delivers it.
      await eventually(() => registry.getClient(CLIENT)?.status === 'INACTIVE', 'the resubscribed feed applied the deactivation');
      expect(store.subscribedFrom.slice(1).every((from) => from !== 'start')).toBe(true);
    });

    it("moves to the subscription's checkpoints: a check whose head is passed reads nothing more, and a resubscription starts there", async () => {
      await registerClient(store);
      store.subscriptionMode = 'stalled';
      const registry = await start();
      for (let i = 0; i < 5; i++) await otherEvent(store);
      const head = await otherEvent(store);
      // The adapter says the subscription passed the head (nothing of the filter's up to there).
      store.checkpointListeners.at(-1)!(head);
      expect(registry.lag().position).toBe(formatPosition(head));

      store.readAlls.length = 0;
      now = BOUND_MS + 1;
      await registry.untilFresh();
      expect(store.readAlls).toEqual([{ direction: 'backwards', fromPosition: 'end', maxCount: 1 }]);

      store.endSubscriptions();
      await eventually(() => store.subscribedFrom.length === 2, 'a resubscription');
      expect(store.subscribedFrom[1]).toEqual(head);
    });

    it('keeps following when a listener throws', async () => {
      const registry = await start();
      registry.onServerChanged(() => {
        throw new Error('a listener bug');
      });
      await appendTo(store, 'authorizationServer-spec', 'AuthorizationServerDeleted', { authorizationServerId: 'spec', deletedAt: T0 });
      await registerClient(store);
      await eventually(() => registry.getClient(CLIENT) !== undefined, 'the event after the failing listener');
    });
  });

  describe('the snapshot', () => {
    let dir: string;
    let file: RegistrySnapshotFile;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-snapshot-'));
      file = new RegistrySnapshotFile(path.join(dir, 'configuration-registry.json'));
    });

    const withHistory = async () => {
      await registerClient(store);
      for (let i = 0; i < 3; i++) await otherEvent(store);
      await disableClient(store);
      await enableClient(store);
      return otherEvent(store);
    };

    it('starts a restarted registry from its snapshot: it reads only the events after it, and knows what the full read knew', async () => {
      const issued = await withHistory();
      const first = await start({ snapshot: file });
      expect(first.lag().boot).toEqual({ fromSnapshot: false, readFrom: 'start', eventsRead: 3 });
      await first.saveSnapshot();
      expect(fs.statSync(file.file).mode & 0o077).toBe(0);
      await disableClient(store);

      const restarted = await start({ snapshot: file });
      expect(restarted.lag().boot).toMatchObject({ fromSnapshot: true, eventsRead: 1 });
      expect(restarted.getClient(CLIENT)).toEqual({ ...first.getClient(CLIENT), status: 'INACTIVE' });
      expect(restarted.clientStatusAt(CLIENT, issued)).toBe('ACTIVE');
    });

    it('reads the whole log when the snapshot is missing, unreadable, folded by another version, or of another log', async () => {
      await withHistory();
      const fullRead = { fromSnapshot: false, readFrom: 'start', eventsRead: 3 };
      expect((await start({ snapshot: file })).lag().boot).toEqual(fullRead);
      await registries[0].saveSnapshot();
      const saved = fs.readFileSync(file.file, 'utf8');

      fs.writeFileSync(file.file, saved.slice(0, saved.length / 2));
      expect((await start({ snapshot: file })).lag().boot).toMatchObject({ ...fullRead, snapshotDiscarded: expect.stringMatching(/^malformed/) });

      fs.writeFileSync(file.file, JSON.stringify({ ...JSON.parse(saved), fingerprint: 'an older fold' }));
      expect((await start({ snapshot: file })).lag().boot).toEqual({ ...fullRead, snapshotDiscarded: 'folded by another version' });

      fs.writeFileSync(file.file, saved);
      const otherLog = store;
      store = new FakeStore();
      await registerClient(store);
      for (let i = 0; i < 10; i++) await otherEvent(store);
      expect((await start({ snapshot: file })).lag().boot).toEqual({ fromSnapshot: false, readFrom: 'start', eventsRead: 1, snapshotDiscarded: 'not a snapshot of this event log' });
      await otherLog.close();
    });

    it('writes only when it moved since the last write', async () => {
      await withHistory();
      const registry = await start({ snapshot: file });
      await registry.saveSnapshot();
      const written = fs.statSync(file.file).mtimeMs;
      fs.utimesSync(file.file, new Date(0), new Date(0));
      await registry.saveSnapshot();
      expect(fs.statSync(file.file).mtimeMs).toBe(0);
      await otherEvent(store);
      now = BOUND_MS + 1;
      await registry.untilFresh();
      await registry.saveSnapshot();
      expect(fs.statSync(file.file).mtimeMs).toBeGreaterThanOrEqual(written);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { AppendResult, EventToAppend } from '@ledger/event-sourcing';
import { takeEvents } from '@ledger/testing';

import { SqliteEventStore, type CommittedBatch, type SqliteEventStoreOptions } from './sqlite-event-store';
import {
  SQL,
  readAllSql,
  renderFilter,
  subscriptionPageSql,
} from './sqlite-event-store.schema';

/** What the embedded store adds to the contract: group commit, durability settings, plans. */
describe('SqliteEventStore', () => {
  let directory: string;
  let filename: string;
  const opened: SqliteEventStore[] = [];

  const open = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = new SqliteEventStore({ filename, ...options });
    opened.push(store);
    return store;
  };
  const event = (data: unknown = {}): EventToAppend => ({
    id: randomUUID(),
    type: 'TokenIssued',
    data,
    metadata: {},
  });

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ledger-sqlite-'));
    filename = join(directory, 'nested', 'events.db');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(directory, { recursive: true, force: true });
  });

  describe('group commit', () => {
    it('commits the appends of one event-loop turn in one transaction', async () => {
      const batches: CommittedBatch[] = [];
      const store = open({ onBatchCommitted: (batch) => batches.push(batch) });

      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.append(`tokenFamily-${i}`, [event()], { expectedRevision: 'no_stream' }),
        ),
      );

      expect(batches).toEqual([
        expect.objectContaining({ appends: 100, events: 100, rejected: 0 }),
      ]);
    });

    it('flushes early once maxBatchEvents are queued', async () => {
      const batches: CommittedBatch[] = [];
      const store = open({ maxBatchEvents: 10, onBatchCommitted: (batch) => batches.push(batch) });

      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          store.append(`tokenFamily-${i}`, [event()], { expectedRevision: 'no_stream' }),
        ),
      );

      expect(batches.map((batch) => batch.events)).toEqual([10, 10, 5]);
    });

    it('checks each append against the earlier appends of its batch and fails it alone', async () => {
      const batches: CommittedBatch[] = [];
      const store = open({ onBatchCommitted: (batch) => batches.push(batch) });
      const first = event();
      const loser = event();
      const follower = event();

      const outcomes = await Promise.allSettled([
        store.append('tokenFamily-a', [first], { expectedRevision: 'no_stream' }),
        store.append('tokenFamily-a', [loser], { expectedRevision: 'no_stream' }),
        store.append('tokenFamily-a', [follower], { expectedRevision: 0n }),
        store.append('tokenFamily-b', [event()], { expectedRevision: 'no_stream' }),
      ]);

      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(outcomes[1]).toMatchObject({
        reason: { code: 'wrong_expected_revision', expected: 'no_stream', actual: 0n },
      });
      expect(batches).toEqual([expect.objectContaining({ appends: 4, events: 3, rejected: 1 })]);
      expect((await store.readStream('tokenFamily-a')).map((e) => e.id)).toEqual([
        first.id,
        follower.id,
      ]);
    });

    it('rejects every append of a batch that cannot commit, and recovers', async () => {
      const store = open({ busyTimeoutMs: 20 });
      await store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });
      const other = new Database(filename);
      other.prepare('BEGIN IMMEDIATE').run();

      const blocked = [
        store.append('tokenFamily-a', [event()], { expectedRevision: 0n }),
        store.append('tokenFamily-b', [event()], { expectedRevision: 'no_stream' }),
      ];

      for (const append of blocked) {
        await expect(append).rejects.toMatchObject({ code: 'event_store_unavailable' });
      }
      other.prepare('ROLLBACK').run();
      other.close();
      await expect(
        store.append('tokenFamily-a', [event()], { expectedRevision: 0n }),
      ).resolves.toMatchObject({ nextExpectedRevision: 1n });
    });
  });

  describe('event ids', () => {
    it('answers a retry with the original result, position included, and writes nothing', async () => {
      const store = open();
      const events = [event(), event()];
      await store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });

      const original = await store.append('tokenFamily-a', events, { expectedRevision: 0n });
      await store.append('tokenFamily-b', [event()], { expectedRevision: 'no_stream' });
      const retried = await store.append('tokenFamily-a', events, { expectedRevision: 0n });
      const retriedWithAny = await store.append('tokenFamily-a', events, { expectedRevision: 'any' });

      expect(retried).toEqual(original);
      expect(retriedWithAny).toEqual(original);
      expect(await store.readStream('tokenFamily-a')).toHaveLength(3);
    });

    it('recognises a retry issued in the same batch as the original', async () => {
      const store = open();
      const events = [event()];

      const [original, retried] = await Promise.all([
        store.append('tokenFamily-a', events, { expectedRevision: 'no_stream' }),
        store.append('tokenFamily-a', events, { expectedRevision: 'no_stream' }),
      ]);

      expect(retried).toEqual(original);
    });

    it('treats a retry whose ids only partly match as a conflict', async () => {
      const store = open();
      const [a, b] = [event(), event()];
      await store.append('tokenFamily-a', [a, b], { expectedRevision: 'no_stream' });

      await expect(
        store.append('tokenFamily-a', [a, event()], { expectedRevision: 'no_stream' }),
      ).rejects.toMatchObject({ code: 'wrong_expected_revision' });
    });

    it('refuses an id stored in another stream, without a partial write', async () => {
      const store = open();
      const taken = event();
      await store.append('tokenFamily-a', [taken], { expectedRevision: 'no_stream' });

      const [reused, unaffected] = await Promise.allSettled([
        store.append('tokenFamily-b', [event(), taken], { expectedRevision: 'no_stream' }),
        store.append('tokenFamily-c', [event()], { expectedRevision: 'no_stream' }),
      ]);

      expect(reused).toMatchObject({
        status: 'rejected',
        reason: {
          code: 'duplicate_event_id',
          eventId: taken.id,
          existing: { streamName: 'tokenFamily-a', revision: 0n },
        },
      });
      expect(unaffected.status).toBe('fulfilled');
      expect(await store.readStream('tokenFamily-b')).toEqual([]);
    });

    it('refuses an id stored elsewhere in the same stream with any', async () => {
      const store = open();
      const taken = event();
      await store.append('tokenFamily-a', [taken, event()], { expectedRevision: 'no_stream' });

      await expect(
        store.append('tokenFamily-a', [taken, event()], { expectedRevision: 'any' }),
      ).rejects.toMatchObject({ code: 'duplicate_event_id' });
      await expect(
        store.append('tokenFamily-a', [event(), taken], { expectedRevision: 1n }),
      ).rejects.toMatchObject({ code: 'duplicate_event_id' });
    });

    it('refuses an id repeated inside one append', async () => {
      const store = open();
      const twice = event();

      await expect(
        store.append('tokenFamily-a', [twice, twice], { expectedRevision: 'no_stream' }),
      ).rejects.toMatchObject({ code: 'duplicate_event_id', existing: null });
    });

    it('stores ids in lower case, as EventStoreDB returns them', async () => {
      const store = open();
      const id = randomUUID();
      const upper = { ...event(), id: id.toUpperCase() };

      await store.append('tokenFamily-a', [upper], { expectedRevision: 'no_stream' });
      const retried = await store.append('tokenFamily-a', [upper], { expectedRevision: 'no_stream' });

      expect(retried.nextExpectedRevision).toBe(0n);
      expect((await store.readStream('tokenFamily-a')).map((e) => e.id)).toEqual([id]);
    });
  });

  describe('validation', () => {
    it('refuses malformed events before queueing them', async () => {
      const store = open();

      await expect(
        store.append('tokenFamily-a', [{ ...event(), id: 'not-a-uuid' }], { expectedRevision: 'any' }),
      ).rejects.toMatchObject({ code: 'invalid_event' });
      await expect(
        store.append('tokenFamily-a', [event({ amount: 1n })], { expectedRevision: 'any' }),
      ).rejects.toMatchObject({ code: 'invalid_event' });
      await expect(
        store.append('tokenFamily-a', [{ ...event(), type: '' }], { expectedRevision: 'any' }),
      ).rejects.toMatchObject({ code: 'invalid_event' });
      await expect(
        store.append('tokenFamily-a', [event()], { expectedRevision: -1n }),
      ).rejects.toBeInstanceOf(RangeError);
      expect(await store.readStream('tokenFamily-a')).toEqual([]);
    });

    it('refuses an append larger than maxAppendBytes, as EventStoreDB does', async () => {
      const store = open({ maxAppendBytes: 100 });

      await expect(
        store.append('tokenFamily-a', [event({ blob: 'x'.repeat(200) })], { expectedRevision: 'any' }),
      ).rejects.toMatchObject({ code: 'maximum_append_size_exceeded', maxBytes: 100 });
    });

    it('checks the expectation of an append with no events and writes nothing', async () => {
      const store = open();

      await expect(
        store.append('tokenFamily-a', [], { expectedRevision: 'no_stream' }),
      ).resolves.toMatchObject({ nextExpectedRevision: -1n });
      await expect(
        store.append('tokenFamily-a', [], { expectedRevision: 3n }),
      ).rejects.toMatchObject({ code: 'wrong_expected_revision' });
      const written = await store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });
      await expect(store.append('tokenFamily-a', [], { expectedRevision: 0n })).resolves.toEqual(written);
    });

    it('refuses a negative maxCount', async () => {
      const store = open();

      await expect(store.readAll({ maxCount: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(store.readStream('tokenFamily-a', { maxCount: 0 })).resolves.toEqual([]);
    });
  });

  describe('durability and lifecycle', () => {
    it('uses WAL with synchronous=FULL by default, NORMAL only when asked', async () => {
      const durable = open();
      expect(durable.diagnostics()).toMatchObject({ journalMode: 'wal', synchronous: 'FULL', head: null });
      await durable.close();

      const relaxed = open({ synchronous: 'NORMAL' });
      expect(relaxed.diagnostics()).toMatchObject({ journalMode: 'wal', synchronous: 'NORMAL' });
    });

    it('keeps events across a reopen and continues the log after them', async () => {
      const first = open();
      const before: AppendResult = await first.append('tokenFamily-a', [event(), event()], {
        expectedRevision: 'no_stream',
      });
      await first.close();

      const second = open();
      const after = await second.append('tokenFamily-a', [event()], { expectedRevision: 1n });

      expect(after.nextExpectedRevision).toBe(2n);
      expect(after.position.commit).toBeGreaterThan(before.position.commit);
      expect(await second.readStream('tokenFamily-a')).toHaveLength(3);
      expect(await second.checkIntegrity()).toEqual([]);
    });

    it('commits queued appends on close, then refuses work', async () => {
      const store = open();
      const pending = store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });

      await store.close();

      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0n });
      await expect(
        store.append('tokenFamily-a', [event()], { expectedRevision: 0n }),
      ).rejects.toMatchObject({ code: 'event_store_unavailable' });
      await expect(store.readStream('tokenFamily-a')).rejects.toMatchObject({
        code: 'event_store_unavailable',
      });
      expect(await open().readStream('tokenFamily-a')).toHaveLength(1);
    });

    it('ends open subscriptions on close', async () => {
      const store = open();
      const subscription = store.subscribeToAll();
      const iteration = subscription[Symbol.asyncIterator]().next();

      await store.close();

      await expect(iteration).resolves.toEqual({ done: true, value: undefined });
    });

    it('stamps recordedAt from the clock option', async () => {
      const now = new Date('2030-01-02T03:04:05.678Z');
      const store = open({ clock: () => now });
      await store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });

      const [read] = await store.readStream('tokenFamily-a');

      expect(read.recordedAt).toEqual(now);
    });

    it('refuses a file written by a newer schema', async () => {
      const db = new Database(join(directory, 'future.db'));
      db.pragma('user_version = 99');
      db.close();

      expect(() => open({ filename: join(directory, 'future.db') })).toThrow(/schema version 99/);
    });
  });

  describe('subscriptions', () => {
    it('sees events committed by another connection to the same file', async () => {
      const reader = open({ pollIntervalMs: 10 });
      const writer = open();
      const subscription = reader.subscribeToAll();
      const written = event();

      await writer.append('tokenFamily-a', [written], { expectedRevision: 'no_stream' });

      expect((await takeEvents(subscription, 1)).map((e) => e.id)).toEqual([written.id]);
    });

    it('pages through a long catch-up under a sparse filter', async () => {
      const store = open({ subscriptionPageSize: 5 });
      const wanted: string[] = [];
      for (let i = 0; i < 60; i++) {
        const e = i % 20 === 19 ? { ...event(), type: 'TokenRevoked' } : event();
        if (e.type === 'TokenRevoked') wanted.push(e.id);
        await store.append(`tokenFamily-${i}`, [e], { expectedRevision: 'no_stream' });
      }
      const subscription = store.subscribeToAll({ filter: { eventTypePrefixes: ['TokenRevoked'] } });

      expect((await takeEvents(subscription, 3)).map((e) => e.id)).toEqual(wanted);
    });
  });

  describe('query plans', () => {
    // Reading the last or first event of a stream must be an index seek whatever the size of
    // the log, so no statement may scan the table.
    const statements: Array<[string, string]> = [
      ['streamRevision', SQL.streamRevision],
      ['streamRevisionPosition', SQL.streamRevisionPosition],
      ['idsFromRevision', SQL.idsFromRevision],
      ['eventById', SQL.eventById],
      ['head', SQL.head],
      ['readStreamForwards', SQL.readStreamForwards],
      ['readStreamBackwards', SQL.readStreamBackwards],
      ['readAll forwards', readAllSql('forwards', renderFilter(undefined).condition)],
      [
        'readAll backwards, filtered',
        readAllSql(
          'backwards',
          renderFilter({ streamNamePrefixes: ['a-'], eventTypePrefixes: ['T'] }).condition,
        ),
      ],
      [
        'subscription page',
        subscriptionPageSql(renderFilter({ eventTypePrefixes: ['T'] }).condition),
      ],
    ];

    it.each(statements)('%s seeks an index', async (_, sql) => {
      open(); // creates the file and its schema
      const db = new Database(filename, { readonly: true });
      const params = Object.fromEntries(
        [...sql.matchAll(/@(\w+)/g)].map(([, name]) => [
          name,
          /^(s\d+|t\d+|streamName|eventId)$/.test(name) ? 'tokenFamily-a' : 1,
        ]),
      );
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>;
      db.close();

      // Every step is an index or rowid seek: no SCAN, no temporary B-tree for ORDER BY.
      const details = plan.map((row) => row.detail);
      expect(details.length).toBeGreaterThan(0);
      for (const detail of details) expect(detail).toMatch(/^SEARCH events\b/);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { Worker } from 'node:worker_threads';

import Database from 'better-sqlite3';

import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventToAppend,
} from '@ledger/event-sourcing';
import { runTypeScript, takeEvents, threadNiceValues } from '@ledger/testing';

import { DuplicateEventIdError } from './sqlite-event-store.errors';
import { SqliteEventStore, type CommittedBatch, type SqliteEventStoreOptions } from './sqlite-event-store';
import {
  SQL,
  readAllSql,
  renderFilter,
  subscriptionPageSql,
} from './sqlite-event-store.schema';
import { CHECKPOINT_THREAD_NICE } from './sqlite-writer';

const ROOT = resolve(__dirname, '..', '..', '..');
const WRITERS = ['worker', 'inline'] as const;

/**
 * What the embedded store adds to the contract: group commit, durability settings, the writer
 * thread, plans. Behaviour is checked with both writers; they must be indistinguishable.
 */
describe('SqliteEventStore', () => {
  let directory: string;
  let filename: string;
  const opened: SqliteEventStore[] = [];

  const openStore = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = new SqliteEventStore({ filename, ...options });
    opened.push(store);
    return store;
  };
  const open = openStore;
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

  it('opens a file of schema version 1 (no content_hash): adds the column, keeps the events, and their digests carry no hash', async () => {
    const first = openStore();
    await first.append('tokenFamily-old', [event({ n: 1 })], { expectedRevision: 'no_stream' });
    await first.close();
    // What version 1 wrote: the same table without the column.
    const db = new Database(filename);
    db.exec('ALTER TABLE events DROP COLUMN content_hash');
    db.pragma('user_version = 1');
    db.close();
    const store = openStore();
    const json = { data: '{"n":2}', metadata: '{}', hash: 'a'.repeat(64) };
    await store.append('tokenFamily-new', [{ ...event({ n: 2 }), json }], { expectedRevision: 'no_stream' });
    expect((await store.readAllDigests('start', 10)).map((d) => [d.streamName, d.contentHash])).toEqual([
      ['tokenFamily-old', null],
      ['tokenFamily-new', json.hash],
    ]);
    expect((await store.readStream('tokenFamily-old'))[0].data).toEqual({ n: 1 });
    const check = new Database(filename, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      check.close();
    }
  });

  describe('WAL checkpoints with the writer thread', () => {
    /** Rows of `events` in the database file itself, read without its WAL (a copy of the file alone). */
    const rowsInMainFile = async (): Promise<number> => {
      const copy = join(directory, `copy-${randomUUID()}.db`);
      await import('node:fs/promises').then((fs) => fs.copyFile(filename, copy));
      const db = new Database(copy, { readonly: true });
      try {
        // Before the first checkpoint even the schema is only in the WAL.
        const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'events'").get();
        return table ? Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n) : 0;
      } finally {
        db.close();
      }
    };

    it('leave the commits: the writer connection never checkpoints, a thread of its own copies the WAL into the file', async () => {
      const store = openStore({ writer: 'worker', checkpointIntervalMs: 20 });
      await store.append('tokenFamily-a', [event(), event(), event()], { expectedRevision: 'no_stream' });
      expect(store.diagnostics()).toMatchObject({ writer: 'worker', walAutocheckpoint: 0 });
      // Waits on the condition (bounded), not on time: the checkpoint thread runs every 20 ms.
      const deadline = Date.now() + 10_000;
      let rows = await rowsInMainFile();
      while (rows < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        rows = await rowsInMainFile();
      }
      expect(rows).toBe(3);
      // That thread has checkpointed, so it has lowered its priority (Linux); the event loop has not.
      const nice = threadNiceValues();
      expect([...nice.values()]).toContain(CHECKPOINT_THREAD_NICE);
      expect(nice.get(process.pid)).toBe(0);
    });

    /**
     * Appends for `ms` with 32 appends always in flight, so the writer never pauses; then how
     * often the WAL was rewound and the largest its file got.
     */
    const sustainedAppends = async (options: Partial<SqliteEventStoreOptions>, ms: number): Promise<{ rewinds: number; largestWal: number }> => {
      const store = openStore(options);
      const wal = `${options.filename ?? filename}-wal`;
      const payload = { blob: 'x'.repeat(2000) };
      const until = Date.now() + ms;
      let largestWal = 0;
      let n = 0;
      const lane = async () => {
        while (Date.now() < until) {
          await store.append(`tokenFamily-${n++ % 64}`, [event(payload), event(payload)], { expectedRevision: 'any' });
          largestWal = Math.max(largestWal, statSync(wal).size);
        }
      };
      await Promise.all(Array.from({ length: 32 }, lane));
      // Bytes 12–15 of the WAL header: the checkpoint sequence, incremented by every rewind.
      return { rewinds: readFileSync(wal).readUInt32BE(12), largestWal };
    };

    it('keep the WAL bounded under sustained appends: past walRestartBytes the writer rewinds it between batches', async () => {
      const bounded = await sustainedAppends({ writer: 'worker', checkpointIntervalMs: 10, walRestartBytes: 256 * 1024 }, 1000);
      // The same load with no rewind asked for: PASSIVE checkpoints alone rarely find the WAL
      // fully copied when a transaction starts (only while the load ramps up), so it grows.
      const control = await sustainedAppends({ filename: `${filename}-control.db`, writer: 'worker', checkpointIntervalMs: 10, walRestartBytes: 2 ** 40 }, 1000);
      expect(bounded.rewinds).toBeGreaterThan(control.rewinds);
      expect(bounded.largestWal).toBeLessThan(control.largestWal / 4);
    });

    it('keep SQLite\'s automatic checkpoint when the interval is 0, and inline', async () => {
      const auto = openStore({ writer: 'worker', checkpointIntervalMs: 0 });
      await auto.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });
      expect(auto.diagnostics()).toMatchObject({ walAutocheckpoint: 1000 });
      await auto.close();
      const inline = openStore({ writer: 'inline' });
      expect(inline.diagnostics()).toMatchObject({ writer: 'inline', walAutocheckpoint: 1000 });
    });
  });

  describe.each(WRITERS)('%s writer', (writer) => {
    const open = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore =>
      openStore({ writer, ...options });

    it('keeps the writer\'s hash with the text it hashed and lists it in readAllDigests (null when none was given)', async () => {
      const store = open();
      const json = { data: '{"a":1}', metadata: '{"actor":"c"}', hash: 'f'.repeat(64) };
      await store.append('tokenFamily-hashed', [{ ...event({ a: 1 }), metadata: { actor: 'c' }, json }], { expectedRevision: 'no_stream' });
      await store.append('tokenFamily-plain', [event({ a: 2 })], { expectedRevision: 'no_stream' });
      const digests = await store.readAllDigests('start', 10);
      expect(digests.map((d) => [d.streamName, d.revision, d.type, d.contentHash])).toEqual([
        ['tokenFamily-hashed', 0n, 'TokenIssued', json.hash],
        ['tokenFamily-plain', 0n, 'TokenIssued', null],
      ]);
      expect(await store.readAllDigests(digests[0].position, 10)).toEqual([digests[1]]);
      expect(await store.readAllDigests('start', 1)).toEqual([digests[0]]);
    });

    it('stores the JSON text a writer hands over (serialised once), and reads it back as the same values', async () => {
      const store = open();
      // Keys in another order than the objects', so the stored text shows which one was kept.
      const given = { ...event({ b: 1, a: [true, null] }), metadata: { z: 'x', actor: 'c' } };
      const json = { data: '{"a":[true,null],"b":1}', metadata: '{"actor":"c","z":"x"}' };
      await store.append('tokenFamily-json', [{ ...given, json }], { expectedRevision: 'no_stream' });
      await store.append('tokenFamily-plain', [given].map((e) => ({ ...e, id: randomUUID() })), { expectedRevision: 'no_stream' });
      const db = new Database(filename, { readonly: true });
      try {
        const rows = db.prepare("SELECT stream_name, data, metadata FROM events WHERE stream_name LIKE 'tokenFamily-%' ORDER BY stream_name").all();
        expect(rows).toEqual([
          { stream_name: 'tokenFamily-json', data: json.data, metadata: json.metadata },
          { stream_name: 'tokenFamily-plain', data: JSON.stringify(given.data), metadata: JSON.stringify(given.metadata) },
        ]);
      } finally {
        db.close();
      }
      const [read] = await store.readStream('tokenFamily-json');
      expect(read.data).toEqual(given.data);
      expect(read.metadata).toEqual(given.metadata);
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
        expect(durable.diagnostics()).toMatchObject({ writer, head: null, pendingAppends: 0 });
        // Once an append is through, the settings are those of the connection that committed
        // it (the writer thread's own connection with the worker writer).
        await durable.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });
        expect(durable.diagnostics()).toMatchObject({ journalMode: 'wal', synchronous: 'FULL' });
        await durable.close();

        const relaxed = open({ synchronous: 'NORMAL' });
        await relaxed.append('tokenFamily-a', [event()], { expectedRevision: 0n });
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

      it('removes streams so that no byte of them is left in the database file or the WAL', async () => {
        // Checkpoints only when asked, so without the removal's own the old pages would sit in the WAL.
        const store = open({ checkpointIntervalMs: 0 });
        const marker = `removed-${randomUUID()}`;
        const keptMarker = `kept-${randomUUID()}`;
        await store.append('tokenFamily-gone', [event({ marker }), event({ marker })], { expectedRevision: 'no_stream' });
        await store.append('tokenFamily-kept', [event({ keptMarker })], { expectedRevision: 'no_stream' });
        await store.append('ledgerRemovals', [event()], { expectedRevision: 'no_stream' });

        await store.removeStreams(['tokenFamily-gone']);

        const bytesOf = (file: string) => {
          try {
            return readFileSync(file);
          } catch {
            return Buffer.alloc(0);
          }
        };
        const files = Buffer.concat([bytesOf(filename), bytesOf(`${filename}-wal`)]);
        expect(files.includes(keptMarker)).toBe(true);
        expect(files.includes(marker)).toBe(false);
        expect(statSync(`${filename}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
        expect(await store.readStream('tokenFamily-gone')).toEqual([]);
        await expect(store.streamRevision('tokenFamily-gone')).resolves.toBe('no_stream');
      });

      it('commits the appends accepted before a removal first, then removes', async () => {
        const store = open();
        await store.append('tokenFamily-first', [event()], { expectedRevision: 'no_stream' });
        const queued = store.append('tokenFamily-first', [event()], { expectedRevision: 0n });
        const last = store.append('ledgerRemovals', [event()], { expectedRevision: 'no_stream' });

        await store.removeStreams(['tokenFamily-first']);

        await expect(queued).resolves.toMatchObject({ nextExpectedRevision: 1n });
        await last;
        expect(await store.readStream('tokenFamily-first')).toEqual([]);
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
  });

  describe('worker writer', () => {
    /** The store's writer thread, reached behind its back to simulate a crash. */
    const writerThread = (store: SqliteEventStore): Worker =>
      (store as unknown as { writer: { worker: Worker } }).writer.worker;

    it('is the default for files; :memory: commits inline and cannot use one', async () => {
      expect(open().diagnostics()).toMatchObject({ writer: 'worker', writerFailure: null });
      expect(open({ filename: ':memory:' }).diagnostics()).toMatchObject({ writer: 'inline' });
      expect(() => open({ filename: ':memory:', writer: 'worker' })).toThrow(RangeError);
    });

    it('keeps its files private: the directory it creates 0700, the file, -wal and -shm 0600', async () => {
      await chmod(directory, 0o755);
      const store = open();
      await store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });
      const modes = ['nested', 'nested/events.db', 'nested/events.db-wal', 'nested/events.db-shm'].map(
        (name) => `${name} ${(statSync(join(directory, name)).mode & 0o777).toString(8)}`,
      );
      expect(modes).toEqual(['nested 700', 'nested/events.db 600', 'nested/events.db-wal 600', 'nested/events.db-shm 600']);
    });

    it('resolves an append only once a read on this thread sees it', async () => {
      const store = open();

      await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const written = event();
          const result = await store.append(`tokenFamily-${i}`, [written], {
            expectedRevision: 'no_stream',
          });
          const read = await store.readStream(`tokenFamily-${i}`);
          expect(read.map((e) => [e.id, e.position])).toEqual([[written.id, result.position]]);
        }),
      );
    });

    it('wakes live subscriptions on its commits, without the poll', async () => {
      const store = open({ pollIntervalMs: 0 });
      const subscription = store.subscribeToAll();
      const written = event();
      // Reads its (empty) first page in a microtask, so it waits live before the append is sent.
      const delivered = takeEvents(subscription, 1);

      await store.append('tokenFamily-a', [written], { expectedRevision: 'no_stream' });

      expect((await delivered).map((e) => e.id)).toEqual([written.id]);
    });

    it("re-creates the store's error classes on this thread", async () => {
      const store = open();
      const taken = event();
      await store.append('tokenFamily-a', [taken], { expectedRevision: 'no_stream' });

      const conflict = store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });
      const duplicate = store.append('tokenFamily-b', [taken], { expectedRevision: 'no_stream' });

      await expect(conflict).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(conflict).rejects.toMatchObject({
        streamName: 'tokenFamily-a',
        expected: 'no_stream',
        actual: 0n,
      });
      await expect(duplicate).rejects.toBeInstanceOf(DuplicateEventIdError);
    });

    it('fails pending and later appends at once when the thread dies; reads go on', async () => {
      const store = open();
      await store.append('tokenFamily-a', [event()], { expectedRevision: 'no_stream' });
      // Queued for this turn's message, which the thread will never receive.
      const pending = store.append('tokenFamily-a', [event()], { expectedRevision: 0n });

      await writerThread(store).terminate();

      await expect(pending).rejects.toMatchObject({ code: 'event_store_unavailable' });
      await expect(
        store.append('tokenFamily-b', [event()], { expectedRevision: 'no_stream' }),
      ).rejects.toMatchObject({
        code: 'event_store_unavailable',
        message: expect.stringContaining('writer thread exited unexpectedly'),
      });
      expect(store.diagnostics()).toMatchObject({
        writerFailure: expect.stringContaining('writer thread exited unexpectedly'),
        pendingAppends: 0,
      });
      expect(await store.readStream('tokenFamily-a')).toHaveLength(1);
      await store.close();
    });

    it('keeps the process alive while appends are pending, and not when idle', async () => {
      // A child that appends without waiting and never closes: it must print the
      // acknowledgement (pending work kept it alive) and then exit on its own (idle thread).
      const script = [
        "const { randomUUID } = require('node:crypto');",
        "const { SqliteEventStore } = require('@ledger/event-store-sqlite');",
        'const store = new SqliteEventStore({ filename: process.argv[1] });',
        "const event = { id: randomUUID(), type: 'TokenIssued', data: {}, metadata: {} };",
        "store.append('tokenFamily-a', [event], { expectedRevision: 'no_stream' })",
        "  .then((result) => process.stdout.write(`acknowledged ${result.nextExpectedRevision}`));",
      ].join('\n');
      const { exitCode, output } = await runTypeScript(ROOT, ['-e', script, filename], 20_000);

      expect({ exitCode, output }).toEqual({ exitCode: 0, output: 'acknowledged 0' });
      expect(await open().readStream('tokenFamily-a')).toHaveLength(1);
    }, 30_000);
  });

  describe('build', () => {
    // The writer thread's files are plain JavaScript, which tsc does not emit: `nest build` must
    // copy them next to the compiled adapter (dist/libs/event-store-sqlite/src/), or the built
    // service cannot start its writer. This applies the Nest CLI's rules to nest-cli.json: the
    // project's own `compilerOptions.assets`, else the top level's; `include` is relative to the
    // sourceRoot; a copy drops as many leading segments of its path as the sourceRoot has.
    it('copies the writer thread files next to the compiled adapter', () => {
      const config = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as NestCliConfig;
      const source = relative(ROOT, __dirname);
      const files = readdirSync(__dirname).filter((name) => name.endsWith('.js'));
      expect(files).toEqual(expect.arrayContaining(['sqlite-group-commit.js', 'sqlite-writer.worker.js']));

      for (const project of [undefined, 'token-service']) {
        const projectConfig = project === undefined ? undefined : config.projects[project];
        const assets = projectConfig?.compilerOptions?.assets ?? config.compilerOptions.assets ?? [];
        const sourceRoot = projectConfig?.sourceRoot ?? config.sourceRoot;
        const copies = assets.filter((asset) => join(sourceRoot, asset.include) === join(source, '*.js'));
        const destinations = copies.flatMap((asset) =>
          files.map((file) =>
            join(asset.outDir, ...join(source, file).split(sep).slice(sourceRoot.split('/').length)),
          ),
        );
        expect({ project, destinations }).toEqual({
          project,
          destinations: files.map((file) => join('dist', source, file)),
        });
      }
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

/** The parts of nest-cli.json the build check reads. */
interface NestCliConfig {
  readonly sourceRoot: string;
  readonly compilerOptions: { readonly assets?: readonly NestAsset[] };
  readonly projects: Record<
    string,
    { readonly sourceRoot: string; readonly compilerOptions?: { readonly assets?: readonly NestAsset[] } }
  >;
}

interface NestAsset {
  readonly include: string;
  readonly outDir: string;
}

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';

import type {
  EventFilter,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
  Subscription,
} from '@ledger/event-sourcing';
import { takeEvents, withTimeout } from '@ledger/testing';

import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
import type { AppendOutcome, PreparedAppend } from './sqlite-group-commit';
import { RecentEvents } from './sqlite-recent-events';

/*
 * Subscriptions read this instance's last commits from memory instead of the file. The memory
 * path must be indistinguishable from the SQL one: the same events, of the same types, in the
 * same order, exactly once, whatever else writes to the file in between.
 */

const T0 = Date.parse('2030-01-02T03:04:05.000Z');
const WAIT_MS = 10_000;

/** A clock that moves one second per append, so every event has its own `recordedAt`. */
function steppingClock(): () => Date {
  let next = T0;
  return () => new Date((next += 1000));
}

/** No subscription has read anything: only the capacity and the character budget trim. */
const NONE_READ = -1n;

describe('RecentEvents', () => {
  const at = (streamName: string, types: readonly string[], recordedAt = T0): PreparedAppend => ({
    streamName,
    expected: 'any',
    recordedAt,
    events: types.map((type, i) => ({
      id: randomUUID(),
      type,
      data: JSON.stringify({ i }),
      metadata: JSON.stringify({ correlationId: 'c' }),
      contentHash: null,
    })),
  });
  const written = (revision: bigint, position: bigint, count: number): AppendOutcome => ({
    ok: true,
    revision,
    position,
    written: count,
  });
  const positions = (recent: RecentEvents, after: bigint, filter?: EventFilter, limit = 100) =>
    recent.page(after, filter, limit).events.map((e) => e.position.commit);

  it('serves the events of contiguous batches, and nothing it does not cover', () => {
    const recent = new RecentEvents(100, 1_000_000);
    expect(recent.covers(0n)).toBe(false);

    recent.record([{ append: at('a-1', ['T', 'T']) }], [written(1n, 2n, 2)], NONE_READ);
    recent.record([{ append: at('b-1', ['U']) }], [written(0n, 3n, 1)], NONE_READ);

    expect([recent.covers(0n), recent.covers(2n), recent.covers(3n)]).toEqual([true, true, false]);
    expect(positions(recent, 0n)).toEqual([1n, 2n, 3n]);
    expect(recent.page(0n, undefined, 100).events.map((e) => [e.streamName, e.revision])).toEqual([
      ['a-1', 0n],
      ['a-1', 1n],
      ['b-1', 0n],
    ]);
  });

  it('restarts at a batch that does not continue where it ended', () => {
    const recent = new RecentEvents(100, 1_000_000);
    recent.record([{ append: at('a-1', ['T']) }], [written(0n, 10n, 1)], NONE_READ);
    // Positions 11 and 12 were written by someone else.
    recent.record([{ append: at('a-1', ['T']) }], [written(1n, 13n, 1)], NONE_READ);

    expect([recent.covers(10n), recent.covers(11n), recent.covers(12n)]).toEqual([false, false, true]);
    expect(positions(recent, 12n)).toEqual([13n]);
  });

  it('keeps the last contiguous run of a batch whose appends are not contiguous', () => {
    const recent = new RecentEvents(100, 1_000_000);
    recent.record(
      [{ append: at('a-1', ['T']) }, { append: at('b-1', ['T']) }, { append: at('c-1', ['T', 'T']) }],
      [written(0n, 1n, 1), written(0n, 3n, 1), written(1n, 5n, 2)], NONE_READ,
    );

    expect([recent.covers(1n), recent.covers(2n)]).toEqual([false, true]);
    expect(positions(recent, 2n)).toEqual([3n, 4n, 5n]);
  });

  it('adds nothing for rejected, idempotent and empty appends', () => {
    const recent = new RecentEvents(100, 1_000_000);
    recent.record(
      [{ append: at('a-1', ['T']) }, { append: at('a-1', ['T']) }, { append: at('b-1', []) }, { append: at('c-1', ['T']) }],
      [
        written(0n, 1n, 1),
        { ok: false, code: 'wrong_expected_revision', actual: 0n },
        written(-1n, 0n, 0),
        written(0n, 2n, 1),
      ], NONE_READ,
    );
    // An idempotent retry answers with the original, earlier position: not a gap.
    recent.record([{ append: at('a-1', ['T']) }], [written(0n, 1n, 0)], NONE_READ);

    expect(positions(recent, 0n)).toEqual([1n, 2n]);
  });

  it('forgets the oldest events beyond its capacity or its character budget', () => {
    const byCount = new RecentEvents(3, 1_000_000);
    for (let i = 1n; i <= 5n; i++) byCount.record([{ append: at('a-1', ['T']) }], [written(i - 1n, i, 1)], NONE_READ);
    expect([byCount.covers(1n), byCount.covers(2n)]).toEqual([false, true]);
    expect(positions(byCount, 2n)).toEqual([3n, 4n, 5n]);

    // Each event holds 7 + 21 characters of JSON: two fit in 60.
    const byChars = new RecentEvents(100, 60);
    byChars.record([{ append: at('a-1', ['T', 'T', 'T']) }], [written(2n, 3n, 3)], NONE_READ);
    expect([byChars.covers(0n), byChars.covers(1n)]).toEqual([false, true]);
    expect(positions(byChars, 1n)).toEqual([2n, 3n]);

    const none = new RecentEvents(0, 1_000_000);
    none.record([{ append: at('a-1', ['T']) }], [written(0n, 1n, 1)], NONE_READ);
    expect(none.covers(0n)).toBe(false);
  });

  it('forgets what every subscription has read at the next commit, and empties what it forgets', () => {
    const recent = new RecentEvents(100, 1_000_000);
    recent.record([{ append: at('a-1', ['T', 'T', 'T']) }], [written(2n, 3n, 3)], NONE_READ);
    const held = recent.page(0n, undefined, 100).events;
    expect(held.map((e) => e.position.commit)).toEqual([1n, 2n, 3n]);
    // Everyone has read up to 2: the next commit drops 1 and 2 and keeps 3 and its own.
    recent.record([{ append: at('a-1', ['T']) }], [written(3n, 4n, 1)], 2n);
    expect([recent.covers(1n), recent.covers(2n), recent.covers(3n)]).toEqual([false, true, true]);
    expect(positions(recent, 2n)).toEqual([3n, 4n]);
    // The array that held them no longer references them (a later compaction would be too late).
    const entries = (recent as unknown as { entries: unknown[] }).entries;
    expect(entries.filter((e) => e !== undefined)).toHaveLength(2);
    recent.record([{ append: at('a-1', ['T']) }], [written(4n, 5n, 1)], 5n);
    expect(positions(recent, 4n)).toEqual([5n]);
    expect(recent.covers(3n)).toBe(false);
  });

  it('filters as renderFilter does: any stream prefix or any type prefix, case-sensitive', () => {
    const recent = new RecentEvents(100, 1_000_000);
    recent.record(
      [{ append: at('config-1', ['ClientCreated']) }, { append: at('tokenFamily-1', ['TokenIssued', 'tokenLower']) }],
      [written(0n, 1n, 1), written(1n, 3n, 2)], NONE_READ,
    );

    expect(positions(recent, 0n, { streamNamePrefixes: ['config-'] })).toEqual([1n]);
    expect(positions(recent, 0n, { eventTypePrefixes: ['Token'] })).toEqual([2n]);
    expect(positions(recent, 0n, { streamNamePrefixes: ['config-'], eventTypePrefixes: ['token'] })).toEqual([
      1n,
      3n,
    ]);
    expect(positions(recent, 0n, { streamNamePrefixes: [], eventTypePrefixes: [] })).toEqual([1n, 2n, 3n]);
    expect(positions(recent, 0n, { eventTypePrefixes: [''] })).toEqual([1n, 2n, 3n]);
    expect(positions(recent, 0n, { streamNamePrefixes: ['Config-'] })).toEqual([]);
  });

  it('ends a full page at its last event and a short one at the end of what it holds', () => {
    const recent = new RecentEvents(100, 1_000_000);
    recent.record([{ append: at('a-1', ['A', 'B', 'A', 'B']) }], [written(3n, 4n, 4)], NONE_READ);

    expect(recent.page(0n, { eventTypePrefixes: ['A'] }, 1).scannedTo).toBe(1n);
    expect(recent.page(1n, { eventTypePrefixes: ['A'] }, 1).scannedTo).toBe(3n);
    expect(recent.page(3n, { eventTypePrefixes: ['A'] }, 1)).toEqual({ events: [], scannedTo: 4n });
  });
});

describe('SqliteEventStore subscriptions from memory', () => {
  let directory: string;
  let filename: string;
  const opened: SqliteEventStore[] = [];
  const subscriptions: Subscription[] = [];

  const open = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = new SqliteEventStore({ filename, clock: steppingClock(), ...options });
    opened.push(store);
    return store;
  };
  const subscribe = (store: SqliteEventStore, filter?: EventFilter): Subscription => {
    const subscription = store.subscribeToAll({ fromPosition: 'start', filter });
    subscriptions.push(subscription);
    return subscription;
  };
  const event = (type = 'TokenIssued', data: unknown = {}): EventToAppend => ({
    id: randomUUID(),
    type,
    data,
    metadata: { correlationId: randomUUID() },
  });

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ledger-recent-'));
    filename = join(directory, 'events.db');
  });

  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.unsubscribe()));
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(directory, { recursive: true, force: true });
  });

  describe.each(['worker', 'inline'] as const)('%s writer', (writer) => {
    it('runs no query for a subscription whose filter matches none of a burst of commits', async () => {
      // No poll: it could announce a commit of the writer thread before its report arrives,
      // and the wake-up it causes may legitimately read that commit from the file.
      const store = open({ writer, pollIntervalMs: 0 });
      const first = event('ClientCreated');
      await store.append('config-1', [first], { expectedRevision: 'no_stream' });
      const configuration = subscribe(store, { streamNamePrefixes: ['config-'] });
      const projection = subscribe(store);
      expect((await takeEvents(configuration, 1)).map((e) => e.id)).toEqual([first.id]);
      expect((await takeEvents(projection, 1)).map((e) => e.id)).toEqual([first.id]);
      const before = store.diagnostics();
      // Both wait live, so every commit below wakes them into a page before the next one.
      const configured = takeEvents(configuration, 1);
      const projected = takeEvents(projection, 10 * (1 + 2 + 3) + 1);

      const burst: string[] = [];
      for (let i = 0; i < 30; i++) {
        const appends = Array.from({ length: 1 + (i % 3) }, (_, j) => {
          const e = event('TokenRefreshed', { i, j });
          burst.push(e.id);
          return store.append(`tokenFamily-${i}-${j}`, [e], { expectedRevision: 'no_stream' });
        });
        await Promise.all(appends);
      }
      const last = event('ClientUpdated');
      await store.append('config-1', [last], { expectedRevision: 0n });

      expect((await configured).map((e) => e.id)).toEqual([last.id]);
      expect((await projected).map((e) => e.id)).toEqual([...burst, last.id]);
      // Woken by each of the 31 commits, both subscriptions read pages from memory only (the
      // projection's reads after each page stop at the head check).
      const after = store.diagnostics();
      expect(after.subscriptionPagesFromDisk).toBe(before.subscriptionPagesFromDisk);
      expect(after.subscriptionPagesFromMemory - before.subscriptionPagesFromMemory).toBeGreaterThanOrEqual(2 * 31);
    });

    it('reads from the file what precedes its own commits, then from memory', async () => {
      const earlier = open({ writer });
      const old = event();
      await earlier.append('tokenFamily-old', [old], { expectedRevision: 'no_stream' });
      await earlier.close();
      const store = open({ writer, pollIntervalMs: 0 });
      const fresh = event();
      await store.append('tokenFamily-new', [fresh], { expectedRevision: 'no_stream' });
      const subscription = subscribe(store);

      const delivered = await takeEvents(subscription, 2);
      const live = event();
      const nextDelivery = takeEvents(subscription, 1);
      await store.append('tokenFamily-new', [live], { expectedRevision: 0n });

      const all = await store.readAll();
      expect(delivered).toStrictEqual(all.slice(0, 2));
      expect(await nextDelivery).toStrictEqual(all.slice(2));
      expect(all.map((e) => e.id)).toEqual([old.id, fresh.id, live.id]);
      // One query for the catch-up over the earlier instance's event; the live one from memory.
      expect(store.diagnostics()).toMatchObject({ subscriptionPagesFromDisk: 1 });
      expect(store.diagnostics().subscriptionPagesFromMemory).toBeGreaterThanOrEqual(1);
    });

    it('delivers another instance’s commits between its own in order, once each', async () => {
      const store = open({ writer, pollIntervalMs: 5 });
      const other = open({ writer: 'inline' });
      const subscription = subscribe(store);
      const everything = takeEvents(subscription, 12, WAIT_MS);
      const ids: string[] = [];
      const append = async (by: SqliteEventStore, stream: string, count: number): Promise<void> => {
        const events = Array.from({ length: count }, () => event());
        ids.push(...events.map((e) => e.id));
        await by.append(stream, events, { expectedRevision: 'any' });
      };

      await append(store, 'mine-1', 2);
      await append(other, 'theirs-1', 1);
      await append(store, 'mine-1', 1);
      await append(store, 'mine-2', 2);
      await append(other, 'theirs-1', 2);
      await append(other, 'theirs-2', 1);
      await append(store, 'mine-1', 3);

      const delivered = await everything;
      expect(delivered.map((e) => e.id)).toEqual(ids);
      expect(delivered).toStrictEqual(await store.readAll());
    });

    it('reads on from the file when the poll announced commits past its own', async () => {
      const store = open({ writer, pollIntervalMs: 5 });
      const other = open({ writer: 'inline' });
      const watcher = subscribe(store);
      // Not pulled until the poll has announced the other instance's commit.
      const theirsOnly = subscribe(store, { streamNamePrefixes: ['theirs-'] });
      const mine = event();
      await store.append('mine-1', [mine], { expectedRevision: 'no_stream' });
      expect((await takeEvents(watcher, 1)).map((e) => e.id)).toEqual([mine.id]);
      // Waiting live after `mine` (its read ran before the other commit is even queued), the
      // watcher can only learn of that commit from the poll.
      const announced = takeEvents(watcher, 1, WAIT_MS);
      const theirs = event();
      await other.append('theirs-1', [theirs], { expectedRevision: 'no_stream' });
      expect((await announced).map((e) => e.id)).toEqual([theirs.id]);

      // Its first page is in memory and matches nothing; the event after it must still come,
      // though no further announcement will.
      expect((await takeEvents(theirsOnly, 1, 2000)).map((e) => e.id)).toEqual([theirs.id]);
    });
  });

  describe('property: what a subscription delivers is what readAll reads', () => {
    const STREAMS = ['alpha-1', 'alpha-2', 'beta-1', 'config-1', 'config-2'];
    const TYPES = ['TokenIssued', 'TokenRefreshed', 'ClientCreated', 'PolicyUpdated', 'tokenLower'];
    const STREAM_PREFIXES = ['alpha-', 'alpha-2', 'beta', 'config-', 'Alpha-', 'zeta-'];
    const TYPE_PREFIXES = ['Token', 'TokenR', 'token', 'Client', 'P', ''];

    type AppendKind = 'any' | 'no_stream' | 'retry' | 'conflict';
    interface AppendStep {
      readonly stream: string;
      readonly events: ReadonlyArray<{ readonly type: string; readonly data: unknown }>;
      readonly kind: AppendKind;
    }
    type Step =
      | { readonly kind: 'own' | 'other'; readonly appends: readonly AppendStep[] }
      | { readonly kind: 'subscribe'; readonly filter: EventFilter | undefined; readonly from: number };
    interface Setup {
      readonly tail: number | undefined;
      readonly pageSize: number;
      readonly maxBatchEvents: number;
    }

    const filterArb: fc.Arbitrary<EventFilter | undefined> = fc.option(
      fc.record(
        {
          streamNamePrefixes: fc.subarray(STREAM_PREFIXES, { maxLength: 2 }),
          eventTypePrefixes: fc.subarray(TYPE_PREFIXES, { maxLength: 2 }),
        },
        { requiredKeys: [] },
    ),
      { nil: undefined },
    );
    const appendArb: fc.Arbitrary<AppendStep> = fc.record({
      stream: fc.constantFrom(...STREAMS),
      events: fc.array(
        fc.record({ type: fc.constantFrom(...TYPES), data: fc.jsonValue({ maxDepth: 2 }) }),
        { maxLength: 4 },
      ),
      kind: fc.constantFrom<AppendKind>('any', 'any', 'any', 'no_stream', 'retry', 'conflict'),
    });
    const turnArb = (kind: 'own' | 'other'): fc.Arbitrary<Step> =>
      fc.record({ kind: fc.constant(kind), appends: fc.array(appendArb, { minLength: 1, maxLength: 5 }) });
    const stepArb = (withOther: boolean): fc.Arbitrary<Step> =>
      fc.oneof(
        { weight: 5, arbitrary: turnArb('own') },
        { weight: withOther ? 2 : 0, arbitrary: turnArb('other') },
        {
          weight: 2,
          arbitrary: fc.record({ kind: fc.constant('subscribe' as const), filter: filterArb, from: fc.nat() }),
        },
      );
    const setupArb: fc.Arbitrary<Setup> = fc.record({
      tail: fc.constantFrom(undefined, 1, 3, 8),
      pageSize: fc.constantFrom(1, 2, 3, 500),
      maxBatchEvents: fc.constantFrom(1, 3, 500),
    });

    /** An event the subscription's filter passes, appended last so it knows when to stop. */
    const sentinelFor = (filter: EventFilter | undefined): { stream: string; type: string } => {
      const streams = filter?.streamNamePrefixes ?? [];
      const types = filter?.eventTypePrefixes ?? [];
      if (streams.length > 0) return { stream: `${streams[0]}sentinel`, type: 'Sentinel' };
      if (types.length > 0) return { stream: 'sentinel-1', type: `${types[0]}Sentinel` };
      return { stream: 'sentinel-1', type: 'Sentinel' };
    };

    interface Watched {
      readonly filter: EventFilter | undefined;
      readonly after: bigint;
      readonly delivered: RecordedEvent[];
      readonly consumer: Promise<void>;
      /** Set once its sentinel is appended: the consumer stops there. */
      readonly sentinel: { id?: string };
    }

    type Mode = { name: string; options: Partial<SqliteEventStoreOptions>; memory: boolean };
    const MODES: Mode[] = [
      { name: 'worker writer', options: { writer: 'worker' }, memory: false },
      { name: 'inline writer', options: { writer: 'inline' }, memory: false },
      { name: ':memory: (no second instance)', options: { filename: ':memory:' }, memory: true },
    ];

    it.each(MODES)('$name', async ({ options, memory }) => {
      const totals = { fromMemory: 0, fromDisk: 0, runs: 0 };
      await fc.assert(
        fc.asyncProperty(
          setupArb,
          filterArb,
          fc.array(stepArb(!memory), { minLength: 1, maxLength: 12 }),
          async (setup, firstFilter, steps) => {
            const runDirectory = await mkdtemp(join(tmpdir(), 'ledger-recent-run-'));
            const runFile = join(runDirectory, 'events.db');
            const store = new SqliteEventStore({
              filename: runFile,
              clock: steppingClock(),
              pollIntervalMs: 5,
              subscriptionTailEvents: setup.tail,
              subscriptionPageSize: setup.pageSize,
              maxBatchEvents: setup.maxBatchEvents,
              ...options,
            });
            const other = memory ? undefined : new SqliteEventStore({ filename: runFile, writer: 'inline', clock: steppingClock() });
            const watched: Watched[] = [];
            const done: Array<{ stream: string; events: EventToAppend[]; expected: ExpectedRevision }> = [];

            const watch = async (filter: EventFilter | undefined, from: number | 'start'): Promise<void> => {
              let fromPosition: GlobalPosition | 'start' = 'start';
              if (from !== 'start') {
                const log = await store.readAll();
                const index = from % (log.length + 1);
                if (index < log.length) fromPosition = log[index].position;
              }
              const subscription = store.subscribeToAll({ fromPosition, filter });
              const delivered: RecordedEvent[] = [];
              const sentinel: { id?: string } = {};
              const consumer = (async () => {
                for await (const e of subscription) {
                  delivered.push(e);
                  if (e.id === sentinel.id) break;
                }
              })();
              consumer.catch(() => undefined);
              watched.push({
                filter,
                after: fromPosition === 'start' ? 0n : fromPosition.commit,
                delivered,
                consumer,
                sentinel,
              });
            };

            const append = (by: SqliteEventStore, step: AppendStep): Promise<unknown> => {
              const retried = step.kind === 'retry' ? done[done.length - 1] : undefined;
              if (retried) return by.append(retried.stream, retried.events, { expectedRevision: retried.expected });
              const events = step.events.map((e, i) => ({
                id: randomUUID(),
                type: e.type,
                data: e.data,
                metadata: { correlationId: randomUUID(), i, note: 'ü🔐' },
              }));
              const expected: ExpectedRevision =
                step.kind === 'conflict' ? 1_000_000n : step.kind === 'no_stream' ? 'no_stream' : 'any';
              return by.append(step.stream, events, { expectedRevision: expected }).then((result) => {
                done.push({ stream: step.stream, events, expected });
                return result;
              });
            };

            try {
              await watch(firstFilter, 'start');
              for (const step of steps) {
                if (step.kind === 'subscribe') {
                  await watch(step.filter, step.from);
                } else {
                  const by = step.kind === 'own' || !other ? store : other;
                  await Promise.allSettled(step.appends.map((a) => append(by, a)));
                }
              }
              const sentinels = watched.map((w) => {
                const { stream, type } = sentinelFor(w.filter);
                const sentinel: EventToAppend = { id: randomUUID(), type, data: {}, metadata: {} };
                w.sentinel.id = sentinel.id;
                return store.append(stream, [sentinel], { expectedRevision: 'any' });
              });
              const positions = await Promise.all(sentinels);

              for (const [i, w] of watched.entries()) {
                await withTimeout(w.consumer, WAIT_MS, `the sentinel of subscription ${i}`);
                const upTo = positions[i].position.commit;
                const expected = (await store.readAll({ filter: w.filter })).filter(
                  (e) => e.position.commit > w.after && e.position.commit <= upTo,
                );
                expect(w.delivered).toStrictEqual(expected);
              }
              const diagnostics = store.diagnostics();
              totals.fromMemory += diagnostics.subscriptionPagesFromMemory;
              totals.fromDisk += diagnostics.subscriptionPagesFromDisk;
              totals.runs += 1;
            } finally {
              await store.close();
              await other?.close();
              await rm(runDirectory, { recursive: true, force: true });
            }
          },
        ),
        { numRuns: 60 },
      );
      // Both paths ran, so the property compared the memory path with readAll.
      expect(totals.fromMemory).toBeGreaterThan(totals.runs);
      expect(totals.fromDisk).toBeGreaterThan(0);
    }, 120_000);
  });
});

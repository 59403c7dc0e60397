import { randomUUID } from 'node:crypto';

import {
  comparePositions,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-sourcing';

import { takeEvents, withTimeout } from './take-events.helper';

/** A store for one test, and how to dispose of what it created besides closing it. */
export interface EventStoreUnderTest {
  readonly store: EventStore;
  readonly cleanup?: () => Promise<void>;
}

/**
 * What an adapter implements of the port's optional parts. The suite tests each part declared,
 * and that what is not declared is absent, so a declaration cannot go stale.
 */
export interface EventStoreCapabilities {
  /** `EventStore.streamRevision`. */
  readonly streamRevision?: boolean;
  /**
   * `EventStore.removeStreams`, and what it does to the global log: `'delete'` (the embedded
   * store, the in-memory one: `readAll` and subscriptions no longer see the events, and a
   * stream holding the log's last event is refused) or `'truncate'` (EventStoreDB's `$tb`:
   * stream reads are empty, `$all` still returns the events until a scavenge).
   */
  readonly removeStreams?: 'delete' | 'truncate';
}

/** Generous for a remote server; a local store answers in milliseconds. */
const WAIT_MS = 10_000;
const SLOW_TEST_MS = 30_000;

/**
 * Defines the jest suite every event-store adapter must pass.
 *
 * It only uses the port, so the same tests run against the embedded store and against
 * EventStoreDB (the real server or the emulator). Each test writes to streams and event types
 * with a fresh random prefix and filters every `$all` read by it, so it needs no empty store
 * and ignores system events and other tests' writes on a shared server.
 *
 * @param name shown in the suite title (adapter and configuration)
 * @param factory opens a store for one test; `close()` and `cleanup` run after it
 * @param capabilities the optional parts of the port the adapter implements (none by default)
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<EventStoreUnderTest>,
  capabilities: EventStoreCapabilities = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore;
    let ns: Namespace;
    let opened: Subscription[];

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
      ns = namespace();
      opened = [];
    });

    afterEach(async () => {
      await Promise.all(opened.map((subscription) => subscription.unsubscribe()));
      await store.close();
      await subject.cleanup?.();
    });

    const subscribe = (options: SubscribeOptions): Subscription => {
      const subscription = store.subscribeToAll(options);
      opened.push(subscription);
      return subscription;
    };
    const ownEvents = (): SubscribeOptions['filter'] => ({ streamNamePrefixes: [ns.prefix] });
    const readOwn = (): Promise<RecordedEvent[]> => store.readAll({ filter: ownEvents() });

    describe('append', () => {
      it('creates a stream with no_stream and reads it back', async () => {
        const stream = ns.stream('created');
        const events = [ns.event('TokenIssued', { n: 1 }), ns.event('TokenRefreshed', { n: 2 })];

        const result = await store.append(stream, events, { expectedRevision: 'no_stream' });

        expect(result.nextExpectedRevision).toBe(1n);
        const read = await store.readStream(stream);
        expect(read.map(summary)).toEqual([
          { id: events[0].id, streamName: stream, revision: 0n, type: events[0].type, data: { n: 1 } },
          { id: events[1].id, streamName: stream, revision: 1n, type: events[1].type, data: { n: 2 } },
        ]);
      });

      it('appends at the expected revision', async () => {
        const stream = ns.stream('continued');
        const first = await store.append(stream, [ns.event('TokenIssued')], {
          expectedRevision: 'no_stream',
        });
        const second = await store.append(
          stream,
          [ns.event('TokenRefreshed'), ns.event('TokenRefreshed')],
          { expectedRevision: first.nextExpectedRevision },
        );

        expect(first.nextExpectedRevision).toBe(0n);
        expect(second.nextExpectedRevision).toBe(2n);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('rejects a stale or future expected revision and writes nothing', async () => {
        const stream = ns.stream('stale');
        await store.append(stream, [ns.event('TokenIssued'), ns.event('TokenRefreshed')], {
          expectedRevision: 'no_stream',
        });
        const before = await store.readStream(stream);

        await expect(
          store.append(stream, [ns.event('TokenRevoked')], { expectedRevision: 0n }),
        ).rejects.toMatchObject({ code: 'wrong_expected_revision', streamName: stream });
        await expect(
          store.append(stream, [ns.event('TokenRevoked')], { expectedRevision: 5n }),
        ).rejects.toMatchObject({ code: 'wrong_expected_revision' });

        expect(await store.readStream(stream)).toEqual(before);
      });

      it('rejects a revision on a stream that does not exist', async () => {
        const stream = ns.stream('absent');

        await expect(
          store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 0n }),
        ).rejects.toMatchObject({ code: 'wrong_expected_revision' });

        expect(await store.readStream(stream)).toEqual([]);
      });

      it('rejects no_stream when the stream exists', async () => {
        const stream = ns.stream('exists');
        await store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });

        await expect(
          store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' }),
        ).rejects.toMatchObject({ code: 'wrong_expected_revision' });

        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('stream_exists fails on a missing stream and appends to an existing one', async () => {
        const stream = ns.stream('maybe');

        await expect(
          store.append(stream, [ns.event('TokenRefreshed')], { expectedRevision: 'stream_exists' }),
        ).rejects.toMatchObject({ code: 'wrong_expected_revision' });
        expect(await store.readStream(stream)).toEqual([]);

        await store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });
        const result = await store.append(stream, [ns.event('TokenRefreshed')], {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('any appends whether or not the stream exists', async () => {
        const stream = ns.stream('any');

        const first = await store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'any' });
        const second = await store.append(stream, [ns.event('TokenRefreshed')], {
          expectedRevision: 'any',
        });

        expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 1n]);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('treats a retry with the same event ids and expected revision as already done', async () => {
        const stream = ns.stream('retried');
        const created = [ns.event('TokenIssued'), ns.event('TokenRefreshed')];
        const refreshed = [ns.event('TokenRefreshed')];

        const first = await store.append(stream, created, { expectedRevision: 'no_stream' });
        const retry = await store.append(stream, created, { expectedRevision: 'no_stream' });
        const next = await store.append(stream, refreshed, { expectedRevision: 1n });
        const nextRetry = await store.append(stream, refreshed, { expectedRevision: 1n });
        // The stream has moved on: the first append is still recognised by its ids.
        const lateRetry = await store.append(stream, created, { expectedRevision: 'no_stream' });

        expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(nextRetry.nextExpectedRevision).toBe(next.nextExpectedRevision);
        expect(lateRetry.nextExpectedRevision).toBe(1n);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual([
          ...created.map((e) => e.id),
          refreshed[0].id,
        ]);
      });

      it('treats the same expected revision with other event ids as a conflict', async () => {
        const stream = ns.stream('different');
        await store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });

        await expect(
          store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' }),
        ).rejects.toMatchObject({ code: 'wrong_expected_revision' });
      });

      it('lets exactly one of 50 concurrent appends at the same revision win', async () => {
        const stream = ns.stream('race');
        await store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });
        const contenders = Array.from({ length: 50 }, (_, i) => ns.event('TokenRefreshed', { i }));

        const outcomes = await Promise.allSettled(
          contenders.map((event) => store.append(stream, [event], { expectedRevision: 0n })),
        );

        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [contenders[i]] : []));
        const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(49);
        for (const loser of losers) expect(loser).toMatchObject({ code: 'wrong_expected_revision' });
        const read = await store.readStream(stream);
        expect(read.map((e) => e.id)).toEqual([read[0].id, winners[0].id]);
      });

      it('lets exactly one of 50 concurrent creations of a stream win', async () => {
        const stream = ns.stream('birth');

        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, () =>
            store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' }),
          ),
        );

        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('lets concurrent appends to different streams all succeed', async () => {
        const streams = Array.from({ length: 50 }, (_, i) => ns.stream(`parallel${i}`));

        const results = await Promise.all(
          streams.map((stream) =>
            store.append(stream, [ns.event('TokenIssued'), ns.event('TokenRefreshed')], {
              expectedRevision: 'no_stream',
            }),
          ),
        );

        expect(results.map((r) => r.nextExpectedRevision)).toEqual(streams.map(() => 1n));
        const counts = await Promise.all(streams.map(async (s) => (await store.readStream(s)).length));
        expect(counts).toEqual(streams.map(() => 2));
      });
    });

    describe('readStream', () => {
      it('reads forwards and backwards from an inclusive revision with maxCount', async () => {
        const stream = ns.stream('ten');
        await appendSeries(store, stream, ns, 10);
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((e) => e.revision);

        expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
        expect(await revisions({ fromRevision: 3n, maxCount: 4 })).toEqual([3n, 4n, 5n, 6n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 6n, maxCount: 3 })).toEqual([
          6n,
          5n,
          4n,
        ]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([9n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 'end', maxCount: 2 })).toEqual([
          9n,
          8n,
        ]);
        expect(await revisions({ fromRevision: 'start', maxCount: 1 })).toEqual([0n]);
        expect(await revisions({ fromRevision: 10n })).toEqual([]);
      });

      it('reads a missing stream as empty in both directions', async () => {
        const stream = ns.stream('never');

        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.readStream(stream, { direction: 'backwards', maxCount: 1 })).toEqual([]);
      });
    });

    describe('streamRevision (optional)', () => {
      const declared = capabilities.streamRevision === true;

      it(`is ${declared ? '' : 'not '}implemented, as declared`, () => {
        expect(typeof store.streamRevision).toBe(declared ? 'function' : 'undefined');
      });

      if (declared) {
        it('is the last revision of a stream, or no_stream', async () => {
          const stream = ns.stream('revision');
          const revisionOf = (streamName: string) => store.streamRevision!(streamName);

          await expect(revisionOf(stream)).resolves.toBe('no_stream');
          await store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });
          await store.append(stream, [ns.event('TokenRefreshed'), ns.event('TokenRefreshed')], {
            expectedRevision: 0n,
          });
          await expect(revisionOf(stream)).resolves.toBe(2n);
          await expect(revisionOf(ns.stream('other'))).resolves.toBe('no_stream');
        });
      }
    });

    describe('removeStreams (optional)', () => {
      const declared = capabilities.removeStreams;

      it(`is ${declared ? '' : 'not '}implemented, as declared`, () => {
        expect(typeof store.removeStreams).toBe(declared ? 'function' : 'undefined');
      });

      if (declared) {
        /** Two streams to remove, one to keep, and a last event elsewhere (as a removal record is). */
        const arrange = async () => {
          const [gone, alsoGone, kept] = [ns.stream('gone'), ns.stream('alsoGone'), ns.stream('kept')];
          await appendSeries(store, gone, ns, 3);
          await store.append(alsoGone, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });
          const keptIds = await appendSeries(store, kept, ns, 2);
          await store.append(ns.stream('record', 'removals'), [ns.event('EventsRemoved')], { expectedRevision: 'any' });
          return { gone, alsoGone, kept, keptIds };
        };

        it('empties the streams for stream reads, leaves the others, and may be repeated', async () => {
          const { gone, alsoGone, kept, keptIds } = await arrange();
          const before = await readOwn();

          await store.removeStreams!([gone, alsoGone, ns.stream('neverWritten')]);
          await store.removeStreams!([gone]);

          expect(await store.readStream(gone)).toEqual([]);
          expect(await store.readStream(gone, { direction: 'backwards', maxCount: 1 })).toEqual([]);
          expect(await store.readStream(alsoGone)).toEqual([]);
          expect((await store.readStream(kept)).map((e) => e.id)).toEqual(keptIds);
          const after = await readOwn();
          const removed = (e: RecordedEvent) => e.streamName === gone || e.streamName === alsoGone;
          if (declared === 'delete') {
            expect(after.map(summary)).toEqual(before.filter((e) => !removed(e)).map(summary));
          } else {
            // EventStoreDB: `$all` returns truncated events until a scavenge.
            expect(after.map(summary)).toEqual(before.map(summary));
          }
        });

        it('continues the log after the last position: appends and subscriptions go on', async () => {
          const { gone } = await arrange();
          const head = (await readOwn()).at(-1)!;
          await store.removeStreams!([gone]);
          const subscription = subscribe({ fromPosition: head.position, filter: ownEvents() });

          const next = ns.event('TokenIssued');
          const appended = await store.append(ns.stream('after'), [next], { expectedRevision: 'no_stream' });

          expect(comparePositions(appended.position, head.position)).toBe(1);
          expect((await takeEvents(subscription, 1, WAIT_MS)).map((e) => e.id)).toEqual([next.id]);
        }, SLOW_TEST_MS);

        if (declared === 'delete') {
          it('refuses a stream holding the log\'s last event and removes nothing', async () => {
            const { gone } = await arrange();
            const last = ns.stream('last');
            await store.append(last, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });

            await expect(store.removeStreams!([gone, last])).rejects.toMatchObject({
              code: 'stream_removal_refused',
              streamName: last,
            });
            expect(await store.readStream(gone)).toHaveLength(3);
            expect(await store.readStream(last)).toHaveLength(1);
          });

          it('no longer delivers the events to subscriptions from the start', async () => {
            const { gone, kept, keptIds } = await arrange();
            await store.removeStreams!([gone]);
            const subscription = subscribe({ fromPosition: 'start', filter: { streamNamePrefixes: [ns.category('main')] } });

            const delivered = await takeEvents(subscription, keptIds.length + 1, WAIT_MS);

            expect(delivered.map((e) => e.streamName).filter((name) => name !== kept).sort()).toEqual([ns.stream('alsoGone')]);
            expect(delivered.filter((e) => e.streamName === kept).map((e) => e.id)).toEqual(keptIds);
          }, SLOW_TEST_MS);
        } else {
          it('keeps the stream\'s revision: no_stream is a conflict, the next revision follows on', async () => {
            const { gone } = await arrange();
            await store.removeStreams!([gone]);

            await expect(
              store.append(gone, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' }),
            ).rejects.toMatchObject({ code: 'wrong_expected_revision' });
          });
        }
      }
    });

    describe('readAll', () => {
      it('reads in commit order, forwards and backwards, with strictly increasing positions', async () => {
        const written = await appendInterleaved(store, ns, ['a', 'b', 'c'], 4);

        const forwards = await readOwn();
        const backwards = await store.readAll({ direction: 'backwards', filter: ownEvents() });

        expect(forwards.map((e) => e.id)).toEqual(written);
        expect(backwards.map((e) => e.id)).toEqual([...written].reverse());
        expectStrictlyIncreasing(forwards);
      });

      // Inclusive in both directions, as the port says. EventStoreDB itself reads `$all`
      // backwards from a post-position (records ending at or before P), which excludes the
      // event at P: the EventStoreDB adapter has to compensate to pass this test.
      it('starts at an inclusive position and honours maxCount', async () => {
        const written = await appendInterleaved(store, ns, ['a', 'b'], 3);
        const all = await readOwn();
        const third = all[2].position;

        const forwards = await store.readAll({ fromPosition: third, maxCount: 2, filter: ownEvents() });
        const backwards = await store.readAll({
          direction: 'backwards',
          fromPosition: third,
          maxCount: 2,
          filter: ownEvents(),
        });
        const first = await store.readAll({ maxCount: 1, filter: ownEvents() });

        expect(forwards.map((e) => e.id)).toEqual([written[2], written[3]]);
        expect(backwards.map((e) => e.id)).toEqual([written[2], written[1]]);
        expect(first.map((e) => e.id)).toEqual([written[0]]);
      });

      it('filters by stream-name prefixes', async () => {
        const alpha = ns.stream('alpha1', 'alpha');
        const beta = ns.stream('beta1', 'beta');
        const gamma = ns.stream('gamma1', 'gamma');
        const ids: Record<string, string[]> = { alpha: [], beta: [], gamma: [] };
        for (const [key, stream] of [
          ['alpha', alpha],
          ['beta', beta],
          ['gamma', gamma],
          ['alpha', alpha],
          ['gamma', gamma],
        ] as const) {
          const event = ns.event('TokenIssued');
          await store.append(stream, [event], { expectedRevision: 'any' });
          ids[key].push(event.id);
        }

        const onlyAlpha = await store.readAll({
          filter: { streamNamePrefixes: [ns.category('alpha')] },
        });
        const alphaOrGamma = await store.readAll({
          filter: { streamNamePrefixes: [ns.category('alpha'), ns.category('gamma')] },
        });

        expect(onlyAlpha.map((e) => e.id)).toEqual(ids.alpha);
        expect(new Set(alphaOrGamma.map((e) => e.id))).toEqual(new Set([...ids.alpha, ...ids.gamma]));
        expectStrictlyIncreasing(alphaOrGamma);
      });

      it('filters by event-type prefixes', async () => {
        const stream = ns.stream('typed');
        const events = [
          ns.event('TokenIssued'),
          ns.event('ClientCreated'),
          ns.event('TokenRevoked'),
          ns.event('PolicyUpdated'),
        ];
        await store.append(stream, events, { expectedRevision: 'no_stream' });

        const tokens = await store.readAll({ filter: { eventTypePrefixes: [ns.type('Token')] } });
        const either = await store.readAll({
          filter: { eventTypePrefixes: [ns.type('Client'), ns.type('Policy')] },
        });

        expect(tokens.map((e) => e.id)).toEqual([events[0].id, events[2].id]);
        expect(either.map((e) => e.id)).toEqual([events[1].id, events[3].id]);
      });

      it('passes an event that matches either a stream prefix or a type prefix', async () => {
        const matchedByStream = ns.event('ClientCreated');
        const matchedByType = ns.event('TokenIssued');
        const neither = ns.event('ClientCreated');
        await store.append(ns.stream('one', 'kept'), [matchedByStream], { expectedRevision: 'any' });
        await store.append(ns.stream('two', 'other'), [matchedByType, neither], {
          expectedRevision: 'any',
        });

        const read = await store.readAll({
          filter: { streamNamePrefixes: [ns.category('kept')], eventTypePrefixes: [ns.type('Token')] },
        });

        expect(read.map((e) => e.id)).toEqual([matchedByStream.id, matchedByType.id]);
      });
    });

    describe('subscribeToAll', () => {
      it(
        'catches up from the start, then delivers live events',
        async () => {
          const stream = ns.stream('live');
          const past = await appendSeries(store, stream, ns, 3);
          const subscription = subscribe({ fromPosition: 'start', filter: ownEvents() });

          const caughtUp = await takeEvents(subscription, 3, WAIT_MS);
          const future = [ns.event('TokenRevoked'), ns.event('TokenRevoked')];
          await store.append(stream, future, { expectedRevision: 2n });
          const live = await takeEvents(subscription, 2, WAIT_MS);

          expect(caughtUp.map((e) => e.id)).toEqual(past);
          expect(live.map((e) => e.id)).toEqual(future.map((e) => e.id));
        },
        SLOW_TEST_MS,
      );

      it(
        'starts strictly after fromPosition',
        async () => {
          const written = await appendSeries(store, ns.stream('resume'), ns, 4);
          const all = await readOwn();

          const subscription = subscribe({ fromPosition: all[1].position, filter: ownEvents() });

          expect((await takeEvents(subscription, 2, WAIT_MS)).map((e) => e.id)).toEqual(
            written.slice(2),
          );
        },
        SLOW_TEST_MS,
      );

      it(
        'delivers appends made during catch-up exactly once, in order',
        async () => {
          for (let i = 0; i < 12; i++) {
            await store.append(
              ns.stream('history'),
              Array.from({ length: 10 }, () => ns.event('TokenRefreshed')),
              { expectedRevision: i === 0 ? 'no_stream' : BigInt(i * 10 - 1) },
            );
          }
          const subscription = subscribe({ fromPosition: 'start', filter: ownEvents() });

          const head = await takeEvents(subscription, 1, WAIT_MS);
          // Three writers race the catch-up, each appending to its own stream in order.
          const writers = ['w1', 'w2', 'w3'].map((w) => appendSeries(store, ns.stream(w), ns, 20));
          const rest = await takeEvents(subscription, 120 + 60 - 1, WAIT_MS);
          await Promise.all(writers);
          const sentinel = ns.event('TokenRevoked');
          await store.append(ns.stream('sentinel'), [sentinel], { expectedRevision: 'no_stream' });
          const afterwards = await takeEvents(subscription, 1, WAIT_MS);

          const delivered = [...head, ...rest];
          expect(delivered.map((e) => e.id)).toEqual((await readOwn()).slice(0, 180).map((e) => e.id));
          expect(new Set(delivered.map((e) => e.id)).size).toBe(180);
          expectStrictlyIncreasing(delivered);
          expect(afterwards.map((e) => e.id)).toEqual([sentinel.id]);
        },
        SLOW_TEST_MS,
      );

      it(
        'delivers only events that pass its filter',
        async () => {
          const subscription = subscribe({
            fromPosition: 'start',
            filter: { eventTypePrefixes: [ns.type('Token')] },
          });
          const stream = ns.stream('mixed');
          const events = [
            ns.event('ClientCreated'),
            ns.event('TokenIssued'),
            ns.event('PolicyUpdated'),
            ns.event('ClientUpdated'),
            ns.event('TokenRevoked'),
          ];
          await store.append(stream, events.slice(0, 3), { expectedRevision: 'no_stream' });
          await store.append(ns.stream('noise'), [ns.event('ClientCreated')], {
            expectedRevision: 'no_stream',
          });
          await store.append(stream, events.slice(3), { expectedRevision: 2n });

          const delivered = await takeEvents(subscription, 2, WAIT_MS);
          const sentinel = ns.event('TokenSentinel');
          await store.append(ns.stream('other'), [ns.event('ClientCreated'), sentinel], {
            expectedRevision: 'no_stream',
          });
          const next = await takeEvents(subscription, 1, WAIT_MS);

          expect(delivered.map((e) => e.id)).toEqual([events[1].id, events[4].id]);
          expect(next.map((e) => e.id)).toEqual([sentinel.id]);
        },
        SLOW_TEST_MS,
      );

      it(
        'ends the iteration on unsubscribe',
        async () => {
          const subscription = subscribe({ fromPosition: 'start', filter: ownEvents() });
          const received: RecordedEvent[] = [];
          let firstArrived: () => void = () => undefined;
          const first = new Promise<void>((resolve) => {
            firstArrived = resolve;
          });
          const consumer = (async () => {
            for await (const event of subscription) {
              received.push(event);
              firstArrived();
            }
          })();
          const event = ns.event('TokenIssued');
          await store.append(ns.stream('stop'), [event], { expectedRevision: 'no_stream' });
          await withTimeout(first, WAIT_MS, 'the first event');

          await subscription.unsubscribe();

          await withTimeout(consumer, WAIT_MS, 'the iteration to end after unsubscribe()');
          expect(received.map((e) => e.id)).toEqual([event.id]);
        },
        SLOW_TEST_MS,
      );
    });

    describe('data', () => {
      it(
        'round-trips data and metadata verbatim, unicode included',
        async () => {
          const data = {
            text: 'héllo wörld — 日本語 — مرحبا — 🔐🚀',
            escapes: 'a "quoted" \\ back\nslash\ttab \u0000\u001f \u2028',
            numbers: [0, -1, 2.5, 1e21, Number.MAX_SAFE_INTEGER],
            flags: [true, false, null],
            nested: { empty: {}, emptyList: [], deep: { deeper: { deepest: 'ü' } } },
          };
          const metadata: EventMetadata = {
            correlationId: randomUUID(),
            causationId: randomUUID(),
            actor: 'client:çlient-ü',
            requestId: 'req-✓',
            previousEventHash: null,
            schemaVersion: 1,
            extra: { note: '🧾' },
          };
          const event = ns.event('TokenIssued', data, metadata);
          const stream = ns.stream('unicode');
          const subscription = subscribe({ fromPosition: 'start', filter: ownEvents() });

          await store.append(stream, [event], { expectedRevision: 'no_stream' });

          const [fromStream] = await store.readStream(stream);
          const [fromAll] = await readOwn();
          const [fromSubscription] = await takeEvents(subscription, 1, WAIT_MS);
          for (const read of [fromStream, fromAll, fromSubscription]) {
            expect(read.data).toEqual(data);
            expect(read.metadata).toEqual(metadata);
            expect(read.type).toBe(event.type);
            expect(read.id).toBe(event.id);
          }
        },
        SLOW_TEST_MS,
      );

      it('records bigint revisions and positions and a recording date', async () => {
        const stream = ns.stream('types');
        await store.append(stream, [ns.event('TokenIssued')], { expectedRevision: 'no_stream' });

        const [event] = await store.readStream(stream);

        expect(typeof event.revision).toBe('bigint');
        expect(typeof event.position.commit).toBe('bigint');
        expect(typeof event.position.prepare).toBe('bigint');
        expect(event.recordedAt).toBeInstanceOf(Date);
        expect(Number.isNaN(event.recordedAt.getTime())).toBe(false);
      });
    });
  });
}

/** Unique names for one test: its own stream categories and event-type prefix. */
interface Namespace {
  /** Prefix of every stream the test writes (filter `$all` by it). */
  readonly prefix: string;
  /** Prefix of the streams of one sub-category, e.g. to test stream filters. */
  category(sub: string): string;
  stream(id: string, sub?: string): string;
  /** An event type with the test's own prefix, e.g. `type('TokenIssued')`. */
  type(name: string): string;
  event(type: string, data?: unknown, metadata?: EventMetadata): EventToAppend;
}

function namespace(): Namespace {
  // No dash in a category: the stream's category is what precedes the first dash.
  const tag = randomUUID().replace(/-/g, '').slice(0, 12);
  const prefix = `contract${tag}`;
  const typePrefix = `C${tag}`;
  const category = (sub: string) => `${prefix}${sub}-`;
  return {
    prefix,
    category,
    stream: (id, sub = 'main') => `${category(sub)}${id}`,
    type: (name) => `${typePrefix}${name}`,
    event: (type, data = {}, metadata = { correlationId: randomUUID() }) => ({
      id: randomUUID(),
      type: `${typePrefix}${type}`,
      data,
      metadata,
    }),
  };
}

/** Appends `count` events one by one to a new stream; returns their ids in order. */
async function appendSeries(
  store: EventStore,
  stream: string,
  ns: Namespace,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  let expectedRevision: ExpectedRevision = 'no_stream';
  for (let i = 0; i < count; i++) {
    const event = ns.event('TokenRefreshed', { i });
    const result = await store.append(stream, [event], { expectedRevision });
    expectedRevision = result.nextExpectedRevision;
    ids.push(event.id);
  }
  return ids;
}

/** Appends `rounds` events to each stream in turn (a1, b1, a2, b2, ...); returns ids in order. */
async function appendInterleaved(
  store: EventStore,
  ns: Namespace,
  streamIds: readonly string[],
  rounds: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const id of streamIds) {
      const event = ns.event('TokenIssued', { id, round });
      await store.append(ns.stream(id), [event], { expectedRevision: 'any' });
      ids.push(event.id);
    }
  }
  return ids;
}

function expectStrictlyIncreasing(events: readonly RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    expect(comparePositions(events[i - 1].position, events[i].position)).toBe(-1);
  }
}

function summary(event: RecordedEvent) {
  const { id, streamName, revision, type, data } = event;
  return { id, streamName, revision, type, data };
}

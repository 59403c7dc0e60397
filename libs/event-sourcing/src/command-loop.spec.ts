import { InMemoryEventStore } from '@ledger/testing';
import { CommandLoop, ConcurrencyRetriesExhaustedError, firstAndLastLoader, fullFoldLoader } from './command-loop';
import type { Decider } from './decider';
import { canonicalJson } from './canonical-json';
import { deterministicUuid } from './deterministic-id';
import { eventHash, eventHashOfJson } from './event-hash';
import type { EventStore, EventToAppend } from './event-store.port';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from './errors';
import { ObservedEventStore } from './observed-event-store.fixtures';

/** A counter: `Add` appends `Added`; `decide` refuses to pass 3 (a broken invariant throws). */
type Cmd = { type: 'Add'; data: { by: number } };
type Evt = { type: 'Added'; data: { by: number } };
const counter: Decider<Cmd, Evt, number> = {
  initialState: () => 0,
  evolve: (state, e) => state + e.data.by,
  decide: (c, state) => {
    if (state + c.data.by > 3) throw Object.assign(new Error('limit'), { code: 'limit' });
    return [{ type: 'Added', data: { by: c.data.by } }];
  },
};

/**
 * Another writer (a replica) that appends `Added { by }` to the stream each time it is called:
 * scripted just before the loop's append, it wins the revision the loop read.
 */
function anotherWriter(store: EventStore, by = 0): (streamName: string) => Promise<void> {
  let appended = 0;
  return async (streamName) => {
    appended += 1;
    const id = deterministicUuid(`another-writer|${streamName}|${appended}`);
    await store.append(streamName, [{ id, type: 'Added', data: { by }, metadata: {} }], { expectedRevision: 'any' });
  };
}

/**
 * Records the delay of every back-off the loop takes and resolves it on the next turn instead:
 * a spec asserts the schedule, never the clock. Undone by `jest.restoreAllMocks()`.
 */
function recordBackoffs(): number[] {
  const delays: number[] = [];
  jest.spyOn(global, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return setImmediate(callback);
  }) as unknown as typeof setTimeout);
  return delays;
}

describe('CommandLoop', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const add = (loop: CommandLoop, id: string, by = 1) =>
    loop.run({ streamName: 'counter-1', decider: counter, load: fullFoldLoader(counter), command: { type: 'Add', data: { by } }, commandId: id, metadata: { actor: 'test' } });

  /** One `Add` on `streamName` with work beside its append. */
  const addAlongside = <P>(loop: CommandLoop, streamName: string, by: number, alongsideAppend: (events: Evt[], state: number) => Promise<P> | undefined) =>
    loop.run({ streamName, decider: counter, load: fullFoldLoader(counter), command: { type: 'Add', data: { by } }, commandId: `${streamName}-${by}`, metadata: {}, alongsideAppend });

  /** The store with some of its methods replaced (another writer, a failing append). */
  const storeWith = (overrides: Partial<EventStore>): EventStore => ({
    ...store,
    readStream: (n, o) => store.readStream(n, o),
    readAll: (o) => store.readAll(o),
    subscribeToAll: (o) => store.subscribeToAll(o),
    close: () => Promise.resolve(),
    append: (n, e, o) => store.append(n, e, o),
    ...overrides,
  });

  it('appends with the revision it read and chains each event to the previous one by hash', async () => {
    const loop = new CommandLoop(store);
    await add(loop, 'a');
    await add(loop, 'b');
    const events = await store.readStream('counter-1');
    expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
    expect(events[0].metadata.previousEventHash).toBeNull();
    expect(events[1].metadata.previousEventHash).toBe(eventHash(events[0]));
    expect(events[0].metadata.actor).toBe('test');
  });

  it('returns the decided events, the states before and after, and where the store wrote them', async () => {
    const loop = new CommandLoop(store);
    await add(loop, 'a', 1);
    const result = await add(loop, 'b', 2);
    const [, written] = await store.readStream('counter-1');
    expect(result).toEqual({ events: [{ type: 'Added', data: { by: 2 } }], state: 3, stateBefore: 1, nextExpectedRevision: 1n, position: written.position, prepared: undefined });
  });

  it('chains several events of one append to each other', async () => {
    const twice: Decider<Cmd, Evt, number> = { ...counter, decide: (c) => [{ type: 'Added', data: c.data }, { type: 'Added', data: c.data }] };
    const loop = new CommandLoop(store);
    await loop.run({ streamName: 'counter-3', decider: twice, load: fullFoldLoader(twice), command: { type: 'Add', data: { by: 1 } }, commandId: 't', metadata: {} });
    await loop.run({ streamName: 'counter-3', decider: twice, load: fullFoldLoader(twice), command: { type: 'Add', data: { by: 1 } }, commandId: 'u', metadata: {} });
    const events = await store.readStream('counter-3');
    for (let i = 1; i < events.length; i++) expect(events[i].metadata.previousEventHash).toBe(eventHash(events[i - 1]));
  });

  it('hands the store the canonical JSON it hashed, and that hash, so the event is serialised and hashed once', async () => {
    const appended: EventToAppend[] = [];
    const loop = new CommandLoop(storeWith({ append: (n, e, o) => (appended.push(...e), store.append(n, e, o)) }));
    await add(loop, 'a');
    await add(loop, 'b');
    const [first, second] = appended;
    expect(first.json).toEqual({ data: canonicalJson(first.data), metadata: canonicalJson(first.metadata), hash: eventHash((await store.readStream('counter-1'))[0]) });
    expect(second.json?.hash).toBe(eventHash((await store.readStream('counter-1'))[1]));
    // What the next event links to is the hash of exactly that text.
    expect(second.metadata.previousEventHash).toBe(eventHashOfJson({ streamName: 'counter-1', revision: 0n, id: first.id, type: first.type }, first.json!.data, first.json!.metadata));
    expect(second.metadata.previousEventHash).toBe(eventHash((await store.readStream('counter-1'))[0]));
  });

  it('serialises concurrent commands on one stream inside a process: no lost update', async () => {
    const loop = new CommandLoop(store);
    await Promise.all([add(loop, 'a'), add(loop, 'b'), add(loop, 'c')]);
    expect((await store.readStream('counter-1')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('on a conflict reloads and decides again, so the invariant holds across writers', async () => {
    // Two loops are two replicas: their mutexes do not see each other, only the store does.
    const a = new CommandLoop(store);
    const b = new CommandLoop(store);
    const results = await Promise.allSettled([add(a, 'a', 2), add(b, 'b', 2)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'limit' });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  describe('when another writer wins the revision (a replica)', () => {
    afterEach(() => jest.restoreAllMocks());

    it('reloads and decides again on every attempt, and gives up after maxAttempts with the attempts made', async () => {
      const observed = new ObservedEventStore(store).beforeNextAppends(3, anotherWriter(store));
      const load = jest.fn(fullFoldLoader(counter));
      const backoffs = recordBackoffs();
      await expect(
        new CommandLoop(observed).run({ streamName: 'counter-1', decider: counter, load, command: { type: 'Add', data: { by: 1 } }, commandId: 'x', metadata: {}, maxAttempts: 3 }),
      ).rejects.toMatchObject({
        code: 'concurrency_retries_exhausted',
        name: 'ConcurrencyRetriesExhaustedError',
        streamName: 'counter-1',
        attempts: 3,
        message: 'stream counter-1: gave up after 3 conflicting attempts',
      });
      expect(load).toHaveBeenCalledTimes(3);
      // Each attempt appends at the revision it has just read: never the one that lost.
      expect(observed.appends.map((a) => a.expectedRevision)).toEqual(['no_stream', 0n, 1n]);
      // It backs off between attempts, not after the last one before giving up.
      expect(backoffs).toHaveLength(2);
    });

    it('makes 10 attempts by default, backing off under a ceiling that doubles from 1 ms up to 64 ms', async () => {
      // The back-off is random (full jitter); fixed here at half of each ceiling.
      jest.spyOn(Math, 'random').mockReturnValue(0.5);
      const backoffs = recordBackoffs();
      const observed = new ObservedEventStore(store).beforeNextAppends(10, anotherWriter(store));
      await expect(add(new CommandLoop(observed), 'x')).rejects.toBeInstanceOf(ConcurrencyRetriesExhaustedError);
      expect(observed.appends).toHaveLength(10);
      expect(backoffs).toEqual([0.5, 1, 2, 4, 8, 16, 32, 32, 32]);
    });

    it('wins on a later attempt once the other writer stops, deciding on what it wrote', async () => {
      recordBackoffs();
      const observed = new ObservedEventStore(store).beforeNextAppends(2, anotherWriter(store, 1));
      const result = await add(new CommandLoop(observed), 'x', 1);
      expect(result).toMatchObject({ stateBefore: 2, state: 3, nextExpectedRevision: 2n });
      expect(observed.appends.map((a) => a.expectedRevision)).toEqual(['no_stream', 0n, 1n]);
      expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([{ by: 1 }, { by: 1 }, { by: 1 }]);
    });

    it('builds a command given as a function again from the state each attempt read', async () => {
      recordBackoffs();
      const observed = new ObservedEventStore(store).beforeNextAppends(1, anotherWriter(store, 1));
      const build = jest.fn((state: number): Cmd => ({ type: 'Add', data: { by: state + 1 } }));
      const result = await new CommandLoop(observed).run({ streamName: 'counter-1', decider: counter, load: fullFoldLoader(counter), command: build, commandId: 'x', metadata: {} });
      expect(build.mock.calls).toEqual([
        [0, { firstPosition: null }],
        [1, { firstPosition: null }],
      ]);
      expect(result.events).toEqual([{ type: 'Added', data: { by: 2 } }]);
    });
  });

  it('lets a store failure other than a conflict propagate at once, without a retry', async () => {
    const observed = new ObservedEventStore(store).beforeNextAppends(1, () => Promise.reject(new EventStoreUnavailableError('store down')));
    await expect(add(new CommandLoop(observed), 'a')).rejects.toMatchObject({ code: 'event_store_unavailable' });
    expect(observed.appends).toHaveLength(1);
    expect(await store.readStream('counter-1')).toEqual([]);
  });

  it('derives event ids from the command, so a replayed append is recognised as a duplicate', async () => {
    const loop = new CommandLoop(store);
    await add(loop, 'same-command');
    const [first] = await store.readStream('counter-1');
    // Re-send the identical append (same ids, same expected revision): the store must not duplicate it.
    await store.append('counter-1', [{ id: first.id, type: first.type, data: first.data, metadata: first.metadata }], { expectedRevision: 'no_stream' });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('gives each event of one append its own id', async () => {
    const twice: Decider<Cmd, Evt, number> = { ...counter, decide: (c) => [{ type: 'Added', data: c.data }, { type: 'Added', data: c.data }] };
    const observed = new ObservedEventStore(store);
    await new CommandLoop(observed).run({ streamName: 'counter-1', decider: twice, load: fullFoldLoader(twice), command: { type: 'Add', data: { by: 1 } }, commandId: 'c', metadata: {} });
    const [first, second] = observed.appends[0].events;
    expect(first.id).not.toBe(second.id);
    expect((await store.readStream('counter-1')).map((e) => e.id)).toEqual([first.id, second.id]);
  });

  it('hands an event without data to the store as it is, without JSON text, for the store to refuse', async () => {
    type Blank = { type: 'Blank'; data: undefined };
    const blank: Decider<Cmd, Blank, number> = { initialState: () => 0, evolve: (s) => s, decide: () => [{ type: 'Blank', data: undefined }] };
    const observed = new ObservedEventStore(store);
    await expect(
      new CommandLoop(observed).run({ streamName: 'blank-1', decider: blank, load: fullFoldLoader(blank), command: { type: 'Add', data: { by: 1 } }, commandId: 'c', metadata: {} }),
    ).rejects.toMatchObject({ code: 'invalid_event' });
    expect(observed.appends[0].events).toEqual([{ id: expect.any(String), type: 'Blank', data: undefined, metadata: { schemaVersion: 1, previousEventHash: null } }]);
    expect(observed.appends[0].events[0]).not.toHaveProperty('json');
  });

  it('with a fixed expected revision, appends when the stream is exactly there', async () => {
    const loop = new CommandLoop(store);
    await add(loop, 'a');
    const result = await loop.run({ streamName: 'counter-1', decider: counter, load: fullFoldLoader(counter), command: { type: 'Add', data: { by: 1 } }, commandId: 'b', metadata: {}, expectedRevision: 0n });
    expect(result.nextExpectedRevision).toBe(1n);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('with a stale fixed expected revision, refuses before deciding and appends nothing', async () => {
    const loop = new CommandLoop(store);
    await add(loop, 'a');
    await add(loop, 'b');
    const decide = jest.fn(counter.decide);
    const watched: Decider<Cmd, Evt, number> = { ...counter, decide };
    await expect(
      loop.run({ streamName: 'counter-1', decider: watched, load: fullFoldLoader(watched), command: { type: 'Add', data: { by: 1 } }, commandId: 'c', metadata: {}, expectedRevision: 0n }),
    ).rejects.toMatchObject({ code: 'wrong_expected_revision', expected: 0n, actual: 1n });
    expect(decide).not.toHaveBeenCalled();
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  // Equivalent mutant, command-loop.ts:170 `fixed === undefined ? …` -> `true ? …`: with a fixed revision the first attempt always returns or throws, so no budget >= 1 is ever reached.
  it('with a fixed expected revision, does not reload and retry when another writer wins the append', async () => {
    await add(new CommandLoop(store), 'a');
    const load = jest.fn(fullFoldLoader(counter));
    const racing: EventStore = {
      ...store,
      readStream: (n, o) => store.readStream(n, o),
      readAll: (o) => store.readAll(o),
      subscribeToAll: (o) => store.subscribeToAll(o),
      close: () => Promise.resolve(),
      // Another replica appended between this load and this append.
      append: (name) => Promise.reject(new WrongExpectedRevisionError(name, 0n, 1n)),
    };
    const loop = new CommandLoop(racing);
    await expect(
      loop.run({ streamName: 'counter-1', decider: counter, load, command: { type: 'Add', data: { by: 1 } }, commandId: 'x', metadata: {}, expectedRevision: 0n }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('decides nothing when the command changes nothing, and appends nothing', async () => {
    const noop: Decider<Cmd, Evt, number> = { ...counter, decide: () => [] };
    const loop = new CommandLoop(store);
    await add(loop, 'a');
    const result = await loop.run({ streamName: 'counter-1', decider: noop, load: fullFoldLoader(noop), command: { type: 'Add', data: { by: 1 } }, commandId: 'n', metadata: {} });
    expect(result).toEqual({ events: [], state: 1, stateBefore: 1, nextExpectedRevision: 0n, position: null });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  describe('alongsideAppend (work started on the decision, during its append)', () => {
    it('starts the work before the append settles and returns it as `prepared` once the append succeeded', async () => {
      const loop = new CommandLoop(store);
      const seen: string[] = [];
      const result = await addAlongside(loop, 'counter-a', 2, (events, state) => {
        // Nothing is in the store yet: the work runs beside the append, not after it.
        seen.push(`decided ${events.length} event(s), state ${state}`);
        return store.readStream('counter-a').then((stored) => `stored when started: ${stored.length}`);
      });
      expect(seen).toEqual(['decided 1 event(s), state 2']);
      await expect(result.prepared).resolves.toBe('stored when started: 0');
      expect(await store.readStream('counter-a')).toHaveLength(1);
    });

    it('drops the work of a decision whose append lost the revision race, and returns the work of the one appended', async () => {
      // Another writer takes revision 0 between this loop's read and its append, once.
      let raced = false;
      const racing = storeWith({
        append: async (name, events, options) => {
          if (!raced) {
            raced = true;
            await store.append(name, [{ id: '0190a000-0000-7000-8000-000000000001', type: 'Added', data: { by: 1 }, metadata: {} }], { expectedRevision: 'no_stream' });
          }
          return store.append(name, events, options);
        },
      });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const decidedOn: number[] = [];
        const result = await addAlongside(new CommandLoop(racing), 'counter-b', 1, (_events, state) => {
          decidedOn.push(state);
          // The dropped decision's work fails: no one awaits it, so that must not surface.
          return decidedOn.length === 1 ? Promise.reject(new Error('dropped work')) : Promise.resolve(state);
        });
        await new Promise((resolve) => setImmediate(resolve));
        expect(decidedOn).toEqual([1, 2]);
        await expect(result.prepared).resolves.toBe(2);
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });

    it('is not called when the decision appends nothing, or when deciding refuses', async () => {
      const loop = new CommandLoop(store);
      const none: Decider<Cmd, Evt, number> = { ...counter, decide: () => [] };
      const alongsideAppend = jest.fn(() => Promise.resolve('x'));
      const result = await loop.run({ streamName: 'counter-c', decider: none, load: fullFoldLoader(none), command: { type: 'Add', data: { by: 1 } }, commandId: 'n', metadata: {}, alongsideAppend });
      expect(result.prepared).toBeUndefined();
      await expect(addAlongside(loop, 'counter-c', 9, alongsideAppend)).rejects.toMatchObject({ code: 'limit' });
      expect(alongsideAppend).not.toHaveBeenCalled();
    });
  });

  describe('with the state cache', () => {
    /** A gate: `Use` is refused while closed; anyone may close it, or open it (opening an open gate changes nothing). */
    type GateCmd = { type: 'Open' | 'Close' | 'Use'; data: Record<string, never> };
    type GateEvt = { type: 'Opened' | 'Closed' | 'Used'; data: Record<string, never> };
    type Gate = { open: boolean };
    const gate: Decider<GateCmd, GateEvt, Gate> = {
      initialState: () => ({ open: false }),
      evolve: (s, e) => (e.type === 'Opened' ? { open: true } : e.type === 'Closed' ? { open: false } : s),
      decide: (c, s) => {
        if (c.type === 'Open') return s.open ? [] : [{ type: 'Opened', data: {} }];
        if (c.type === 'Close') return [{ type: 'Closed', data: {} }];
        if (!s.open) throw Object.assign(new Error('closed'), { code: 'closed' });
        return [{ type: 'Used', data: {} }];
      },
    };
    const run = (
      loop: CommandLoop,
      type: GateCmd['type'],
      id: string,
      more: { decider?: Decider<GateCmd, GateEvt, Gate>; maxAttempts?: number; expectedRevision?: bigint } = {},
    ) => {
      const { decider = gate, ...options } = more;
      return loop.run({ streamName: 'gate-1', decider, load: fullFoldLoader(decider), command: { type, data: {} }, commandId: id, metadata: {}, ...options });
    };
    const streamTypes = async () => (await store.readStream('gate-1')).map((e) => e.type);

    it("gives a command builder the stream's first position, from the load and then from its memory, with no read", async () => {
      const loop = new CommandLoop(store, { cacheSize: 10 });
      const load = firstAndLastLoader<Gate>((_first, last) => gate.evolve(gate.evolve(gate.initialState(), _first as GateEvt), last as GateEvt), gate.initialState);
      const seen: unknown[] = [];
      const use = (type: GateCmd['type'], id: string, on: CommandLoop = loop) =>
        on.run({
          streamName: 'gate-1',
          decider: gate,
          load,
          command: (_state, stream) => {
            seen.push(stream.firstPosition);
            return { type, data: {} };
          },
          commandId: id,
          metadata: {},
        });
      const opened = await use('Open', 'a');
      const reads = jest.spyOn(store, 'readStream');
      await use('Use', 'b');
      expect(reads).not.toHaveBeenCalled();
      // Another process (no memory of the stream) loads it and learns the same position.
      await use('Use', 'c', new CommandLoop(store));
      const [first] = await store.readStream('gate-1', { maxCount: 1 });
      expect(opened.position).toEqual(first.position);
      expect(seen).toEqual([null, first.position, first.position]);
    });

    it('decides the next command on a stream it wrote without reading the stream', async () => {
      const loop = new CommandLoop(store, { cacheSize: 10 });
      await run(loop, 'Open', 'a');
      const reads = jest.spyOn(store, 'readStream');
      await run(loop, 'Use', 'b');
      await run(loop, 'Use', 'c');
      expect(reads).not.toHaveBeenCalled();
      const events = await store.readStream('gate-1');
      for (let i = 1; i < events.length; i++) expect(events[i].metadata.previousEventHash).toBe(eventHash(events[i - 1]));
    });

    it('never writes on a stale memory: the revision check fails and the command is re-decided on a fresh read', async () => {
      const a = new CommandLoop(store, { cacheSize: 10 });
      const b = new CommandLoop(store, { cacheSize: 10 });
      await run(a, 'Open', 'a1');
      await run(b, 'Close', 'b1'); // a still remembers "open"
      await expect(run(a, 'Use', 'a2')).rejects.toMatchObject({ code: 'closed' });
      expect((await store.readStream('gate-1')).map((e) => e.type)).toEqual(['Opened', 'Closed']);
    });

    it('does not trust a refusal taken on stale memory: it re-decides on a fresh read', async () => {
      const a = new CommandLoop(store, { cacheSize: 10 });
      const b = new CommandLoop(store, { cacheSize: 10 });
      await run(a, 'Close', 'a1'); // a remembers "closed"
      await run(b, 'Open', 'b1');
      await run(a, 'Use', 'a2');
      const events = await store.readStream('gate-1');
      expect(events.map((e) => e.type)).toEqual(['Closed', 'Opened', 'Used']);
      for (let i = 1; i < events.length; i++) expect(events[i].metadata.previousEventHash).toBe(eventHash(events[i - 1]));
    });

    it('forgets the least recently used stream beyond its size', async () => {
      const loop = new CommandLoop(store, { cacheSize: 1 });
      await loop.run({ streamName: 'gate-x', decider: gate, load: fullFoldLoader(gate), command: { type: 'Open', data: {} }, commandId: 'x', metadata: {} });
      await loop.run({ streamName: 'gate-y', decider: gate, load: fullFoldLoader(gate), command: { type: 'Open', data: {} }, commandId: 'y', metadata: {} });
      const reads = jest.spyOn(store, 'readStream');
      await loop.run({ streamName: 'gate-x', decider: gate, load: fullFoldLoader(gate), command: { type: 'Use', data: {} }, commandId: 'x2', metadata: {} });
      expect(reads).toHaveBeenCalledWith('gate-x');
    });

    it('does not trust a decision that changes nothing on stale memory: it re-decides on a fresh read', async () => {
      const a = new CommandLoop(store, { cacheSize: 10 });
      await run(a, 'Open', 'a1'); // a remembers "open"
      await run(new CommandLoop(store), 'Close', 'b1');
      const result = await run(a, 'Open', 'a2');
      expect(result.events).toEqual([{ type: 'Opened', data: {} }]);
      expect(await streamTypes()).toEqual(['Opened', 'Closed', 'Opened']);
    });

    // Equivalent mutants, command-loop.ts:190, :196, :223 `mayUseCache = false` -> `true`: each follows `forget(streamName)` and the stream's mutex keeps anyone from remembering it again, so the next attempt reads either way.
    // Finding its memory stale is the loop's own miss, not a lost race: the fresh decision does
    // not use up one of the attempts (here the only one), whatever the stale decision was.
    it.each<[string, GateCmd['type'], GateCmd['type'], GateCmd['type'], GateEvt['type'][]]>([
      ['appends and conflicts', 'Open', 'Close', 'Close', ['Opened', 'Closed', 'Closed']],
      ['refuses', 'Close', 'Open', 'Use', ['Closed', 'Opened', 'Used']],
      ['changes nothing', 'Open', 'Close', 'Open', ['Opened', 'Closed', 'Opened']],
    ])('re-decides without using an attempt when the decision on stale memory %s', async (_name, remembered, byAnother, command, expected) => {
      const a = new CommandLoop(store, { cacheSize: 10 });
      await run(a, remembered, 'a1');
      await run(new CommandLoop(store), byAnother, 'b1');
      await run(a, command, 'a2', { maxAttempts: 1 });
      expect(await streamTypes()).toEqual(expected);
    });

    // Once a memory is found stale it is dropped, even when the fresh decision writes nothing
    // that would replace it: the next command decides once, on a read, not on the stale memory first.
    it('forgets a memory that a refusal was taken on stale', async () => {
      const a = new CommandLoop(store, { cacheSize: 10 });
      await run(a, 'Close', 'a1'); // a remembers "closed" at revision 0
      const other = new CommandLoop(store);
      await run(other, 'Open', 'b1');
      await run(other, 'Close', 'b2'); // closed again, at revision 2
      await expect(run(a, 'Use', 'a2')).rejects.toMatchObject({ code: 'closed' });
      const decide = jest.fn(gate.decide);
      await expect(run(a, 'Use', 'a3', { decider: { ...gate, decide } })).rejects.toMatchObject({ code: 'closed' });
      expect(decide).toHaveBeenCalledTimes(1);
    });

    it('forgets a memory that a decision changing nothing was taken on stale', async () => {
      const a = new CommandLoop(store, { cacheSize: 10 });
      await run(a, 'Open', 'a1'); // a remembers "open" at revision 0
      const other = new CommandLoop(store);
      await run(other, 'Close', 'b1');
      await run(other, 'Open', 'b2'); // open again, at revision 2
      await expect(run(a, 'Open', 'a2')).resolves.toMatchObject({ events: [], nextExpectedRevision: 2n });
      const decide = jest.fn(gate.decide);
      await expect(run(a, 'Open', 'a3', { decider: { ...gate, decide } })).resolves.toMatchObject({ events: [], nextExpectedRevision: 2n });
      expect(decide).toHaveBeenCalledTimes(1);
    });

    it('forgets a stream whose append failed (it may have been written or not): the next command reads it', async () => {
      const observed = new ObservedEventStore(store);
      const loop = new CommandLoop(observed, { cacheSize: 10 });
      await run(loop, 'Open', 'a');
      observed.beforeNextAppends(1, () => Promise.reject(new EventStoreUnavailableError('store down')));
      await expect(run(loop, 'Use', 'b')).rejects.toMatchObject({ code: 'event_store_unavailable' });
      const readsBefore = observed.reads.length;
      await run(loop, 'Use', 'c');
      expect(observed.reads).toHaveLength(readsBefore + 1);
    });

    it('with a fixed expected revision, checks it against the stream, never against its memory', async () => {
      const a = new CommandLoop(store, { cacheSize: 10 });
      await run(a, 'Open', 'a1'); // a remembers revision 0
      await run(new CommandLoop(store), 'Close', 'b1'); // the stream is at revision 1
      const result = await run(a, 'Open', 'a2', { expectedRevision: 1n });
      expect(result.nextExpectedRevision).toBe(2n);
      expect(await streamTypes()).toEqual(['Opened', 'Closed', 'Opened']);
    });
  });

  it('with the cache off (cacheSize 0), loads the stream for every command and every query', async () => {
    const loop = new CommandLoop(store, { cacheSize: 0 });
    const load = jest.fn(fullFoldLoader(counter));
    const addWith = (id: string) => loop.run({ streamName: 'counter-1', decider: counter, load, command: { type: 'Add', data: { by: 1 } }, commandId: id, metadata: {} });
    await addWith('a');
    await addWith('b');
    await expect(loop.currentState('counter-1', load)).resolves.toMatchObject({ state: 2, revision: 1n });
    expect(load).toHaveBeenCalledTimes(3);
  });
});

describe('firstAndLastLoader', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore();
  });
  afterEach(async () => {
    await store.close();
  });

  /** Rehydrates to the pair of events it was given, so a spec sees which ones the loader read. */
  const load = firstAndLastLoader<{ first: unknown; last: unknown } | 'initial'>(
    (first, last) => ({ first: first.data, last: last.data }),
    () => 'initial' as const,
  );
  const appendNumbered = async (count: number) => {
    for (let n = 0; n < count; n++) {
      await store.append('s-1', [{ id: deterministicUuid(`s-1|${n}`), type: 'N', data: { n }, metadata: {} }], { expectedRevision: n === 0 ? 'no_stream' : BigInt(n - 1) });
    }
  };

  it('loads a missing stream as the initial state, with one read', async () => {
    const observed = new ObservedEventStore(store);
    await expect(load(observed, 's-1')).resolves.toEqual({ state: 'initial', revision: 'no_stream', lastEvent: null });
    expect(observed.reads).toHaveLength(1);
  });

  it('rehydrates a one-event stream from that event as both first and last, with one read', async () => {
    await appendNumbered(1);
    const observed = new ObservedEventStore(store);
    const loaded = await load(observed, 's-1');
    expect(loaded).toMatchObject({ state: { first: { n: 0 }, last: { n: 0 } }, revision: 0n, lastEvent: { revision: 0n, data: { n: 0 } } });
    expect(observed.reads).toHaveLength(1);
  });

  it('reads a longer stream as two events, whatever its length: the last backwards, the first forwards', async () => {
    await appendNumbered(4);
    const observed = new ObservedEventStore(store);
    const loaded = await load(observed, 's-1');
    expect(loaded).toMatchObject({ state: { first: { n: 0 }, last: { n: 3 } }, revision: 3n, lastEvent: { revision: 3n, data: { n: 3 } } });
    expect(observed.reads.map((r) => r.revisions)).toEqual([[3n], [0n]]);
    // Where the stream began in the log, for decisions that depend on it (a client's status then).
    expect(loaded.firstPosition).toEqual((await store.readStream('s-1', { maxCount: 1 }))[0].position);
  });
});

describe('CommandLoop.currentState (queries)', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore();
  });
  afterEach(async () => {
    await store.close();
  });

  const add = (loop: CommandLoop, id: string) =>
    loop.run({ streamName: 'counter-1', decider: counter, load: fullFoldLoader(counter), command: { type: 'Add', data: { by: 1 } }, commandId: id, metadata: {} });

  it('answers a stream this loop wrote from memory while the store is still at that revision', async () => {
    const loop = new CommandLoop(store, { cacheSize: 100 });
    await add(loop, 'a');
    await add(loop, 'b');
    const load = jest.fn(fullFoldLoader(counter));
    // With the position of the stream's first event, which the loop remembers from its append.
    const [first] = await store.readStream('counter-1', { maxCount: 1 });
    await expect(loop.currentState('counter-1', load)).resolves.toEqual({ state: 2, revision: 1n, firstPosition: first.position });
    expect(load).not.toHaveBeenCalled();
  });

  it('loads when another writer moved the stream since (another replica), so it is never stale', async () => {
    const loop = new CommandLoop(store, { cacheSize: 100 });
    const replica = new CommandLoop(store, { cacheSize: 100 });
    await add(loop, 'a');
    await add(replica, 'b');
    const load = jest.fn(fullFoldLoader(counter));
    await expect(loop.currentState('counter-1', load)).resolves.toMatchObject({ state: 2, revision: 1n });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads a stream it never wrote, and a missing one as the initial state', async () => {
    const loop = new CommandLoop(store, { cacheSize: 100 });
    await add(new CommandLoop(store, { cacheSize: 100 }), 'a');
    await expect(loop.currentState('counter-1', fullFoldLoader(counter))).resolves.toMatchObject({ state: 1, revision: 0n });
    await expect(loop.currentState('counter-9', fullFoldLoader(counter))).resolves.toMatchObject({ state: 0, revision: 'no_stream' });
  });

  it('asks the store for the revision alone when it can answer that (no event read)', async () => {
    const observed = new ObservedEventStore(store);
    const loop = new CommandLoop(observed, { cacheSize: 100 });
    await add(loop, 'a');
    const readsBefore = observed.reads.length;
    await expect(loop.currentState('counter-1', fullFoldLoader(counter))).resolves.toMatchObject({ state: 1, revision: 0n });
    expect(observed.revisionLookups).toBe(1);
    expect(observed.reads).toHaveLength(readsBefore);
  });

  it('checks the revision by reading the last event when the store cannot answer it directly', async () => {
    // The store without the optional `streamRevision`, as the EventStoreDB adapter.
    const plain = new ObservedEventStore(store, { streamRevision: false });
    const loop = new CommandLoop(plain, { cacheSize: 100 });
    await add(loop, 'a'); // remembered at revision 0
    const load = jest.fn(fullFoldLoader(counter));
    await expect(loop.currentState('counter-1', load)).resolves.toMatchObject({ state: 1, revision: 0n });
    expect(load).not.toHaveBeenCalled();
    // Another replica moves the stream on: its last event, not its first, is at the new revision.
    await add(new CommandLoop(store), 'b');
    await expect(loop.currentState('counter-1', load)).resolves.toMatchObject({ state: 2, revision: 1n });
    expect(load).toHaveBeenCalledTimes(1);
    await add(loop, 'c'); // remembered at revision 2
    await expect(loop.currentState('counter-1', load)).resolves.toMatchObject({ state: 3, revision: 2n });
    expect(load).toHaveBeenCalledTimes(1);
  });

  // Equivalent mutant, command-loop.ts:253 `?? 'no_stream'` -> `?? ""`: it is only compared with the remembered revision (a bigint), so either string means "moved" and loads.
  it('loads a remembered stream the store no longer has (deleted by an operator) as missing', async () => {
    let deleted = false;
    // A store without `streamRevision` (as EventStoreDB), where a deleted stream reads as empty.
    const esdbLike: EventStore = {
      append: (n, e, o) => store.append(n, e, o),
      readStream: async (n, o) => (deleted ? [] : store.readStream(n, o)),
      readAll: (o) => store.readAll(o),
      subscribeToAll: (o) => store.subscribeToAll(o),
      close: () => Promise.resolve(),
    };
    const loop = new CommandLoop(esdbLike, { cacheSize: 100 });
    await add(loop, 'a');
    deleted = true;
    await expect(loop.currentState('counter-1', fullFoldLoader(counter))).resolves.toMatchObject({ state: 0, revision: 'no_stream' });
  });
});

describe('CommandLoop with an encoder (the stored form of events)', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore();
  });
  afterEach(async () => {
    await store.close();
  });

  /** Stores `Added { by }` as `Added { sealed: 'x<by>' }`; the decoder reverses it. */
  const encode = (_stream: string, e: { type: string; data: unknown }) => ({ type: e.type, data: { sealed: `x${(e.data as { by: number }).by}` } });
  const decode = (e: { type: string; data: unknown }) => ({ type: e.type, data: { by: Number((e.data as { sealed: string }).sealed.slice(1)) } });
  const load = firstAndLastLoader<number>((first, last) => (first === last ? (first.data as { by: number }).by : -1), () => 0, decode);

  it('hashes and appends the encoded form, and keeps deciding on the plain one', async () => {
    const loop = new CommandLoop(store, { encode, cacheSize: 10 });
    const result = await loop.run({ streamName: 'counter-1', decider: counter, load, command: { type: 'Add', data: { by: 2 } }, commandId: 'c1', metadata: {} });
    expect(result.events).toEqual([{ type: 'Added', data: { by: 2 } }]);
    expect(result.state).toBe(2);
    const [stored] = await store.readStream('counter-1');
    expect(stored.data).toEqual({ sealed: 'x2' });
    expect(stored.json?.data ?? canonicalJson(stored.data)).toBe('{"sealed":"x2"}');
    // The next event chains to the hash of what is stored.
    await loop.run({ streamName: 'counter-1', decider: counter, load, command: { type: 'Add', data: { by: 1 } }, commandId: 'c2', metadata: {} });
    const [, second] = await store.readStream('counter-1');
    expect(second.metadata.previousEventHash).toBe(eventHash(stored));
  });

  it('waits for an asynchronous encoder', async () => {
    const loop = new CommandLoop(store, { encode: async (s, e) => encode(s, e) });
    await loop.run({ streamName: 'counter-1', decider: counter, load, command: { type: 'Add', data: { by: 3 } }, commandId: 'c1', metadata: {} });
    expect((await store.readStream('counter-1'))[0].data).toEqual({ sealed: 'x3' });
  });

  it('the loader rehydrates from the decoded events and keeps the stored last event for the chain', async () => {
    const loop = new CommandLoop(store, { encode });
    await loop.run({ streamName: 'counter-1', decider: counter, load, command: { type: 'Add', data: { by: 2 } }, commandId: 'c1', metadata: {} });
    const loaded = await load(store, 'counter-1');
    expect(loaded.state).toBe(2);
    expect(loaded.lastEvent?.data).toEqual({ sealed: 'x2' });
  });
});

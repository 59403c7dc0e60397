import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { CommandLoop, ConcurrencyRetriesExhaustedError, fullFoldLoader, type LoopDecider } from './command-loop';
import { canonicalJson } from './canonical-json';
import { eventHash, eventHashOfJson } from './event-hash';
import type { EventStore, EventToAppend } from './event-store.port';
import { WrongExpectedRevisionError } from './errors';

/** A counter: `Add` appends `Added`; `decide` refuses to pass 3 (a broken invariant throws). */
type Cmd = { type: 'Add'; data: { by: number } };
type Evt = { type: 'Added'; data: { by: number } };
const counter: LoopDecider<Cmd, Evt, number> = {
  initialState: () => 0,
  evolve: (state, e) => state + e.data.by,
  decide: (c, state) => {
    if (state + c.data.by > 3) throw Object.assign(new Error('limit'), { code: 'limit' });
    return [{ type: 'Added', data: { by: c.data.by } }];
  },
};

describe('CommandLoop', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
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

  it('chains several events of one append to each other', async () => {
    const twice: LoopDecider<Cmd, Evt, number> = { ...counter, decide: (c) => [{ type: 'Added', data: c.data }, { type: 'Added', data: c.data }] };
    const loop = new CommandLoop(store);
    await loop.run({ streamName: 'counter-3', decider: twice, load: fullFoldLoader(twice), command: { type: 'Add', data: { by: 1 } }, commandId: 't', metadata: {} });
    await loop.run({ streamName: 'counter-3', decider: twice, load: fullFoldLoader(twice), command: { type: 'Add', data: { by: 1 } }, commandId: 'u', metadata: {} });
    const events = await store.readStream('counter-3');
    for (let i = 1; i < events.length; i++) expect(events[i].metadata.previousEventHash).toBe(eventHash(events[i - 1]));
  });

  it('hands the store the canonical JSON it hashed, so the event is serialised once', async () => {
    const appended: EventToAppend[] = [];
    const loop = new CommandLoop(storeWith({ append: (n, e, o) => (appended.push(...e), store.append(n, e, o)) }));
    await add(loop, 'a');
    await add(loop, 'b');
    const [first, second] = appended;
    expect(first.json).toEqual({ data: canonicalJson(first.data), metadata: canonicalJson(first.metadata) });
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

  it('gives up after the bounded number of conflicting attempts', async () => {
    const always = storeWith({ append: (name) => Promise.reject(new WrongExpectedRevisionError(name, 'no_stream', 0n)) });
    const loop = new CommandLoop(always);
    await expect(
      loop.run({ streamName: 'counter-1', decider: counter, load: fullFoldLoader(counter), command: { type: 'Add', data: { by: 1 } }, commandId: 'x', metadata: {}, maxAttempts: 3 }),
    ).rejects.toBeInstanceOf(ConcurrencyRetriesExhaustedError);
  });

  it('derives event ids from the command, so a replayed append is recognised as a duplicate', async () => {
    const loop = new CommandLoop(store);
    await add(loop, 'same-command');
    const [first] = await store.readStream('counter-1');
    // Re-send the identical append (same ids, same expected revision): the store must not duplicate it.
    await store.append('counter-1', [{ id: first.id, type: first.type, data: first.data, metadata: first.metadata }], { expectedRevision: 'no_stream' });
    expect(await store.readStream('counter-1')).toHaveLength(1);
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
    const watched: LoopDecider<Cmd, Evt, number> = { ...counter, decide };
    await expect(
      loop.run({ streamName: 'counter-1', decider: watched, load: fullFoldLoader(watched), command: { type: 'Add', data: { by: 1 } }, commandId: 'c', metadata: {}, expectedRevision: 0n }),
    ).rejects.toMatchObject({ code: 'wrong_expected_revision', expected: 0n, actual: 1n });
    expect(decide).not.toHaveBeenCalled();
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

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
    const noop: LoopDecider<Cmd, Evt, number> = { ...counter, decide: () => [] };
    const loop = new CommandLoop(store);
    const result = await loop.run({ streamName: 'counter-2', decider: noop, load: fullFoldLoader(noop), command: { type: 'Add', data: { by: 1 } }, commandId: 'n', metadata: {} });
    expect(result.events).toEqual([]);
    expect(await store.readStream('counter-2')).toEqual([]);
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
      const none: LoopDecider<Cmd, Evt, number> = { ...counter, decide: () => [] };
      const alongsideAppend = jest.fn(() => Promise.resolve('x'));
      const result = await loop.run({ streamName: 'counter-c', decider: none, load: fullFoldLoader(none), command: { type: 'Add', data: { by: 1 } }, commandId: 'n', metadata: {}, alongsideAppend });
      expect(result.prepared).toBeUndefined();
      await expect(addAlongside(loop, 'counter-c', 9, alongsideAppend)).rejects.toMatchObject({ code: 'limit' });
      expect(alongsideAppend).not.toHaveBeenCalled();
    });
  });

  describe('with the state cache', () => {
    /** A gate: `Use` is refused while closed; anyone may open or close it. */
    type GateCmd = { type: 'Open' | 'Close' | 'Use'; data: Record<string, never> };
    type GateEvt = { type: 'Opened' | 'Closed' | 'Used'; data: Record<string, never> };
    const gate: LoopDecider<GateCmd, GateEvt, { open: boolean }> = {
      initialState: () => ({ open: false }),
      evolve: (s, e) => (e.type === 'Opened' ? { open: true } : e.type === 'Closed' ? { open: false } : s),
      decide: (c, s) => {
        if (c.type === 'Open') return [{ type: 'Opened', data: {} }];
        if (c.type === 'Close') return [{ type: 'Closed', data: {} }];
        if (!s.open) throw Object.assign(new Error('closed'), { code: 'closed' });
        return [{ type: 'Used', data: {} }];
      },
    };
    const run = (loop: CommandLoop, type: GateCmd['type'], id: string) =>
      loop.run({ streamName: 'gate-1', decider: gate, load: fullFoldLoader(gate), command: { type, data: {} }, commandId: id, metadata: {} });

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
  });
});

describe('CommandLoop.currentState (queries)', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
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
    await expect(loop.currentState('counter-1', load)).resolves.toEqual({ state: 2, revision: 1n });
    expect(load).not.toHaveBeenCalled();
  });

  it('loads when another writer moved the stream since (another replica), so it is never stale', async () => {
    const loop = new CommandLoop(store, { cacheSize: 100 });
    const replica = new CommandLoop(store, { cacheSize: 100 });
    await add(loop, 'a');
    await add(replica, 'b');
    const load = jest.fn(fullFoldLoader(counter));
    await expect(loop.currentState('counter-1', load)).resolves.toEqual({ state: 2, revision: 1n });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads a stream it never wrote, and a missing one as the initial state', async () => {
    const loop = new CommandLoop(store, { cacheSize: 100 });
    await add(new CommandLoop(store, { cacheSize: 100 }), 'a');
    await expect(loop.currentState('counter-1', fullFoldLoader(counter))).resolves.toEqual({ state: 1, revision: 0n });
    await expect(loop.currentState('counter-9', fullFoldLoader(counter))).resolves.toEqual({ state: 0, revision: 'no_stream' });
  });

  it('checks the revision by reading the last event when the store cannot answer it directly', async () => {
    const loop = new CommandLoop(store, { cacheSize: 100 });
    await add(loop, 'a');
    // The same store without the optional `streamRevision` (as the EventStoreDB adapter).
    const plain: EventStore = Object.create(store, { streamRevision: { value: undefined } });
    const viaPlain = new CommandLoop(plain, { cacheSize: 100 });
    await viaPlain.run({ streamName: 'counter-2', decider: counter, load: fullFoldLoader(counter), command: { type: 'Add', data: { by: 1 } }, commandId: 'p', metadata: {} });
    const load = jest.fn(fullFoldLoader(counter));
    await expect(viaPlain.currentState('counter-2', load)).resolves.toEqual({ state: 1, revision: 0n });
    expect(load).not.toHaveBeenCalled();
    await add(loop, 'b');
    await viaPlain.run({ streamName: 'counter-2', decider: counter, load: fullFoldLoader(counter), command: { type: 'Add', data: { by: 1 } }, commandId: 'q', metadata: {} });
    await store.append('counter-2', [{ id: '3f1c8a34-58f6-4a3c-9a55-2b1c2d3e4f50', type: 'Added', data: { by: 1 }, metadata: {} }], { expectedRevision: 1n });
    await expect(viaPlain.currentState('counter-2', load)).resolves.toEqual({ state: 3, revision: 2n });
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('SqliteEventStore.streamRevision', () => {
  it('is the last revision of a stream, or no_stream', async () => {
    const store = new SqliteEventStore({ filename: ':memory:' });
    try {
      await expect(store.streamRevision('s-1')).resolves.toBe('no_stream');
      await store.append('s-1', [{ id: '0d6f3a9e-1111-4a3c-9a55-2b1c2d3e4f51', type: 'T', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
      await store.append('s-1', [{ id: '0d6f3a9e-2222-4a3c-9a55-2b1c2d3e4f52', type: 'T', data: {}, metadata: {} }, { id: '0d6f3a9e-3333-4a3c-9a55-2b1c2d3e4f53', type: 'T', data: {}, metadata: {} }], { expectedRevision: 0n });
      await expect(store.streamRevision('s-1')).resolves.toBe(2n);
      await expect(store.streamRevision('s-2')).resolves.toBe('no_stream');
    } finally {
      await store.close();
    }
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  familyCountDeltas,
  foldDocuments,
  tokenFamiliesProjection,
  tokenIndexProjection,
  type TokenFamilyDocument,
} from '@ledger/domain/projections';
import {
  DAY,
  MINUTE,
  T0,
  accessToken,
  rotated,
  tokenIssued,
  tokenRecord,
  tokenRevoked,
} from '@ledger/domain/token-family/token-family.fixtures';
import type { TokenFamilyEvent } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import type { GlobalPosition } from '@ledger/event-sourcing';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { randomUUID } from 'node:crypto';
import { ProjectionEngine } from './projection-engine';
import { PROJECTION_SOURCES } from './projection-runner';

/** Family `n`'s id. */
const fid = (n: number) => `fam${String(n).padStart(4, '0')}`;

/** The events of family `n`: issued, `refreshes` rotations, then optionally revoked. */
function familyHistory(n: number, refreshes: number, revoked: boolean): TokenFamilyEvent[] {
  const familyId = fid(n);
  const at = (k: number) => T0 + n * MINUTE + k * 1000;
  const events: TokenFamilyEvent[] = [
    tokenIssued({
      familyId,
      subject: `user${n % 7}`,
      clientId: n % 3 === 0 ? 'client-b' : 'client-a',
      refreshToken: tokenRecord(0, familyId),
      accessToken: { ...accessToken(at(0)), jti: `${familyId}.a0` },
      issuedAt: at(0),
    }),
  ];
  for (let k = 0; k < refreshes; k++) {
    events.push(
      rotated(k, at(k + 1), {
        familyId,
        presentedRefreshTokenId: tokenRecord(k, familyId).id,
        refreshToken: tokenRecord(k + 1, familyId),
        previousRefreshToken: tokenRecord(k, familyId),
        accessToken: { ...accessToken(at(k + 1)), jti: `${familyId}.a${k + 1}` },
      }),
    );
  }
  if (revoked) events.push(tokenRevoked(at(refreshes + 1), { familyId, reason: n % 2 ? 'admin' : 'reuse_detected' }));
  return events;
}

/** Interleaves histories the way concurrent traffic does: one event of each family in turn. */
function interleave(histories: TokenFamilyEvent[][]): TokenFamilyEvent[] {
  const out: TokenFamilyEvent[] = [];
  for (let i = 0; histories.some((h) => i < h.length); i++) for (const h of histories) if (i < h.length) out.push(h[i]);
  return out;
}

async function appendAll(store: SqliteEventStore, events: readonly TokenFamilyEvent[]): Promise<GlobalPosition> {
  let last: GlobalPosition = { commit: 0n, prepare: 0n };
  for (const e of events) {
    const familyId = (e.data as { familyId: string }).familyId;
    const result = await store.append(`tokenFamily-${familyId}`, [{ id: randomUUID(), type: e.type, data: e.data, metadata: {} }], { expectedRevision: 'any' });
    last = result.position;
  }
  return last;
}

/** The rows a correct projection must hold: the pure fold of the same events. */
function expectedFamilies(events: readonly TokenFamilyEvent[]): TokenFamilyDocument[] {
  return [...foldDocuments(tokenFamiliesProjection, events).values()].sort((a, b) => a.issuedAt - b.issuedAt || (a.familyId < b.familyId ? -1 : 1));
}

function expectedCounts(events: readonly TokenFamilyEvent[]): Record<string, number> {
  const families = new Map<string, TokenFamilyDocument>();
  const counts: Record<string, number> = {};
  for (const e of events) {
    for (const id of tokenFamiliesProjection.documentIds(e)) {
      const before = families.get(id) ?? null;
      const after = tokenFamiliesProjection.evolve(before, e, id);
      if (after) families.set(id, after);
      for (const d of familyCountDeltas(before, after)) {
        const key = `${d.clientId}/${d.state}/${d.reason ?? ''}`;
        counts[key] = (counts[key] ?? 0) + d.delta;
      }
    }
  }
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

function storedFamilies(db: ReadModelDatabase, now: number): TokenFamilyDocument[] {
  const page = db.tokenFamilies.families({ limit: 10_000, now });
  return page.families.map(({ status: _status, ...doc }) => doc);
}

function storedCounts(db: ReadModelDatabase, now: number): Record<string, number> {
  const counts = db.tokenFamilies.counts(now);
  const out: Record<string, number> = {};
  for (const c of counts.byClient) {
    if (c.active + c.expired > 0) out[`${c.clientId}/open/`] = c.active + c.expired;
    for (const [reason, n] of Object.entries(c.byRevokeReason)) out[`${c.clientId}/revoked/${reason}`] = n;
  }
  return out;
}

/** The generation the read models serve. */
const live = (db: ReadModelDatabase) => db.generations('token_families').live;

// `:memory:` commits every batch on the calling thread; a file commits live batches on the
// read-model database's worker thread (`applyInWorker`). Every behaviour must hold for both.
describe.each([
  ['in memory (inline commits)', false],
  ['in a file (live batches committed by the worker thread)', true],
])('ProjectionEngine, read models %s', (_mode, onFile) => {
  let store: SqliteEventStore;
  let db: ReadModelDatabase;
  let dir: string | undefined;
  let engine: ProjectionEngine | undefined;
  const now = T0 + 30 * DAY;

  /**
   * What the engine logged as failed. A failed batch heals itself (the lane re-reads from its
   * checkpoint, on this thread once the worker has failed), so without this a broken worker
   * path would still end in the right rows; every test expects none unless it says otherwise.
   */
  let engineErrors: Record<string, unknown>[] = [];
  const newEngine = (options: Partial<ConstructorParameters<typeof ProjectionEngine>[0]> = {}) =>
    new ProjectionEngine({
      store,
      db,
      projections: PROJECTION_SOURCES,
      batchSize: 7,
      catchUpBatchSize: 11,
      catchUpTransactionEvents: 23,
      lingerMs: 0,
      now: () => now,
      logger: { log: () => undefined, error: (message) => engineErrors.push(message) },
      ...options,
    });

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
    dir = onFile ? fs.mkdtempSync(path.join(os.tmpdir(), 'projection-engine-')) : undefined;
    db = ReadModelDatabase.open({ filename: dir ? path.join(dir, 'read-models.db') : ':memory:' });
  });

  afterEach(async () => {
    const failures = engineErrors;
    engineErrors = [];
    await engine?.stop();
    engine = undefined;
    db.close();
    await store.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    expect(failures).toEqual([]);
  });

  const histories = Array.from({ length: 12 }, (_, n) => familyHistory(n, n % 4, n % 5 === 1));
  const events = interleave(histories);

  it('starts live on an empty log, catches up in batches and follows; the rows equal the pure fold', async () => {
    engine = newEngine();
    engine.start();
    await engine.waitUntilCaughtUp();
    const firstHalf = events.slice(0, 20);
    await engine.waitForPosition(await appendAll(store, firstHalf));
    expect(storedFamilies(db, now)).toStrictEqual(expectedFamilies(firstHalf));

    const head = await appendAll(store, events.slice(20));
    await engine.waitForPosition(head);
    expect(storedFamilies(db, now)).toStrictEqual(expectedFamilies(events));
    expect(storedCounts(db, now)).toStrictEqual(expectedCounts(events));
    const [status] = await engine.status();
    expect(status).toMatchObject({ name: 'token_families', state: 'live', generation: 1, checkpoint: head, eventsApplied: events.length, lagEvents: 0, lagSeconds: 0 });
    expect(status.readModels).toEqual(['token_families', 'token_index', 'family_counts']);
  });

  it('builds a new read-model database over an existing log in bulk, swaps it in, then follows', async () => {
    await appendAll(store, events.slice(0, 30));
    engine = newEngine();
    engine.start();
    await engine.waitUntilCaughtUp();
    expect(db.generations('token_families')).toMatchObject({ live: 2, rebuild: null, rebuildBulk: false });
    const head = await appendAll(store, events.slice(30));
    await engine.waitForPosition(head);
    expect(storedFamilies(db, now)).toStrictEqual(expectedFamilies(events));
    expect(storedCounts(db, now)).toStrictEqual(expectedCounts(events));
    expect((await engine.status())[0]).toMatchObject({ state: 'live', generation: 2, eventsApplied: events.length });
  });

  it('drops the families a removal record lists, live and in a bulk build, with their token index entries', async () => {
    const removal = { type: 'EventsRemoved', data: { streams: [{ streamName: `tokenFamily-${fid(2)}` }, { streamName: `tokenFamily-${fid(5)}` }] } };
    const record = async () =>
      (await store.append('ledgerRemovals', [{ id: randomUUID(), type: removal.type, data: removal.data, metadata: {} }], { expectedRevision: 'any' })).position;
    const kept = events.filter((e) => ![fid(2), fid(5)].includes((e.data as { familyId: string }).familyId));
    await appendAll(store, events.slice(0, 30));
    await record();
    engine = newEngine();
    engine.start();
    await engine.waitUntilCaughtUp();
    expect(db.generations('token_families')).toMatchObject({ live: 2, rebuildBulk: false });
    expect(storedFamilies(db, now)).toStrictEqual(expectedFamilies(kept.filter((e) => events.indexOf(e) < 30)));
    expect(db.tokenFamilies.token(`${fid(2)}.a0`)).toBeNull();
    expect(db.tokenFamilies.token(`${fid(1)}.a0`)).toMatchObject({ familyId: fid(1) });

    await appendAll(store, events.slice(30));
    await engine.waitForPosition(await record());
    expect(storedFamilies(db, now)).toStrictEqual(expectedFamilies(kept));
    expect(db.tokenFamilies.token(`${fid(5)}.a1`)).toBeNull();
    expect(storedCounts(db, now)).toStrictEqual(expectedCounts(kept));
  });

  it('follows a store that delivers parsed events without their stored text (as the EventStoreDB adapter)', async () => {
    const parsedOnly = Object.create(store) as SqliteEventStore;
    parsedOnly.subscribeToAll = (options) => {
      const subscription = store.subscribeToAll(options);
      const iterator = subscription[Symbol.asyncIterator]();
      return {
        unsubscribe: () => subscription.unsubscribe(),
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            const result = await iterator.next();
            if (result.done) return result;
            const { json: _json, ...event } = result.value;
            return { done: false, value: { ...event, data: structuredClone(result.value.data) } };
          },
          return: () => iterator.return!(),
        }),
      };
    };
    engine = newEngine({ store: parsedOnly });
    engine.start();
    await engine.waitUntilCaughtUp();
    const head = await appendAll(store, events);
    await engine.waitForPosition(head);
    expect(storedFamilies(db, now)).toStrictEqual(expectedFamilies(events));
    expect(storedCounts(db, now)).toStrictEqual(expectedCounts(events));
    // A failed batch would have healed itself; the engine logged none (see afterEach).
  });

  it('indexes every access-token jti and refresh-token id', async () => {
    const head = await appendAll(store, events);
    engine = newEngine();
    engine.start();
    await engine.waitForPosition(head);
    for (const doc of foldDocuments(tokenIndexProjection, events).values()) {
      expect(db.tokenFamilies.token(doc.tokenId)).toEqual(doc);
    }
    expect(db.tokenFamilies.token('nope')).toBeNull();
  });

  it('resumes from its checkpoint after a stop: nothing applied twice, nothing skipped', async () => {
    await appendAll(store, events.slice(0, 15));
    engine = newEngine();
    engine.start();
    await engine.waitUntilCaughtUp();
    await engine.stop();

    const head = await appendAll(store, events.slice(15));
    expect(db.checkpoint('token_families', live(db)).eventsApplied).toBe(15);
    engine = newEngine();
    engine.start();
    await engine.waitForPosition(head);
    expect(storedCounts(db, now)).toStrictEqual(expectedCounts(events));
    expect(db.checkpoint('token_families', live(db))).toMatchObject({ position: head, eventsApplied: events.length });
  });

  it('a batch that fails before its commit leaves neither rows nor checkpoint', async () => {
    await appendAll(store, events);
    const tx = db.begin();
    tx.apply('token_families', 1, events.slice(0, 5));
    tx.rollback();
    expect(storedFamilies(db, now)).toEqual([]);
    expect(db.checkpoint('token_families', 1).position).toBeNull();
  });

  it('waits for a position past the end of its streams (a configuration event) without events to apply', async () => {
    const head = await appendAll(store, events.slice(0, 3));
    const config = await store.append('client-x', [{ id: randomUUID(), type: 'ClientRegistered', data: {}, metadata: {} }], { expectedRevision: 'any' });
    engine = newEngine();
    engine.start();
    await engine.waitForPosition(config.position);
    expect(db.checkpoint('token_families', live(db)).position).toEqual(head);
  });

  it('reports the lag in events and seconds while it is not running', async () => {
    const recordedAt = new Date(T0);
    const timed = new SqliteEventStore({ filename: ':memory:', clock: () => recordedAt });
    await appendAll(timed, events.slice(0, 9));
    engine = new ProjectionEngine({ store: timed, db, projections: PROJECTION_SOURCES, now: () => now, wallClock: () => T0 + 90_000 });
    const [status] = await engine.status(5);
    expect(status).toMatchObject({ state: 'starting', checkpoint: null, lagEvents: 5, lagEventsCapped: true, lagSeconds: 90 });
    await timed.close();
  });

  it('rebuilds into a new generation while the old one serves, then swaps; the rows are identical', async () => {
    const head = await appendAll(store, events);
    engine = newEngine();
    engine.start();
    await engine.waitForPosition(head);
    const before = { families: storedFamilies(db, now), counts: storedCounts(db, now) };

    const serving = live(db);
    const { projection, generation, swapped } = engine.rebuild('family_counts');
    expect({ projection, generation }).toEqual({ projection: 'token_families', generation: serving + 1 });
    expect(engine.rebuild('token_families').generation).toBe(serving + 1); // idempotent while underway
    expect(storedFamilies(db, now)).toStrictEqual(before.families); // the old generation serves meanwhile
    await swapped;

    expect(db.generations('token_families')).toMatchObject({ live: serving + 1, rebuild: null, lastRebuild: { generation: serving + 1 } });
    expect(storedFamilies(db, now)).toStrictEqual(before.families);
    expect(storedCounts(db, now)).toStrictEqual(before.counts);
    expect(() => db.explain(`SELECT * FROM token_families_g${serving}`)).toThrow(/no such table/); // the old generation is gone
  });

  it('keeps following the log after a rebuild swap', async () => {
    await appendAll(store, events.slice(0, 10));
    engine = newEngine();
    engine.start();
    await engine.waitUntilCaughtUp();
    await engine.rebuild('token_families').swapped;
    const head = await appendAll(store, events.slice(10));
    await engine.waitForPosition(head);
    expect(storedCounts(db, now)).toStrictEqual(expectedCounts(events));
    expect((await engine.status())[0]).toMatchObject({ generation: live(db), eventsApplied: events.length, rebuild: null });
  });

  it('resumes an interrupted rebuild after a restart', async () => {
    const head = await appendAll(store, events);
    engine = newEngine();
    engine.start();
    await engine.waitForPosition(head);
    await engine.stop();
    const serving = live(db);
    db.startRebuild('token_families', now);
    const tx = db.begin();
    tx.apply('token_families', serving + 1, events.slice(0, 4));
    tx.saveCheckpoint('token_families', serving + 1, { position: null, eventsApplied: 0, lastRecordedAt: null });
    tx.rollback(); // a crash before the commit: the rebuild generation is empty again

    engine = newEngine();
    engine.start();
    expect((await engine.status())[0].rebuild).toMatchObject({ generation: serving + 1 });
    await engine.rebuild('token_families').swapped;
    expect(live(db)).toBe(serving + 1);
    expect(storedCounts(db, now)).toStrictEqual(expectedCounts(events));
  });

  it('retention drops the rows of families ended long ago, with their index entries; counts stay', async () => {
    const head = await appendAll(store, events);
    const later = now + 400 * DAY;
    engine = newEngine({ now: () => later, retention: { days: 30 } });
    engine.start();
    await engine.waitForPosition(head);
    const counts = storedCounts(db, later);
    await engine.sweepRetention();
    expect(storedFamilies(db, later)).toEqual([]);
    expect(db.tokenFamilies.token(`${fid(0)}.a0`)).toBeNull();
    expect(storedCounts(db, later)).toStrictEqual(counts);
  });

  it('refuses unknown projection names', () => {
    engine = newEngine();
    engine.start();
    expect(() => engine!.rebuild('nope')).toThrow(expect.objectContaining({ code: 'unknown_projection' }));
  });
});

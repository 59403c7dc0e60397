import { legacySubjectRef } from '@ledger/domain';
import type { TokenFamilyEvent } from '@ledger/domain';
import {
  DAY,
  MINUTE,
  T0,
  WINDOW_MS,
  accessToken,
  rotated,
  tokenIssued,
  tokenRecord,
  tokenRevoked,
} from '@ledger/domain/token-family/token-family.fixtures';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { threadNiceValues } from '@ledger/testing';
import { READ_MODEL_THREAD_NICE, ReadModelDatabase } from './read-model-database';

const P = 'token_families';

function issued(n: number, overrides: Parameters<typeof tokenIssued>[0] = {}): TokenFamilyEvent {
  const familyId = `f${n}`;
  return tokenIssued({
    familyId,
    subject: n % 2 ? 'alice' : 'bob',
    clientId: n % 3 ? 'web' : 'mobile',
    refreshToken: tokenRecord(0, familyId),
    accessToken: { ...accessToken(T0 + n * MINUTE), jti: `${familyId}.at0` },
    issuedAt: T0 + n * MINUTE,
    idleExpiresAt: T0 + n * MINUTE + WINDOW_MS,
    ...overrides,
  });
}

function applyCommitted(db: ReadModelDatabase, generation: number, events: readonly TokenFamilyEvent[]): void {
  const tx = db.begin();
  tx.apply(P, generation, events);
  tx.saveCheckpoint(P, generation, { position: { commit: BigInt(events.length), prepare: BigInt(events.length) }, eventsApplied: events.length, lastRecordedAt: T0 });
  tx.commit();
}


/**
 * The refs a query by subject asks for: a pseudonym (no family here has one) and the marked
 * plaintext subject these fixture families, issued in plaintext, are filed under.
 */
function refs(subject: string): string[] {
  return [`pseudonym-of-${subject}`, legacySubjectRef(subject)];
}

describe('ReadModelDatabase', () => {
  let db: ReadModelDatabase;
  beforeEach(() => {
    db = ReadModelDatabase.open({ filename: ':memory:' });
  });
  afterEach(() => db.close());

  it('starts with generation 1, empty, with no checkpoint', () => {
    expect(db.projections()).toEqual([{ projection: P, readModels: ['token_families', 'token_index', 'family_counts'] }]);
    expect(db.generations(P)).toEqual({ live: 1, rebuild: null, rebuildStartedAt: null, rebuildBulk: false, lastRebuild: null });
    expect(db.checkpoint(P, 1)).toEqual({ position: null, eventsApplied: 0, lastRecordedAt: null });
    expect(db.tokenFamilies.counts(T0)).toEqual({ total: 0, active: 0, expired: 0, revoked: 0, byRevokeReason: {}, byClient: [] });
  });

  it('commits rows and checkpoint together, and rolls both back together', () => {
    applyCommitted(db, 1, [issued(1)]);
    const tx = db.begin();
    tx.apply(P, 1, [issued(2)]);
    tx.saveCheckpoint(P, 1, { position: { commit: 9n, prepare: 9n }, eventsApplied: 2, lastRecordedAt: T0 });
    tx.rollback();
    expect(db.checkpoint(P, 1)).toEqual({ position: { commit: 1n, prepare: 1n }, eventsApplied: 1, lastRecordedAt: T0 });
    expect(db.tokenFamilies.families({ limit: 10, now: T0 }).families.map((f) => f.familyId)).toEqual(['f1']);
  });

  it('pages families oldest first with a keyset cursor, filtered by subject, client and status', () => {
    const events = [1, 2, 3, 4, 5, 6, 7].map((n) => issued(n));
    events.push(tokenRevoked(T0 + DAY, { familyId: 'f3', reason: 'admin', requestedBy: 'admin:service' }));
    applyCommitted(db, 1, events);
    const now = T0 + 10 * MINUTE;
    const ids = (q: Partial<Parameters<ReadModelDatabase['tokenFamilies']['families']>[0]>) =>
      db.tokenFamilies.families({ limit: 100, now, ...q }).families.map((f) => `${f.familyId}:${f.status}`);

    expect(ids({ subjectRefs: refs('alice') })).toEqual(['f1:active', 'f3:revoked', 'f5:active', 'f7:active']);
    expect(ids({ clientId: 'mobile' })).toEqual(['f3:revoked', 'f6:active']);
    expect(ids({ subjectRefs: refs('alice'), clientId: 'web', status: 'active' })).toEqual(['f1:active', 'f5:active', 'f7:active']);
    expect(ids({ status: 'revoked' })).toEqual(['f3:revoked']);
    expect(ids({ status: 'expired', now: T0 + 100 * DAY })).toHaveLength(6);

    const first = db.tokenFamilies.families({ limit: 3, now });
    expect(first.families.map((f) => f.familyId)).toEqual(['f1', 'f2', 'f3']);
    expect(first.next).toEqual({ issuedAt: T0 + 3 * MINUTE, familyId: 'f3' });
    const second = db.tokenFamilies.families({ limit: 4, now, after: first.next! });
    expect(second.families.map((f) => f.familyId)).toEqual(['f4', 'f5', 'f6', 'f7']);
    expect(second.next).toBeNull();
  });

  it('lists one subject’s usable refresh tokens of one client, and the clients it holds any of', () => {
    applyCommitted(db, 1, [
      ...[1, 3, 5, 7, 9].map((n) => issued(n)),
      // No refresh token (no offline_access): never a refresh token, whatever its access token.
      issued(11, { refreshToken: null, refreshExpiresAt: null, idleExpiresAt: null }),
      // Its refresh token's absolute expiry has passed, though its access token still works.
      issued(13, { refreshExpiresAt: T0 + 5 * MINUTE }),
      tokenRevoked(T0 + 10 * MINUTE, { familyId: 'f5', reason: 'admin', requestedBy: 'admin:service' }),
      issued(2),
    ]);
    const now = T0 + 20 * MINUTE;
    // alice: f1, f5 (revoked), f7, f11, f13 of web; f3, f9 of mobile. bob: f2 of web.
    expect(db.tokenFamilies.refreshTokenClients(refs('alice'), now)).toEqual(['mobile', 'web']);
    expect(db.tokenFamilies.refreshTokenClients(refs('bob'), now)).toEqual(['web']);
    expect(db.tokenFamilies.refreshTokenClients(refs('carol'), now)).toEqual([]);
    expect(db.tokenFamilies.refreshTokenClients(refs('alice'), T0 + 100 * DAY)).toEqual([]);

    const first = db.tokenFamilies.refreshTokens({ subjectRefs: refs('alice'), clientId: 'web', limit: 1, now });
    expect(first.families.map((f) => `${f.familyId}:${f.status}`)).toEqual(['f1:active']);
    const second = db.tokenFamilies.refreshTokens({ subjectRefs: refs('alice'), clientId: 'web', limit: 1, now, after: first.next! });
    expect(second.families.map((f) => f.familyId)).toEqual(['f7']);
    expect(second.next).toBeNull();
    expect(db.tokenFamilies.refreshTokens({ subjectRefs: refs('alice'), clientId: 'mobile', limit: 10, now }).families.map((f) => f.familyId)).toEqual(['f3', 'f9']);
    expect(db.tokenFamilies.refreshTokens({ subjectRefs: refs('bob'), clientId: 'mobile', limit: 10, now }).families).toEqual([]);
  });

  it('files an encrypted issuance under its pseudonym with its ciphertext, never the subject; a query by subject finds both kinds', () => {
    /** An issuance as stored since personal fields are encrypted: `personal` instead of `subject`. */
    const encrypted = (n: number): TokenFamilyEvent => {
      const { subject: _subject, ...data } = issued(n).data as unknown as Record<string, unknown>;
      return { type: 'TokenIssued', data: { ...data, personal: { subjectRef: 'pseudonym-of-alice', ciphertext: `jwe-${n}` } } } as unknown as TokenFamilyEvent;
    };
    applyCommitted(db, 1, [issued(1), encrypted(3), encrypted(5), issued(2)]);
    const now = T0 + 10 * MINUTE;
    expect(db.tokenFamilies.family('f3', now)).toMatchObject({ subjectRef: 'pseudonym-of-alice', personal: 'jwe-3' });
    expect(db.tokenFamilies.family('f1', now)).toMatchObject({ subjectRef: legacySubjectRef('alice'), personal: null });
    // Both refs hold families: one listing, in (issued at, id) order, across them.
    expect(db.tokenFamilies.families({ subjectRefs: refs('alice'), limit: 10, now }).families.map((f) => f.familyId)).toEqual(['f1', 'f3', 'f5']);
    const first = db.tokenFamilies.families({ subjectRefs: refs('alice'), limit: 2, now });
    expect(db.tokenFamilies.families({ subjectRefs: refs('alice'), limit: 2, now, after: first.next! }).families.map((f) => f.familyId)).toEqual(['f5']);
    expect(db.tokenFamilies.refreshTokenClients(refs('alice'), now)).toEqual(['mobile', 'web']);
    expect(db.tokenFamilies.families({ subjectRefs: refs('bob'), limit: 10, now }).families.map((f) => f.familyId)).toEqual(['f2']);
  });

  it('counts by status at query time, by revoke reason and by client', () => {
    applyCommitted(db, 1, [
      issued(1),
      issued(2),
      issued(3),
      issued(4, { idleExpiresAt: T0 + 5 * MINUTE, accessToken: { jti: 'f4.at0', iat: 0, exp: 0 } }),
      tokenRevoked(T0 + DAY, { familyId: 'f1', reason: 'reuse_detected', requestedBy: 'system' }),
      tokenRevoked(T0 + DAY, { familyId: 'f3', reason: 'admin', requestedBy: 'admin:service' }),
    ]);
    expect(db.tokenFamilies.counts(T0 + HOUR)).toEqual({
      total: 4,
      active: 1,
      expired: 1,
      revoked: 2,
      byRevokeReason: { admin: 1, reuse_detected: 1 },
      byClient: [
        { clientId: 'mobile', total: 1, active: 0, expired: 0, revoked: 1, byRevokeReason: { admin: 1 } },
        { clientId: 'web', total: 3, active: 1, expired: 1, revoked: 1, byRevokeReason: { reuse_detected: 1 } },
      ],
    });
  });

  it('answers the lookups and listings from indexes, never a scan of a table', () => {
    const plans = [
      db.explain('SELECT * FROM token_families WHERE subject_ref = ? ORDER BY issued_at, family_id LIMIT 5', 'a'),
      db.explain('SELECT * FROM token_families WHERE client_id = ? AND (issued_at, family_id) > (?, ?) ORDER BY issued_at, family_id LIMIT 5', 'c', 1, 'f'),
      db.explain('SELECT * FROM token_families ORDER BY issued_at, family_id LIMIT 5'),
      db.explain('SELECT client_id, count(*) FROM token_families WHERE revoked_at IS NULL AND expires_at > ? GROUP BY client_id', 1),
      db.explain('SELECT * FROM token_index WHERE token_id = ?', 't'),
      // One subject's families of one client: that pair's index entries, never the client's.
      db.explain('SELECT * FROM token_families WHERE subject_ref = ? AND client_id = ? AND revoked_at IS NULL AND +expires_at > ? ORDER BY issued_at, family_id LIMIT 5', 's', 'c', 1),
      db.explain(
        'SELECT * FROM token_families WHERE subject_ref = ? AND client_id = ? AND revoked_at IS NULL AND idle_expires_at > ? AND (refresh_expires_at IS NULL OR refresh_expires_at > ?) AND (issued_at, family_id) > (?, ?) ORDER BY issued_at, family_id LIMIT 5',
        's', 'c', 1, 1, 1, 'f',
      ),
      // Retention's delete of a family's entries: one range of the primary key.
      db.explain('SELECT token_id FROM token_index WHERE token_id >= ? AND token_id < ?', 'f1.', 'f1/'),
    ];
    expect(plans[3].join()).toMatch(/COVERING INDEX token_families_g1_open/);
    expect(plans[5].join()).toMatch(/INDEX token_families_g1_subject_client \(subject_ref=\? AND client_id=\?\)/);
    expect(plans[6].join()).toMatch(/INDEX token_families_g1_subject_client \(subject_ref=\? AND client_id=\?/);
    for (const plan of plans) {
      expect(plan.join(' | ')).toMatch(/USING (COVERING )?INDEX|USING PRIMARY KEY/);
      expect(plan.join(' | ')).not.toMatch(/USE TEMP B-TREE/);
    }
  });

  it('retention deletes families revoked or expired before the cut-off, not active ones', () => {
    applyCommitted(db, 1, [
      issued(1),
      issued(2, { idleExpiresAt: T0 + 5 * MINUTE, accessToken: { jti: 'f2.at0', iat: 0, exp: 0 } }),
      rotated(0, T0 + MINUTE, { familyId: 'f1', refreshToken: tokenRecord(1, 'f1'), accessToken: { ...accessToken(T0 + MINUTE), jti: 'f1.at1' } }),
      issued(3),
      tokenRevoked(T0 + 2 * MINUTE, { familyId: 'f3' }),
      // Its ids start with 'f3' too, but not with 'f3.': they are not f3's.
      issued(30, { issuedAt: T0 + 3 * MINUTE, idleExpiresAt: T0 + 2 * HOUR }),
    ]);
    expect(db.deleteFamiliesEndedBefore(T0 + HOUR, 100)).toBe(2);
    expect(db.tokenFamilies.families({ limit: 10, now: T0 + HOUR }).families.map((f) => f.familyId)).toEqual(['f1', 'f30']);
    expect(db.tokenFamilies.token('f3.at0')).toBeNull();
    expect(db.tokenFamilies.token('f3.0')).toBeNull();
    expect(db.tokenFamilies.token('f30.at0')).toMatchObject({ familyId: 'f30', kind: 'access_token' });
    expect(db.tokenFamilies.token('f30.0')).toMatchObject({ familyId: 'f30', kind: 'refresh_token' });
    expect(db.tokenFamilies.token('f1.at1')).toMatchObject({ familyId: 'f1', kind: 'access_token' });
    expect(db.tokenFamilies.counts(T0 + HOUR)).toMatchObject({ total: 4, active: 2, expired: 1, revoked: 1 });
  });

  it('finds the families that ended before a cut-off for the log retention, and drops those a removal record lists', () => {
    applyCommitted(db, 1, [
      issued(1),
      issued(2, { idleExpiresAt: T0 + 5 * MINUTE, accessToken: { jti: 'f2.at0', iat: 0, exp: 0 } }),
      issued(3),
      tokenRevoked(T0 + 2 * MINUTE, { familyId: 'f3' }),
      issued(30, { issuedAt: T0 + 3 * MINUTE, idleExpiresAt: T0 + 2 * HOUR }),
    ]);
    expect(db.tokenFamilies.familiesEndedBefore(T0 + HOUR, 100)).toEqual(['f3', 'f2']);
    expect(db.tokenFamilies.familiesEndedBefore(T0 + HOUR, 1)).toEqual(['f3']);
    expect(db.tokenFamilies.familiesEndedBefore(T0 + MINUTE, 100)).toEqual([]);
    expect(db.explain("SELECT family_id FROM token_families WHERE revoked_at IS NOT NULL AND revoked_at < ? ORDER BY revoked_at LIMIT ?", 1, 1).join()).toMatch(/INDEX token_families_g1_revoked/);
    expect(
      db.explain(
        "SELECT family_id FROM token_families WHERE client_id IN (SELECT client_id FROM family_counts WHERE state = 'open') AND revoked_at IS NULL AND expires_at < ? LIMIT ?",
        1,
        1,
      ).join(),
    ).toMatch(/INDEX token_families_g1_open/);

    const removal = { type: 'EventsRemoved', data: { streams: [{ streamName: 'tokenFamily-f2' }, { streamName: 'tokenFamily-f3' }, { streamName: 'dpopProof-x' }] } };
    const tx = db.begin();
    tx.apply(P, 1, [removal as unknown as TokenFamilyEvent]);
    tx.saveCheckpoint(P, 1, { position: { commit: 6n, prepare: 6n }, eventsApplied: 6, lastRecordedAt: T0 });
    tx.commit();

    expect(db.tokenFamilies.families({ limit: 10, now: T0 + HOUR }).families.map((f) => f.familyId)).toEqual(['f1', 'f30']);
    expect(db.tokenFamilies.token('f2.at0')).toBeNull();
    expect(db.tokenFamilies.token('f3.0')).toBeNull();
    expect(db.tokenFamilies.token('f30.0')).toMatchObject({ familyId: 'f30' });
    expect(db.tokenFamilies.counts(T0 + HOUR)).toMatchObject({ total: 2, revoked: 0 });
  });
});

describe('ReadModelDatabase on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-models-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('narrows a database an older version left 0644, and the -wal and -shm a crash left beside it, to 0600', () => {
    const file = path.join(dir, 'read-models.db');
    ReadModelDatabase.open({ filename: file }).close();
    // Not empty: SQLite itself gives an empty companion the database's mode, a used one it keeps as it is.
    fs.writeFileSync(`${file}-wal`, 'a WAL whose header does not match');
    fs.writeFileSync(`${file}-shm`, Buffer.alloc(32768));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(f, 0o644);
    const reopened = ReadModelDatabase.open({ filename: file });
    applyCommitted(reopened, 1, [issued(1)]);
    const modes = ['', '-wal', '-shm'].map((suffix) => `${suffix || 'db'} ${(fs.statSync(file + suffix).mode & 0o777).toString(8)}`);
    reopened.close();
    expect(modes).toEqual(['db 600', '-wal 600', '-shm 600']);
  });

  it('queries never see an uncommitted batch, and the rebuild swap is atomic for readers', async () => {
    const db = ReadModelDatabase.open({ filename: path.join(dir, 'read-models.db') });
    applyCommitted(db, 1, [issued(1)]);
    const tx = db.begin();
    tx.apply(P, 1, [issued(2)]);
    expect(db.tokenFamilies.families({ limit: 10, now: T0 }).families).toHaveLength(1);
    tx.commit();
    expect(db.tokenFamilies.families({ limit: 10, now: T0 }).families).toHaveLength(2);

    const generation = db.startRebuild(P, T0);
    applyCommitted(db, generation, [issued(1), issued(2), issued(3)]);
    expect(db.tokenFamilies.families({ limit: 10, now: T0 }).families).toHaveLength(2);
    expect(() => db.completeRebuild(P, T0 + 1)).toThrow(/finalize the rebuild/);
    expect(db.generations(P).rebuildBulk).toBe(true);
    await db.finalizeRebuild(P); // on a worker thread's connection
    expect(db.generations(P).rebuildBulk).toBe(false);
    db.completeRebuild(P, T0 + 1);
    expect(db.tokenFamilies.token('f3.at0')).toMatchObject({ familyId: 'f3', kind: 'access_token' });
    expect(db.tokenFamilies.families({ limit: 10, now: T0 }).families).toHaveLength(3);
    expect(db.generations(P)).toEqual({ live: 2, rebuild: null, rebuildStartedAt: null, rebuildBulk: false, lastRebuild: { generation: 2, startedAt: T0, finishedAt: T0 + 1 } });
    db.close();

    const reopened = ReadModelDatabase.open({ filename: path.join(dir, 'read-models.db') });
    expect(reopened.checkpoint(P, 2).eventsApplied).toBe(3);
    expect(reopened.tokenFamilies.families({ limit: 10, now: T0 }).families).toHaveLength(3);
    reopened.close();
  });

  let db: ReadModelDatabase;
  afterEach(() => db?.close());

  /** Sends `events` to a worker batch as stored JSON text and commits it at position `at`. */
  function commitInWorker(events: readonly TokenFamilyEvent[], at: bigint): Promise<number> {
    const batch = db.startWorkerBatch(P, 1);
    if (!batch) throw new Error('no worker batch');
    for (const e of events) batch.add(e.type, JSON.stringify(e.data));
    return batch.commit({ after: db.checkpoint(P, 1), position: { commit: at, prepare: at }, lastRecordedAt: T0 + Number(at) });
  }
  const familyIds = () => db.tokenFamilies.families({ limit: 10, now: T0 }).families.map((f) => f.familyId);

  it("has the WAL copied back into the file after the worker's own commits, so steady live load does not grow it", async () => {
    const file = path.join(dir, 'read-models.db');
    db = ReadModelDatabase.open({ filename: file });
    await db.checkpointSettled();
    const before = fs.statSync(file).size;
    await commitInWorker([issued(1), issued(2), issued(3)], 3n);
    await db.checkpointSettled();
    expect(fs.statSync(file).size).toBeGreaterThan(before);
  });

  it('has the worker apply and commit a batch: rows and checkpoint together, visible once it resolves', async () => {
    db = ReadModelDatabase.open({ filename: path.join(dir, 'read-models.db') });
    applyCommitted(db, 1, [issued(1)]);
    const rotatedF3 = rotated(0, T0 + HOUR, {
      familyId: 'f3',
      presentedRefreshTokenId: 'f3.0',
      refreshToken: tokenRecord(1, 'f3'),
      previousRefreshToken: tokenRecord(0, 'f3'),
    });
    const batch = db.startWorkerBatch(P, 1)!;
    batch.add('TokenIssued', JSON.stringify(issued(2).data));
    // The events are sent as they come (at the end of each turn); nothing is written before the commit.
    await new Promise((resolve) => setImmediate(resolve));
    batch.add('TokenIssued', JSON.stringify(issued(3).data));
    batch.add('TokenRefreshed', JSON.stringify(rotatedF3.data));
    expect(familyIds()).toEqual(['f1']);
    const committed = batch.commit({ after: db.checkpoint(P, 1), position: { commit: 9n, prepare: 9n }, lastRecordedAt: T0 + 9 });
    // Nothing else may write until the batch is in.
    expect(() => db.begin()).toThrow(/already open/);
    await expect(committed).resolves.toBe(3);
    expect(db.tokenFamilies.families({ limit: 10, now: T0 }).families.map((f) => [f.familyId, f.generation])).toEqual([
      ['f1', 0],
      ['f2', 0],
      ['f3', 1],
    ]);
    expect(db.tokenFamilies.token('f3.1')).toMatchObject({ familyId: 'f3', kind: 'refresh_token' });
    // The stored count continues the one the batch started from.
    expect(db.checkpoint(P, 1)).toEqual({ position: { commit: 9n, prepare: 9n }, eventsApplied: 4, lastRecordedAt: T0 + 9 });
    expect(() => batch.add('TokenIssued', '{}')).toThrow(/ended/);
    // The worker reads the rows it evolves on its own connection: a family it wrote is updated.
    await commitInWorker([tokenRevoked(T0 + HOUR, { familyId: 'f2', tokenId: 'f2.0' })], 10n);
    expect(db.tokenFamilies.families({ limit: 10, now: T0 }).families.find((f) => f.familyId === 'f2')?.revokedAt).toBe(T0 + HOUR);
    expect(db.begin()).toBeDefined();
  });

  it('writes nothing of a discarded batch', async () => {
    db = ReadModelDatabase.open({ filename: path.join(dir, 'read-models.db') });
    const dropped = db.startWorkerBatch(P, 1)!;
    dropped.add('TokenIssued', JSON.stringify(issued(1).data));
    await new Promise((resolve) => setImmediate(resolve));
    dropped.add('TokenIssued', JSON.stringify(issued(2).data));
    dropped.discard();
    await expect(dropped.commit({ after: db.checkpoint(P, 1), position: { commit: 2n, prepare: 2n }, lastRecordedAt: T0 })).rejects.toThrow(/ended/);
    await expect(commitInWorker([issued(3)], 3n)).resolves.toBe(1);
    expect(familyIds()).toEqual(['f3']);
    expect(db.checkpoint(P, 1)).toMatchObject({ eventsApplied: 1 });
  });

  it('rejects a batch the worker cannot apply, commits none of it, and leaves later batches to begin()', async () => {
    db = ReadModelDatabase.open({ filename: path.join(dir, 'read-models.db') });
    applyCommitted(db, 1, [issued(1)]);
    const before = db.checkpoint(P, 1);
    const broken = db.startWorkerBatch(P, 1)!;
    broken.add('TokenIssued', JSON.stringify(issued(2).data));
    broken.add('TokenIssued', '{not json');
    await expect(broken.commit({ after: before, position: { commit: 9n, prepare: 9n }, lastRecordedAt: T0 })).rejects.toThrow(
      /committing a read-model batch failed/,
    );
    expect(db.checkpoint(P, 1)).toEqual(before);
    expect(familyIds()).toEqual(['f1']);
    expect(db.startWorkerBatch(P, 1)).toBeNull();
    applyCommitted(db, 1, [issued(1), issued(2)]);
    expect(familyIds()).toEqual(['f1', 'f2']);
  });

  it('runs its worker thread at a lower CPU priority than the event loop (Linux)', async () => {
    db = ReadModelDatabase.open({ filename: path.join(dir, 'read-models.db') });
    // Answered by the worker thread, which lowers its own priority before anything else.
    await commitInWorker([issued(1)], 1n);
    const nice = threadNiceValues();
    expect([...nice.values()]).toContain(READ_MODEL_THREAD_NICE);
    expect(nice.get(process.pid)).toBe(0);
  });

  it('has no worker batches for :memory: (one connection only) or when they are switched off', () => {
    db = ReadModelDatabase.open({ filename: ':memory:' });
    expect(db.startWorkerBatch(P, 1)).toBeNull();
    db.close();
    db = ReadModelDatabase.open({ filename: path.join(dir, 'read-models.db'), workerBatches: false });
    expect(db.startWorkerBatch(P, 1)).toBeNull();
  });
});

const HOUR = 60 * MINUTE;

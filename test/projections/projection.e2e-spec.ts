import { familyCountDeltas, foldDocuments, tokenFamiliesProjection, tokenIndexProjection, type TokenFamilyDocument } from '@ledger/domain/projections';
import type { DomainEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-sourcing';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { ProjectionRunner } from '@ledger/projections';
import { FIXED_START, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { familyIdOf } from '../support/family-events';
import { issueFamily, refresh, revoke } from '../support/token-flows';
import { jwtClaims } from '../support/token-parts';
import { allFamilies, opsCall, type FamilyJson } from '../ops/ops-client';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The default rule: 60-minute access tokens, unlimited refresh lifetime, 7-day idle window. */
const IDLE_MS = 7 * DAY;

/**
 * The read models end to end: events appended by the real commands over HTTP (issue, refresh,
 * revoke, reuse detection), the test waits on the projection's checkpoint (never on time), and
 * the ops API answers the rows the pure projections fold from the same log; a rebuild gives
 * identical rows. The kill -9 half of the story is `kill-mid-batch.e2e-spec.ts`.
 */
describe('projections: token_families, token_index, family_counts', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;
  let runner: ProjectionRunner;
  /** Refresh tokens by role, for the assertions below. */
  const families: Record<string, string> = {};

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock });
    runner = ledger.app.get(ProjectionRunner);

    families.aliceRotating = (await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'alice' })).refresh_token!;
    families.aliceStatic = (await issueFamily(ledger, TEST_CLIENTS.static.id, { sub: 'alice' })).refresh_token!;
    families.aliceRevoked = (await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'alice' })).refresh_token!;
    families.bobReused = (await issueFamily(ledger, TEST_CLIENTS.rotate0.id, { sub: 'bob' })).refresh_token!;
    families.bobNoRefresh = (await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { sub: 'bob', scope: 'openid' })).access_token;
    families.carol = (await issueFamily(ledger, TEST_CLIENTS.post.id, { sub: 'carol' })).refresh_token!;

    clock.advance(MINUTE);
    const first = await refresh(ledger, TEST_CLIENTS.rotate30, families.aliceRotating);
    clock.advance(MINUTE);
    expect((await refresh(ledger, TEST_CLIENTS.rotate30, first.body.refresh_token!)).status).toBe(200);
    expect((await refresh(ledger, TEST_CLIENTS.static, families.aliceStatic)).status).toBe(200);
    expect((await revoke(ledger, TEST_CLIENTS.rotate30, families.aliceRevoked)).status).toBe(200);
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, families.bobReused)).status).toBe(200);
    clock.advance(MINUTE);
    // The rotated-out token again, outside the 0 s leeway: reuse detection revokes the family.
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, families.bobReused)).status).toBe(400);
    await runner.waitUntilCaughtUp();
  });

  afterAll(async () => {
    await ledger?.close();
  });

  /** The token-family events of the log, as the projection reads them. */
  async function familyLog(): Promise<RecordedEvent[]> {
    return (await ledger.allEvents()).filter((e) => e.streamName.startsWith('tokenFamily-'));
  }

  function byId(list: readonly FamilyJson[]): Map<string, FamilyJson> {
    return new Map(list.map((f) => [f.id, f]));
  }

  it('lists the families of a subject with the fields the log implies', async () => {
    const { status, body } = await opsCall<FamilyJson[]>(ledger.baseUrl, 'GET', '/api/v1/ops/families?subject=alice');
    expect(status).toBe(200);
    const rows = byId(body);
    expect(body.map((f) => f.subject)).toEqual(['alice', 'alice', 'alice']);
    expect(rows.get(familyIdOf(families.aliceRotating))).toEqual({
      id: familyIdOf(families.aliceRotating),
      status: 'ACTIVE',
      subject: 'alice',
      clientId: TEST_CLIENTS.rotate30.id,
      authorizationServerId: 'default',
      grantType: 'authorization_code',
      scopes: ['openid', 'offline_access'],
      generation: 2,
      issuedAt: new Date(FIXED_START).toISOString(),
      lastRefreshedAt: new Date(FIXED_START + 2 * MINUTE).toISOString(),
      refreshExpiresAt: null,
      idleExpiresAt: new Date(FIXED_START + 2 * MINUTE + IDLE_MS).toISOString(),
      expiresAt: new Date(FIXED_START + 2 * MINUTE + IDLE_MS).toISOString(),
      revokedAt: null,
      revokeReason: null,
      revokedBy: null,
    });
    expect(rows.get(familyIdOf(families.aliceStatic))).toMatchObject({ status: 'ACTIVE', generation: 0, lastRefreshedAt: new Date(FIXED_START + 2 * MINUTE).toISOString() });
    expect(rows.get(familyIdOf(families.aliceRevoked))).toMatchObject({
      status: 'REVOKED',
      revokeReason: 'client_request',
      revokedBy: `client:${TEST_CLIENTS.rotate30.id}`,
      revokedAt: new Date(FIXED_START + 2 * MINUTE).toISOString(),
    });
  });

  it('filters by client and status, and records reuse detection as the revoke reason', async () => {
    const reused = await opsCall<FamilyJson[]>(ledger.baseUrl, 'GET', `/api/v1/ops/families?client_id=${TEST_CLIENTS.rotate0.id}&status=REVOKED`);
    expect(reused.body).toEqual([expect.objectContaining({ id: familyIdOf(families.bobReused), revokeReason: 'reuse_detected', revokedBy: 'system', generation: 1 })]);
    const active = await opsCall<FamilyJson[]>(ledger.baseUrl, 'GET', '/api/v1/ops/families?status=active');
    expect(active.body.map((f) => f.subject).sort()).toEqual(['alice', 'alice', 'bob', 'carol']);
    const perUser = await opsCall<FamilyJson[]>(ledger.baseUrl, 'GET', '/api/v1/users/bob/tokens');
    expect(perUser.body.map((f) => f.status).sort()).toEqual(['ACTIVE', 'REVOKED']);
  });

  it('equals the pure fold of the same events, row for row', async () => {
    const log = await familyLog();
    const expected = foldDocuments(tokenFamiliesProjection, log.map(domainEvent));
    const db = ledger.app.get(ReadModelDatabase);
    const stored = db.tokenFamilies.families({ limit: 1000, now: clock.now() }).families.map(({ status: _s, ...doc }) => doc);
    expect(new Map(stored.map((d) => [d.familyId, d]))).toEqual(expected);
    // Every access-token jti and refresh-token id of the log is in the index, pointing at its family.
    for (const entry of foldDocuments(tokenIndexProjection, log.map(domainEvent)).values()) {
      expect(db.tokenFamilies.token(entry.tokenId)).toEqual(entry);
    }
    expect(db.tokenFamilies.token(String(jwtClaims(families.bobNoRefresh).jti))).toMatchObject({ kind: 'access_token' });
  });

  it('counts by status, revoke reason and client; expiry is decided at query time', async () => {
    const now = await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families/counts');
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({
      asOf: new Date(clock.now()).toISOString(),
      total: 6,
      active: 4,
      expired: 0,
      revoked: 2,
      byRevokeReason: { client_request: 1, reuse_detected: 1 },
    });
    expect(now.body.byClient).toEqual(
      expect.arrayContaining([
        { clientId: TEST_CLIENTS.rotate30.id, total: 3, active: 2, expired: 0, revoked: 1, byRevokeReason: { client_request: 1 } },
        { clientId: TEST_CLIENTS.rotate0.id, total: 1, active: 0, expired: 0, revoked: 1, byRevokeReason: { reuse_detected: 1 } },
      ]),
    );
    expect(now.body).toEqual(expect.objectContaining(countsFromLog(await familyLog(), clock.now())));

    // Eight days later no idle window is open any more: nothing was appended, yet all expired.
    const later = FIXED_START + 8 * DAY;
    const saved = clock.now();
    clock.set(later);
    const expired = await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families/counts');
    const listed = await opsCall<FamilyJson[]>(ledger.baseUrl, 'GET', '/api/v1/ops/families?status=expired');
    clock.set(saved);
    expect(expired.body).toMatchObject({ total: 6, active: 0, expired: 4, revoked: 2 });
    expect(listed.body).toHaveLength(4);
  });

  it('pages with an opaque cursor and a Link header, each family exactly once', async () => {
    const first = await opsCall<FamilyJson[]>(ledger.baseUrl, 'GET', '/api/v1/ops/families?limit=4');
    expect(first.body).toHaveLength(4);
    expect(first.headers.get('link')).toMatch(/^<\/api\/v1\/ops\/families\?limit=4&after=[A-Za-z0-9_-]+>; rel="next"$/);
    const { families: all, pages } = await allFamilies(ledger.baseUrl, '/api/v1/ops/families?limit=2');
    expect(pages).toBe(3);
    expect(new Set(all.map((f) => f.id)).size).toBe(6);
    expect(all.map((f) => f.issuedAt)).toEqual([...all.map((f) => f.issuedAt)].sort());
  });

  it('rebuilds from zero into new tables and swaps them in: identical rows and counts', async () => {
    const before = { families: await allFamilies(ledger.baseUrl, '/api/v1/ops/families'), counts: await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families/counts') };
    const rebuilt = await opsCall(ledger.baseUrl, 'POST', '/api/v1/ops/projections/token_families/rebuild?wait=true');
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toMatchObject({ name: 'token_families', generation: 2, rebuild: null, lastRebuild: { generation: 2 } });
    expect(rebuilt.headers.get('location')).toBe('/api/v1/ops/projections/token_families');
    expect((await allFamilies(ledger.baseUrl, '/api/v1/ops/families')).families).toEqual(before.families.families);
    expect((await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families/counts')).body).toEqual(before.counts.body);

    // Without `wait`: 202 at once, the rebuild visible in the status until it is swapped in.
    const started = await opsCall(ledger.baseUrl, 'POST', '/api/v1/ops/projections/family_counts/rebuild');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ name: 'token_families', generation: 2, rebuild: { generation: 3 } });
    await runner.waitForGeneration('token_families', 3);
    const listed = await opsCall<Record<string, unknown>[]>(ledger.baseUrl, 'GET', '/api/v1/ops/projections');
    expect(listed.body).toEqual([
      expect.objectContaining({
        name: 'token_families',
        readModels: ['token_families', 'token_index', 'family_counts'],
        state: 'LIVE',
        generation: 3,
        eventsApplied: (await familyLog()).length,
        checkpoint: expect.stringMatching(/^\d+\/\d+$/),
        lagEvents: 0,
        lagSeconds: 0,
        rebuild: null,
      }),
    ]);
    expect((await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families/counts')).body).toEqual(before.counts.body);
  });

  it('answers errors in the management format', async () => {
    expect(await opsCall(ledger.baseUrl, 'POST', '/api/v1/ops/projections/nope/rebuild')).toMatchObject({
      status: 404,
      body: { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: nope (Projection)' },
    });
    expect(await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families?status=dormant')).toMatchObject({
      status: 400,
      body: { errorCode: 'E0000001', errorSummary: 'Api validation failed: status' },
    });
    expect(await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/families?after=bm90LWEtY3Vyc29y')).toMatchObject({
      status: 400,
      body: { errorCode: 'E0000001', errorSummary: 'Api validation failed: after' },
    });
    expect(await opsCall(ledger.baseUrl, 'GET', '/api/v1/ops/projections', { token: null })).toMatchObject({ status: 401, body: { errorCode: 'E0000011' } });
  });
});

function domainEvent(e: RecordedEvent): DomainEvent {
  return { type: e.type, data: e.data };
}

/** The counts the log implies at `now`, from the pure projection functions. */
function countsFromLog(log: readonly RecordedEvent[], now: number): { total: number; active: number; expired: number; revoked: number } {
  const docs = new Map<string, TokenFamilyDocument>();
  let open = 0;
  let revoked = 0;
  for (const e of log) {
    for (const id of tokenFamiliesProjection.documentIds(e)) {
      const before = docs.get(id) ?? null;
      const after = tokenFamiliesProjection.evolve(before, domainEvent(e), id);
      if (after) docs.set(id, after);
      for (const d of familyCountDeltas(before, after)) {
        if (d.state === 'open') open += d.delta;
        else revoked += d.delta;
      }
    }
  }
  const active = [...docs.values()].filter((d) => d.revokedAt === null && d.expiresAt > now).length;
  return { total: open + revoked, active, expired: open - active, revoked };
}

import { tokenFamilyStreamName } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-sourcing';
import * as fs from 'node:fs';
import type { HttpResult } from '../support/http';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';
import { jwtClaims, range, refreshedData, refreshTokenParts, revisionsOf } from '../support/token-parts';

/** Requests in flight together per race. */
const CONCURRENCY = 20;
/** Each race runs this many times (one test per run) so a flaky interleaving shows up as a failure. */
const RUNS = [1, 2, 3, 4, 5];

const INVALID_GRANT = { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };

/**
 * Real HTTP requests raced against one token family (SPEC §4: "two concurrent refreshes of the
 * same refresh token yield exactly one rotation"; SPEC §5: leeway and reuse detection). Every
 * race fires all its requests before awaiting any, so they are in flight together; the clock
 * is fixed, so "inside the leeway" is exact rather than timing-dependent.
 *
 * Once with the command loop's state cache (the default) and once without it, where every
 * decision reads the stream: the store's expected-revision check alone must keep the rules.
 * The same races split over two replica processes: test/replicas/concurrent-refresh-replicas.
 */
describe.each([
  ['on', {}],
  ['off', { LEDGER_STATE_CACHE_SIZE: '0' }],
])('concurrent refreshes of one token family over HTTP (state cache %s)', (_cache, env: Record<string, string>) => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startLedger({ env });
  });

  afterAll(async () => {
    await ledger.close();
    fs.rmSync(ledger.dataDir, { recursive: true, force: true });
  });

  async function familyStream(refreshToken: string): Promise<RecordedEvent[]> {
    return ledger.store.readStream(tokenFamilyStreamName(refreshTokenParts(refreshToken).familyId));
  }

  function ofType(events: readonly RecordedEvent[], type: string): RecordedEvent[] {
    return events.filter((e) => e.type === type);
  }

  function statuses(results: readonly HttpResult<TokenBody>[]): number[] {
    return results.map((r) => r.status);
  }

  describe.each(RUNS)('run %i', (run) => {
    it('ROTATE with 30 s leeway: 20 concurrent refreshes rotate once and all get the same successor', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      const original = issued.refresh_token!;
      const { familyId } = refreshTokenParts(original);

      const results = await Promise.all(range(CONCURRENCY).map(() => refresh(ledger, client, original)));

      expect(statuses(results)).toEqual(Array(CONCURRENCY).fill(200));
      const successors = new Set(results.map((r) => r.body.refresh_token));
      expect(successors.size).toBe(1);
      const [successor] = [...successors] as string[];
      expect(successor).not.toBe(original);
      expect(refreshTokenParts(successor)).toEqual({ familyId, sequence: 1, id: `${familyId}.1` });
      // Each answer, retry or not, carries a fresh access token.
      expect(new Set(results.map((r) => r.body.access_token)).size).toBe(CONCURRENCY);

      const events = await familyStream(original);
      expect(revisionsOf(events)).toEqual(range(events.length));
      expect(events.map((e) => e.type)).toEqual(['TokenIssued', ...Array(CONCURRENCY).fill('TokenRefreshed')]);
      const refreshed = ofType(events, 'TokenRefreshed').map(refreshedData);
      // The rotation is necessarily decided first; every later decision sees it and is a retry.
      expect(refreshed[0]).toMatchObject({ leewayRetry: false, generation: 1, refreshToken: { id: `${familyId}.1` } });
      expect(refreshed.slice(1)).toEqual(
        Array(CONCURRENCY - 1).fill(
          expect.objectContaining({ leewayRetry: true, generation: 1, refreshToken: expect.objectContaining({ id: `${familyId}.1` }) }),
        ),
      );
      // Every access token handed out is one the log knows about.
      expect(new Set(refreshed.map((d) => d.accessToken.jti))).toEqual(
        new Set(results.map((r) => jwtClaims(r.body.access_token).jti)),
      );
      expect(ofType(events, 'TokenRevoked')).toEqual([]);

      const next = await refresh(ledger, client, successor);
      expect(next.status).toBe(200);
      expect(refreshTokenParts(next.body.refresh_token!)).toMatchObject({ sequence: 2 });
      const after = await familyStream(original);
      expect(after).toHaveLength(events.length + 1);
      expect(refreshedData(after[after.length - 1])).toMatchObject({ leewayRetry: false, generation: 2 });
    });

    it('ROTATE with 0 s leeway: one refresh wins, the replays revoke the family (reuse detection)', async () => {
      const client = TEST_CLIENTS.rotate0;
      const issued = await issueFamily(ledger, client.id);
      const original = issued.refresh_token!;
      const { familyId } = refreshTokenParts(original);

      const results = await Promise.all(range(CONCURRENCY).map(() => refresh(ledger, client, original)));

      const winners = results.filter((r) => r.status === 200);
      const losers = results.filter((r) => r.status !== 200);
      expect(winners).toHaveLength(1);
      expect(losers.map((r) => [r.status, r.body])).toEqual(Array(CONCURRENCY - 1).fill([400, INVALID_GRANT]));
      const winner = winners[0].body;
      expect(refreshTokenParts(winner.refresh_token!)).toMatchObject({ familyId, sequence: 1 });

      const events = await familyStream(original);
      expect(revisionsOf(events)).toEqual(range(events.length));
      // Never a second successor: one rotation, no fork of the lineage.
      const refreshed = ofType(events, 'TokenRefreshed').map(refreshedData);
      expect(refreshed).toEqual([expect.objectContaining({ generation: 1, leewayRetry: false })]);
      // SPEC §5 reuse detection: with a leeway of 0 s no retry window exists, so each loser is a
      // replay of a rotated-out token "outside the leeway", and the first such replay must revoke
      // the whole family (RFC 6819 §5.2.2.3, OAuth 2.0 Security BCP §4.14.2: the server cannot
      // tell the legitimate client from an attacker, so it ends the grant). The losers decided
      // after that revocation meet a revoked family and change nothing, hence exactly one
      // TokenRevoked, and it follows the rotation.
      expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
      expect(events[2].data).toMatchObject({ reason: 'reuse_detected', requestedBy: 'system', tokenId: `${familyId}.0` });

      // The winner's tokens went down with the family: that is the spec'd answer to a replay.
      const successorRefresh = await refresh(ledger, client, winner.refresh_token!);
      expect([successorRefresh.status, successorRefresh.body]).toEqual([400, INVALID_GRANT]);
      expect((await introspect(ledger, client, winner.refresh_token!)).body).toEqual({ active: false });
      expect((await introspect(ledger, client, winner.access_token)).body).toEqual({ active: false });
      expect(await familyStream(original)).toHaveLength(events.length);
    });

    it('a revoke racing 20 refreshes leaves no token of the family working', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      const original = issued.refresh_token!;
      // Send the revoke at a different place in the burst on each run (first, a quarter in, …,
      // last). Undici opens a connection per request and the server queues per family in arrival
      // order, so the runs typically see 0, 5, 10, 15 and 20 refreshes win; the assertions hold
      // for any interleaving.
      const revokeAt = Math.round(((run - 1) * CONCURRENCY) / (RUNS.length - 1));
      const refreshes: Promise<HttpResult<TokenBody>>[] = [];
      let revocation: Promise<HttpResult> | undefined;
      for (let i = 0; i <= CONCURRENCY; i++) {
        if (i === revokeAt) revocation = revoke(ledger, client, original);
        if (i < CONCURRENCY) refreshes.push(refresh(ledger, client, original));
      }
      const [results, revoked] = await Promise.all([Promise.all(refreshes), revocation!]);

      expect(revoked.status).toBe(200);
      const succeeded = results.filter((r) => r.status === 200);
      expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body])).toEqual(
        Array(CONCURRENCY - succeeded.length).fill([400, INVALID_GRANT]),
      );
      // Whatever got through before the revocation is the one successor, never a fork.
      expect(new Set(succeeded.map((r) => r.body.refresh_token)).size).toBeLessThanOrEqual(1);

      const refreshTokens = [original, ...new Set(succeeded.map((r) => r.body.refresh_token!))];
      const accessTokens = [issued.access_token, ...succeeded.map((r) => r.body.access_token)];
      const afterRefreshes = await Promise.all(refreshTokens.map((t) => refresh(ledger, client, t)));
      expect(afterRefreshes.map((r) => [r.status, r.body])).toEqual(refreshTokens.map(() => [400, INVALID_GRANT]));
      const introspections = await Promise.all([...refreshTokens, ...accessTokens].map((t) => introspect(ledger, client, t)));
      expect(introspections.map((r) => r.body)).toEqual([...refreshTokens, ...accessTokens].map(() => ({ active: false })));

      const events = await familyStream(original);
      expect(revisionsOf(events)).toEqual(range(events.length));
      // Every 200 was decided before the revocation, and nothing was decided after it.
      expect(events.map((e) => e.type)).toEqual([
        'TokenIssued',
        ...Array(succeeded.length).fill('TokenRefreshed'),
        'TokenRevoked',
      ]);
      expect(events[events.length - 1].data).toMatchObject({ reason: 'client_request', requestedBy: `client:${client.id}` });
    });
  });
});

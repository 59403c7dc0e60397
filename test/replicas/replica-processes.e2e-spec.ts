/**
 * Two replicas as two service processes, each with its own data directory (its own read
 * models; no key file shared), on a 3-node EventStoreDB cluster run by the standalone emulator
 * in a third process: what a multi-host deployment is (docs/running-several-replicas.md).
 * A family continues on whichever replica gets the request; a client deactivated on one replica
 * is refused by the other once the configuration bound has passed; rebuilding one replica's
 * read models does not disturb the other; no private key lands on either disk.
 */
import { opsCall, type FamilyJson } from '../ops/ops-client';
import { familyIdOf } from '../support/family-events';
import { send } from '../support/http';
import { ADMIN_TOKEN, TEST_CLIENTS } from '../support/ledger-harness';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import { issueFamily, refresh, type TokenBody } from '../support/token-flows';
import * as fs from 'node:fs';
import type { ChildLedger } from '../support/child-ledger';
import { eventually, pause, runRefreshLoad, tally } from './refresh-load';

/**
 * `LEDGER_CONFIG_MAX_STALENESS_MS` default: after this long every replica enforces a
 * configuration change made on another (docs/running-several-replicas.md).
 */
const CONFIG_BOUND_MS = 1_000;
/** Margin over the bound for the request's own time on a busy 2-core CI machine. */
const BOUND_MARGIN_MS = 300;
/** Follower lag injected while the bound is tested (the issue's 1.5 s: longer than the bound). */
const INJECTED_LAG_MS = 1_500;

const client = TEST_CLIENTS.rotate30;

describe('two replica processes, each with its own read models, on a 3-node cluster', () => {
  let cluster: ReplicaCluster;
  let a: ChildLedger;
  let b: ChildLedger;

  beforeAll(async () => {
    cluster = await startReplicaCluster({ name: 'processes' });
    [a, b] = cluster.replicas;
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  async function refreshOk(on: ChildLedger, token: string): Promise<TokenBody> {
    const result = await refresh(on, client, token);
    expect({ replica: on.baseUrl, status: result.status, body: result.status === 200 ? 'ok' : result.body }).toEqual({ replica: on.baseUrl, status: 200, body: 'ok' });
    return result.body;
  }

  it('a family issued on A refreshes on A, then B, then A: one rotation each, all in its stream', async () => {
    const issued = await issueFamily(a, client.id);
    const first = await refreshOk(a, issued.refresh_token!);
    const second = await refreshOk(b, first.refresh_token!);
    const third = await refreshOk(a, second.refresh_token!);

    const store = await cluster.eventStore();
    const events = await store.readStream(`tokenFamily-${familyIdOf(issued.refresh_token!)}`);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRefreshed', 'TokenRefreshed']);
    const refreshed = events.slice(1).map((e) => e.data as { generation: number; leewayRetry: boolean; accessToken: { jti: string } });
    expect(refreshed.map((d) => [d.generation, d.leewayRetry])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    // Each answer's access token is the one its event records, whichever replica signed it.
    expect(refreshed.map((d) => d.accessToken.jti)).toEqual([first, second, third].map((t) => jtiOf(t.access_token)));
  });

  it('a client deactivated on A is refused on B once the bound has passed, even with followers lagging 1.5 s', async () => {
    const registered = await management(a, 'POST', '/api/v1/clients', {
      client_name: 'Deactivated across replicas',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      refresh_token: { rotation_type: 'ROTATE', leeway: 30 },
    });
    expect(registered.status).toBe(201);
    const victim = { id: registered.body.client_id as string, secret: registered.body.client_secret as string };
    // B knows the client and serves it: a family issued and refreshed there.
    const before = await waitForIssuance(b, victim.id);
    expect((await refresh(b, victim, before.refresh_token!)).status).toBe(200);

    await cluster.emulator.control.setReplicationLag(INJECTED_LAG_MS);
    try {
      const deactivated = await management(a, 'POST', `/api/v1/clients/${victim.id}/lifecycle/deactivate`);
      expect(deactivated.status).toBe(200);
      // The bound is the property under test: "after 1 s every replica enforces it", so the
      // test waits that long by the wall clock (no event to wait on: B must not need one).
      await pause(CONFIG_BOUND_MS + BOUND_MARGIN_MS);

      const issuedOnB = await send(`${b.baseUrl}/api/v1/authorizationServers/default/tokens`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: victim.id, sub: 'mallory@example.com', scope: 'openid offline_access' }).toString(),
      });
      expect({ status: issuedOnB.status, error: issuedOnB.body.error }).toEqual({ status: 400, error: 'invalid_request' });
      const refreshedOnB = await refresh(b, victim, before.refresh_token!);
      expect({ status: refreshedOnB.status, error: refreshedOnB.body.error }).toEqual({ status: 401, error: 'invalid_client' });
    } finally {
      await cluster.emulator.control.setReplicationLag(0);
    }
  });

  it('rebuilding the read models on A while B serves refreshes: B answers every one, both read models end equal', async () => {
    const families = await Promise.all(Array.from({ length: 4 }, (_, i) => issueFamily(a, client.id, { sub: `rebuild-${i}@example.com` })));
    let rebuilt = false;
    const load = runRefreshLoad({
      client,
      families,
      replicas: () => cluster.replicas,
      route: () => 1, // every refresh on B
      // Until the rebuild on A is swapped in, and some refreshes after it.
      done: (answers) => rebuilt && answers.length >= 60,
      deadlineMs: 30_000,
    });
    const rebuildAnswer = await opsCall(a.baseUrl, 'POST', '/api/v1/ops/projections/token_families/rebuild?wait=true', { timeoutMs: 30_000 }).finally(
      () => (rebuilt = true),
    );
    const result = await load;

    expect(rebuildAnswer.status).toBe(200);
    expect(rebuildAnswer.body).toMatchObject({ name: 'token_families', rebuild: null });
    expect({ unexplained: result.answers.filter((x) => x.kind !== 'ok').slice(0, 5), tally: tally(result.answers) }).toEqual({
      unexplained: [],
      tally: { '1:ok': result.answers.length },
    });
    expect((await fetch(`${b.baseUrl}/health/ready`)).status).toBe(200);

    // Each replica's read model shows every family at its last generation (each folds the log
    // on its own: polled, with a deadline, until both have caught up).
    const generations = Object.fromEntries(result.chains.map((c) => [c.familyId, Number(c.refreshToken.split('.')[2])]));
    const listed = async (on: ChildLedger) => {
      const page = await opsCall<FamilyJson[]>(on.baseUrl, 'GET', `/api/v1/ops/families?limit=1000&client_id=${client.id}`);
      expect(page.status).toBe(200);
      return Object.fromEntries(page.body.filter((f) => f.id in generations).map((f) => [f.id, f.generation]));
    };
    await eventually(async () => {
      expect(await listed(a)).toEqual(generations);
      expect(await listed(b)).toEqual(generations);
    });
  });

  it('leaves no private key in any replica data directory', () => {
    // A JWK's private member ("d") in any file: a key file, a log, a read model.
    const holding = cluster.dataFiles().filter((file) => fs.readFileSync(file).includes('"d":'));
    expect(holding).toEqual([]);
  });
});

/** The access token's `jti` (its payload decoded, not verified: the store is the witness). */
function jtiOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { jti: string }).jti;
}

async function management(on: ChildLedger, method: string, path: string, body?: unknown) {
  return send(`${on.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Issues on `on` once it knows the client just registered on the other replica (bounded). */
function waitForIssuance(on: ChildLedger, clientId: string): Promise<TokenBody> {
  return eventually(() => issueFamily(on, clientId));
}

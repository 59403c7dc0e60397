/**
 * Two replicas as two service processes, each with its own data directory (its own read
 * models; no key file shared), on a 3-node EventStoreDB cluster run by the standalone emulator
 * in a third process: what a multi-host deployment is (docs/running-several-replicas.md).
 *
 * - A family continues on whichever replica gets the request.
 * - A client deactivated on one replica is refused by the other once the configuration bound
 *   has passed.
 * - Rebuilding one replica's read models does not disturb the other.
 * - The leader node dies under a refresh load: no refresh a client was told succeeded (200) is
 *   missing from the log; clients see 200, or 503 `temporarily_unavailable` with
 *   `Retry-After`, or an `invalid_grant` only where a 503 (or a lost answer) left them holding
 *   a spent token; both replicas serve again by themselves once a follower is elected.
 * - A replica killed (SIGKILL) under load and started again on its data directory rejoins
 *   (serves refreshes, its read model catches up with what was written while it was down)
 *   without reading `$all` from the start again.
 * - No private key lands on either disk.
 *
 * One cluster for the whole file (starting three processes is most of its time); the tests
 * that break it (a dead node, a killed replica) run last and leave it whole again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { opsCall, type FamilyJson } from '../ops/ops-client';
import type { ChildLedger } from '../support/child-ledger';
import { familyIdOf } from '../support/family-events';
import { send } from '../support/http';
import { ADMIN_TOKEN, TEST_CLIENTS } from '../support/ledger-harness';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import { issueFamily, refresh, type TokenBody } from '../support/token-flows';
import { eventually, lostAcknowledgements, pause, runRefreshLoad, tally, unexplainedAnswers, type Answer } from './refresh-load';

/**
 * `LEDGER_CONFIG_MAX_STALENESS_MS` default: after this long every replica enforces a
 * configuration change made on another (docs/running-several-replicas.md).
 */
const CONFIG_BOUND_MS = 1_000;
/** Margin over the bound for the request's own time on a busy 2-core CI machine. */
const BOUND_MARGIN_MS = 300;
/**
 * Follower lag injected while the bound is tested: longer than the bound, its margin and the
 * deactivation request's own time on a slow machine together, so that the follower B's
 * subscription is on has not delivered the deactivation when B is asked (then only the bound
 * can make B refuse).
 */
const INJECTED_LAG_MS = 5_000;

const CHAINS = 8;
/** Answers before the fault is injected: the load is under way. */
const ANSWERS_BEFORE_FAULT = 40;
/**
 * How long the cluster has no leader after the leader dies. A real cluster needs longer: the
 * nodes gossip every 2 s and call a silent peer dead after a 2.5 s timeout, then elect within
 * a 1 s election timeout (EventStore docs/clustering/gossip.md: GossipIntervalMs,
 * GossipTimeoutMs, LeaderElectionTimeoutMs defaults). Already 2 s is longer than the client's
 * own discovery retries (10 attempts 100 ms apart, @eventstore/db-client 6.2.1
 * dist/Client/discovery.js), so the store's retries must outlast it.
 */
const ELECTION_MS = 2_000;
/**
 * A dead leader is replaced after the election and the store's retries reach the new one
 * inside their budget: well within this, even on a busy CI machine.
 */
const RECOVERY_BOUND_MS = 10_000;
/** Refreshes each replica must answer 200 in a row at the end: it serves again. */
const STEADY_RUN = 10;

const client = TEST_CLIENTS.rotate30;

describe('two replica processes, each with its own read models, on a 3-node cluster', () => {
  let cluster: ReplicaCluster;
  let a: ChildLedger;
  let b: ChildLedger;

  beforeAll(async () => {
    cluster = await startReplicaCluster({
      name: 'processes',
      electionMs: ELECTION_MS,
      // B starts while node 0 leads; an election then makes node 1 the leader, and A starts on
      // it. B's client stays on node 0, a follower now, until a call of its own fails there (as
      // a client does after a failover): what B reads and follows lags by the replication lag
      // a test injects, while A works on the leader.
      startOrder: [1, 0],
      beforeStart: async (i, emulator) => {
        if (i === 0) await emulator.control.setLeader(1);
      },
    });
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

  it('a client deactivated on A is refused on B once the bound has passed, even when the node B follows lags 5 s; what B issued before never refreshes', async () => {
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
    const issueOnB = (sub: string) =>
      send(`${b.baseUrl}/api/v1/authorizationServers/default/tokens`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: victim.id, sub, scope: 'openid offline_access' }).toString(),
      });

    // The follower B's client was left on (beforeAll) falls 5 s behind.
    const control = cluster.emulator.control;
    await control.setReplicationLag(INJECTED_LAG_MS);
    let inTheWindow: Awaited<ReturnType<typeof issueOnB>>;
    try {
      const deactivated = await management(a, 'POST', `/api/v1/clients/${victim.id}/lifecycle/deactivate`);
      expect(deactivated.status).toBe(200);
      // Inside the bound B may still issue (it may not have heard yet); then that family must
      // never refresh (below).
      inTheWindow = await issueOnB('early@example.com');
      // The bound is the property under test: "after 1 s every replica enforces it", so the
      // test waits that long by the wall clock (no event to wait on: B must not need one).
      await pause(CONFIG_BOUND_MS + BOUND_MARGIN_MS);

      const issuedOnB = await issueOnB('mallory@example.com');
      expect({ status: issuedOnB.status, error: issuedOnB.body.error }).toEqual({ status: 400, error: 'invalid_request' });
      const refreshedOnB = await refresh(b, victim, before.refresh_token!);
      expect({ status: refreshedOnB.status, error: refreshedOnB.body.error }).toEqual({ status: 401, error: 'invalid_client' });
    } finally {
      await control.setReplicationLag(0);
    }

    // Reactivated on A, and the bound passed again: the client authenticates on B again, but a
    // family B issued while the client was deactivated never refreshes, on either replica.
    expect((await management(a, 'POST', `/api/v1/clients/${victim.id}/lifecycle/activate`)).status).toBe(200);
    await pause(CONFIG_BOUND_MS + BOUND_MARGIN_MS);
    expect((await issueOnB('after@example.com')).status).toBe(200);
    expect([200, 400, 503]).toContain(inTheWindow.status);
    if (inTheWindow.status === 200) {
      const early = inTheWindow.body as unknown as TokenBody;
      for (const on of [b, a]) {
        const refused = await refresh(on, victim, early.refresh_token!);
        expect({ replica: on.baseUrl, status: refused.status, error: refused.body.error }).toEqual({ replica: on.baseUrl, status: 400, error: 'invalid_grant' });
      }
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

  /** Replicas whose process has ended, with the end of what they printed (for failure messages). */
  const exitedReplicas = () =>
    cluster.replicas.flatMap((r, i) =>
      r.process.exitCode === null && r.process.signalCode === null ? [] : [{ replica: i, code: r.process.exitCode, signal: r.process.signalCode, output: r.output().slice(-1_500) }],
    );
  const readStream = async (stream: string) => (await cluster.eventStore()).readStream(stream);
  const issueChains = (tag: string) =>
    Promise.all(Array.from({ length: CHAINS }, (_, i) => issueFamily(cluster.replicas[i % 2], client.id, { sub: `${tag}-${i}@example.com` })));

  it('the leader node dies during a refresh load: no acknowledged refresh lost, at most 503s, both replicas recover by themselves', async () => {
    const families = await issueChains('failover');
    const control = cluster.emulator.control;
    const leader = await control.leader();
    expect(leader).toBeDefined();
    let killedAt: number | undefined;
    let killing: Promise<void> | undefined;
    let failed: unknown;

    const result = await runRefreshLoad({
      client,
      families,
      replicas: () => cluster.replicas,
      route: (chain, step) => (chain + step) % 2, // each chain alternates between the replicas
      onAnswer: (_answer, answers) => {
        if (!killing && answers.length >= ANSWERS_BEFORE_FAULT) {
          killing = control.killNode(leader!.index).then(
            () => void (killedAt = Date.now()),
            (error: unknown) => void (failed = error),
          );
        }
      },
      // A replica process that ended cannot recover: no use waiting for the deadline.
      done: (answers) => failed !== undefined || exitedReplicas().length > 0 || (killedAt !== undefined && [0, 1].every((r) => steadyAfter(answers, r, killedAt!))),
      deadlineMs: 30_000,
    });
    await killing;
    try {
      if (failed) throw failed;
      // Both replica processes live through it (an error escaping the store client would end one).
      expect(exitedReplicas()).toEqual([]);
      const summary = { tally: tally(result.answers), stopped: result.chains.filter((c) => c.stoppedBy).map((c) => c.stoppedBy) };
      expect(killedAt).toBeDefined();
      expect({ unexplained: unexplainedAnswers(result.answers).slice(0, 5), ...summary }).toEqual({ unexplained: [], ...summary });
      expect(await lostAcknowledgements(result, readStream)).toEqual([]);
      // Recovered by itself, within the bound: each replica ends with a run of 200s, and its
      // last failure was answered soon after the kill.
      for (const replica of [0, 1]) {
        expect({ replica, last: lastAfter(result.answers, replica, killedAt!) }).toEqual({ replica, last: Array(STEADY_RUN).fill('ok') });
        const lastFailure = result.answers.filter((a) => a.replica === replica && a.kind !== 'ok').pop();
        if (lastFailure) expect(lastFailure.answeredAt - killedAt!).toBeLessThan(RECOVERY_BOUND_MS);
      }
      // A follower took over.
      expect((await control.leader())?.index).not.toBe(leader!.index);
    } finally {
      // The old leader comes back as a follower: the next test runs on a whole cluster again,
      // with a fresh process for any replica that did not recover (so it fails for itself only).
      await control.restartNode(leader!.index);
      for (const replica of [0, 1]) {
        if (killedAt !== undefined && steadyAfter(result.answers, replica, killedAt)) continue;
        await cluster.killReplica(replica);
        await cluster.startReplica(replica);
      }
    }
    expect((await control.status()).nodes.filter((n) => n.state === 'dead')).toEqual([]);
  }, 90_000);

  it('a replica killed mid-load and started again rejoins without reading $all from the start', async () => {
    // Each replica keeps a snapshot of its configuration registry beside its read models
    // (LEDGER_REGISTRY_SNAPSHOT's default), written within seconds of a change; one killed before
    // its first snapshot reads the log once more, which is fine. So B has one before it dies.
    const snapshot = path.join(cluster.replicas[1].dataDir, 'configuration-registry.json');
    await eventually(async () => expect({ snapshot, exists: fs.existsSync(snapshot) }).toEqual({ snapshot, exists: true }), 15_000);
    const families = await issueChains('restart');
    const control = cluster.emulator.control;
    let bDown = false;
    let restartedAt: number | undefined;
    let killing: Promise<void> | undefined;
    let writtenWhileDown: string | undefined;
    let fromStartBefore: number | undefined;
    let failed: unknown;

    const result = await runRefreshLoad({
      client,
      families,
      replicas: () => cluster.replicas,
      // A load balancer sends nothing to a replica that is down.
      route: (chain, step) => (bDown ? 0 : (chain + step) % 2),
      onAnswer: (_answer, answers) => {
        if (killing || answers.length < ANSWERS_BEFORE_FAULT) return;
        killing = (async () => {
          fromStartBefore = (await control.status()).stats.allReadsFromStart;
          bDown = true;
          await cluster.killReplica(1);
          writtenWhileDown = (await issueFamily(a, client.id, { sub: 'while-b-was-down@example.com' })).refresh_token!.split('.')[1];
          await cluster.startReplica(1);
          restartedAt = Date.now();
          bDown = false;
        })().catch((error: unknown) => void (failed = error));
      },
      done: (answers) => failed !== undefined || (restartedAt !== undefined && [0, 1].every((r) => steadyAfter(answers, r, restartedAt!))),
      deadlineMs: 60_000,
    });
    await killing;
    if (failed) throw failed;
    const b = cluster.replicas[1];

    // Requests in flight to B when it was killed lost their answers; nothing else may fail.
    const lostToTheKill = (a: Answer) => a.replica === 1 && a.sentAt < restartedAt!;
    expect(exitedReplicas()).toEqual([]);
    const summary = { tally: tally(result.answers), stopped: result.chains.filter((c) => c.stoppedBy).map((c) => c.stoppedBy) };
    expect(restartedAt).toBeDefined();
    expect({ unexplained: unexplainedAnswers(result.answers, lostToTheKill).slice(0, 5), ...summary }).toEqual({ unexplained: [], ...summary });
    expect(await lostAcknowledgements(result, readStream)).toEqual([]);
    expect(lastAfter(result.answers, 1, restartedAt!)).toEqual(Array(STEADY_RUN).fill('ok'));

    // B's own read model (on its own disk) resumed from its checkpoint and caught up.
    await eventually(async () => {
      const page = await opsCall<FamilyJson[]>(b.baseUrl, 'GET', '/api/v1/ops/families?subject=while-b-was-down@example.com');
      expect(page.body.map((f) => f.id)).toEqual([writtenWhileDown]);
    });
    expect((await fetch(`${b.baseUrl}/health/ready`)).status).toBe(200);
    // The registry starts from its snapshot and the projections from their checkpoint: the one
    // read of `$all` from its start is the integrity check, which verifies the whole log against
    // its seals before the restarted replica serves (its Merkle tree resumes from its file).
    expect(fromStartBefore).toEqual(expect.any(Number));
    expect((await control.status()).stats.allReadsFromStart).toBe(fromStartBefore! + 1);
  }, 120_000); // a replica process starts in it

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

/** The replica's last {@link STEADY_RUN} answers, all sent after `since`, are 200s. */
function steadyAfter(answers: readonly Answer[], replica: number, since: number): boolean {
  const last = lastAfter(answers, replica, since);
  return last.length === STEADY_RUN && last.every((kind) => kind === 'ok');
}

/** What the replica's last {@link STEADY_RUN} answers sent after `since` were (with the status of unexpected ones). */
function lastAfter(answers: readonly Answer[], replica: number, since: number): string[] {
  return answers
    .filter((a) => a.replica === replica && a.sentAt >= since)
    .slice(-STEADY_RUN)
    .map((a) => (a.kind === 'other' ? `${a.kind} ${a.status}` : a.kind));
}

/**
 * Failures under a refresh load, with real processes: two replicas (each its own process and
 * data directory) on a 3-node EventStoreDB cluster (the standalone emulator, a third process).
 *
 * - The leader node dies mid-load: no refresh a client was told succeeded (200) is missing
 *   from the log; clients see 200, or 503 `temporarily_unavailable` with `Retry-After`, or an
 *   `invalid_grant` only where a 503 (or lost answer) left them holding a spent token; and both
 *   replicas serve again by themselves once a follower has been elected.
 * - A replica is killed (SIGKILL) mid-load and started again on its data directory: it rejoins
 *   (serves refreshes, its read model catches up with what was written while it was down)
 *   without reading `$all` from the start again.
 */
import { opsCall, type FamilyJson } from '../ops/ops-client';
import { TEST_CLIENTS } from '../support/ledger-harness';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import { issueFamily } from '../support/token-flows';
import { eventually, lostAcknowledgements, runRefreshLoad, tally, unexplainedAnswers, type Answer } from './refresh-load';

const client = TEST_CLIENTS.rotate30;
const CHAINS = 8;
/** Acknowledged refreshes before the fault is injected: the load is under way. */
const ANSWERS_BEFORE_FAULT = 40;
/**
 * A dead leader is replaced after the emulator's election (500 ms) and the store's retries
 * reach the new one inside their budget: well within this, even on a busy CI machine.
 */
const RECOVERY_BOUND_MS = 10_000;
/** Refreshes each replica must answer 200 in a row at the end: it serves again. */
const STEADY_RUN = 10;

describe('two replica processes on a 3-node cluster: failures under load', () => {
  let cluster: ReplicaCluster;

  beforeAll(async () => {
    cluster = await startReplicaCluster({ name: 'failover' });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

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
      done: (answers) => failed !== undefined || (killedAt !== undefined && [0, 1].every((r) => steadyAfter(answers, r, killedAt!))),
      deadlineMs: 30_000,
    });
    await killing;
    if (failed) throw failed;

    const summary = { tally: tally(result.answers), stopped: result.chains.filter((c) => c.stoppedBy).map((c) => c.stoppedBy) };
    expect(killedAt).toBeDefined();
    expect({ unexplained: unexplainedAnswers(result.answers).slice(0, 5), ...summary }).toEqual({ unexplained: [], ...summary });
    expect(await lostAcknowledgements(result, readStream)).toEqual([]);
    // Recovered by itself, within the bound: each replica ends with a run of 200s, and its last
    // failure was answered soon after the kill.
    for (const replica of [0, 1]) {
      expect({ replica, steady: steadyAfter(result.answers, replica, killedAt!) }).toEqual({ replica, steady: true });
      const lastFailure = result.answers.filter((a) => a.replica === replica && a.kind !== 'ok').pop();
      if (lastFailure) expect(lastFailure.answeredAt - killedAt!).toBeLessThan(RECOVERY_BOUND_MS);
    }
    // The old leader comes back as a follower (the next test runs on a whole cluster again).
    await control.restartNode(leader!.index);
    expect((await control.status()).nodes.filter((n) => n.state === 'dead')).toEqual([]);
  });

  it('a replica killed mid-load and started again rejoins without reading $all from the start', async () => {
    const families = await issueChains('restart');
    const control = cluster.emulator.control;
    const [a] = cluster.replicas;
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
    const summary = { tally: tally(result.answers), stopped: result.chains.filter((c) => c.stoppedBy).map((c) => c.stoppedBy) };
    expect(restartedAt).toBeDefined();
    expect({ unexplained: unexplainedAnswers(result.answers, lostToTheKill).slice(0, 5), ...summary }).toEqual({ unexplained: [], ...summary });
    expect(await lostAcknowledgements(result, readStream)).toEqual([]);
    expect({ steady: steadyAfter(result.answers, 1, restartedAt!) }).toEqual({ steady: true });

    // B's own read model (on its own disk) resumed from its checkpoint and caught up.
    await eventually(async () => {
      const page = await opsCall<FamilyJson[]>(b.baseUrl, 'GET', '/api/v1/ops/families?subject=while-b-was-down@example.com');
      expect(page.body.map((f) => f.id)).toEqual([writtenWhileDown]);
    });
    expect((await fetch(`${b.baseUrl}/health/ready`)).status).toBe(200);
    // No replica read `$all` from its start because of the restart (the registry starts from its
    // snapshot, the projections from their checkpoint).
    expect((await control.status()).stats.allReadsFromStart).toBe(fromStartBefore);
  });
});

/** The replica's last {@link STEADY_RUN} answers, all sent after `since`, are 200s. */
function steadyAfter(answers: readonly Answer[], replica: number, since: number): boolean {
  const last = answers.filter((a) => a.replica === replica && a.sentAt >= since).slice(-STEADY_RUN);
  return last.length === STEADY_RUN && last.every((a) => a.kind === 'ok');
}

/**
 * Concurrent refreshes of one token family split over two replicas (SPEC §4: "two concurrent
 * refreshes of the same refresh token yield exactly one rotation", on every replica). Each
 * replica is its own token-service process and serialises a family's commands in process, so
 * here the expected-revision check of the shared store (the standalone EventStoreDB emulator,
 * a third process) is what stops a second rotation. Once with the command loop's state cache
 * (the default) and once without it.
 *
 * The replicas run on the wall clock: a race takes well under a second, far inside the 30 s
 * leeway, so "inside the leeway" does not depend on timing here either.
 */
import { tokenFamilyStreamName } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-sourcing';
import type { ChildLedger } from '../support/child-ledger';
import { TEST_CLIENTS } from '../support/ledger-harness';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import { introspect, issueFamily, refresh, revoke } from '../support/token-flows';
import { range, refreshedData, refreshTokenParts, revisionsOf } from '../support/token-parts';

/** Requests in flight together per race. */
const CONCURRENCY = 20;
/** Each race runs this many times (one test per run) so a flaky interleaving shows up as a failure. */
const RUNS = [1, 2, 3, 4, 5];

const INVALID_GRANT = { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };

describe.each([
  ['on', {}],
  ['off', { LEDGER_STATE_CACHE_SIZE: '0' }],
])('concurrent refreshes across two replica processes (state cache %s)', (_cache, env: Record<string, string>) => {
  let cluster: ReplicaCluster;
  let ledger: ChildLedger;
  let replica: ChildLedger;
  let store: EventStore;

  beforeAll(async () => {
    cluster = await startReplicaCluster({ name: 'concurrent-refresh', nodes: 1, env });
    [ledger, replica] = cluster.replicas;
    store = await cluster.eventStore();
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  function familyStream(refreshToken: string): Promise<RecordedEvent[]> {
    return store.readStream(tokenFamilyStreamName(refreshTokenParts(refreshToken).familyId));
  }

  it.each(RUNS)('run %i: 20 refreshes split over both replicas still rotate once, to one successor', async () => {
    const client = TEST_CLIENTS.rotate30;
    const original = (await issueFamily(ledger, client.id)).refresh_token!;
    const { familyId } = refreshTokenParts(original);

    const results = await Promise.all(range(CONCURRENCY).map((i) => refresh(i % 2 ? replica : ledger, client, original)));

    // The loser of each revision race backs off and decides again (CommandLoop), so every
    // request across both replicas gets the leeway answer: no 503, one successor.
    expect(results.map((r) => r.status)).toEqual(Array(CONCURRENCY).fill(200));
    expect(new Set(results.map((r) => r.body.refresh_token)).size).toBe(1);
    expect(refreshTokenParts(results[0].body.refresh_token!).id).toBe(`${familyId}.1`);

    const events = await familyStream(original);
    expect(revisionsOf(events)).toEqual(range(events.length));
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', ...Array(CONCURRENCY).fill('TokenRefreshed')]);
    const refreshed = events.filter((e) => e.type === 'TokenRefreshed').map(refreshedData);
    expect(refreshed.map((d) => [d.generation, d.leewayRetry, d.refreshToken.id])).toEqual([
      [1, false, `${familyId}.1`],
      ...Array(CONCURRENCY - 1).fill([1, true, `${familyId}.1`]),
    ]);
  });

  it('a revoke through one replica is seen at once by the other', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    const rotated = await refresh(replica, client, issued.refresh_token!);
    expect(rotated.status).toBe(200);

    expect((await revoke(ledger, client, rotated.body.refresh_token!)).status).toBe(200);

    expect((await introspect(replica, client, rotated.body.access_token)).body).toEqual({ active: false });
    expect((await introspect(replica, client, rotated.body.refresh_token!)).body).toEqual({ active: false });
    const after = await refresh(replica, client, rotated.body.refresh_token!);
    expect([after.status, after.body]).toEqual([400, INVALID_GRANT]);
  });
});

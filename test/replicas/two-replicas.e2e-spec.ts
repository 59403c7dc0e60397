/**
 * Two service replicas on one EventStoreDB (the scale-out path, SPEC §8): two token-service
 * processes, each with its own data directory (its own read models, configuration registry,
 * state cache and event-store client; no key file shared, the keys given to both), on the
 * standalone emulator in a third process. What one replica writes the other must honour at
 * once, because decisions read the store, not a projection.
 */
import type { EventStore } from '@ledger/event-sourcing';
import type { ChildLedger } from '../support/child-ledger';
import { familyIdOf } from '../support/family-events';
import { TEST_CLIENTS } from '../support/ledger-harness';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import { introspect, issueFamily, refresh, revoke } from '../support/token-flows';

const CONCURRENCY = 20;

describe('two replica processes, one EventStoreDB', () => {
  let cluster: ReplicaCluster;
  let a: ChildLedger;
  let b: ChildLedger;
  let store: EventStore;

  beforeAll(async () => {
    // One node is enough here: what is under test is two processes sharing one store, not failover.
    cluster = await startReplicaCluster({ name: 'two-replicas', nodes: 1 });
    [a, b] = cluster.replicas;
    store = await cluster.eventStore();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  const familyEvents = (refreshToken: string) => store.readStream(`tokenFamily-${familyIdOf(refreshToken)}`);

  it('a revoke through one replica is honoured by the other on its very next request', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(a, client.id);
    // B knows the family at once (it reads the store, not a projection) and warms its cache.
    const viaB = await refresh(b, client, issued.refresh_token!);
    expect(viaB.status).toBe(200);
    expect((await introspect(b, client, viaB.body.access_token)).body.active).toBe(true);

    expect((await revoke(a, client, viaB.body.refresh_token!)).status).toBe(200);

    expect((await introspect(b, client, viaB.body.refresh_token!)).body).toEqual({ active: false });
    expect((await introspect(b, client, viaB.body.access_token)).body).toEqual({ active: false });
    const refused = await refresh(b, client, viaB.body.refresh_token!);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
  });

  it('20 concurrent refreshes with leeway 30 s spread over both replicas: one rotation, one successor for all', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(a, client.id);
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => refresh(i % 2 ? b : a, client, issued.refresh_token!)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(CONCURRENCY).fill(200));
    expect(new Set(results.map((r) => r.body.refresh_token)).size).toBe(1);
    const events = await familyEvents(issued.refresh_token!);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    const refreshed = events.filter((e) => e.type === 'TokenRefreshed').map((e) => e.data as { generation: number; leewayRetry: boolean });
    expect(refreshed.filter((d) => !d.leewayRetry)).toHaveLength(1);
    expect(refreshed.every((d) => d.generation === 1)).toBe(true);
    expect(events.some((e) => e.type === 'TokenRevoked')).toBe(false);
  });

  it('20 concurrent refreshes with leeway 0 over both replicas: exactly one succeeds and the family is not forked', async () => {
    const client = TEST_CLIENTS.rotate0;
    const issued = await issueFamily(a, client.id);
    const results = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => refresh(i % 2 ? b : a, client, issued.refresh_token!)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400).every((r) => r.body.error === 'invalid_grant')).toBe(true);
    const events = await familyEvents(issued.refresh_token!);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    // One rotation, then the replays revoke the family (SPEC §5 reuse detection): no second successor.
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    const winner = results.find((r) => r.status === 200)!;
    expect((await refresh(a, client, winner.body.refresh_token!)).status).toBe(400);
    expect((await introspect(b, client, winner.body.access_token)).body).toEqual({ active: false });
  });
});

/**
 * Two service replicas on one EventStoreDB (the scale-out path, SPEC §8), here two real apps
 * against the in-repo emulator. They share the data directory for the keys generated into it
 * (refresh-token key, signing keys), and nothing else: each has its own read-model file,
 * configuration registry, state cache and event-store client.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEsdbEmulator, type EsdbEmulator } from '../esdb-emulator';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke } from '../support/token-flows';

const CONCURRENCY = 20;

describe('two replicas, one EventStoreDB', () => {
  let emulator: EsdbEmulator;
  let a: TestLedger;
  let b: TestLedger;

  beforeAll(async () => {
    emulator = await startEsdbEmulator();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-replicas-'));
    const env = { EVENTSTORE_URL: emulator.connectionString };
    a = await startLedger({ dataDir, env });
    // One data directory for the keys, but each replica its own read models: a second process
    // (or app) opening one read-model file is refused.
    b = await startLedger({ dataDir, env: { ...env, LEDGER_READ_MODELS: path.join(dataDir, 'read-models-b.db') } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.stop();
  });

  const familyEvents = async (refreshToken: string) => a.store.readStream(`tokenFamily-${refreshToken.split('.')[1]}`);

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

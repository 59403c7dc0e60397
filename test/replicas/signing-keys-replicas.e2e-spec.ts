/**
 * Signing keys across replicas: token-service processes, each with its own data directory, on
 * one EventStoreDB (the standalone emulator, its own process). The published keys and the signer
 * follow the recorded events, whichever replica rotated; a replica given another key-encryption
 * key publishes and verifies with the recorded keys but refuses to sign.
 *
 * The parts of this behaviour that need one clock stepped for both replicas (the background
 * re-read once cached keys are older than KEY_STATE_MAX_AGE_MS, the once-per-interval re-read
 * on unknown kids, AUTO rotation's timers) stay in test/management/signing-keys-replicas.
 */
import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '@ledger/event-sourcing';
import { spawnLedger, waitUntilListening, type ChildLedger } from '../support/child-ledger';
import { ADMIN_TOKEN, freePort, TEST_CLIENTS, TEST_TOKEN_KEY } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import { introspect, issueFamily, refresh } from '../support/token-flows';

const client = TEST_CLIENTS.rotate30;
const STREAM = 'signingKeys-default';

/** Bound on a replica learning of a server another replica created (it follows the log). */
const CATCH_UP_MS = 10_000;

async function keysOf(ledger: ChildLedger, as: string): Promise<{ status: number; body: JSONWebKeySet }> {
  const response = await fetch(`${ledger.baseUrl}/oauth2/${as}/v1/keys`);
  return { status: response.status, body: (await response.json()) as JSONWebKeySet };
}

async function jwksKids(ledger: ChildLedger): Promise<string[]> {
  const response = await fetch(`${ledger.baseUrl}/oauth2/default/v1/keys`);
  return ((await response.json()) as JSONWebKeySet).keys.map((k) => k.kid!);
}

/** Rotates on one replica with no body at all (curl's habit); answers the new kid. */
async function rotateOn(ledger: ChildLedger): Promise<string> {
  const response = await fetch(`${ledger.baseUrl}/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate`, {
    method: 'POST',
    headers: { authorization: `SSWS ${ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { kid: string }).kid;
}

describe('signing keys across replica processes', () => {
  let cluster: ReplicaCluster;
  let a: ChildLedger;
  let b: ChildLedger;
  let store: EventStore;

  beforeAll(async () => {
    // Replicas behind one load balancer share the public issuer (the cluster gives it to both).
    cluster = await startReplicaCluster({ name: 'signing-keys', nodes: 1 });
    [a, b] = cluster.replicas;
    store = await cluster.eventStore();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('a second replica starting on the same store records nothing and signs with the same key', async () => {
    const events = await store.readStream(STREAM);
    expect(events.map((e) => e.type)).toEqual(['SigningKeyCreated']);
    expect(await jwksKids(b)).toEqual(await jwksKids(a));
    const issued = await issueFamily(b, client.id);
    expect(decodeProtectedHeader(issued.access_token).kid).toBe((events[0].data as { kid: string }).kid);
  });

  it('verifies a token signed with a key another replica just rotated to (re-reading on the unknown kid), then signs with it', async () => {
    const newKid = await rotateOn(a);
    const fromA = await issueFamily(a, client.id);
    expect(decodeProtectedHeader(fromA.access_token).kid).toBe(newKid);

    expect((await introspect(b, client, fromA.access_token)).body).toMatchObject({ active: true });
    expect(await jwksKids(b)).toContain(newKid);
    const refreshedOnB = await refresh(b, client, fromA.refresh_token!);
    expect(refreshedOnB.status).toBe(200);
    expect(decodeProtectedHeader(refreshedOnB.body.access_token).kid).toBe(newKid);
  });
  it('loads the keys of a server another replica created, and signs with them, instead of failing until a restart', async () => {
    const api = (method: string, route: string, body: unknown) => adminApi(a, method, route, body);
    expect((await api('POST', '/api/v1/authorizationServers', { id: 'runtime-created', name: 'runtime-created', audiences: ['api://runtime-created'], scopes: ['openid', 'offline_access'] })).status).toBe(201);
    const policy = await api('POST', '/api/v1/authorizationServers/runtime-created/policies', {
      type: 'OAUTH_AUTHORIZATION_POLICY',
      name: 'The test client',
      priority: 1,
      conditions: { clients: { include: [client.id] } },
    });
    expect(policy.status).toBe(201);
    const rule = await api('POST', `/api/v1/authorizationServers/runtime-created/policies/${policy.body.id as string}/rules`, {
      type: 'RESOURCE_ACCESS',
      name: 'Everything',
      priority: 1,
      conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] } },
      actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10_080 } },
    });
    expect({ status: rule.status, body: rule.status === 201 ? 'ok' : rule.body }).toEqual({ status: 201, body: 'ok' });
    const onA = await keysOf(a, 'runtime-created');
    expect(onA.status).toBe(200);

    // B has not restarted: it must come to publish the same keys by itself (polled with a
    // deadline), whichever of its paths reads them (on first use, or its rotation scheduler
    // finding keys it does not hold); that the first use alone starts the read is checked
    // in-process in test/management/signing-keys-replicas.
    const deadline = Date.now() + CATCH_UP_MS;
    let onB = await keysOf(b, 'runtime-created');
    while (JSON.stringify(onB) !== JSON.stringify(onA) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      onB = await keysOf(b, 'runtime-created');
    }
    expect(onB).toEqual(onA);
    const issued = await issueFamily(b, client.id, { as: 'runtime-created' });
    expect(decodeProtectedHeader(issued.access_token).kid).toBe(onA.body.keys[0].kid);
  });
});

/**
 * A replica on the same event store but with a key-encryption key of its own: it publishes and
 * verifies with the recorded public keys, but cannot unwrap the private half, so it must not
 * sign (and must not quietly create and record a key of its own, as a first start would).
 */
describe('a replica process without the key-encryption key of the active key', () => {
  let cluster: ReplicaCluster;
  let a: ChildLedger;
  let c: ChildLedger;
  let store: EventStore;
  let ownDir: string;

  beforeAll(async () => {
    cluster = await startReplicaCluster({ name: 'foreign-kek', nodes: 1, replicas: 1 });
    [a] = cluster.replicas;
    store = await cluster.eventStore();
    ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-foreign-kek-'));
    // The shared refresh-token key, but a key-encryption key of its own.
    c = spawnLedger({
      dataDir: ownDir,
      port: await freePort(),
      env: {
        EVENTSTORE_URL: cluster.emulator.connectionString,
        LEDGER_TOKEN_KEY: TEST_TOKEN_KEY,
        LEDGER_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 0x6f).toString('base64url'),
        LEDGER_ISSUER_BASE_URL: cluster.issuerBaseUrl,
      },
    });
    await waitUntilListening(c, 60_000);
  }, 120_000);
  afterAll(async () => {
    await c?.kill();
    await cluster?.stop();
    if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
  });

  it('publishes the recorded keys, but trusts no seal it cannot check: readiness says why, tokens are refused (503), nothing is recorded', async () => {
    expect(await jwksKids(c)).toEqual(await jwksKids(a));
    const fromA = await issueFamily(a, client.id);
    // The sealing key A recorded is wrapped under the shared KEK: C cannot unwrap it, so it cannot
    // tell A's seals from forged ones, and its start-up check fails closed.
    const introspected = await introspect(c, client, fromA.access_token);
    expect({ status: introspected.status, error: introspected.body.error }).toEqual({ status: 503, error: 'temporarily_unavailable' });
    const refreshed = await refresh(c, client, fromA.refresh_token!);
    expect({ status: refreshed.status, error: refreshed.body.error }).toEqual({ status: 503, error: 'temporarily_unavailable' });
    const ready = await fetch(`${c.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('ledgerIntegrity');
    expect(c.output()).toContain('ledger_integrity_failure');

    const recorded = await store.readStream(STREAM);
    expect(recorded.map((e) => e.type)).toEqual(['SigningKeyCreated']);
    // A still serves the same family.
    expect((await refresh(a, client, fromA.refresh_token!)).status).toBe(200);
  });
});

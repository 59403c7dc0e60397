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
/** How long a start-up log line may take to reach the test through the child's stdout. */
const LOG_LINE_WAIT_MS = 5_000;

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

  /** C's log line saying why it cannot sign, once it has arrived. */
  async function unwrapFailureLogged(): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + LOG_LINE_WAIT_MS;
    for (;;) {
      for (const line of c.output().split('\n')) {
        if (!line.includes('cannot be unwrapped by this replica')) continue;
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (String(parsed.msg).startsWith('the active signing key cannot be unwrapped by this replica')) return parsed;
        } catch {
          // the first line of the kept tail may be cut
        }
      }
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('publishes the recorded keys and verifies tokens, records nothing, and refuses to sign', async () => {
    expect(await jwksKids(c)).toEqual(await jwksKids(a));
    const fromA = await issueFamily(a, client.id);
    expect((await introspect(c, client, fromA.access_token)).body).toMatchObject({ active: true });

    const recorded = await store.readStream(STREAM);
    expect(recorded.map((e) => e.type)).toEqual(['SigningKeyCreated']);
    const unwrapFailure = await unwrapFailureLogged();
    expect(unwrapFailure).toMatchObject({ authorizationServerId: 'default', kid: (recorded[0].data as { kid: string }).kid, kekId: (recorded[0].data as { kekId: string }).kekId });
    expect((unwrapFailure as { heldKekIds: string[] }).heldKekIds).not.toContain((recorded[0].data as { kekId: string }).kekId);

    const refreshed = await refresh(c, client, fromA.refresh_token!);
    expect(refreshed.status).toBe(500);
    expect(refreshed.body).toEqual({ error: 'server_error', error_description: 'The server encountered an unexpected error.' });
  });
});

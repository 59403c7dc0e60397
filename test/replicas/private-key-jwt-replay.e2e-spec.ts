/**
 * private_key_jwt across replicas (RFC 7523 §3: the `jti` of an assertion is used once): an
 * assertion accepted by one replica is refused as a replay by another. Each replica is its own
 * token-service process with its own data directory; what they share is the event store (the
 * standalone EventStoreDB emulator, a third process), which records each accepted `jti`.
 * Assertions carry `iat`/`exp` from the wall clock the replicas run on.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@ledger/event-sourcing';
import type { ChildLedger } from '../support/child-ledger';
import { postForm, send, type HttpResult } from '../support/http';
import { ADMIN_TOKEN } from '../support/ledger-harness';
import { startReplicaCluster, type ReplicaCluster } from '../support/replica-cluster';
import type { TokenBody } from '../support/token-flows';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };
/** How long the refused request's debug line may take to reach the test through the child's stdout. */
const LOG_LINE_WAIT_MS = 5_000;

interface ClientKey {
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
}

describe('private_key_jwt across replica processes', () => {
  let cluster: ReplicaCluster;
  let a: ChildLedger;
  let b: ChildLedger;
  let store: EventStore;
  let es256: ClientKey;
  const clientId = 'pkjwt-replicas';

  /** The token endpoint as the assertion's audience names it: the issuer's, which both replicas share. */
  const audience = () => `${cluster.issuerBaseUrl}/oauth2/default/v1/token`;

  async function assertion(): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: randomUUID(), iss: clientId, sub: clientId, aud: audience(), iat, exp: iat + 60 })
      .setProtectedHeader({ alg: 'ES256', kid: es256.publicJwk.kid })
      .sign(es256.privateKey);
  }

  function tokenRequest(on: ChildLedger, clientAssertion: string, headers: Record<string, string> = {}): Promise<HttpResult<TokenBody>> {
    return postForm<TokenBody>(
      `${on.baseUrl}/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: 'api:read', client_assertion_type: JWT_BEARER, client_assertion: clientAssertion },
      headers,
    );
  }

  const eventCount = async () => (await store.readAll({ maxCount: 1_000_000 })).length;

  /** The private `reason` of the refusal logged for `requestId` (the exception filter's debug line), once it has arrived. */
  async function refusalReason(on: ChildLedger, requestId: string): Promise<string | undefined> {
    const deadline = Date.now() + LOG_LINE_WAIT_MS;
    for (;;) {
      for (const line of on.output().split('\n')) {
        if (!line.includes(requestId)) continue;
        let parsed: { msg?: string; requestId?: string; reason?: string };
        try {
          parsed = JSON.parse(line);
        } catch {
          continue; // the first line of the kept tail may be cut
        }
        if (parsed.msg === 'request refused' && parsed.requestId === requestId) return parsed.reason;
      }
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  beforeAll(async () => {
    // Debug logs carry the refusal's private reason (never sent to the client).
    cluster = await startReplicaCluster({ name: 'pkjwt', nodes: 1, env: { LOG_LEVEL: 'debug' } });
    [a, b] = cluster.replicas;
    store = await cluster.eventStore();
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    es256 = { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: 'es-key-1', alg: 'ES256', use: 'sig' } };
    const registered = await send(`${a.baseUrl}/api/v1/clients`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: clientId,
        client_name: clientId,
        token_endpoint_auth_method: 'private_key_jwt',
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        jwks: { keys: [es256.publicJwk] },
      }),
    });
    expect(registered.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('refuses on B an assertion A accepted (assertion_replayed), appending nothing', async () => {
    const signed = await assertion();
    expect((await tokenRequest(a, signed)).status).toBe(200);
    const before = await eventCount();
    const requestId = `replay-${randomUUID()}`;
    const replayed = await tokenRequest(b, signed, { 'x-request-id': requestId });
    expect({ status: replayed.status, body: replayed.body }).toEqual({ status: 401, body: INVALID_CLIENT });
    expect(await refusalReason(b, requestId)).toBe('assertion_replayed');
    expect(await eventCount()).toBe(before);
  });

  it('B accepts a fresh assertion of the same client: the refusal above was the replay, not B not knowing the client', async () => {
    expect((await tokenRequest(b, await assertion())).status).toBe(200);
  });
});

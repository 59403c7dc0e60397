import { status as GrpcStatus } from '@grpc/grpc-js';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';
import { eventCount, familyEventTypes, lastRefusalReason } from '../support/family-events';
import { grpcClients, metadataOf, openStream, unary, type LedgerGrpcClients } from '../support/grpc-client';
import { send } from '../support/http';
import { ADMIN_TOKEN, startLedger, type TestLedger } from '../support/ledger-harness';
import { issueFamily, type TokenBody } from '../support/token-flows';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CLIENT_ID = 'pkjwt-grpc';

/**
 * private_key_jwt over gRPC: the assertion travels in `client_assertion_type` /
 * `client_assertion` metadata and is checked by the HTTP side's authenticator, audiences and
 * cross-replica replay guard included.
 */
describe('gRPC client authentication with private_key_jwt', () => {
  let ledger: TestLedger;
  let clients: LedgerGrpcClients;
  let key: { privateKey: KeyLike; publicJwk: JWK };

  beforeAll(async () => {
    ledger = await startLedger({ grpc: true });
    clients = grpcClients(ledger);
    const pair = await generateKeyPair('ES256');
    key = { privateKey: pair.privateKey, publicJwk: { ...(await exportJWK(pair.publicKey)), kid: 'grpc-key-1', alg: 'ES256', use: 'sig' } };
    const registered = await send(`${ledger.baseUrl}/api/v1/clients`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: CLIENT_ID,
        client_name: CLIENT_ID,
        token_endpoint_auth_method: 'private_key_jwt',
        grant_types: ['authorization_code', 'refresh_token'],
        jwks: { keys: [key.publicJwk] },
      }),
    });
    expect(registered.status).toBe(201);
  });

  afterAll(async () => {
    clients.close();
    await ledger.close();
  });

  /** A signed assertion addressed to `endpoint` of the default server, on the ledger's clock. */
  function assertion(endpoint: 'token' | 'revoke'): Promise<string> {
    const iat = Math.floor(ledger.clock.now() / 1000);
    return new SignJWT({ jti: randomUUID(), iss: CLIENT_ID, sub: CLIENT_ID, aud: `${ledger.baseUrl}/oauth2/default/v1/${endpoint}`, iat, exp: iat + 60 })
      .setProtectedHeader({ alg: 'ES256', kid: 'grpc-key-1' })
      .sign(key.privateKey);
  }

  const assertionMetadata = (signed: string) => metadataOf({ client_assertion_type: JWT_BEARER, client_assertion: signed });

  it('refreshes and revokes with an assertion; a replayed assertion is UNAUTHENTICATED and appends nothing', async () => {
    const issued = await issueFamily(ledger, CLIENT_ID);
    const signed = await assertion('token');
    const refreshed = await unary<TokenBody>(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: issued.refresh_token }, assertionMetadata(signed));
    expect(refreshed.ok).toBe(true);

    const before = await eventCount(ledger);
    const replayed = await unary(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: issued.refresh_token }, assertionMetadata(signed));
    expect(replayed).toMatchObject({ ok: false, code: GrpcStatus.UNAUTHENTICATED, errorInfo: { reason: 'invalid_client', metadata: { reason: 'client_authentication_failed' } } });
    expect(lastRefusalReason(ledger)).toBe('assertion_replayed');
    expect(await eventCount(ledger)).toBe(before);

    // An assertion addressed to the revocation endpoint authenticates RevokeToken, as on HTTP.
    const token = refreshed.ok ? refreshed.value.refresh_token! : '';
    expect((await unary(clients.token, 'RevokeToken', { authorization_server_id: 'default', token }, assertionMetadata(await assertion('revoke')))).ok).toBe(true);
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
  });

  it('cannot watch the revocation feed (no authorization server to address the assertion to)', async () => {
    const reader = openStream(clients.feed, 'Watch', {}, assertionMetadata(await assertion('token')));
    await expect(reader.next(5_000)).rejects.toThrow(/stream failed/);
    expect((await reader.status).code).toBe(GrpcStatus.UNAUTHENTICATED);
  });
});

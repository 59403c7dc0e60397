import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import { eventCount, familyEventTypes, lastRefusalReason } from '../support/family-events';
import { basic, postForm, send, type HttpResult } from '../support/http';
import { ADMIN_TOKEN, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, type TokenBody } from '../support/token-flows';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };

interface ClientKey {
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
  readonly alg: 'ES256' | 'RS256';
}

async function newKey(alg: 'ES256' | 'RS256', kid: string): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, alg };
}

/**
 * private_key_jwt client authentication (RFC 7523 §2.2, OIDC Core §9) end to end: the client's
 * public key is registered through the clients API, and assertions are signed by the test with
 * `iat`/`exp` taken from the ledger's fixed clock.
 */
describe('private_key_jwt client authentication', () => {
  let ledger: TestLedger;
  let es256: ClientKey;
  const clientId = 'pkjwt-es256';

  const tokenEndpoint = () => `${ledger.baseUrl}/oauth2/default/v1/token`;

  /** A signed assertion; `iat`/`exp` follow the ledger's clock (60 s lifetime) unless overridden. */
  async function assertion(key: ClientKey, sub: string, claims: Record<string, unknown> = {}): Promise<string> {
    const iat = Math.floor(ledger.clock.now() / 1000);
    return new SignJWT({ jti: randomUUID(), iss: sub, sub, aud: tokenEndpoint(), iat, exp: iat + 60, ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.publicJwk.kid })
      .sign(key.privateKey);
  }

  function tokenRequest(form: Record<string, string>, clientAssertion: string, url = tokenEndpoint()): Promise<HttpResult<TokenBody>> {
    return postForm<TokenBody>(url, { ...form, client_assertion_type: JWT_BEARER, client_assertion: clientAssertion });
  }

  async function registerClient(id: string, key: ClientKey): Promise<HttpResult> {
    return send(`${ledger.baseUrl}/api/v1/clients`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: id,
        client_name: id,
        token_endpoint_auth_method: 'private_key_jwt',
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        jwks: { keys: [key.publicJwk] },
      }),
    });
  }

  /** Asserts a refusal with 401 invalid_client that appended nothing. */
  async function expectRefused(request: () => Promise<HttpResult<TokenBody>>, reason: string): Promise<void> {
    const before = await eventCount(ledger);
    const result = await request();
    expect({ status: result.status, body: result.body, reason: lastRefusalReason(ledger) }).toEqual({ status: 401, body: INVALID_CLIENT, reason });
    expect(result.headers.get('www-authenticate')).toMatch(/error="invalid_client"/);
    expect(await eventCount(ledger)).toBe(before);
  }

  beforeAll(async () => {
    ledger = await startLedger();
    es256 = await newKey('ES256', 'es-key-1');
    const registered = await registerClient(clientId, es256);
    expect(registered.status).toBe(201);
    expect(registered.body).not.toHaveProperty('client_secret');
    expect(registered.body).toMatchObject({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [es256.publicJwk] } });
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('refreshes with an ES256 assertion addressed to the token endpoint, records its jti once, and refuses a replay', async () => {
    const issued = await issueFamily(ledger, clientId);
    const signed = await assertion(es256, clientId);
    const jti = JSON.parse(Buffer.from(signed.split('.')[1], 'base64url').toString()).jti as string;

    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: issued.refresh_token! }, signed);
    expect({ status: refreshed.status, error: refreshed.body.error }).toEqual({ status: 200, error: undefined });
    expect(refreshed.body.refresh_token).not.toBe(issued.refresh_token);
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed']);

    const stream = `clientAssertion-${clientId}-${createHash('sha256').update(jti).digest('hex')}`;
    const recorded = await ledger.store.readStream(stream);
    expect(recorded.map((e) => ({ type: e.type, data: e.data }))).toEqual([
      { type: 'ClientAssertionAccepted', data: { clientId, jti, exp: Math.floor(ledger.clock.now() / 1000) + 60 } },
    ]);
    expect(JSON.stringify(recorded.map((e) => [e.data, e.metadata]))).not.toContain(signed);

    await expectRefused(() => tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token! }, signed), 'assertion_replayed');
    // The replay was refused before the grant: the family did not move.
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed']);
  });

  it('refuses an assertion signed by another key, even one claiming the registered kid', async () => {
    const issued = await issueFamily(ledger, clientId);
    const stranger = await newKey('ES256', 'es-key-1');
    await expectRefused(
      async () => tokenRequest({ grant_type: 'refresh_token', refresh_token: issued.refresh_token! }, await assertion(stranger, clientId)),
      'assertion_jwt_signature_invalid',
    );
    const unknownKid = await newKey('ES256', 'somebody-elses-key');
    await expectRefused(
      async () => tokenRequest({ grant_type: 'refresh_token', refresh_token: issued.refresh_token! }, await assertion(unknownKid, clientId)),
      'assertion_jwt_key_unknown',
    );
  });

  it('authenticates an RS256 client with client_credentials, and accepts the issuer as aud', async () => {
    const rs256 = await newKey('RS256', 'rs-key-1');
    expect((await registerClient('pkjwt-rs256', rs256)).status).toBe(201);
    const toEndpoint = await tokenRequest({ grant_type: 'client_credentials', scope: 'api:read' }, await assertion(rs256, 'pkjwt-rs256'));
    expect({ status: toEndpoint.status, scope: toEndpoint.body.scope }).toEqual({ status: 200, scope: 'api:read' });
    const toIssuer = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'api:read' },
      await assertion(rs256, 'pkjwt-rs256', { aud: `${ledger.baseUrl}/oauth2/default` }),
    );
    expect(toIssuer.status).toBe(200);
  });

  it('refuses wrong claims, a mismatched client_id, and another client’s assertion', async () => {
    const form = { grant_type: 'client_credentials', scope: 'api:read' };
    const now = Math.floor(ledger.clock.now() / 1000);
    await expectRefused(
      async () => tokenRequest(form, await assertion(es256, clientId, { aud: `${ledger.baseUrl}/oauth2/other/v1/token` })),
      'assertion_jwt_claim_invalid',
    );
    // Beyond the 15 s tolerance for the client's clock skew.
    await expectRefused(async () => tokenRequest(form, await assertion(es256, clientId, { exp: now - 16 })), 'assertion_jwt_expired');
    await expectRefused(async () => tokenRequest(form, await assertion(es256, clientId, { exp: now + 7200 })), 'assertion_jwt_claim_invalid');
    await expectRefused(
      async () => tokenRequest({ ...form, client_id: TEST_CLIENTS.rotate30.id }, await assertion(es256, clientId)),
      'client_id_mismatch',
    );
    // The registered key of one private_key_jwt client cannot speak for another.
    await expectRefused(async () => tokenRequest(form, await assertion(es256, 'pkjwt-rs256')), 'assertion_jwt_key_unknown');
    // A client registered for a secret method cannot switch to an assertion.
    await expectRefused(async () => tokenRequest(form, await assertion(es256, TEST_CLIENTS.rotate30.id)), 'wrong_auth_method');
  });

  it('refuses Basic credentials for a private_key_jwt client, and malformed assertion requests', async () => {
    const form = { grant_type: 'client_credentials', scope: 'api:read' };
    await expectRefused(
      () => postForm<TokenBody>(tokenEndpoint(), form, { authorization: basic(clientId, 'guessed-secret') }),
      'method_not_allowed',
    );
    const before = await eventCount(ledger);
    const wrongType = await postForm<TokenBody>(tokenEndpoint(), { ...form, client_assertion_type: 'urn:example:saml', client_assertion: await assertion(es256, clientId) });
    expect({ status: wrongType.status, error: wrongType.body.error }).toEqual({ status: 400, error: 'invalid_request' });
    await expectRefused(() => tokenRequest(form, 'not-a-jwt'), 'assertion_malformed');
    expect(await eventCount(ledger)).toBe(before);
  });

  it('authenticates at the revocation and introspection endpoints with assertions addressed to them', async () => {
    const issued = await issueFamily(ledger, clientId);
    const introspectUrl = `${ledger.baseUrl}/oauth2/default/v1/introspect`;
    const revokeUrl = `${ledger.baseUrl}/oauth2/default/v1/revoke`;
    const active = await postForm(introspectUrl, {
      token: issued.access_token,
      client_assertion_type: JWT_BEARER,
      client_assertion: await assertion(es256, clientId, { aud: introspectUrl }),
    });
    expect({ status: active.status, active: active.body.active }).toEqual({ status: 200, active: true });
    const revoked = await postForm(revokeUrl, {
      token: issued.refresh_token!,
      client_assertion_type: JWT_BEARER,
      client_assertion: await assertion(es256, clientId, { aud: revokeUrl }),
    });
    expect(revoked.status).toBe(200);
    expect((await introspect(ledger, TEST_CLIENTS.rotate30, issued.access_token)).body).toEqual({ active: false });
  });

  it('is advertised by discovery, with the assertion signing algorithms', async () => {
    const metadata = (await send(`${ledger.baseUrl}/oauth2/default/.well-known/openid-configuration`, { method: 'GET' })).body;
    for (const member of ['token_endpoint_auth_methods_supported', 'revocation_endpoint_auth_methods_supported', 'introspection_endpoint_auth_methods_supported']) {
      expect(metadata[member]).toEqual(expect.arrayContaining(['client_secret_basic', 'private_key_jwt']));
    }
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256', 'PS256']));
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).not.toContain('none');
  });
});

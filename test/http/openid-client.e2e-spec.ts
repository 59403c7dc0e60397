import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Issuer, type BaseClient } from 'openid-client';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { basic, postForm, send } from '../support/http';
import { issueFamily } from '../support/token-flows';

/**
 * A standard OAuth/OIDC client library configured by discovery alone, as a new user would.
 * openid-client checks ID-token `iat`/`exp` against the wall clock, so this ledger runs on the
 * system clock.
 */
describe('a standard client (openid-client v5) against the ledger', () => {
  let ledger: TestLedger;
  let issuer: Issuer<BaseClient>;
  let client: BaseClient;
  const owner = TEST_CLIENTS.rotate30;

  beforeAll(async () => {
    ledger = await startLedger({ clock: 'system' });
    issuer = await Issuer.discover(`${ledger.baseUrl}/oauth2/default`);
    client = new issuer.Client({
      client_id: owner.id,
      client_secret: owner.secret,
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    });
  });

  afterAll(async () => {
    await ledger.close();
  });

  it.each(['oauth-authorization-server', 'openid-configuration'])('answers the RFC 8414 %s document', async (document) => {
    const response = await fetch(`${ledger.baseUrl}/oauth2/default/.well-known/${document}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const metadata = (await response.json()) as Record<string, unknown>;
    const base = `${ledger.baseUrl}/oauth2/default`;
    expect(metadata).toMatchObject({
      issuer: base,
      token_endpoint: `${base}/v1/token`,
      jwks_uri: `${base}/v1/keys`,
      revocation_endpoint: `${base}/v1/revoke`,
      introspection_endpoint: `${base}/v1/introspect`,
    });
    // Jest's realm differs from fetch's, so arrays are compared by content, not by constructor.
    // No authorization endpoint is served here (the login service is external), so none is advertised.
    expect(metadata).not.toHaveProperty('authorization_endpoint');
    expect([...(metadata.response_types_supported as string[])]).toEqual([]);
    expect([...(metadata.grant_types_supported as string[])].sort()).toEqual(['client_credentials', 'refresh_token']);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']),
    );
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'offline_access']));
    if (document === 'openid-configuration') {
      expect(metadata.id_token_signing_alg_values_supported).toContain('ES256');
      expect(metadata.subject_types_supported).toEqual(['public']);
    }
  });

  describe('RFC 8414 §3: metadata at the well-known path inserted before the issuer path', () => {
    it('answers the same document as the Okta path, with this issuer', async () => {
      const inserted = await send(`${ledger.baseUrl}/.well-known/oauth-authorization-server/oauth2/default`, { method: 'GET' });
      const okta = await send(`${ledger.baseUrl}/oauth2/default/.well-known/oauth-authorization-server`, { method: 'GET' });
      expect(inserted.status).toBe(200);
      expect(inserted.headers.get('content-type')).toMatch(/^application\/json/);
      expect(inserted.headers.get('cache-control')).toBe('max-age=300, public');
      expect(inserted.body).toEqual(okta.body);
      expect(inserted.body.issuer).toBe(`${ledger.baseUrl}/oauth2/default`);
      const other = await send(`${ledger.baseUrl}/.well-known/oauth-authorization-server/oauth2/other`, { method: 'GET' });
      expect(other.status).toBe(200);
      expect(other.body.issuer).toBe(`${ledger.baseUrl}/oauth2/other`);
    });

    it('configures a standard client from that URL (the oauth2 discovery algorithm)', async () => {
      const discovered = await Issuer.discover(`${ledger.baseUrl}/.well-known/oauth-authorization-server/oauth2/default`);
      expect(discovered.metadata.issuer).toBe(`${ledger.baseUrl}/oauth2/default`);
      expect(discovered.metadata.token_endpoint).toBe(`${ledger.baseUrl}/oauth2/default/v1/token`);
    });
  });

  describe('the oauth-authorization-server document advertises only what is served', () => {
    let metadata: Record<string, unknown>;

    beforeAll(async () => {
      metadata = (await send(`${ledger.baseUrl}/oauth2/default/.well-known/oauth-authorization-server`, { method: 'GET' })).body;
    });

    it('every advertised endpoint answers something other than 404 for its method', async () => {
      const endpoints = Object.entries(metadata).filter(([member]) => member.endsWith('_endpoint') || member === 'jwks_uri');
      expect(endpoints.map(([member]) => member).sort()).toEqual(['introspection_endpoint', 'jwks_uri', 'revocation_endpoint', 'token_endpoint']);
      for (const [member, url] of endpoints) {
        const method = member === 'jwks_uri' ? 'GET' : 'POST';
        const answer = await send(url as string, method === 'GET' ? { method } : { body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect({ member, notFound: answer.status === 404 }).toEqual({ member, notFound: false });
      }
    });

    it('every advertised grant is accepted by the token endpoint', async () => {
      const requests: Record<string, () => Promise<Record<string, string>>> = {
        refresh_token: async () => ({ grant_type: 'refresh_token', refresh_token: (await issueFamily(ledger, owner.id)).refresh_token! }),
        client_credentials: async () => ({ grant_type: 'client_credentials', scope: 'api:read' }),
      };
      for (const grant of metadata.grant_types_supported as string[]) {
        expect({ grant, testable: grant in requests }).toEqual({ grant, testable: true });
        const answer = await postForm(metadata.token_endpoint as string, await requests[grant]!(), { authorization: basic(owner.id, owner.secret) });
        expect({ grant, status: answer.status }).toEqual({ grant, status: 200 });
      }
    });
  });

  it('discovers the issuer and its endpoints', () => {
    expect(issuer.metadata.issuer).toBe(`${ledger.baseUrl}/oauth2/default`);
    expect(issuer.metadata.token_endpoint).toBe(`${ledger.baseUrl}/oauth2/default/v1/token`);
    expect(issuer.metadata.jwks_uri).toBe(`${ledger.baseUrl}/oauth2/default/v1/keys`);
  });

  it('refreshes, introspects and revokes through the library, validating the ID token against the JWKS', async () => {
    const issued = await issueFamily(ledger, owner.id, { scope: 'openid offline_access api:read' });

    const tokenSet = await client.refresh(issued.refresh_token!);
    expect(tokenSet.token_type).toBe('Bearer');
    expect(tokenSet.refresh_token).toMatch(/^tlr1\./);
    expect(tokenSet.refresh_token).not.toBe(issued.refresh_token);
    expect(tokenSet.scope).toBe('openid offline_access api:read');
    // refresh() has already verified the signature, issuer, audience and at_hash.
    expect(tokenSet.id_token).toEqual(expect.any(String));
    expect(tokenSet.claims()).toMatchObject({ iss: issuer.metadata.issuer, sub: 'alice@example.com', aud: owner.id });

    const active = await client.introspect(tokenSet.refresh_token!);
    expect(active).toMatchObject({ active: true, client_id: owner.id, sub: 'alice@example.com', token_type: 'refresh_token' });
    const activeAccess = await client.introspect(tokenSet.access_token!);
    expect(activeAccess).toMatchObject({ active: true, client_id: owner.id, token_type: 'Bearer', scope: 'openid offline_access api:read' });

    await client.revoke(tokenSet.refresh_token!, 'refresh_token');

    expect(await client.introspect(tokenSet.refresh_token!)).toEqual({ active: false });
    expect(await client.introspect(tokenSet.access_token!)).toEqual({ active: false });
    await expect(client.refresh(tokenSet.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('mints access tokens that verify independently with the published JWKS (RFC 9068)', async () => {
    const issued = await issueFamily(ledger, owner.id, { scope: 'openid offline_access api:read' });
    const tokenSet = await client.refresh(issued.refresh_token!);
    const jwks = createRemoteJWKSet(new URL(issuer.metadata.jwks_uri!));

    for (const accessToken of [issued.access_token, tokenSet.access_token!]) {
      const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
        issuer: issuer.metadata.issuer,
        audience: 'api://default',
        typ: 'at+jwt',
        algorithms: ['ES256'],
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
      });
      expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
      expect(decodeProtectedHeader(accessToken).typ).toBe('at+jwt');
      expect(payload).toMatchObject({
        iss: issuer.metadata.issuer,
        sub: 'alice@example.com',
        aud: 'api://default',
        client_id: owner.id,
        scope: 'openid offline_access api:read',
        exp: expect.any(Number),
        iat: expect.any(Number),
        jti: expect.any(String),
      });
      expect(payload.exp! - payload.iat!).toBe(3600);
    }
  });

  it('refuses an access token of this server presented as a JWT for another audience', async () => {
    const issued = await issueFamily(ledger, owner.id, { scope: 'openid offline_access' });
    const jwks = createRemoteJWKSet(new URL(issuer.metadata.jwks_uri!));
    await expect(jwtVerify(issued.access_token, jwks, { issuer: issuer.metadata.issuer, audience: 'api://other' })).rejects.toMatchObject({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
  });
});

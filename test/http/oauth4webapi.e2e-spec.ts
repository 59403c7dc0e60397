import * as oauth from 'oauth4webapi';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily } from '../support/token-flows';

/**
 * A second standard client library, strict where openid-client v5 is lenient: oauth4webapi
 * checks the discovery document's issuer against the URL it was derived from (RFC 8414 §3.3),
 * the token response's shape and the ID token's claims, introspection's content type, and an
 * RFC 9068 access token as a resource server would. It checks `iat`/`exp` against the wall
 * clock, so this ledger runs on the system clock. http:// is allowed only because the test
 * server listens on 127.0.0.1 without TLS.
 */
describe('a standard client (oauth4webapi v3) against the ledger', () => {
  let ledger: TestLedger;
  const owner = TEST_CLIENTS.rotate30;
  const client: oauth.Client = { client_id: owner.id, id_token_signed_response_alg: 'ES256' };
  const insecure = { [oauth.allowInsecureRequests]: true } as const;

  beforeAll(async () => {
    ledger = await startLedger({ clock: 'system' });
  });

  afterAll(async () => {
    await ledger.close();
  });

  async function discover(algorithm: 'oidc' | 'oauth2'): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(`${ledger.baseUrl}/oauth2/default`);
    return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm, ...insecure }));
  }

  it.each(['oidc', 'oauth2'] as const)('discovers the authorization server with the %s algorithm', async (algorithm) => {
    const as = await discover(algorithm);
    expect(as.issuer).toBe(`${ledger.baseUrl}/oauth2/default`);
    expect(as.token_endpoint).toBe(`${ledger.baseUrl}/oauth2/default/v1/token`);
    expect(as.introspection_endpoint).toBe(`${ledger.baseUrl}/oauth2/default/v1/introspect`);
    expect(as.revocation_endpoint).toBe(`${ledger.baseUrl}/oauth2/default/v1/revoke`);
    expect(as.jwks_uri).toBe(`${ledger.baseUrl}/oauth2/default/v1/keys`);
  });

  it('refuses a discovery document whose issuer is not the one asked for', async () => {
    const other = new URL(`${ledger.baseUrl}/oauth2/other`);
    const response = await oauth.discoveryRequest(other, { algorithm: 'oauth2', ...insecure });
    await expect(oauth.processDiscoveryResponse(new URL(`${ledger.baseUrl}/oauth2/default`), response)).rejects.toThrow(/issuer/i);
  });

  describe.each(['oidc', 'oauth2'] as const)('configured by the %s discovery', (algorithm) => {
    let as: oauth.AuthorizationServer;
    const auth = oauth.ClientSecretBasic(owner.secret);

    beforeAll(async () => {
      as = await discover(algorithm);
    });

    it('refreshes (ID token claims checked), introspects and revokes', async () => {
      const issued = await issueFamily(ledger, owner.id, { scope: 'openid offline_access api:read' });

      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, issued.refresh_token!, insecure),
      );
      expect(refreshed.token_type).toBe('bearer');
      expect(refreshed.refresh_token).toMatch(/^tlr1\./);
      expect(refreshed.refresh_token).not.toBe(issued.refresh_token);
      expect(refreshed.scope).toBe('openid offline_access api:read');
      expect(oauth.getValidatedIdTokenClaims(refreshed)).toMatchObject({ iss: as.issuer, sub: 'alice@example.com', aud: owner.id });

      const introspected = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, refreshed.refresh_token!, insecure),
      );
      expect(introspected).toMatchObject({ active: true, client_id: owner.id, sub: 'alice@example.com' });

      await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, insecure));

      const afterRevocation = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, refreshed.refresh_token!, insecure),
      );
      expect(afterRevocation).toEqual({ active: false });
      const refused = oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, refreshed.refresh_token!, insecure),
      );
      await expect(refused).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('validates a refreshed access token as an RFC 9068 resource server would, with the published JWKS', async () => {
      const issued = await issueFamily(ledger, owner.id, { scope: 'openid offline_access api:read' });
      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, issued.refresh_token!, insecure),
      );
      const request = new Request('http://127.0.0.1/resource', { headers: { authorization: `Bearer ${refreshed.access_token}` } });
      const claims = await oauth.validateJwtAccessToken(as, request, 'api://default', insecure);
      expect(claims).toMatchObject({ iss: as.issuer, sub: 'alice@example.com', client_id: owner.id, scope: 'openid offline_access api:read' });

      const forged = `${refreshed.access_token.slice(0, -4)}AAAA`;
      const forgedRequest = new Request('http://127.0.0.1/resource', { headers: { authorization: `Bearer ${forged}` } });
      await expect(oauth.validateJwtAccessToken(as, forgedRequest, 'api://default', insecure)).rejects.toThrow();
    });
  });
});

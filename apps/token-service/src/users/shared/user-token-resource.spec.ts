import type { FamilyView } from '@ledger/read-model-sqlite';
import { refreshTokenExpiresAt, toOktaRefreshToken, toOktaUserClient, type UserTokenContext } from './user-token-resource';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

const context: UserTokenContext = {
  baseUrl: 'https://ledger.example',
  issuerOf: (id) => `https://ledger.example/oauth2/${id}`,
  clientName: (id) => (id === 'web' ? 'Web app' : undefined),
  serverName: (id) => (id === 'default' ? 'default' : undefined),
};

function family(overrides: Partial<FamilyView> = {}): FamilyView {
  return {
    familyId: 'fam1',
    subjectRef: 'ref-of-a-b',
    personal: null,
    clientId: 'web',
    authorizationServerId: 'default',
    grantType: 'authorization_code',
    scopes: ['openid', 'offline_access'],
    issuedAt: T0,
    lastRefreshedAt: null,
    refreshExpiresAt: T0 + 90 * MINUTE,
    idleExpiresAt: T0 + 60 * MINUTE,
    accessExpiresAt: T0 + 5 * MINUTE,
    expiresAt: T0 + 60 * MINUTE,
    revokedAt: null,
    revokeReason: null,
    revokedBy: null,
    generation: 0,
    status: 'active',
    ...overrides,
  };
}

describe('user-token shapes', () => {
  it('a refresh token ends at the earlier of its idle and absolute expiries; a family without one has none', () => {
    expect(refreshTokenExpiresAt(family())).toBe(T0 + 60 * MINUTE);
    expect(refreshTokenExpiresAt(family({ refreshExpiresAt: T0 + 30 * MINUTE }))).toBe(T0 + 30 * MINUTE);
    expect(refreshTokenExpiresAt(family({ refreshExpiresAt: null }))).toBe(T0 + 60 * MINUTE);
    expect(refreshTokenExpiresAt(family({ idleExpiresAt: null, refreshExpiresAt: null }))).toBeNull();
  });

  it('renders Okta’s refresh-token object, links under the base URL with the segments encoded', () => {
    const self = 'https://ledger.example/api/v1/users/a%2Fb%40example.com/clients/web/tokens/fam1';
    expect(toOktaRefreshToken(family(), 'a/b@example.com', T0 + MINUTE, context, false)).toEqual({
      id: 'fam1',
      status: 'ACTIVE',
      created: '2026-01-01T00:00:00.000Z',
      lastUpdated: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T01:00:00.000Z',
      issuer: 'https://ledger.example/oauth2/default',
      clientId: 'web',
      userId: 'a/b@example.com',
      scopes: ['openid', 'offline_access'],
      _links: {
        app: { href: 'https://ledger.example/api/v1/clients/web', title: 'Web app' },
        self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
        revoke: { href: self, hints: { allow: ['DELETE'] } },
        client: { href: 'https://ledger.example/api/v1/clients/web', title: 'Web app' },
        user: { href: 'https://ledger.example/api/v1/users/a%2Fb%40example.com/tokens' },
        authorizationServer: { href: 'https://ledger.example/api/v1/authorizationServers/default', title: 'default' },
      },
    });
  });

  it('embeds the scopes only when asked', () => {
    expect(toOktaRefreshToken(family(), 'a/b@example.com', T0, context, true)._embedded).toEqual({ scopes: [{ name: 'openid' }, { name: 'offline_access' }] });
    expect(toOktaRefreshToken(family(), 'a/b@example.com', T0, context, false)).not.toHaveProperty('_embedded');
  });

  it('takes the refresh token’s status, not the family’s, and the last change as lastUpdated', () => {
    // The family is still active through its access token; its refresh token is not.
    const lateAccess = family({ accessExpiresAt: T0 + 120 * MINUTE, expiresAt: T0 + 120 * MINUTE });
    expect(toOktaRefreshToken(lateAccess, 'a/b@example.com', T0 + 61 * MINUTE, context, false).status).toBe('EXPIRED');
    const refreshed = family({ lastRefreshedAt: T0 + 10 * MINUTE });
    expect(toOktaRefreshToken(refreshed, 'a/b@example.com', T0 + 11 * MINUTE, context, false)).toMatchObject({ status: 'ACTIVE', lastUpdated: '2026-01-01T00:10:00.000Z' });
    const revoked = family({ lastRefreshedAt: T0 + 10 * MINUTE, revokedAt: T0 + 20 * MINUTE, status: 'revoked' });
    expect(toOktaRefreshToken(revoked, 'a/b@example.com', T0 + 21 * MINUTE, context, false)).toMatchObject({ status: 'REVOKED', lastUpdated: '2026-01-01T00:20:00.000Z' });
  });

  it('leaves titles out for a client or server gone since, and names such a client by its id', () => {
    const gone = toOktaRefreshToken(family({ clientId: 'old', authorizationServerId: 'retired' }), 'a/b@example.com', T0, context, false);
    expect(gone._links.client).toEqual({ href: 'https://ledger.example/api/v1/clients/old' });
    expect(gone._links.authorizationServer).toEqual({ href: 'https://ledger.example/api/v1/authorizationServers/retired' });
    expect(toOktaUserClient('u', 'old', context)).toMatchObject({ client_id: 'old', client_name: 'old', client_uri: null, logo_uri: null });
    expect(toOktaUserClient('u', 'web', context)._links).toEqual({
      app: { href: 'https://ledger.example/api/v1/clients/web' },
      tokens: { href: 'https://ledger.example/api/v1/users/u/clients/web/tokens', hints: { allow: ['GET', 'DELETE'] } },
    });
  });
});

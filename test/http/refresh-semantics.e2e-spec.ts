import { decodeJwt } from 'jose';
import { basic, postForm } from '../support/http';
import { eventCount, familyEvents, familyEventTypes, lastRefusalReason } from '../support/family-events';
import { SteppableClock, startLedger, TEST_CLIENTS, testBootstrap, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const INVALID_GRANT = { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };

/** Refreshes and insists on success, returning the body. */
async function refreshOk(
  ledger: TestLedger,
  client: { id: string; secret: string },
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<TokenBody> {
  const result = await refresh(ledger, client, refreshToken, extra);
  expect({ status: result.status, error: result.body.error }).toEqual({ status: 200, error: undefined });
  return result.body;
}

describe('refresh-token semantics through the real endpoints (SPEC §5)', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock });
  });

  afterAll(async () => {
    await ledger.close();
  });

  describe('ROTATE', () => {
    it('returns a new token; the old one then fails (leeway 0), the family is revoked for reuse and the latest token fails too', async () => {
      const client = TEST_CLIENTS.rotate0;
      const issued = await issueFamily(ledger, client.id);
      const first = await refreshOk(ledger, client, issued.refresh_token!);
      expect(first.refresh_token).toMatch(/^tlr1\./);
      expect(first.refresh_token).not.toBe(issued.refresh_token);

      const reused = await refresh(ledger, client, issued.refresh_token!);
      expect(reused.status).toBe(400);
      expect(reused.body).toEqual(INVALID_GRANT);
      expect(lastRefusalReason(ledger)).toBe('reused_outside_leeway');
      const events = await familyEvents(ledger, issued.refresh_token!);
      expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
      expect(events[2].data).toMatchObject({ reason: 'reuse_detected', requestedBy: 'system' });

      const before = await eventCount(ledger);
      const latest = await refresh(ledger, client, first.refresh_token!);
      expect(latest.status).toBe(400);
      expect(await eventCount(ledger)).toBe(before);
      expect(latest.body).toEqual(INVALID_GRANT);
      expect(lastRefusalReason(ledger)).toBe('family_revoked');
      expect((await introspect(ledger, client, first.refresh_token!)).body).toEqual({ active: false });
      expect((await introspect(ledger, client, first.access_token)).body).toEqual({ active: false });
      expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    });

    it('treats the previous token as reuse once the 30 s leeway has passed', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      const first = await refreshOk(ledger, client, issued.refresh_token!);
      clock.advance(31 * SECOND);

      const reused = await refresh(ledger, client, issued.refresh_token!);
      expect(reused.status).toBe(400);
      expect(reused.body).toEqual(INVALID_GRANT);
      expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
      expect((await refresh(ledger, client, first.refresh_token!)).body).toEqual(INVALID_GRANT);
    });

    it('inside the leeway, the previous token returns the SAME successor with a fresh access token', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      const first = await refreshOk(ledger, client, issued.refresh_token!);
      clock.advance(29 * SECOND);

      const retry = await refreshOk(ledger, client, issued.refresh_token!);
      expect(retry.refresh_token).toBe(first.refresh_token);
      expect(retry.access_token).not.toBe(first.access_token);
      expect(decodeJwt(retry.access_token).jti).not.toBe(decodeJwt(first.access_token).jti);

      const events = await familyEvents(ledger, issued.refresh_token!);
      expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRefreshed']);
      expect(events[1].data).toMatchObject({ leewayRetry: false, generation: 1 });
      expect(events[2].data).toMatchObject({ leewayRetry: true, generation: 1 });

      // The successor keeps working after the retry, and rotates normally.
      const second = await refreshOk(ledger, client, first.refresh_token!);
      expect(second.refresh_token).not.toBe(first.refresh_token);
    });

    it('grants the leeway only to the immediately previous token: an older one is reuse even inside 30 s', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      const first = await refreshOk(ledger, client, issued.refresh_token!);
      const second = await refreshOk(ledger, client, first.refresh_token!);
      clock.advance(5 * SECOND);

      expect((await refresh(ledger, client, issued.refresh_token!)).body).toEqual(INVALID_GRANT);
      expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual([
        'TokenIssued',
        'TokenRefreshed',
        'TokenRefreshed',
        'TokenRevoked',
      ]);
      expect((await refresh(ledger, client, second.refresh_token!)).body).toEqual(INVALID_GRANT);
    });
    it('a revocation inside the leeway ends it: the previous token is then refused (family_revoked), not retried', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      const first = await refreshOk(ledger, client, issued.refresh_token!);
      clock.advance(5 * SECOND);
      expect((await revoke(ledger, client, first.refresh_token!)).status).toBe(200);
      clock.advance(5 * SECOND);

      const retry = await refresh(ledger, client, issued.refresh_token!);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 400, body: INVALID_GRANT });
      expect(lastRefusalReason(ledger)).toBe('family_revoked');
      expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    });
  });

  describe('a clock that runs backwards (a replica behind the one that wrote the family)', () => {
    it('decides at the family\'s last event: a leeway-0 token just rotated out is reuse, and no time moves back', async () => {
      const client = TEST_CLIENTS.rotate0;
      const issued = await issueFamily(ledger, client.id);
      await refreshOk(ledger, client, issued.refresh_token!);
      clock.advance(-5 * SECOND);

      const replay = await refresh(ledger, client, issued.refresh_token!);
      expect({ status: replay.status, body: replay.body }).toEqual({ status: 400, body: INVALID_GRANT });
      const events = await familyEvents(ledger, issued.refresh_token!);
      expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
      expect(events[2].data).toMatchObject({ reason: 'reuse_detected', revokedAt: (events[1].data as { refreshedAt: number }).refreshedAt });
      clock.advance(5 * SECOND);
    });

    it('a rotation on a clock 30 s behind keeps the family\'s times; past the allowed skew (60 s) the refresh is 503 and changes nothing', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      const first = await refreshOk(ledger, client, issued.refresh_token!);
      const rotatedAt = clock.now();

      clock.advance(-30 * SECOND);
      const second = await refreshOk(ledger, client, first.refresh_token!);
      const events = await familyEvents(ledger, issued.refresh_token!);
      expect(events[2].data).toMatchObject({ generation: 2, rotatedAt, refreshedAt: rotatedAt, leewayRetry: false });

      clock.advance(-31 * SECOND);
      const before = await eventCount(ledger);
      const refused = await refresh(ledger, client, second.refresh_token!);
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ error: 'temporarily_unavailable', error_description: 'The server cannot refresh this token right now; retry later.' });
      expect(lastRefusalReason(ledger)).toBe('clock_behind');
      expect(await eventCount(ledger)).toBe(before);

      // The client kept its token; once the clock is right again it works.
      clock.set(rotatedAt + SECOND);
      await refreshOk(ledger, client, second.refresh_token!);
    });
  });

  it('answers Okta\'s example exchange (redirect_uri accepted and ignored)', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id, { scope: 'offline_access openid' });
    const result = await postForm<TokenBody>(
      `${ledger.baseUrl}/oauth2/default/v1/token`,
      { grant_type: 'refresh_token', redirect_uri: 'http://localhost:8080', scope: 'offline_access openid', refresh_token: issued.refresh_token! },
      { authorization: basic(client.id, client.secret), accept: 'application/json', 'cache-control': 'no-cache' },
    );
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(result.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
    expect(result.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(result.body.scope.split(' ').sort()).toEqual(['offline_access', 'openid']);
  });

  it('issues no refresh token without offline_access', async () => {
    const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { scope: 'openid api:read' });
    expect(issued.refresh_token).toBeUndefined();
    expect(issued.id_token).toEqual(expect.any(String));
    expect(issued.scope).toBe('openid api:read');
  });

  it('turns concurrent refreshes of one token into exactly one rotation (leeway 30 s)', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    const results = await Promise.all(Array.from({ length: 8 }, () => refresh(ledger, client, issued.refresh_token!)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(results.map((r) => r.body.refresh_token)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.access_token)).size).toBe(8);
    const refreshed = (await familyEvents(ledger, issued.refresh_token!)).filter((e) => e.type === 'TokenRefreshed');
    expect(refreshed).toHaveLength(8);
    expect(refreshed.map((e) => (e.data as { leewayRetry: boolean }).leewayRetry).filter((retry) => !retry)).toHaveLength(1);
    expect(new Set(refreshed.map((e) => (e.data as { generation: number }).generation))).toEqual(new Set([1]));
    await refreshOk(ledger, client, results[0].body.refresh_token!);
  });

  it('STATIC returns the same refresh token on every refresh', async () => {
    const client = TEST_CLIENTS.static;
    const issued = await issueFamily(ledger, client.id);
    const accessTokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      clock.advance(MINUTE);
      const body = await refreshOk(ledger, client, issued.refresh_token!);
      expect(body.refresh_token).toBe(issued.refresh_token);
      accessTokens.add(body.access_token);
    }
    expect(accessTokens.size).toBe(3);
    expect((await introspect(ledger, client, issued.refresh_token!)).body).toMatchObject({ active: true });
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRefreshed', 'TokenRefreshed']);
  });

  describe('idle window (10080 minutes in the default rule)', () => {
    it('slides on every use', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      clock.advance(10079 * MINUTE);
      const first = await refreshOk(ledger, client, issued.refresh_token!);
      clock.advance(10079 * MINUTE);
      await refreshOk(ledger, client, first.refresh_token!);
    });

    it('expires a token not used within the window, without revoking or appending anything', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id);
      expect((await introspect(ledger, client, issued.refresh_token!)).body).toMatchObject({
        active: true,
        exp: Math.floor((clock.now() + 10080 * MINUTE) / 1000),
      });
      clock.advance(10080 * MINUTE + SECOND);
      const before = await eventCount(ledger);

      const expired = await refresh(ledger, client, issued.refresh_token!);
      expect(expired.status).toBe(400);
      expect(expired.body).toEqual(INVALID_GRANT);
      expect(lastRefusalReason(ledger)).toBe('idle_expired');
      expect(await eventCount(ledger)).toBe(before);
      expect((await introspect(ledger, client, issued.refresh_token!)).body).toEqual({ active: false });
    });
  });

  describe('scopes', () => {
    it('narrows on request; the response scope is narrowed and the ID token follows openid', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id, { scope: 'openid offline_access api:read' });
      expect(issued.id_token).toEqual(expect.any(String));

      const openidOnly = await refreshOk(ledger, client, issued.refresh_token!, { scope: 'openid' });
      expect(openidOnly.scope).toBe('openid');
      expect(decodeJwt(openidOnly.access_token).scope).toBe('openid');
      expect(openidOnly.id_token).toEqual(expect.any(String));
      const events = await familyEvents(ledger, issued.refresh_token!);
      expect(events[1].data).toMatchObject({ narrowedScopes: ['openid'] });

      const withoutOpenid = await refreshOk(ledger, client, openidOnly.refresh_token!, { scope: 'api:read offline_access' });
      expect(withoutOpenid.scope).toBe('offline_access api:read');
      expect(decodeJwt(withoutOpenid.access_token).scope).toBe('offline_access api:read');
      expect(withoutOpenid.id_token).toBeUndefined();

      // Narrowing one response does not shrink the grant.
      const whole = await refreshOk(ledger, client, withoutOpenid.refresh_token!);
      expect(whole.scope).toBe('openid offline_access api:read');
      expect(whole.id_token).toEqual(expect.any(String));
    });

    it('never mints an ID token for a family granted without openid', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id, { scope: 'offline_access api:read' });
      expect(issued.id_token).toBeUndefined();
      const body = await refreshOk(ledger, client, issued.refresh_token!);
      expect(body.scope).toBe('offline_access api:read');
      expect(body.id_token).toBeUndefined();
    });

    it('refuses widening with invalid_scope and changes nothing', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issueFamily(ledger, client.id, { scope: 'openid offline_access' });
      const before = await eventCount(ledger);

      const widened = await refresh(ledger, client, issued.refresh_token!, { scope: 'openid offline_access api:write' });
      expect(widened.status).toBe(400);
      expect(widened.body.error).toBe('invalid_scope');
      expect(typeof widened.body.error_description).toBe('string');
      expect(await eventCount(ledger)).toBe(before);
      await refreshOk(ledger, client, issued.refresh_token!);
    });
  });

  it('refuses another client presenting the token without revoking the family', async () => {
    const owner = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, owner.id);
    const before = await eventCount(ledger);

    const stolen = await refresh(ledger, TEST_CLIENTS.rotate0, issued.refresh_token!);
    expect(stolen.status).toBe(400);
    expect(stolen.body).toEqual(INVALID_GRANT);
    expect(lastRefusalReason(ledger)).toBe('client_mismatch');
    expect(await eventCount(ledger)).toBe(before);

    const mine = await refreshOk(ledger, owner, issued.refresh_token!);
    expect(mine.refresh_token).not.toBe(issued.refresh_token);
  });

  it('refuses a token of authorization server default at /oauth2/other and appends nothing', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    const before = await eventCount(ledger);

    const foreign = await refresh(ledger, client, issued.refresh_token!, {}, 'other');
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual(INVALID_GRANT);
    expect(lastRefusalReason(ledger)).toBe('wrong_authorization_server');
    expect(await eventCount(ledger)).toBe(before);
    expect((await introspect(ledger, client, issued.refresh_token!, 'other')).body).toEqual({ active: false });

    await refreshOk(ledger, client, issued.refresh_token!);
  });

  it('refreshes for the other authorization server with its own issuer and audience', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id, { as: 'other' });
    const result = await refresh(ledger, client, issued.refresh_token!, {}, 'other');
    expect(result.status).toBe(200);
    expect(decodeJwt(result.body.access_token)).toMatchObject({ iss: `${ledger.baseUrl}/oauth2/other`, aud: 'api://other' });
    expect((await refresh(ledger, client, result.body.refresh_token!)).body).toEqual(INVALID_GRANT);
  });

  describe('client authentication', () => {
    it('lets a public client (none) refresh with only client_id in the body', async () => {
      const client = TEST_CLIENTS.public;
      const issued = await issueFamily(ledger, client.id);
      const result = await postForm<TokenBody>(`${ledger.baseUrl}/oauth2/default/v1/token`, {
        grant_type: 'refresh_token',
        refresh_token: issued.refresh_token!,
        client_id: client.id,
      });
      expect(result.status).toBe(200);
      expect(result.body.refresh_token).toMatch(/^tlr1\./);
      // Public clients must rotate (SPEC §9).
      expect(result.body.refresh_token).not.toBe(issued.refresh_token);
    });

    it('accepts client_secret_post credentials in the body and refuses them in a Basic header', async () => {
      const client = TEST_CLIENTS.post;
      const issued = await issueFamily(ledger, client.id);
      const url = `${ledger.baseUrl}/oauth2/default/v1/token`;

      const before = await eventCount(ledger);
      const viaBasic = await postForm(url, { grant_type: 'refresh_token', refresh_token: issued.refresh_token! }, { authorization: basic(client.id, client.secret) });
      expect(viaBasic.status).toBe(401);
      expect(viaBasic.body).toMatchObject({ error: 'invalid_client' });
      expect(viaBasic.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(await eventCount(ledger)).toBe(before);

      const viaBody = await postForm<TokenBody>(url, {
        grant_type: 'refresh_token',
        refresh_token: issued.refresh_token!,
        client_id: client.id,
        client_secret: client.secret,
      });
      expect(viaBody.status).toBe(200);
      expect(viaBody.body.refresh_token).not.toBe(issued.refresh_token);
    });
  });

  describe('client_credentials', () => {
    const url = () => `${ledger.baseUrl}/oauth2/default/v1/token`;

    it('issues an access token only (no refresh or ID token)', async () => {
      const client = TEST_CLIENTS.rotate30;
      const result = await postForm<TokenBody>(url(), { grant_type: 'client_credentials', scope: 'api:read' }, { authorization: basic(client.id, client.secret) });
      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(result.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api:read' });
      expect(result.body.refresh_token).toBeUndefined();
      expect(result.body.id_token).toBeUndefined();
      expect(decodeJwt(result.body.access_token)).toMatchObject({ sub: client.id, client_id: client.id, scope: 'api:read' });
    });

    it('refuses openid with invalid_scope', async () => {
      const client = TEST_CLIENTS.rotate30;
      const before = await eventCount(ledger);
      const result = await postForm(url(), { grant_type: 'client_credentials', scope: 'openid api:read' }, { authorization: basic(client.id, client.secret) });
      expect(result.status).toBe(400);
      expect(result.body.error).toBe('invalid_scope');
      expect(await eventCount(ledger)).toBe(before);
    });

    it('refuses the refresh grant to a client allowed only client_credentials (unauthorized_client)', async () => {
      const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
      const before = await eventCount(ledger);
      const result = await refresh(ledger, TEST_CLIENTS.ccOnly, issued.refresh_token!);
      expect(result.status).toBe(400);
      expect(result.body.error).toBe('unauthorized_client');
      expect(await eventCount(ledger)).toBe(before);
      await refreshOk(ledger, TEST_CLIENTS.rotate30, issued.refresh_token!);
    });
  });

  it('answers expires_in 3600 (default rule) and signs exp - iat equal to it, on issuance and on refresh', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    const refreshed = await refreshOk(ledger, client, issued.refresh_token!);
    for (const body of [issued, refreshed]) {
      expect(body.expires_in).toBe(3600);
      expect(body.token_type).toBe('Bearer');
      const claims = decodeJwt(body.access_token);
      expect(claims.exp! - claims.iat!).toBe(body.expires_in);
      expect(claims.iat).toBe(Math.floor(clock.now() / 1000));
    }
  });

  it('introspects only genuine, unexpired access tokens of this server (not ID tokens, not other servers)', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    expect((await introspect(ledger, client, issued.access_token)).body).toMatchObject({ active: true, token_type: 'Bearer' });
    expect((await introspect(ledger, client, issued.id_token!)).body).toEqual({ active: false });
    expect((await introspect(ledger, client, issued.access_token, 'other')).body).toEqual({ active: false });

    const before = await eventCount(ledger);
    expect((await postForm(`${ledger.baseUrl}/oauth2/default/v1/revoke`, { token: issued.id_token! }, { authorization: basic(client.id, client.secret) })).status).toBe(200);
    expect(await eventCount(ledger)).toBe(before);

    clock.advance(3600 * SECOND);
    expect((await introspect(ledger, client, issued.access_token)).body).toEqual({ active: false });
    expect((await introspect(ledger, client, issued.refresh_token!)).body).toMatchObject({ active: true });
  });

  it('records TokenIssued then TokenRefreshed with the default rule as provenance', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    const refreshed = await refreshOk(ledger, client, issued.refresh_token!);
    const events = await familyEvents(ledger, issued.refresh_token!);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed']);
    const familyId = issued.refresh_token!.split('.')[1];
    expect(events.every((e) => e.streamName === `tokenFamily-${familyId}`)).toBe(true);
    expect(events[0].data).toMatchObject({
      familyId,
      authorizationServerId: 'default',
      clientId: client.id,
      subject: 'alice@example.com',
      scopes: ['openid', 'offline_access'],
      lifetimes: { accessTokenMinutes: 60, refreshTokenMinutes: 0, refreshTokenWindowMinutes: 10080 },
      refreshExpiresAt: null,
      rotation: { type: 'ROTATE', leewaySeconds: 30 },
      provenance: { authorizationServerId: 'default', policyId: 'default-policy', ruleId: 'default-rule' },
      refreshToken: { id: `${familyId}.0`, sequence: 0 },
      accessToken: { jti: decodeJwt(issued.access_token).jti },
    });
    expect(events[1].data).toMatchObject({
      familyId,
      generation: 1,
      presentedRefreshTokenId: `${familyId}.0`,
      refreshToken: { id: `${familyId}.1`, sequence: 1 },
      previousRefreshToken: { id: `${familyId}.0`, sequence: 0 },
      provenance: { authorizationServerId: 'default', policyId: 'default-policy', ruleId: 'default-rule' },
      accessToken: { jti: decodeJwt(refreshed.access_token).jti },
      leewayRetry: false,
    });
    expect(events[1].metadata).toMatchObject({ actor: `client:${client.id}` });
    expect(events[0].metadata).toMatchObject({ actor: 'admin:service' });
  });
});

describe('absolute refresh lifetime (rule 5 / 60 / 10 minutes)', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;

  beforeAll(async () => {
    const bootstrap = JSON.parse(JSON.stringify(testBootstrap())) as {
      authorizationServers: { id: string; policies: { rules: { actions: { token: Record<string, number> } }[] }[] }[];
    };
    const defaultServer = bootstrap.authorizationServers.find((s) => s.id === 'default')!;
    defaultServer.policies[0].rules[0].actions.token = {
      accessTokenLifetimeMinutes: 5,
      refreshTokenLifetimeMinutes: 60,
      refreshTokenWindowMinutes: 10,
    };
    clock = new SteppableClock();
    ledger = await startLedger({ clock, bootstrap });
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('is fixed at issuance and not extended by rotation', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issuedAt = clock.now();
    const issued = await issueFamily(ledger, client.id);
    expect(issued.expires_in).toBe(300);
    const [issuedEvent] = await familyEvents(ledger, issued.refresh_token!);
    expect(issuedEvent.data).toMatchObject({
      lifetimes: { accessTokenMinutes: 5, refreshTokenMinutes: 60, refreshTokenWindowMinutes: 10 },
      refreshExpiresAt: issuedAt + 60 * MINUTE,
    });

    let token = issued.refresh_token!;
    for (let minute = 9; minute <= 54; minute += 9) {
      clock.advance(9 * MINUTE);
      const body = await refreshOk(ledger, client, token);
      expect(body.expires_in).toBe(300);
      token = body.refresh_token!;
    }
    // At minute 54 the idle window would reach minute 64, but the absolute expiry caps it.
    expect((await introspect(ledger, client, token)).body).toMatchObject({ active: true, exp: Math.floor((issuedAt + 60 * MINUTE) / 1000) });

    clock.advance(9 * MINUTE);
    const before = (await ledger.allEvents()).length;
    const expired = await refresh(ledger, client, token);
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual(INVALID_GRANT);
    expect(lastRefusalReason(ledger)).toBe('absolute_expired');
    expect((await ledger.allEvents()).length).toBe(before);
    expect((await introspect(ledger, client, token)).body).toEqual({ active: false });
  });

  it('applies the 10-minute idle window of the rule', async () => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await issueFamily(ledger, client.id);
    clock.advance(10 * MINUTE);
    const expired = await refresh(ledger, client, issued.refresh_token!);
    expect(expired.body).toEqual(INVALID_GRANT);
    expect(lastRefusalReason(ledger)).toBe('idle_expired');
  });
});

import type { RecordedEvent } from '@ledger/event-sourcing';
import { eventCount, familyEvents, lastRefusalReason } from '../support/family-events';
import { ADMIN_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { postForm } from '../support/http';
import { adminApi } from '../support/management-api';
import { introspect, issueFamily, refresh, type TokenBody } from '../support/token-flows';
import { jwtClaims } from '../support/token-parts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const INVALID_GRANT = { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };

const api = adminApi;

/** The revision an `ETag` names. */
function revisionOf(etag: string | null): number {
  const match = /^W\/"(\d+)"$/.exec(etag ?? '');
  if (!match) throw new Error(`not a revision ETag: ${etag}`);
  return Number(match[1]);
}

/** Okta's `actions.token` in minutes. */
function token(access: number, refresh: number, window: number) {
  return { token: { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window } };
}

/** A server with one policy for `clients` and one rule, all through the API; answers the ids and the rule's ETag. */
async function serverWithRule(
  ledger: TestLedger,
  options: { clients: string[]; grantTypes?: string[]; actions?: ReturnType<typeof token>; rulePriority?: number },
): Promise<{ as: string; policyId: string; ruleId: string; ruleUrl: string; revision: number }> {
  const server = await api(ledger, 'POST', '/api/v1/authorizationServers', {
    name: 'Lifetimes',
    audiences: ['api://lifetimes'],
    scopes: ['openid', 'offline_access'],
  });
  expect(server.status).toBe(201);
  const as = server.body.id as string;
  const policy = await api(ledger, 'POST', `/api/v1/authorizationServers/${as}/policies`, {
    type: 'OAUTH_AUTHORIZATION_POLICY',
    name: 'Only some clients',
    priority: 1,
    conditions: { clients: { include: options.clients } },
  });
  expect(policy.status).toBe(201);
  const policyId = policy.body.id as string;
  const rule = await api(ledger, 'POST', `/api/v1/authorizationServers/${as}/policies/${policyId}/rules`, {
    type: 'RESOURCE_ACCESS',
    name: 'Short access, long refresh',
    priority: options.rulePriority ?? 1,
    conditions: { grantTypes: { include: options.grantTypes ?? ['authorization_code'] }, scopes: { include: ['*'] } },
    actions: options.actions ?? token(15, 129_600, 1_440),
  });
  expect(rule.status).toBe(201);
  const ruleId = rule.body.id as string;
  return {
    as,
    policyId,
    ruleId,
    ruleUrl: `/api/v1/authorizationServers/${as}/policies/${policyId}/rules/${ruleId}`,
    revision: revisionOf(rule.headers.get('etag')),
  };
}

/** Refreshes on server `as` and insists on success. */
async function refreshOk(ledger: TestLedger, as: string, refreshToken: string): Promise<TokenBody> {
  const result = await refresh(ledger, TEST_CLIENTS.rotate30, refreshToken, {}, as);
  expect({ status: result.status, error: result.body.error }).toEqual({ status: 200, error: undefined });
  return result.body;
}

/** `data` of a `TokenIssued` event, as far as these tests read it. */
function issuedData(event: RecordedEvent): { issuedAt: number; refreshExpiresAt: number | null } {
  expect(event.type).toBe('TokenIssued');
  return event.data as { issuedAt: number; refreshExpiresAt: number | null };
}

function lifetimeOf(jwt: string): number {
  const claims = jwtClaims(jwt);
  return (claims.exp as number) - (claims.iat as number);
}

describe('policy lifecycle: rules decide lifetimes over time (SPEC §2, §5)', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock });
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('fixes the refresh lifetime and window at issuance, and takes each access-token lifetime from the rule in force', async () => {
    const client = TEST_CLIENTS.rotate30;
    const { as, policyId, ruleId, ruleUrl, revision: v1 } = await serverWithRule(ledger, { clients: [client.id] });

    const issued = await issueFamily(ledger, client.id, { as });
    expect(issued.expires_in).toBe(900);
    const first = await refreshOk(ledger, as, issued.refresh_token!);
    expect(first.expires_in).toBe(900);
    expect(lifetimeOf(first.access_token)).toBe(900);
    const introspected = await introspect(ledger, client, first.access_token, as);
    expect(introspected.body.active).toBe(true);
    expect((introspected.body.exp as number) - (introspected.body.iat as number)).toBe(900);

    const [tokenIssued, tokenRefreshed] = await familyEvents(ledger, issued.refresh_token!);
    const { issuedAt } = issuedData(tokenIssued);
    expect(tokenIssued.data).toMatchObject({
      refreshExpiresAt: issuedAt + 90 * DAY,
      lifetimes: { accessTokenMinutes: 15, refreshTokenMinutes: 129_600, refreshTokenWindowMinutes: 1_440 },
      provenance: { authorizationServerId: as, policyId, ruleId, configVersion: v1 },
    });
    expect(tokenRefreshed.data).toMatchObject({ accessTokenLifetimeMinutes: 15, provenance: { ruleId, configVersion: v1 } });

    clock.advance(10 * MINUTE);
    const current = await api(ledger, 'GET', ruleUrl);
    const changed = await api(
      ledger,
      'PUT',
      ruleUrl,
      // Every lifetime changes, the idle window too (24 h -> 12 h), so "fixed by the family" and
      // "taken from the rule in force" lead to different answers below.
      { ...current.body, actions: token(30, 43_200, 720) },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.actions).toEqual(token(30, 43_200, 720));
    const v2 = revisionOf(changed.headers.get('etag'));
    expect(v2).toBeGreaterThan(v1);

    // A new family follows the new rule entirely.
    const fresh = await issueFamily(ledger, client.id, { as });
    expect(fresh.expires_in).toBe(1_800);
    const [freshIssued] = await familyEvents(ledger, fresh.refresh_token!);
    const freshIssuedAt = issuedData(freshIssued).issuedAt;
    expect(freshIssued.data).toMatchObject({
      refreshExpiresAt: freshIssuedAt + 30 * DAY,
      lifetimes: { accessTokenMinutes: 30, refreshTokenMinutes: 43_200, refreshTokenWindowMinutes: 720 },
      provenance: { ruleId, configVersion: v2 },
    });

    // The existing family: access-token lifetime from the configuration in force, recorded.
    const second = await refreshOk(ledger, as, first.refresh_token!);
    expect(second.expires_in).toBe(1_800);
    expect(lifetimeOf(second.access_token)).toBe(1_800);
    const existing = await familyEvents(ledger, issued.refresh_token!);
    expect(existing[existing.length - 1].data).toMatchObject({
      accessTokenLifetimeMinutes: 30,
      provenance: { authorizationServerId: as, policyId, ruleId, configVersion: v2 },
    });
    expect(issuedData(existing[0]).refreshExpiresAt).toBe(issuedAt + 90 * DAY);

    // The existing family keeps the 24 h window and the 90 days it was issued with.
    // Steps of 9.5 h: the new family is refreshed at each (inside its 12 h), the old one every
    // other step (19 h: past the rule's new window, inside its own), until each meets its
    // absolute expiry: the new family's 30 days, then the old family's 90.
    let oldToken = second.refresh_token!;
    let freshToken = fresh.refresh_token!;
    let freshRefusedAt: number | null = null;
    let oldRefusedAt: number | null = null;
    let lastOldUse = clock.now();
    for (let step = 1; oldRefusedAt === null; step++) {
      expect(step).toBeLessThan(400);
      clock.advance(9.5 * HOUR);
      if (freshRefusedAt === null) {
        const result = await refresh(ledger, client, freshToken, {}, as);
        if (clock.now() < freshIssuedAt + 30 * DAY) {
          expect(result.status).toBe(200);
          freshToken = result.body.refresh_token!;
        } else {
          expect({ status: result.status, body: result.body }).toEqual({ status: 400, body: INVALID_GRANT });
          expect(lastRefusalReason(ledger)).toBe('absolute_expired');
          freshRefusedAt = clock.now();
        }
      }
      if (step % 2 === 1) continue;
      const result = await refresh(ledger, client, oldToken, {}, as);
      if (clock.now() < issuedAt + 90 * DAY) {
        expect({ status: result.status, error: result.body.error }).toEqual({ status: 200, error: undefined });
        expect(clock.now() - lastOldUse).toBe(19 * HOUR);
        oldToken = result.body.refresh_token!;
        lastOldUse = clock.now();
      } else {
        expect({ status: result.status, body: result.body }).toEqual({ status: 400, body: INVALID_GRANT });
        expect(lastRefusalReason(ledger)).toBe('absolute_expired');
        oldRefusedAt = clock.now();
      }
    }
    expect(freshRefusedAt).toBeGreaterThanOrEqual(freshIssuedAt + 30 * DAY);
    expect(freshRefusedAt).toBeLessThan(freshIssuedAt + 30 * DAY + 9.5 * HOUR);
    expect(oldRefusedAt).toBeLessThan(issuedAt + 90 * DAY + 19 * HOUR);
    // Every refresh of the old family slid its own 24 h window and took the new access lifetime.
    const oldHistory = await familyEvents(ledger, issued.refresh_token!);
    const refreshes = oldHistory.filter((e) => e.type === 'TokenRefreshed').map((e) => e.data as { refreshedAt: number; idleExpiresAt: number; accessTokenLifetimeMinutes: number });
    expect(refreshes.length).toBeGreaterThan(100);
    for (const r of refreshes) expect(r.idleExpiresAt - r.refreshedAt).toBe(DAY);
    expect(refreshes.slice(1).every((r) => r.accessTokenLifetimeMinutes === 30)).toBe(true);

    // A family issued under the new rule idles out after the rule's 12 h window.
    const idle = await issueFamily(ledger, client.id, { as });
    clock.advance(12 * HOUR - MINUTE);
    const used = await refreshOk(ledger, as, idle.refresh_token!);
    clock.advance(12 * HOUR);
    const idleRefused = await refresh(ledger, client, used.refresh_token!, {}, as);
    expect({ status: idleRefused.status, body: idleRefused.body }).toEqual({ status: 400, body: INVALID_GRANT });
    expect(lastRefusalReason(ledger)).toBe('idle_expired');
  });

  it('a deactivated rule affects new decisions only: tokens already minted stay valid, the next refresh is refused until it is active again', async () => {
    const client = TEST_CLIENTS.rotate30;
    const { as, ruleUrl } = await serverWithRule(ledger, { clients: [client.id] });
    const issued = await issueFamily(ledger, client.id, { as });

    const deactivated = await fetch(`${ledger.baseUrl}${ruleUrl}/lifecycle/deactivate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(deactivated.status).toBe(204);
    expect((await api(ledger, 'GET', ruleUrl)).body.status).toBe('INACTIVE');

    const refused = await postForm(
      `${ledger.baseUrl}/api/v1/authorizationServers/${as}/tokens`,
      { client_id: client.id, sub: 'alice@example.com', scope: 'openid offline_access' },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('access_denied');
    expect((await introspect(ledger, client, issued.access_token, as)).body.active).toBe(true);

    const before = await eventCount(ledger);
    const refusedRefresh = await refresh(ledger, client, issued.refresh_token!, {}, as);
    expect(refusedRefresh.body.error).toBe('access_denied');
    expect(lastRefusalReason(ledger)).toBe('no_matching_rule');
    expect(await eventCount(ledger)).toBe(before);

    const activated = await fetch(`${ledger.baseUrl}${ruleUrl}/lifecycle/activate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(activated.status).toBe(204);
    expect((await refreshOk(ledger, as, issued.refresh_token!)).expires_in).toBe(900);
  });

  it('with the only rule deactivated, a replayed refresh token still revokes its family, and an expired one is invalid_grant: the policy is checked last', async () => {
    const client = TEST_CLIENTS.rotate30;
    const { as, ruleUrl } = await serverWithRule(ledger, { clients: [client.id] });
    const replayed = await issueFamily(ledger, client.id, { as });
    const rotated = await refreshOk(ledger, as, replayed.refresh_token!);
    const idle = await issueFamily(ledger, client.id, { as });
    const deactivate = await fetch(`${ledger.baseUrl}${ruleUrl}/lifecycle/deactivate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(deactivate.status).toBe(204);
    clock.advance(DAY);

    // The rule's 24 h window has passed for `idle`: expired, whatever the policy says now.
    const expired = await refresh(ledger, client, idle.refresh_token!, {}, as);
    expect({ status: expired.status, body: expired.body }).toEqual({ status: 400, body: INVALID_GRANT });
    expect(lastRefusalReason(ledger)).toBe('idle_expired');

    // A rotated-out token presented outside the leeway is reuse: the family is revoked.
    const replay = await refresh(ledger, client, replayed.refresh_token!, {}, as);
    expect({ status: replay.status, body: replay.body }).toEqual({ status: 400, body: INVALID_GRANT });
    expect(lastRefusalReason(ledger)).toBe('reused_outside_leeway');
    const events = await familyEvents(ledger, replayed.refresh_token!);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked']);
    expect(events[2].data).toMatchObject({ reason: 'reuse_detected', requestedBy: 'system' });

    // Once the rule is active again, the revoked family stays revoked.
    const activate = await fetch(`${ledger.baseUrl}${ruleUrl}/lifecycle/activate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(activate.status).toBe(204);
    const afterwards = await refresh(ledger, client, rotated.refresh_token!, {}, as);
    expect(afterwards.body).toEqual(INVALID_GRANT);
    expect(lastRefusalReason(ledger)).toBe('family_revoked');
  });

  describe('no matching rule, and explain', () => {
    let as: string;
    let policyId: string;
    let ruleId: string;

    beforeAll(async () => {
      // Priority 2, so a rule can be ranked above it later.
      ({ as, policyId, ruleId } = await serverWithRule(ledger, { clients: [TEST_CLIENTS.rotate30.id], rulePriority: 2 }));
    });

    const explain = (query: Record<string, string>) =>
      api(ledger, 'GET', `/api/v1/authorizationServers/${as}/policies/explain?${new URLSearchParams(query).toString()}`);

    it('refuses a client the only policy does not name with access_denied naming the authorization server', async () => {
      const before = await eventCount(ledger);
      const refused = await postForm(
        `${ledger.baseUrl}/api/v1/authorizationServers/${as}/tokens`,
        { client_id: TEST_CLIENTS.rotate0.id, sub: 'alice@example.com', scope: 'openid offline_access' },
        { authorization: `Bearer ${ADMIN_TOKEN}` },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('access_denied');
      expect(refused.body.error_description).toContain(`'${as}'`);
      expect(await eventCount(ledger)).toBe(before);
    });

    it('explains that refusal: the policy failed its clients condition', async () => {
      const explained = await explain({ client_id: TEST_CLIENTS.rotate0.id, grant_type: 'authorization_code', scope: 'openid offline_access', sub: 'alice@example.com' });
      expect(explained.status).toBe(200);
      expect(explained.body).toMatchObject({ authorizationServerId: as, matched: false, reason: 'no_matching_policy', policy: null, rule: null, lifetimes: null });
      expect(explained.body.explanation).toEqual([
        {
          policyId,
          policyName: 'Only some clients',
          matched: false,
          failedCondition: 'clients',
          detail: `client '${TEST_CLIENTS.rotate0.id}' is not in [${TEST_CLIENTS.rotate30.id}]`,
        },
      ]);
    });

    it('explains a rule-level mismatch: the grant type is not included', async () => {
      const explained = await explain({ client_id: TEST_CLIENTS.rotate30.id, grant_type: 'password', scope: 'openid' });
      expect(explained.body).toMatchObject({ matched: false, reason: 'no_matching_policy' });
      expect(explained.body.explanation).toEqual([
        { policyId, policyName: 'Only some clients', matched: true, detail: `policy applies to client '${TEST_CLIENTS.rotate30.id}'` },
        {
          policyId,
          policyName: 'Only some clients',
          ruleId,
          ruleName: 'Short access, long refresh',
          matched: false,
          failedCondition: 'grantTypes',
          detail: "grant type 'password' is not in [authorization_code]",
        },
      ]);
    });

    it('explains a match: policy, rule, lifetimes, configuration version, and why each rule ranked above did not match', async () => {
      const policyUrl = `/api/v1/authorizationServers/${as}/policies/${policyId}`;
      const admins = await api(ledger, 'POST', `${policyUrl}/rules`, {
        name: 'Admins get longer access',
        priority: 1,
        conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] }, people: { groups: { include: ['admins'] } } },
        actions: token(60, 0, 10_080),
      });
      expect(admins.status).toBe(201);
      const version = revisionOf(admins.headers.get('etag'));

      const explained = await explain({ client_id: TEST_CLIENTS.rotate30.id, scope: 'openid offline_access', sub: 'bob@example.com', groups: 'staff' });
      expect(explained.body).toMatchObject({
        authorizationServerId: as,
        configVersion: version,
        matched: true,
        policy: { id: policyId, name: 'Only some clients' },
        rule: { id: ruleId, name: 'Short access, long refresh' },
        lifetimes: { accessTokenLifetimeMinutes: 15, refreshTokenLifetimeMinutes: 129_600, refreshTokenWindowMinutes: 1_440 },
        request: { clientId: TEST_CLIENTS.rotate30.id, grantType: 'authorization_code', scopes: ['openid', 'offline_access'], sub: 'bob@example.com', groups: ['staff'] },
      });
      expect(explained.body.explanation[1]).toEqual({
        policyId,
        policyName: 'Only some clients',
        ruleId: admins.body.id,
        ruleName: 'Admins get longer access',
        matched: false,
        failedCondition: 'people.groups',
        detail: "user 'bob@example.com' is not in [] and none of groups [staff] is in [admins]",
      });
      expect(explained.body.explanation[2]).toMatchObject({ ruleId, matched: true });

      const asAdmin = await explain({ client_id: TEST_CLIENTS.rotate30.id, sub: 'carol@example.com', groups: 'admins' });
      expect(asAdmin.body).toMatchObject({ matched: true, rule: { id: admins.body.id }, lifetimes: { accessTokenLifetimeMinutes: 60 } });
      // Issuance agrees with explain.
      expect((await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { as, sub: 'carol@example.com', groups: 'admins' })).expires_in).toBe(3_600);
    });

    it('refuses to explain for an unknown client with 400 naming client_id', async () => {
      const explained = await explain({ client_id: 'nobody-client' });
      expect(explained.status).toBe(400);
      expect(explained.body).toMatchObject({
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: client_id',
        errorCauses: [{ errorSummary: 'client_id: is not a registered client' }],
      });
    });
  });

  describe('an invalid configuration is refused with 400 naming the field, and appends nothing', () => {
    let as: string;
    let policyId: string;
    let ruleUrl: string;

    beforeAll(async () => {
      ({ as, policyId, ruleUrl } = await serverWithRule(ledger, { clients: [TEST_CLIENTS.rotate30.id] }));
    });

    const rule = (actions: ReturnType<typeof token>, grantTypes = ['authorization_code']) => ({
      name: 'Invalid',
      priority: 2,
      conditions: { grantTypes: { include: grantTypes }, scopes: { include: ['*'] } },
      actions,
    });

    /** Sends the change; asserts 400, Okta's body naming `field` and why, and no new event. */
    async function expectRefused(method: string, path: string, body: unknown, field: string, reason: RegExp): Promise<void> {
      const before = await eventCount(ledger);
      const refused = await api(ledger, method, path, body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errorCode: 'E0000001', errorLink: 'E0000001', errorSummary: `Api validation failed: ${field}` });
      expect(refused.body.errorId).toEqual(expect.any(String));
      expect(refused.body.errorCauses).toHaveLength(1);
      expect(refused.body.errorCauses[0].errorSummary).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: `));
      expect(refused.body.errorCauses[0].errorSummary).toMatch(reason);
      expect(await eventCount(ledger)).toBe(before);
    }

    const access = 'actions.token.accessTokenLifetimeMinutes';
    const refreshLifetime = 'actions.token.refreshTokenLifetimeMinutes';
    const window = 'actions.token.refreshTokenWindowMinutes';

    it.each([
      ['an access-token lifetime of 4 minutes', token(4, 0, 10_080), access, /from 5 to 1440/],
      ['an access-token lifetime of 1441 minutes', token(1_441, 0, 10_080), access, /from 5 to 1440/],
      ['a refresh lifetime below the access lifetime', token(15, 10, 10), refreshLifetime, /at least the access token lifetime \(15 minutes\)/],
      ['a refresh lifetime above 5 years', token(15, 2_628_001, 1_440), refreshLifetime, /to 2628000/],
      ['a window of 9 minutes', token(15, 0, 9), window, /from 10 to 2628000/],
      ['a window above 5 years', token(15, 0, 2_628_001), window, /from 10 to 2628000/],
      ['a window above the set refresh lifetime', token(15, 1_440, 2_000), window, /must not exceed the refresh token lifetime \(1440 minutes\)/],
    ])('refuses a rule with %s', async (_name, actions, field, reason) => {
      await expectRefused('POST', `/api/v1/authorizationServers/${as}/policies/${policyId}/rules`, rule(actions), field, reason);
    });

    it('refuses a rule with an unknown grant type', async () => {
      await expectRefused(
        'POST',
        `/api/v1/authorizationServers/${as}/policies/${policyId}/rules`,
        rule(token(15, 0, 10_080), ['authorization_code', 'magic_link']),
        'conditions.grantTypes.include[1]',
        /unknown grant type/,
      );
    });

    it('refuses a policy naming an unknown client', async () => {
      await expectRefused(
        'POST',
        `/api/v1/authorizationServers/${as}/policies`,
        { name: 'Ghosts', priority: 2, conditions: { clients: { include: [TEST_CLIENTS.rotate30.id, 'ghost-client'] } } },
        'conditions.clients.include[1]',
        /client 'ghost-client' is not registered/,
      );
    });

    it('refuses an invalid change to an existing rule and leaves it as it was', async () => {
      const current = await api(ledger, 'GET', ruleUrl);
      await expectRefused('PUT', ruleUrl, { ...current.body, actions: token(15, 129_600, 129_601) }, window, /must not exceed/);
      const after = await api(ledger, 'GET', ruleUrl);
      expect(after.body).toEqual(current.body);
      expect(after.headers.get('etag')).toBe(current.headers.get('etag'));
    });

    it('refuses a body missing a required field, naming it', async () => {
      await expectRefused('POST', `/api/v1/authorizationServers/${as}/policies/${policyId}/rules`, { priority: 3, conditions: {}, actions: {} }, 'name', /is required/);
    });
  });
});

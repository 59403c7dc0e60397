import { eventCount } from '../support/family-events';
import { ADMIN_TOKEN, FIXED_START, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { basic, postForm, send } from '../support/http';
import { issueFamily, refresh } from '../support/token-flows';

interface ApiReply<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Calls the management API; the admin credential unless `authorization` says otherwise (`''` = none). */
async function api<T = Record<string, any>>(ledger: TestLedger, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply<T>> {
  const all: Record<string, string> = {
    authorization: `Bearer ${ADMIN_TOKEN}`,
    accept: 'application/json',
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...headers,
  };
  if (all.authorization === '') delete all.authorization;
  const response = await fetch(`${ledger.baseUrl}${path}`, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

const SERVERS = '/api/v1/authorizationServers';
const OKTA_ERROR_KEYS = ['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary'];

describe('management API: authorization servers, policies, rules (Okta-shaped)', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock });
  });

  afterAll(async () => {
    await ledger.close();
  });

  describe('authorization servers', () => {
    it('creates a server with an Okta id, the resolved issuer, Location and ETag, and serves tokens from it at once', async () => {
      const created = await api(ledger, 'POST', SERVERS, { name: 'Payments', description: 'Payments API', audiences: ['api://payments'], scopes: ['openid', 'offline_access', 'payments:read'] });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(id).toMatch(/^aus[0-9A-Za-z]{17}$/);
      expect(created.headers.get('location')).toBe(`${ledger.baseUrl}${SERVERS}/${id}`);
      expect(created.headers.get('etag')).toBe('W/"0"');
      expect(created.body).toMatchObject({
        id,
        name: 'Payments',
        description: 'Payments API',
        audiences: ['api://payments'],
        issuer: `${ledger.baseUrl}/oauth2/${id}`,
        issuerMode: 'ORG_URL',
        scopes: ['openid', 'offline_access', 'payments:read'],
        status: 'ACTIVE',
        created: new Date(FIXED_START).toISOString(),
        lastUpdated: new Date(FIXED_START).toISOString(),
      });
      expect(created.body._links).toMatchObject({
        self: { href: `${ledger.baseUrl}${SERVERS}/${id}`, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
        policies: { href: `${ledger.baseUrl}${SERVERS}/${id}/policies` },
        deactivate: { href: `${ledger.baseUrl}${SERVERS}/${id}/lifecycle/deactivate`, hints: { allow: ['POST'] } },
      });

      const read = await api(ledger, 'GET', `${SERVERS}/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
      expect(read.headers.get('etag')).toBe('W/"0"');

      // Read-your-writes through the registry: a policy and a rule, then a token, with no wait.
      const policy = await api(ledger, 'POST', `${SERVERS}/${id}/policies`, { name: 'All', priority: 1, conditions: { clients: { include: ['ALL_CLIENTS'] } } });
      await api(ledger, 'POST', `${SERVERS}/${id}/policies/${policy.body.id}/rules`, {
        name: 'Any',
        priority: 1,
        conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] } },
        actions: { token: { accessTokenLifetimeMinutes: 20, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 60 } },
      });
      const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { as: id });
      expect(issued.expires_in).toBe(1_200);
      expect((await refresh(ledger, TEST_CLIENTS.rotate30, issued.refresh_token!, {}, id)).status).toBe(200);
    });

    it('takes a CUSTOM_URL issuer and a given id', async () => {
      const created = await api(ledger, 'POST', SERVERS, { id: 'partner-api', name: 'Partner', audiences: ['api://partner'], issuerMode: 'CUSTOM_URL', issuer: 'https://id.partner.example' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'partner-api', issuer: 'https://id.partner.example', issuerMode: 'CUSTOM_URL' });
    });

    it('lists every server, active or not, seeded ones included', async () => {
      const listed = await api<{ id: string }[]>(ledger, 'GET', SERVERS);
      expect(listed.status).toBe(200);
      expect(listed.body.map((s) => s.id)).toEqual(expect.arrayContaining(['default', 'other', 'partner-api']));
    });

    it('replaces settings with PUT (keeping status), deactivates and activates through the lifecycle', async () => {
      const created = await api(ledger, 'POST', SERVERS, { name: 'Reports', audiences: ['api://reports'], scopes: ['openid', 'offline_access'] });
      const url = `${SERVERS}/${created.body.id}`;
      clock.advance(60_000);
      const replaced = await api(ledger, 'PUT', url, { ...created.body, name: 'Reports v2', audiences: ['api://reports', 'api://reports-v2'], status: 'INACTIVE' });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ name: 'Reports v2', audiences: ['api://reports', 'api://reports-v2'], status: 'ACTIVE', created: created.body.created });
      expect(replaced.body.lastUpdated).toBe(new Date(clock.now()).toISOString());
      expect(replaced.headers.get('etag')).toBe('W/"1"');

      const deactivated = await api(ledger, 'POST', `${url}/lifecycle/deactivate`);
      expect(deactivated.status).toBe(204);
      expect(deactivated.headers.get('etag')).toBe('W/"2"');
      expect((await api(ledger, 'GET', url)).body).toMatchObject({ status: 'INACTIVE', _links: { activate: { href: `${ledger.baseUrl}${url}/lifecycle/activate` } } });
      // An inactive server serves no tokens.
      const discovery = await fetch(`${ledger.baseUrl}/oauth2/${created.body.id}/.well-known/openid-configuration`);
      expect(discovery.status).toBe(404);

      expect((await api(ledger, 'POST', `${url}/lifecycle/activate`)).status).toBe(204);
      expect((await api(ledger, 'GET', url)).body.status).toBe('ACTIVE');
    });

    it('deletes a server; it is then not found, in Okta format, and its id is not reused', async () => {
      const created = await api(ledger, 'POST', SERVERS, { id: 'short-lived', name: 'Short-lived', audiences: ['api://short'] });
      expect(created.status).toBe(201);
      const deleted = await api(ledger, 'DELETE', `${SERVERS}/short-lived`);
      expect(deleted.status).toBe(204);
      const missing = await api(ledger, 'GET', `${SERVERS}/short-lived`);
      expect(missing.status).toBe(404);
      expect(Object.keys(missing.body).sort()).toEqual(OKTA_ERROR_KEYS);
      expect(missing.body).toMatchObject({
        errorCode: 'E0000007',
        errorSummary: 'Not found: Resource not found: short-lived (AuthorizationServer)',
        errorLink: 'E0000007',
        errorCauses: [],
      });
      const again = await api(ledger, 'POST', SERVERS, { id: 'short-lived', name: 'Again', audiences: ['api://short'] });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: id' });
      expect(again.body.errorCauses[0].errorSummary).toMatch(/^id: AuthorizationServer 'short-lived' was deleted/);
    });

    it('refuses a taken id with 409 and appends nothing', async () => {
      const before = await eventCount(ledger);
      const taken = await api(ledger, 'POST', SERVERS, { id: 'default', name: 'Mine', audiences: ['api://mine'] });
      expect(taken.status).toBe(409);
      expect(taken.body.errorCauses).toEqual([{ errorSummary: "id: AuthorizationServer 'default' already exists" }]);
      expect(await eventCount(ledger)).toBe(before);
    });

    it('refuses invalid settings with 400 naming the field, and appends nothing', async () => {
      const before = await eventCount(ledger);
      const noAudience = await api(ledger, 'POST', SERVERS, { name: 'Nobody', audiences: [] });
      expect(noAudience.status).toBe(400);
      expect(noAudience.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: audiences', errorCauses: [{ errorSummary: 'audiences: must name at least one value' }] });
      const badIssuer = await api(ledger, 'POST', SERVERS, { name: 'Custom', audiences: ['api://c'], issuerMode: 'CUSTOM_URL', issuer: 'ftp://nope' });
      expect(badIssuer.body.errorSummary).toBe('Api validation failed: issuer');
      const malformed = await send(`${ledger.baseUrl}${SERVERS}`, { body: '{"name":', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ errorCode: 'E0000003' });
      expect(await eventCount(ledger)).toBe(before);
    });
  });

  describe('policies and rules', () => {
    let as: string;

    beforeAll(async () => {
      as = (await api(ledger, 'POST', SERVERS, { name: 'Crud', audiences: ['api://crud'], scopes: ['openid', 'offline_access'] })).body.id;
    });

    it('creates, reads, lists, replaces, deactivates and deletes policies and rules in Okta shape', async () => {
      const created = await api(ledger, 'POST', `${SERVERS}/${as}/policies`, { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'Web apps', description: 'Browser clients', priority: 1, conditions: { clients: { include: [TEST_CLIENTS.rotate30.id] } } });
      expect(created.status).toBe(201);
      const policyId = created.body.id as string;
      expect(policyId).toMatch(/^00p[0-9A-Za-z]{17}$/);
      const policyUrl = `${SERVERS}/${as}/policies/${policyId}`;
      expect(created.headers.get('location')).toBe(`${ledger.baseUrl}${policyUrl}`);
      expect(created.body).toMatchObject({
        id: policyId,
        type: 'OAUTH_AUTHORIZATION_POLICY',
        name: 'Web apps',
        description: 'Browser clients',
        priority: 1,
        status: 'ACTIVE',
        system: false,
        conditions: { clients: { include: [TEST_CLIENTS.rotate30.id] } },
        _links: { rules: { href: `${ledger.baseUrl}${policyUrl}/rules` } },
      });
      const second = await api(ledger, 'POST', `${SERVERS}/${as}/policies`, { name: 'Everyone else', priority: 2, conditions: { clients: { include: ['ALL_CLIENTS'] } } });
      const listed = await api<{ id: string }[]>(ledger, 'GET', `${SERVERS}/${as}/policies`);
      expect(listed.body.map((p) => p.id)).toEqual([policyId, second.body.id]);

      const rule = await api(ledger, 'POST', `${policyUrl}/rules`, {
        type: 'RESOURCE_ACCESS',
        name: 'Code flow',
        priority: 1,
        conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['openid', 'offline_access'] }, people: { groups: { include: ['EVERYONE'] } } },
        actions: { token: { accessTokenLifetimeMinutes: 15, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10_080 } },
      });
      expect(rule.status).toBe(201);
      const ruleId = rule.body.id as string;
      expect(ruleId).toMatch(/^0pr[0-9A-Za-z]{17}$/);
      const ruleUrl = `${policyUrl}/rules/${ruleId}`;
      expect(rule.body).toMatchObject({
        id: ruleId,
        type: 'RESOURCE_ACCESS',
        status: 'ACTIVE',
        conditions: {
          people: { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } },
          grantTypes: { include: ['authorization_code'] },
          scopes: { include: ['openid', 'offline_access'] },
        },
        actions: { token: { accessTokenLifetimeMinutes: 15, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10_080 } },
      });
      expect((await api(ledger, 'GET', ruleUrl)).body).toEqual(rule.body);
      expect((await api<unknown[]>(ledger, 'GET', `${policyUrl}/rules`)).body).toEqual([rule.body]);

      const renamed = await api(ledger, 'PUT', policyUrl, { ...created.body, name: 'Web applications' });
      expect(renamed.body).toMatchObject({ id: policyId, name: 'Web applications', status: 'ACTIVE' });

      expect((await api(ledger, 'POST', `${policyUrl}/lifecycle/deactivate`)).status).toBe(204);
      expect((await api(ledger, 'GET', policyUrl)).body.status).toBe('INACTIVE');
      expect((await api(ledger, 'POST', `${policyUrl}/lifecycle/activate`)).status).toBe(204);
      expect((await api(ledger, 'POST', `${ruleUrl}/lifecycle/deactivate`)).status).toBe(204);
      expect((await api(ledger, 'GET', ruleUrl)).body.status).toBe('INACTIVE');

      expect((await api(ledger, 'DELETE', ruleUrl)).status).toBe(204);
      expect((await api(ledger, 'GET', ruleUrl)).body).toMatchObject({ errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${ruleId} (PolicyRule)` });
      expect((await api(ledger, 'DELETE', policyUrl)).status).toBe(204);
      expect((await api(ledger, 'GET', policyUrl)).body).toMatchObject({ errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${policyId} (Policy)` });
    });

    it('routes policies/explain to explain, not to a policy named explain, and refuses that id', async () => {
      const explained = await api(ledger, 'GET', `${SERVERS}/${as}/policies/explain?client_id=${TEST_CLIENTS.rotate30.id}`);
      expect(explained.status).toBe(200);
      expect(explained.body).toMatchObject({ authorizationServerId: as, request: { clientId: TEST_CLIENTS.rotate30.id } });
      const reserved = await api(ledger, 'POST', `${SERVERS}/${as}/policies`, { id: 'explain', name: 'Explain', priority: 9, conditions: { clients: { include: ['ALL_CLIENTS'] } } });
      expect(reserved.status).toBe(400);
      expect(reserved.body.errorSummary).toBe('Api validation failed: id');
    });

    it('answers 404 in Okta format for a policy of an unknown server', async () => {
      const missing = await api(ledger, 'GET', `${SERVERS}/no-such-server/policies`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: no-such-server (AuthorizationServer)' });
    });
  });

  describe('optimistic concurrency: ETag and If-Match', () => {
    let url: string;

    beforeAll(async () => {
      const created = await api(ledger, 'POST', SERVERS, { name: 'Concurrent', audiences: ['api://concurrent'] });
      url = `${SERVERS}/${created.body.id}`;
    });

    it('refuses a PUT with a stale If-Match with 412 and appends nothing; the current one succeeds', async () => {
      const seen = await api(ledger, 'GET', url);
      const staleTag = seen.headers.get('etag')!;
      const first = await api(ledger, 'PUT', url, { ...seen.body, description: 'first writer' }, { 'if-match': staleTag });
      expect(first.status).toBe(200);
      const currentTag = first.headers.get('etag')!;
      expect(currentTag).not.toBe(staleTag);

      const before = await eventCount(ledger);
      const stale = await api(ledger, 'PUT', url, { ...seen.body, description: 'second writer' }, { 'if-match': staleTag });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: If-Match',
        errorCauses: [{ errorSummary: `If-Match: ${staleTag} is not the current version ${currentTag}` }],
      });
      expect(await eventCount(ledger)).toBe(before);
      expect((await api(ledger, 'GET', url)).body.description).toBe('first writer');

      const current = await api(ledger, 'PUT', url, { ...seen.body, description: 'second writer' }, { 'if-match': currentTag });
      expect(current.status).toBe(200);
      expect(current.body.description).toBe('second writer');
    });

    it('applies If-Match to DELETE and lifecycle too, and refuses a malformed one', async () => {
      const seen = await api(ledger, 'GET', url);
      const tag = seen.headers.get('etag')!;
      const stale = `W/"${Number(/\d+/.exec(tag)![0]) - 1}"`;
      const before = await eventCount(ledger);
      expect((await api(ledger, 'POST', `${url}/lifecycle/deactivate`, undefined, { 'if-match': stale })).status).toBe(412);
      expect((await api(ledger, 'DELETE', url, undefined, { 'if-match': stale })).status).toBe(412);
      const malformed = await api(ledger, 'DELETE', url, undefined, { 'if-match': 'yesterday' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errorSummary).toBe('Api validation failed: If-Match');
      expect(await eventCount(ledger)).toBe(before);
      expect((await api(ledger, 'DELETE', url, undefined, { 'if-match': tag })).status).toBe(204);
    });
  });

  describe('admin credential', () => {
    const routes: [string, string][] = [
      ['GET', SERVERS],
      ['POST', SERVERS],
      ['GET', `${SERVERS}/default`],
      ['PUT', `${SERVERS}/default`],
      ['DELETE', `${SERVERS}/default`],
      ['GET', `${SERVERS}/default/policies`],
      ['GET', `${SERVERS}/default/policies/default-policy/rules/default-rule`],
      ['POST', `${SERVERS}/default/policies/default-policy/lifecycle/deactivate`],
      ['GET', `${SERVERS}/default/policies/explain?client_id=${TEST_CLIENTS.rotate30.id}`],
    ];

    it.each(routes)('refuses %s %s without a token, with a wrong one and with client credentials: 401 in Okta format', async (method, path) => {
      const before = await eventCount(ledger);
      const body = method === 'POST' || method === 'PUT' ? {} : undefined;
      for (const authorization of ['', 'Bearer not-the-admin-token-0123456789', basic(TEST_CLIENTS.rotate30.id, TEST_CLIENTS.rotate30.secret), `Bearer ${TEST_CLIENTS.rotate30.secret}`]) {
        const refused = await api(ledger, method, path, body, { authorization });
        expect(refused.status).toBe(401);
        expect(refused.body).toEqual({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorId: expect.any(String), errorCauses: [] });
      }
      expect(await eventCount(ledger)).toBe(before);
    });

    it("accepts Okta's SSWS scheme", async () => {
      expect((await api(ledger, 'GET', `${SERVERS}/default`, undefined, { authorization: `SSWS ${ADMIN_TOKEN}` })).status).toBe(200);
    });

    it('keeps OAuth errors on the issuance endpoint under the same prefix', async () => {
      const refused = await postForm(`${ledger.baseUrl}${SERVERS}/default/tokens`, { client_id: TEST_CLIENTS.rotate30.id, sub: 'alice', scope: 'openid' });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ error: 'unauthorized', error_description: 'An admin or service credential is required.' });
    });

    it('answers an unknown management route with 404 in Okta format', async () => {
      const missing = await api(ledger, 'GET', '/api/v1/authorizationServers/default/nothing-here');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: /api/v1/authorizationServers/default/nothing-here (Resource)' });
    });

    it('uses the request id as errorId', async () => {
      const refused = await api(ledger, 'GET', `${SERVERS}/nowhere`, undefined, { 'x-request-id': 'req-management-1' });
      expect(refused.body.errorId).toBe('req-management-1');
    });
  });
});

describe('the bootstrap file and the management API over restarts', () => {
  const RULE = `${SERVERS}/default/policies/default-policy/rules/default-rule`;

  it('seed (default): API changes to declared objects survive a restart, and a declared server may be deleted', async () => {
    const first = await startLedger();
    const rule = await api(first, 'GET', RULE);
    const changed = { ...rule.body, actions: { token: { ...rule.body.actions.token, accessTokenLifetimeMinutes: 15 } } };
    expect((await api(first, 'PUT', RULE, changed)).status).toBe(200);
    expect((await api(first, 'DELETE', `${SERVERS}/other`)).status).toBe(204);
    await first.close();

    const restarted = await startLedger({ dataDir: first.dataDir });
    const before = await eventCount(restarted);
    try {
      expect((await api(restarted, 'GET', RULE)).body.actions.token.accessTokenLifetimeMinutes).toBe(15);
      expect((await api(restarted, 'GET', `${SERVERS}/other`)).status).toBe(404);
      const issued = await issueFamily(restarted, TEST_CLIENTS.rotate30.id);
      expect(issued.expires_in).toBe(15 * 60);
      // The restart itself appended nothing for the declared objects (the family above is 1 event,
      // and its subject's first issuance 2 more: the data key its personal fields are encrypted
      // under, and the key's assignment to the subject).
      expect(await eventCount(restarted)).toBe(before + 3);
    } finally {
      await restarted.close();
    }
  });

  it('enforce: a restart brings declared objects back to the file, and a declared server cannot be deleted (409)', async () => {
    const first = await startLedger({ env: { LEDGER_BOOTSTRAP_MODE: 'enforce' } });
    const before = await eventCount(first);
    const refused = await api(first, 'DELETE', `${SERVERS}/other`);
    expect(refused.status).toBe(409);
    expect(refused.body.errorCauses).toEqual([
      { errorSummary: "id: AuthorizationServer 'other' is declared in the bootstrap file (LEDGER_BOOTSTRAP_MODE=enforce); remove it there first" },
    ]);
    expect(await eventCount(first)).toBe(before);
    const rule = await api(first, 'GET', RULE);
    const changed = { ...rule.body, actions: { token: { ...rule.body.actions.token, accessTokenLifetimeMinutes: 15 } } };
    expect((await api(first, 'PUT', RULE, changed)).status).toBe(200);
    await first.close();

    const restarted = await startLedger({ dataDir: first.dataDir, env: { LEDGER_BOOTSTRAP_MODE: 'enforce' } });
    try {
      expect((await api(restarted, 'GET', RULE)).body.actions.token.accessTokenLifetimeMinutes).toBe(60);
    } finally {
      await restarted.close();
    }
  });
});

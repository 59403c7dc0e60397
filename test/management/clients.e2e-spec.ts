import { createHash } from 'node:crypto';
import { familyIdOf } from '../support/family-events';
import { basic, postForm, send, type HttpResult } from '../support/http';
import { FIXED_START, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';
import { introspect, issueFamily, refresh, type TokenBody } from '../support/token-flows';

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };

const api = adminApi;

/** `client_credentials` with HTTP Basic and `scope=api:read`: the simplest proof a secret works. */
function clientCredentials(ledger: TestLedger, clientId: string, secret: string): Promise<HttpResult<TokenBody>> {
  return postForm<TokenBody>(`${ledger.baseUrl}/oauth2/default/v1/token`, { grant_type: 'client_credentials', scope: 'api:read' }, {
    authorization: basic(clientId, secret),
  });
}

const ALL_GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

describe('clients management API (/api/v1/clients)', () => {
  let ledger: TestLedger;
  /** A resource server that introspects other clients' tokens. */
  const resourceServer = TEST_CLIENTS.rotate30;

  beforeAll(async () => {
    ledger = await startLedger();
  });

  afterAll(async () => {
    await ledger.close();
  });

  const eventCount = async () => (await ledger.allEvents()).length;

  async function register(body: Record<string, unknown>): Promise<{ client_id: string; client_secret: string } & Record<string, unknown>> {
    const result = await api(ledger, 'POST', '/api/v1/clients', body);
    expect({ status: result.status, body: result.body }).toEqual({ status: 201, body: expect.anything() });
    return result.body as { client_id: string; client_secret: string };
  }

  describe('registration and reads', () => {
    it('generates the secret, shows it once (201, no-store), stores only its hash, and never shows it again', async () => {
      const before = await eventCount();
      const created = await api(ledger, 'POST', '/api/v1/clients', {
        client_name: 'Reporting service',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ALL_GRANTS,
        refresh_token: { rotation_type: 'ROTATE', leeway: 10 },
        redirect_uris: ['https://ignored.example/cb'],
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('cache-control')).toBe('no-store');
      const body = created.body as Record<string, unknown> & { client_id: string; client_secret: string };
      expect(body).toEqual({
        client_id: expect.stringMatching(/^0oa[A-Za-z0-9_-]{16}$/),
        client_name: 'Reporting service',
        client_id_issued_at: FIXED_START / 1000,
        client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        client_secret_expires_at: 0,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ALL_GRANTS,
        refresh_token: { rotation_type: 'ROTATE', leeway: 10 },
        dpop_bound_access_tokens: false,
        status: 'ACTIVE',
        last_updated: new Date(FIXED_START).toISOString(),
      });
      const hashHex = createHash('sha256').update(body.client_secret).digest('hex');

      const events = (await ledger.allEvents()).slice(before);
      expect(events.map((e) => [e.type, e.streamName])).toEqual([['ClientRegistered', `client-${body.client_id}`]]);
      expect(events[0].data).toMatchObject({ client: { secretHash: `sha256:${hashHex}` } });
      expect(events[0].metadata).toMatchObject({ actor: 'admin:service' });
      const everyEvent = (await ledger.allEvents()).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
      expect(JSON.stringify(everyEvent)).not.toContain(body.client_secret);

      const fetched = await api(ledger, 'GET', `/api/v1/clients/${body.client_id}`);
      const { client_secret: _secret, client_secret_expires_at: _expiry, ...withoutSecret } = body;
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(withoutSecret);
      const listed = await api(ledger, 'GET', '/api/v1/clients');
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual(expect.arrayContaining([withoutSecret]));
      for (const text of [fetched.text, listed.text]) {
        expect(text).not.toContain(body.client_secret);
        expect(text).not.toContain(hashHex);
        expect(text).not.toContain('secretHash');
      }
      expect(ledger.logs.lines.join('\n')).not.toContain(body.client_secret);

      const token = await clientCredentials(ledger, body.client_id, body.client_secret);
      expect({ status: token.status, scope: token.body.scope }).toEqual({ status: 200, scope: 'api:read' });
    });

    it('registers with a chosen client_id, refuses it a second time (409) and lists with a next link', async () => {
      await register({ client_id: 'chosen-id-client', client_name: 'Chosen', grant_types: ['client_credentials'] });
      const before = await eventCount();
      const again = await api(ledger, 'POST', '/api/v1/clients', { client_id: 'chosen-id-client', client_name: 'Again', grant_types: ['client_credentials'] });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ errorCode: 'E0000001' });
      expect(await eventCount()).toBe(before);

      const first = await api(ledger, 'GET', '/api/v1/clients?limit=2');
      expect(first.status).toBe(200);
      expect(first.body).toHaveLength(2);
      const link = first.headers.get('link');
      expect(link).toMatch(/^<\/api\/v1\/clients\?limit=2&after=[^>]+>; rel="next"$/);
      const next = await api(ledger, 'GET', link!.slice(1, link!.indexOf('>')));
      expect(next.status).toBe(200);
      const ids = [...(first.body as unknown as { client_id: string }[]), ...(next.body as unknown as { client_id: string }[])].map((c) => c.client_id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('registers a public client (none) without any secret', async () => {
      const created = await register({
        client_id: 'spa-client',
        client_name: 'SPA',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      });
      expect(created).not.toHaveProperty('client_secret');
      expect(created).toMatchObject({ token_endpoint_auth_method: 'none', refresh_token: { rotation_type: 'ROTATE', leeway: 30 } });
    });

    it('answers 404 for an unknown client on every route, and 401 without the admin credential', async () => {
      const before = await eventCount();
      for (const [method, path] of [
        ['GET', '/api/v1/clients/nope'],
        ['DELETE', '/api/v1/clients/nope'],
        ['POST', '/api/v1/clients/nope/lifecycle/newSecret'],
        ['POST', '/api/v1/clients/nope/lifecycle/deactivate'],
        ['POST', '/api/v1/clients/nope/lifecycle/activate'],
      ]) {
        const result = await api(ledger, method, path);
        expect({ path, status: result.status, errorCode: result.body.errorCode }).toEqual({ path, status: 404, errorCode: 'E0000007' });
      }
      const put = await api(ledger, 'PUT', '/api/v1/clients/nope', { client_name: 'x', grant_types: ['client_credentials'] });
      expect(put.status).toBe(404);
      const anonymous = await send(`${ledger.baseUrl}/api/v1/clients`, { method: 'GET' });
      expect(anonymous.status).toBe(401);
      const asClient = await send(`${ledger.baseUrl}/api/v1/clients`, { method: 'GET', headers: { authorization: basic(resourceServer.id, resourceServer.secret) } });
      expect(asClient.status).toBe(401);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('validation: 400 naming the field, nothing appended', () => {
    const valid = { client_name: 'Validation', grant_types: ALL_GRANTS };
    it.each([
      ['leeway 61', 'refresh_token.leeway', { ...valid, refresh_token: { rotation_type: 'ROTATE', leeway: 61 } }],
      ['leeway as a string', 'refresh_token.leeway', { ...valid, refresh_token: { leeway: '30' } }],
      ['a public client with STATIC rotation', 'refresh_token.rotation_type', { ...valid, token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], refresh_token: { rotation_type: 'STATIC', leeway: 0 } }],
      ['an unknown grant type', 'grant_types[1]', { ...valid, grant_types: ['authorization_code', 'urn:example:magic'] }],
      ['private_key_jwt without jwks', 'jwks', { ...valid, token_endpoint_auth_method: 'private_key_jwt' }],
      ['a jwks holding a private key (d)', 'jwks.keys[0].d', {
        ...valid,
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' }] },
      }],
      ['an unsupported auth method', 'token_endpoint_auth_method', { ...valid, token_endpoint_auth_method: 'client_secret_jwt' }],
      ['a client_id unfit for URLs', 'client_id', { ...valid, client_id: 'has spaces' }],
      ['a missing client_name', 'client_name', { grant_types: ALL_GRANTS }],
      ['grant_types not a list', 'grant_types', { ...valid, grant_types: 'client_credentials' }],
      ['a chosen secret', 'client_secret', { ...valid, client_secret: 'my-own-chosen-secret-value-123' }],
    ])('refuses %s (%s)', async (_case, field, body) => {
      const before = await eventCount();
      const result = await api(ledger, 'POST', '/api/v1/clients', body);
      expect({ status: result.status, errorCode: result.body.errorCode, errorSummary: result.body.errorSummary }).toEqual({
        status: 400,
        errorCode: 'E0000001',
        errorSummary: `Api validation failed: ${field}`,
      });
      expect(result.body.errorCauses).toEqual([{ errorSummary: expect.stringMatching(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `)) }]);
      expect(result.text).not.toContain('my-own-chosen-secret-value-123');
      expect(result.text).not.toContain('jpsQnnGQmL');
      expect(await eventCount()).toBe(before);
    });

    it('refuses a body that is not a JSON object', async () => {
      const before = await eventCount();
      const result = await api(ledger, 'POST', '/api/v1/clients', ['not', 'an', 'object']);
      expect(result.status).toBe(400);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('secret rotation', () => {
    it('returns a new secret once; the old one fails at once (401 invalid_client), the new one works', async () => {
      const created = await register({ client_name: 'Rotating', grant_types: ['client_credentials'] });
      expect((await clientCredentials(ledger, created.client_id, created.client_secret)).status).toBe(200);

      const rotated = await api(ledger, 'POST', `/api/v1/clients/${created.client_id}/lifecycle/newSecret`);
      expect(rotated.status).toBe(200);
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      const newSecret = (rotated.body as { client_secret: string }).client_secret;
      expect(rotated.body).toMatchObject({ client_id: created.client_id, client_secret_expires_at: 0 });
      expect(newSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(newSecret).not.toBe(created.client_secret);

      const old = await clientCredentials(ledger, created.client_id, created.client_secret);
      expect({ status: old.status, body: old.body }).toEqual({ status: 401, body: INVALID_CLIENT });
      expect((await clientCredentials(ledger, created.client_id, newSecret)).status).toBe(200);
      expect((await api(ledger, 'GET', `/api/v1/clients/${created.client_id}`)).text).not.toContain(newSecret);
    });

    it('refuses to rotate the secret of a client that has none (400, nothing appended)', async () => {
      const before = await eventCount();
      const result = await api(ledger, 'POST', '/api/v1/clients/spa-client/lifecycle/newSecret');
      expect({ status: result.status, errorSummary: result.body.errorSummary }).toEqual({ status: 400, errorSummary: 'Api validation failed: client_secret' });
      expect(await eventCount()).toBe(before);
    });
  });

  describe('deactivation revokes every family of the client', () => {
    let client: { client_id: string; client_secret: string };
    let families: TokenBody[];
    let machineToken: TokenBody;
    let bystander: TokenBody;

    beforeAll(async () => {
      client = await register({ client_name: 'To be disabled', grant_types: ALL_GRANTS });
      families = [await issueFamily(ledger, client.client_id, { sub: 'alice' }), await issueFamily(ledger, client.client_id, { sub: 'bob' })];
      machineToken = (await clientCredentials(ledger, client.client_id, client.client_secret)).body;
      bystander = await issueFamily(ledger, resourceServer.id, { sub: 'carol' });
    });

    it('disables the client, revokes all its families (client_disabled, admin:service) and leaves others alone', async () => {
      for (const family of families) expect((await introspect(ledger, resourceServer, family.refresh_token!)).body.active).toBe(true);

      const result = await api(ledger, 'POST', `/api/v1/clients/${client.client_id}/lifecycle/deactivate`);
      expect({ status: result.status, body: result.body }).toEqual({ status: 200, body: {} });

      for (const family of families) {
        const events = await ledger.store.readStream(`tokenFamily-${familyIdOf(family.refresh_token!)}`);
        expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRevoked']);
        expect(events[1].data).toMatchObject({ reason: 'client_disabled', requestedBy: 'admin:service' });
        expect((await introspect(ledger, resourceServer, family.refresh_token!)).body).toEqual({ active: false });
        expect((await introspect(ledger, resourceServer, family.access_token)).body).toEqual({ active: false });
        const refreshed = await refresh(ledger, { id: client.client_id, secret: client.client_secret }, family.refresh_token!);
        expect({ status: refreshed.status, body: refreshed.body }).toEqual({ status: 401, body: INVALID_CLIENT });
      }
      expect((await introspect(ledger, resourceServer, machineToken.access_token)).body).toEqual({ active: false });
      expect((await introspect(ledger, resourceServer, bystander.refresh_token!)).body.active).toBe(true);
      const denied = await clientCredentials(ledger, client.client_id, client.client_secret);
      expect({ status: denied.status, body: denied.body }).toEqual({ status: 401, body: INVALID_CLIENT });
      expect((await api(ledger, 'GET', `/api/v1/clients/${client.client_id}`)).body).toMatchObject({ status: 'INACTIVE' });
    });

    it('is idempotent: deactivating again appends nothing and still answers 200', async () => {
      const before = await eventCount();
      const again = await api(ledger, 'POST', `/api/v1/clients/${client.client_id}/lifecycle/deactivate`);
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: {} });
      expect(await eventCount()).toBe(before);
    });

    it('activation lets the client authenticate again, while its old families stay revoked', async () => {
      const result = await api(ledger, 'POST', `/api/v1/clients/${client.client_id}/lifecycle/activate`);
      expect({ status: result.status, body: result.body }).toEqual({ status: 200, body: {} });
      expect((await clientCredentials(ledger, client.client_id, client.client_secret)).status).toBe(200);
      for (const family of families) {
        const refreshed = await refresh(ledger, { id: client.client_id, secret: client.client_secret }, family.refresh_token!);
        expect({ status: refreshed.status, error: refreshed.body.error }).toEqual({ status: 400, error: 'invalid_grant' });
        expect((await introspect(ledger, resourceServer, family.access_token)).body).toEqual({ active: false });
      }
      const fresh = await issueFamily(ledger, client.client_id, { sub: 'alice' });
      expect((await refresh(ledger, { id: client.client_id, secret: client.client_secret }, fresh.refresh_token!)).status).toBe(200);
    });
  });

  describe('update and delete', () => {
    it('PUT replaces the settings, keeps the secret, and refuses a status change or another client_id', async () => {
      const created = await register({ client_id: 'updatable', client_name: 'Before', grant_types: ALL_GRANTS });
      const updated = await api(ledger, 'PUT', '/api/v1/clients/updatable', {
        client_name: 'After',
        grant_types: ['client_credentials'],
        refresh_token: { rotation_type: 'STATIC', leeway: 0 },
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ client_name: 'After', grant_types: ['client_credentials'], refresh_token: { rotation_type: 'STATIC', leeway: 0 } });
      expect(updated.body).not.toHaveProperty('client_secret');
      expect((await clientCredentials(ledger, 'updatable', created.client_secret)).status).toBe(200);

      const before = await eventCount();
      const unchanged = await api(ledger, 'PUT', '/api/v1/clients/updatable', {
        client_name: 'After',
        grant_types: ['client_credentials'],
        refresh_token: { rotation_type: 'STATIC', leeway: 0 },
      });
      expect(unchanged.status).toBe(200);
      for (const [field, body] of [
        ['status', { client_name: 'After', grant_types: ['client_credentials'], status: 'INACTIVE' }],
        ['client_id', { client_id: 'other', client_name: 'After', grant_types: ['client_credentials'] }],
        ['refresh_token.leeway', { client_name: 'After', grant_types: ['client_credentials'], refresh_token: { leeway: 61 } }],
        ['client_secret', { client_name: 'After', grant_types: ['client_credentials'], client_secret: 'chosen' }],
      ] as const) {
        const refused = await api(ledger, 'PUT', '/api/v1/clients/updatable', body);
        expect({ status: refused.status, errorSummary: refused.body.errorSummary }).toEqual({ status: 400, errorSummary: `Api validation failed: ${field}` });
      }
      expect(await eventCount()).toBe(before);
    });

    it('PUT switching a public client to a secret method generates a secret and shows it once', async () => {
      await register({ client_id: 'becomes-confidential', client_name: 'Public', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
      const updated = await api(ledger, 'PUT', '/api/v1/clients/becomes-confidential', { client_name: 'Confidential', grant_types: ALL_GRANTS });
      expect(updated.status).toBe(200);
      const secret = (updated.body as { client_secret?: string }).client_secret;
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await clientCredentials(ledger, 'becomes-confidential', secret!)).status).toBe(200);
    });

    it('DELETE answers 204, revokes the families, and the client is gone (404) and cannot authenticate', async () => {
      const created = await register({ client_id: 'deletable', client_name: 'Deletable', grant_types: ALL_GRANTS });
      const family = await issueFamily(ledger, 'deletable');
      const deleted = await api(ledger, 'DELETE', '/api/v1/clients/deletable');
      expect(deleted.status).toBe(204);
      expect((await api(ledger, 'GET', '/api/v1/clients/deletable')).status).toBe(404);
      expect((await introspect(ledger, resourceServer, family.access_token)).body).toEqual({ active: false });
      expect((await clientCredentials(ledger, 'deletable', created.client_secret)).status).toBe(401);
      const reuse = await api(ledger, 'POST', '/api/v1/clients', { client_id: 'deletable', client_name: 'Again', grant_types: ['client_credentials'] });
      expect(reuse.status).toBe(409);
      expect((await api(ledger, 'DELETE', '/api/v1/clients/deletable')).status).toBe(204);
    });
  });
});

describe('deactivating a client when the read model keeps only recent families', () => {
  it('finds its families in the log (the read model may have dropped some) and revokes every one', async () => {
    const ledger = await startLedger({ env: { LEDGER_READ_MODEL_RETENTION_DAYS: '1' } });
    try {
      const registered = await api(ledger, 'POST', '/api/v1/clients', {
        client_name: 'Retention client',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ALL_GRANTS,
      });
      expect(registered.status).toBe(201);
      const clientId = (registered.body as { client_id: string }).client_id;
      const families = [await issueFamily(ledger, clientId, { sub: 'dora' }), await issueFamily(ledger, clientId, { sub: 'ed' })];
      expect((await api(ledger, 'POST', `/api/v1/clients/${clientId}/lifecycle/deactivate`)).status).toBe(200);
      for (const family of families) {
        const events = await ledger.store.readStream(`tokenFamily-${familyIdOf(family.refresh_token!)}`);
        expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRevoked']);
        expect(events[1].data).toMatchObject({ reason: 'client_disabled' });
      }
    } finally {
      await ledger.close();
    }
  });
});

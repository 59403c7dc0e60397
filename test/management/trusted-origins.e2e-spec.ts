import { send } from '../support/http';
import { ADMIN_TOKEN, FIXED_START, startLedger, type SteppableClock, type TestLedger } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';

const api = adminApi;
const ISO_START = new Date(FIXED_START).toISOString();

describe('trusted origins management API (/api/v1/trustedOrigins)', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startLedger();
  });

  afterAll(async () => {
    await ledger?.close();
  });

  const trustedOriginEvents = async () => (await ledger.allEvents()).filter((e) => e.streamName === 'trustedOrigins-org');

  async function create(body: Record<string, unknown>): Promise<Record<string, any>> {
    const result = await api(ledger, 'POST', '/api/v1/trustedOrigins', body);
    expect({ status: result.status, errorCauses: result.body.errorCauses }).toEqual({ status: 200, errorCauses: undefined });
    return result.body;
  }

  it("creates an origin in Okta's shape (200), normalized, ACTIVE, and records it as an event", async () => {
    const result = await api(ledger, 'POST', '/api/v1/trustedOrigins', {
      name: 'Customer portal',
      origin: 'HTTPS://Portal.Example.com:443',
      scopes: [{ type: 'REDIRECT' }, { type: 'CORS' }],
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    const id = result.body.id as string;
    const self = `${ledger.baseUrl}/api/v1/trustedOrigins/${id}`;
    expect(result.body).toEqual({
      id: expect.stringMatching(/^tos[A-Za-z0-9]{17}$/),
      name: 'Customer portal',
      origin: 'https://portal.example.com',
      scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }],
      status: 'ACTIVE',
      created: ISO_START,
      createdBy: 'admin:service',
      lastUpdated: ISO_START,
      lastUpdatedBy: 'admin:service',
      _links: {
        self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
        deactivate: { href: `${self}/lifecycle/deactivate`, hints: { allow: ['POST'] } },
      },
    });
    const events = await trustedOriginEvents();
    expect(events.at(-1)).toMatchObject({
      type: 'TrustedOriginCreated',
      data: { trustedOrigin: { id, origin: 'https://portal.example.com', scopes: ['CORS', 'REDIRECT'], status: 'ACTIVE' }, createdBy: 'admin:service' },
      metadata: expect.objectContaining({ actor: 'admin:service' }),
    });

    const got = await api(ledger, 'GET', `/api/v1/trustedOrigins/${id}`);
    expect({ status: got.status, body: got.body }).toEqual({ status: 200, body: result.body });
  });

  it('replaces name, origin and scopes with PUT (ignoring read-only members echoed back), and a PUT changing nothing appends nothing', async () => {
    const created = await create({ name: 'Old name', origin: 'https://old.example.com', scopes: [{ type: 'CORS' }] });
    (ledger.clock as SteppableClock).advance(60_000);
    const put = await api(ledger, 'PUT', `/api/v1/trustedOrigins/${created.id}`, {
      ...created,
      name: 'New name',
      origin: 'https://new.example.com',
      scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }],
      status: 'INACTIVE',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: created.id,
      name: 'New name',
      origin: 'https://new.example.com',
      scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }],
      status: 'ACTIVE',
      created: created.created,
      lastUpdated: new Date(FIXED_START + 60_000).toISOString(),
    });
    const before = (await trustedOriginEvents()).length;
    const again = await api(ledger, 'PUT', `/api/v1/trustedOrigins/${created.id}`, { name: 'New name', origin: 'https://new.example.com/', scopes: put.body.scopes });
    expect(again.status).toBe(200);
    expect((await trustedOriginEvents()).length).toBe(before);
  });

  it('deactivates and activates (200 with the origin, the lifecycle link following the status), each idempotent', async () => {
    const created = await create({ name: 'Lifecycle', origin: 'https://lifecycle.example.com', scopes: [{ type: 'CORS' }] });
    const off = await api(ledger, 'POST', `/api/v1/trustedOrigins/${created.id}/lifecycle/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('INACTIVE');
    expect(Object.keys(off.body._links)).toEqual(['self', 'activate']);
    const before = (await trustedOriginEvents()).length;
    expect((await api(ledger, 'POST', `/api/v1/trustedOrigins/${created.id}/lifecycle/deactivate`)).status).toBe(200);
    expect((await trustedOriginEvents()).length).toBe(before);
    const on = await api(ledger, 'POST', `/api/v1/trustedOrigins/${created.id}/lifecycle/activate`);
    expect({ status: on.status, state: on.body.status }).toEqual({ status: 200, state: 'ACTIVE' });
    expect((await trustedOriginEvents()).map((e) => e.type).slice(-2)).toEqual(['TrustedOriginDeactivated', 'TrustedOriginActivated']);
  });

  it('deletes (204); the origin is then 404 everywhere and its value free for a new entry', async () => {
    const created = await create({ name: 'Doomed', origin: 'https://doomed.example.com', scopes: [{ type: 'CORS' }] });
    const deleted = await api(ledger, 'DELETE', `/api/v1/trustedOrigins/${created.id}`);
    expect(deleted.status).toBe(204);
    expect((await trustedOriginEvents()).at(-1)).toMatchObject({ type: 'TrustedOriginDeleted', data: { id: created.id } });
    const eventsAfterDelete = (await trustedOriginEvents()).length;
    expect((await api(ledger, 'DELETE', `/api/v1/trustedOrigins/${created.id}`)).status).toBe(204);
    expect((await trustedOriginEvents()).length).toBe(eventsAfterDelete);
    for (const [method, path] of [
      ['GET', `/api/v1/trustedOrigins/${created.id}`],
      ['POST', `/api/v1/trustedOrigins/${created.id}/lifecycle/activate`],
      ['POST', `/api/v1/trustedOrigins/${created.id}/lifecycle/deactivate`],
    ]) {
      const result = await api(ledger, method, path);
      expect({ path, status: result.status, errorCode: result.body.errorCode }).toEqual({ path, status: 404, errorCode: 'E0000007' });
    }
    const put = await api(ledger, 'PUT', `/api/v1/trustedOrigins/${created.id}`, { name: 'x', origin: 'https://x.example.com', scopes: [{ type: 'CORS' }] });
    expect(put.status).toBe(404);
    expect((await api(ledger, 'GET', '/api/v1/trustedOrigins?limit=200')).body.map((o: { id: string }) => o.id)).not.toContain(created.id);
    await create({ name: 'Reborn', origin: 'https://doomed.example.com', scopes: [{ type: 'CORS' }] });
  });

  it('lists oldest first, pages with limit/after and a Link header, and searches with q', async () => {
    const fresh = await startLedger();
    try {
      const ids: string[] = [];
      for (const [name, origin] of [
        ['Alpha', 'https://alpha.example.com'],
        ['Beta', 'https://beta.example.com'],
        ['Gamma', 'http://localhost:3000'],
      ]) {
        const result = await adminApi(fresh, 'POST', '/api/v1/trustedOrigins', { name, origin, scopes: [{ type: 'CORS' }] });
        ids.push(result.body.id as string);
      }
      const all = await adminApi<Record<string, any>[]>(fresh, 'GET', '/api/v1/trustedOrigins');
      expect({ status: all.status, ids: all.body.map((o) => o.id), link: all.headers.get('link') }).toEqual({ status: 200, ids, link: null });

      const first = await adminApi<Record<string, any>[]>(fresh, 'GET', '/api/v1/trustedOrigins?limit=2');
      expect(first.body.map((o) => o.id)).toEqual(ids.slice(0, 2));
      const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '');
      expect(next?.[1]).toBe(`/api/v1/trustedOrigins?limit=2&after=${ids[1]}`);
      const second = await adminApi<Record<string, any>[]>(fresh, 'GET', next![1]);
      expect({ ids: second.body.map((o) => o.id), link: second.headers.get('link') }).toEqual({ ids: ids.slice(2), link: null });

      const byName = await adminApi<Record<string, any>[]>(fresh, 'GET', '/api/v1/trustedOrigins?q=bet');
      expect(byName.body.map((o) => o.name)).toEqual(['Beta']);
      const byHost = await adminApi<Record<string, any>[]>(fresh, 'GET', '/api/v1/trustedOrigins?q=localhost');
      expect(byHost.body.map((o) => o.name)).toEqual(['Gamma']);

      const filter = await adminApi(fresh, 'GET', `/api/v1/trustedOrigins?filter=${encodeURIComponent('status eq "ACTIVE"')}`);
      expect({ status: filter.status, errorCode: filter.body.errorCode, errorSummary: filter.body.errorSummary }).toEqual({
        status: 400,
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: filter',
      });
      for (const bad of ['limit=0', 'limit=201', 'limit=x']) {
        expect((await adminApi(fresh, 'GET', `/api/v1/trustedOrigins?${bad}`)).status).toBe(400);
      }
    } finally {
      await fresh.close();
    }
  });

  describe('validation: 400 E0000001 naming the field, nothing appended, nothing echoed', () => {
    const valid = { name: 'Valid', origin: 'https://valid.example.com', scopes: [{ type: 'CORS' }] };

    it('refuses a second entry for an origin already trusted (even INACTIVE, even written differently)', async () => {
      const existing = await create({ name: 'Taken', origin: 'https://taken.example.com', scopes: [{ type: 'CORS' }] });
      await api(ledger, 'POST', `/api/v1/trustedOrigins/${existing.id}/lifecycle/deactivate`);
      const before = (await trustedOriginEvents()).length;
      const duplicate = await api(ledger, 'POST', '/api/v1/trustedOrigins', { ...valid, origin: 'https://TAKEN.example.com:443/' });
      expect({ status: duplicate.status, body: duplicate.body }).toEqual({
        status: 400,
        body: {
          errorCode: 'E0000001',
          errorSummary: 'Api validation failed: origin',
          errorLink: 'E0000001',
          errorId: expect.any(String),
          errorCauses: [{ errorSummary: 'origin: an object with this field already exists' }],
        },
      });
      const other = await create({ ...valid, origin: 'https://other-taken.example.com' });
      const moved = await api(ledger, 'PUT', `/api/v1/trustedOrigins/${other.id}`, { ...valid, origin: 'https://taken.example.com' });
      expect({ status: moved.status, summary: moved.body.errorSummary }).toEqual({ status: 400, summary: 'Api validation failed: origin' });
      expect((await trustedOriginEvents()).length).toBe(before + 1);
    });

    it.each([
      ['a path', 'origin', { ...valid, origin: 'https://valid.example.com/callback' }],
      ['a query', 'origin', { ...valid, origin: 'https://valid.example.com?next=1' }],
      ['a wildcard', 'origin', { ...valid, origin: 'https://*.example.com' }],
      ['another scheme', 'origin', { ...valid, origin: 'ftp://valid.example.com' }],
      ['credentials', 'origin', { ...valid, origin: 'https://user:secret-pass@valid.example.com' }],
      ['no origin', 'origin', { name: 'x', scopes: [{ type: 'CORS' }] }],
      ['no name', 'name', { origin: 'https://valid.example.com', scopes: [{ type: 'CORS' }] }],
      ['a blank name', 'name', { ...valid, name: '   ' }],
      ['no scopes', 'scopes', { ...valid, scopes: [] }],
      ['an unknown scope type', 'scopes[0].type', { ...valid, scopes: [{ type: 'IFRAME_EMBED' }] }],
      ['a repeated scope', 'scopes[1].type', { ...valid, scopes: [{ type: 'CORS' }, { type: 'CORS' }] }],
    ])('refuses %s naming %s', async (_what, field, body) => {
      const before = (await trustedOriginEvents()).length;
      const result = await api(ledger, 'POST', '/api/v1/trustedOrigins', body);
      expect({ status: result.status, errorCode: result.body.errorCode, errorSummary: result.body.errorSummary }).toEqual({
        status: 400,
        errorCode: 'E0000001',
        errorSummary: `Api validation failed: ${field}`,
      });
      expect(result.text).not.toContain('secret-pass');
      expect((await trustedOriginEvents()).length).toBe(before);
    });

    it('refuses a body that is not a JSON object', async () => {
      const result = await send(`${ledger.baseUrl}/api/v1/trustedOrigins`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: '[1,2]',
      });
      expect({ status: result.status, errorCode: result.body.errorCode }).toEqual({ status: 400, errorCode: 'E0000003' });
    });
  });

  it('answers 404 for an unknown id, and 401 (E0000011) on every route without the admin credential', async () => {
    const existing = await create({ name: 'Guarded', origin: 'https://guarded.example.com', scopes: [{ type: 'CORS' }] });
    const before = (await trustedOriginEvents()).length;
    for (const [method, path] of [
      ['GET', '/api/v1/trustedOrigins/tosNope'],
      ['DELETE', '/api/v1/trustedOrigins/tosNope'],
      ['POST', '/api/v1/trustedOrigins/tosNope/lifecycle/activate'],
      ['POST', '/api/v1/trustedOrigins/tosNope/lifecycle/deactivate'],
    ]) {
      const result = await api(ledger, method, path);
      expect({ path, status: result.status, errorCode: result.body.errorCode }).toEqual({ path, status: 404, errorCode: 'E0000007' });
    }
    for (const [method, path] of [
      ['GET', '/api/v1/trustedOrigins'],
      ['POST', '/api/v1/trustedOrigins'],
      ['GET', `/api/v1/trustedOrigins/${existing.id}`],
      ['PUT', `/api/v1/trustedOrigins/${existing.id}`],
      ['DELETE', `/api/v1/trustedOrigins/${existing.id}`],
      ['POST', `/api/v1/trustedOrigins/${existing.id}/lifecycle/deactivate`],
      ['POST', `/api/v1/trustedOrigins/${existing.id}/lifecycle/activate`],
    ]) {
      for (const authorization of [undefined, 'Bearer wrong-token', `SSWS ${ADMIN_TOKEN}x`]) {
        const body = method === 'PUT' || (method === 'POST' && path === '/api/v1/trustedOrigins') ? JSON.stringify({ name: 'x', origin: 'https://anon.example.com', scopes: [{ type: 'CORS' }] }) : undefined;
        const result = await send(`${ledger.baseUrl}${path}`, {
          method,
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(authorization ? { authorization } : {}) },
          ...(body !== undefined ? { body } : {}),
        });
        expect({ method, path, status: result.status, errorCode: result.body.errorCode }).toEqual({ method, path, status: 401, errorCode: 'E0000011' });
      }
    }
    expect((await trustedOriginEvents()).length).toBe(before);
  });
});

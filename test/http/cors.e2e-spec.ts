import { browserAccepts, BROWSER, preflight, raw, varies, type RawAnswer } from '../support/browser-cors';
import { startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';
import { issueFamily } from '../support/token-flows';

const SPA = 'https://spa.example.com';

/** A cross-origin `fetch` POST of a refresh by a public client (an SPA), as the browser sends it. */
async function browserRefresh(ledger: TestLedger, origin: string, refreshToken: string): Promise<RawAnswer> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: TEST_CLIENTS.public.id }).toString();
  return raw(
    ledger,
    'POST',
    '/oauth2/default/v1/token',
    { ...BROWSER, origin, referer: `${origin}/`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    form,
  );
}

async function trust(ledger: TestLedger, origin: string, scopes = [{ type: 'CORS' }, { type: 'REDIRECT' }]): Promise<string> {
  const created = await adminApi(ledger, 'POST', '/api/v1/trustedOrigins', { name: `App at ${origin}`, origin, scopes });
  expect({ status: created.status, origin: created.body.origin }).toEqual({ status: 200, origin });
  return created.body.id as string;
}

describe('CORS on the OAuth endpoints for trusted origins', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startLedger();
    await trust(ledger, SPA);
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it("answers the browser's preflight of a token request (form + DPoP) so the browser lets the POST out", async () => {
    const answer = await preflight(ledger, '/oauth2/default/v1/token', SPA);
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(SPA);
    expect(answer.headers['access-control-allow-methods']).toBe('POST');
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'dpop']),
    );
    expect(Number(answer.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(varies(answer)).toBe(true);
    expect(answer.body).toBe('');
    expect(browserAccepts(answer, SPA, 'POST', ['content-type', 'dpop'])).toBe(true);
  });

  it('lets the SPA refresh cross-origin and read the answer (Access-Control-Allow-Origin, exposed headers)', async () => {
    const issued = await issueFamily(ledger, TEST_CLIENTS.public.id);
    const answer = await browserRefresh(ledger, SPA, issued.refresh_token!);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    expect(answer.headers['access-control-allow-origin']).toBe(SPA);
    expect(varies(answer)).toBe(true);
    expect(String(answer.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)).toEqual(
      expect.arrayContaining(['dpop-nonce', 'www-authenticate', 'x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset']),
    );
  });

  it('lets the SPA read an error answer too (a 400 invalid_grant carries the CORS headers)', async () => {
    const answer = await browserRefresh(ledger, SPA, 'tlr1.not-a-token');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: expect.any(String) });
    expect(answer.headers['access-control-allow-origin']).toBe(SPA);
  });

  it('answers preflights of revoke and introspect (POST) and of keys and discovery (GET)', async () => {
    // Okta's example token request (SPEC appendix) as a page would send it: Basic auth and cache-control.
    const oktaExample = await preflight(ledger, '/oauth2/default/v1/token', SPA, 'POST', 'authorization,cache-control');
    expect(browserAccepts(oktaExample, SPA, 'POST', ['authorization', 'cache-control'])).toBe(true);
    for (const path of ['/oauth2/default/v1/revoke', '/oauth2/default/v1/introspect']) {
      const answer = await preflight(ledger, path, SPA, 'POST', 'authorization,content-type');
      expect({ path, accepted: browserAccepts(answer, SPA, 'POST', ['authorization', 'content-type']) }).toEqual({ path, accepted: true });
    }
    for (const path of [
      '/oauth2/default/v1/keys',
      '/oauth2/default/.well-known/openid-configuration',
      '/oauth2/default/.well-known/oauth-authorization-server',
      '/.well-known/oauth-authorization-server/oauth2/default',
    ]) {
      const answer = await preflight(ledger, path, SPA, 'GET', 'dpop');
      expect({ path, status: answer.status, methods: answer.headers['access-control-allow-methods'] }).toEqual({ path, status: 204, methods: 'GET, HEAD' });
      expect({ path, accepted: browserAccepts(answer, SPA, 'GET', ['dpop']) }).toEqual({ path, accepted: true });
    }
  });

  it('serves keys and both discovery documents to the trusted origin with Access-Control-Allow-Origin and Vary: Origin', async () => {
    for (const path of [
      '/oauth2/default/v1/keys',
      '/oauth2/default/.well-known/openid-configuration',
      '/oauth2/default/.well-known/oauth-authorization-server',
      '/.well-known/oauth-authorization-server/oauth2/default',
    ]) {
      const answer = await raw(ledger, 'GET', path, { ...BROWSER, origin: SPA });
      expect({ path, status: answer.status, acao: answer.headers['access-control-allow-origin'], vary: varies(answer) }).toEqual({
        path,
        status: 200,
        acao: SPA,
        vary: true,
      });
    }
  });

  it('gives an untrusted origin no CORS headers: its preflight is 204 without Access-Control-Allow-*, and its reads carry no ACAO', async () => {
    const evil = 'https://evil.example.net';
    const pre = await preflight(ledger, '/oauth2/default/v1/token', evil);
    expect(pre.status).toBe(204);
    expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(varies(pre)).toBe(true);
    expect(browserAccepts(pre, evil, 'POST', ['content-type', 'dpop'])).toBe(false);

    const issued = await issueFamily(ledger, TEST_CLIENTS.public.id);
    const post = await browserRefresh(ledger, evil, issued.refresh_token!);
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    expect(varies(post)).toBe(true);
    const keys = await raw(ledger, 'GET', '/oauth2/default/v1/keys', { ...BROWSER, origin: evil });
    expect(keys.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('matches the origin exactly: another scheme, port or subdomain of a trusted origin is not trusted', async () => {
    for (const origin of ['http://spa.example.com', 'https://spa.example.com:8443', 'https://sub.spa.example.com', 'https://spa.example.com.evil.net', 'null']) {
      const answer = await preflight(ledger, '/oauth2/default/v1/token', origin);
      expect({ origin, acao: answer.headers['access-control-allow-origin'] }).toEqual({ origin, acao: undefined });
    }
  });

  it('trusts an origin for CORS only while it is ACTIVE and has the CORS scope', async () => {
    const redirectOnly = 'https://login.example.org';
    await trust(ledger, redirectOnly, [{ type: 'REDIRECT' }]);
    expect((await preflight(ledger, '/oauth2/default/v1/token', redirectOnly)).headers['access-control-allow-origin']).toBeUndefined();

    const app = 'https://dashboard.example.org';
    const id = await trust(ledger, app);
    expect((await preflight(ledger, '/oauth2/default/v1/token', app)).headers['access-control-allow-origin']).toBe(app);

    expect((await adminApi(ledger, 'POST', `/api/v1/trustedOrigins/${id}/lifecycle/deactivate`)).status).toBe(200);
    const afterDeactivation = await preflight(ledger, '/oauth2/default/v1/token', app);
    expect(afterDeactivation.headers['access-control-allow-origin']).toBeUndefined();
    const keys = await raw(ledger, 'GET', '/oauth2/default/v1/keys', { ...BROWSER, origin: app });
    expect(keys.headers['access-control-allow-origin']).toBeUndefined();

    expect((await adminApi(ledger, 'POST', `/api/v1/trustedOrigins/${id}/lifecycle/activate`)).status).toBe(200);
    expect((await preflight(ledger, '/oauth2/default/v1/token', app)).headers['access-control-allow-origin']).toBe(app);

    expect((await adminApi(ledger, 'DELETE', `/api/v1/trustedOrigins/${id}`)).status).toBe(204);
    expect((await preflight(ledger, '/oauth2/default/v1/token', app)).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('grants no CORS on the management API, even to a trusted origin', async () => {
    const pre = await preflight(ledger, '/api/v1/clients', SPA, 'GET', 'authorization');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const get = await raw(ledger, 'GET', '/api/v1/trustedOrigins', { ...BROWSER, origin: SPA });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('still answers an OPTIONS that is no preflight with 405 and Allow', async () => {
    const answer = await raw(ledger, 'OPTIONS', '/oauth2/default/v1/token', { accept: 'application/json' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('still trusts the origin after a restart: the trust is rebuilt from the event log', async () => {
    const first = await startLedger();
    const origin = 'https://restart.example.com';
    try {
      await trust(first, origin);
    } finally {
      await first.close();
    }
    const restarted = await startLedger({ dataDir: first.dataDir });
    try {
      const answer = await preflight(restarted, '/oauth2/default/v1/token', origin);
      expect(browserAccepts(answer, origin, 'POST', ['content-type', 'dpop'])).toBe(true);
      const issued = await issueFamily(restarted, TEST_CLIENTS.public.id);
      expect((await browserRefresh(restarted, origin, issued.refresh_token!)).headers['access-control-allow-origin']).toBe(origin);
    } finally {
      await restarted.close();
    }
  });
});

import * as http from 'node:http';
import { basic, postForm, send, type HttpResult } from '../support/http';
import { issueFamily, introspect, refresh } from '../support/token-flows';
import { ADMIN_TOKEN, AUDITOR_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';

const MINUTE = 60_000;

/**
 * An HTTP request from another loopback address (127.0.0.2): a second source address for the
 * per-address budgets (Linux routes all of 127/8 to the loopback interface).
 */
function requestFrom(
  localAddress: string,
  url: string,
  init: { method: string; headers?: Record<string, string>; form?: Record<string, string> },
): Promise<HttpResult> {
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  const headers = { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers };
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method, headers, localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const fetched = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') fetched.set(name, value);
        resolve({ status: response.statusCode ?? 0, headers: fetched, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, text });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** `POST /v1/introspect` with a client's Basic credentials and any secret. */
function introspectWith(ledger: TestLedger, clientId: string, secret: string, token = 'not-a-token'): Promise<HttpResult> {
  return postForm(`${ledger.baseUrl}/oauth2/default/v1/introspect`, { token }, { authorization: basic(clientId, secret) });
}

/** Okta's rate-limit headers and Retry-After, as numbers (absent ones as NaN). */
function rateLimitHeaders(result: { headers: Headers }): { limit: number; remaining: number; reset: number; retryAfter: number } {
  const n = (name: string) => Number(result.headers.get(name) ?? NaN);
  return { limit: n('x-rate-limit-limit'), remaining: n('x-rate-limit-remaining'), reset: n('x-rate-limit-reset'), retryAfter: n('retry-after') };
}

/** Opens a fresh window: the clock at `offsetMs` into the next whole minute. */
function nextWindow(clock: SteppableClock, offsetMs: number): number {
  const start = (Math.floor(clock.now() / MINUTE) + 1) * MINUTE;
  clock.set(start + offsetMs);
  return start;
}

describe('rate limits (HTTP): the issue\'s repro with the default budgets', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    // Blank values give the service's defaults (the harness raises the failure budgets for other suites).
    ledger = await startLedger({ env: { LEDGER_RATE_LIMIT_CLIENT_FAILURES: '', LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '' } });
  });
  afterAll(() => ledger.close());

  it('150 wrong secrets in a row: the first 20 are 401, the other 130 are 429 slow_down with Retry-After and the X-Rate-Limit-* headers', async () => {
    const clock = ledger.clock as SteppableClock;
    const windowStart = nextWindow(clock, 15_000);
    const statuses: number[] = [];
    let last: HttpResult | undefined;
    for (let i = 0; i < 150; i++) {
      last = await introspectWith(ledger, TEST_CLIENTS.rotate30.id, `wrong-secret-${i}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(130).fill(429));
    expect(last!.body).toEqual({ error: 'slow_down', error_description: expect.stringContaining('Retry-After') });
    expect(rateLimitHeaders(last!)).toEqual({ limit: 20, remaining: 0, reset: (windowStart + MINUTE) / 1000, retryAfter: 45 });
    expect(last!.headers.get('cache-control')).toBe('no-store');
    // No answer echoes a submitted secret, and no log line holds one.
    expect(ledger.logs.lines.join('\n')).not.toContain('wrong-secret-');
  });
});

describe('rate limits (HTTP): configured budgets', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;

  beforeAll(async () => {
    ledger = await startLedger({
      env: {
        LEDGER_RATE_LIMIT_WINDOW_SECONDS: '60',
        LEDGER_RATE_LIMIT_CLIENT_FAILURES: '10',
        LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '30',
        LEDGER_RATE_LIMIT_CLIENT_REQUESTS: '50',
        LEDGER_RATE_LIMIT_ADDRESS_REQUESTS: '100000',
      },
    });
    clock = ledger.clock as SteppableClock;
  });
  afterAll(() => ledger.close());

  it('a client id with too many wrong secrets is refused with 429 even with its right secret until the window ends; other clients are not', async () => {
    const windowStart = nextWindow(clock, 50_000);
    const family = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    for (let i = 0; i < 10; i++) expect((await introspectWith(ledger, TEST_CLIENTS.rotate30.id, 'wrong')).status).toBe(401);

    const locked = await refresh(ledger, TEST_CLIENTS.rotate30, family.refresh_token!);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: 'slow_down' });
    expect(rateLimitHeaders(locked)).toEqual({ limit: 10, remaining: 0, reset: (windowStart + MINUTE) / 1000, retryAfter: 10 });
    // Every endpoint: the budget belongs to the client id, not to one endpoint.
    expect((await introspect(ledger, TEST_CLIENTS.rotate30, family.access_token)).status).toBe(429);
    expect((await postForm(`${ledger.baseUrl}/oauth2/default/v1/revoke`, { token: family.access_token }, { authorization: basic(TEST_CLIENTS.rotate30.id, TEST_CLIENTS.rotate30.secret) })).status).toBe(429);

    // Another client id from the same address is unaffected (the address has 10 of its 30 failures).
    expect((await introspect(ledger, TEST_CLIENTS.static, family.access_token)).status).toBe(200);

    // The refused refresh appended nothing: the token still refreshes once the window ends.
    clock.set(windowStart + MINUTE);
    const after = await refresh(ledger, TEST_CLIENTS.rotate30, family.refresh_token!);
    expect(after.status).toBe(200);
    expect(after.body.refresh_token).toMatch(/^tlr1\./);
  });

  it('an address with too many failed client authentications is refused for every client id; another address is not', async () => {
    const windowStart = nextWindow(clock, 0);
    // Requests with no credential at all guess nothing and are not counted.
    for (let i = 0; i < 35; i++) expect((await postForm(`${ledger.baseUrl}/oauth2/default/v1/introspect`, { token: 'not-a-token' })).status).toBe(401);
    for (let i = 0; i < 30; i++) expect((await introspectWith(ledger, `guessed-client-${i}`, 'guess')).status).toBe(401);

    const locked = await introspect(ledger, TEST_CLIENTS.static, 'not-a-token');
    expect(locked.status).toBe(429);
    expect(rateLimitHeaders(locked)).toEqual({ limit: 30, remaining: 0, reset: (windowStart + MINUTE) / 1000, retryAfter: 60 });

    const elsewhere = await requestFrom('127.0.0.2', `${ledger.baseUrl}/oauth2/default/v1/introspect`, {
      method: 'POST',
      form: { token: 'not-a-token' },
      headers: { authorization: basic(TEST_CLIENTS.static.id, TEST_CLIENTS.static.secret) },
    });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body).toEqual({ active: false });
  });

  it('requests per client id and endpoint: 50 answered with X-Rate-Limit-Remaining counting down, the 51st is 429; other endpoints and clients are not limited by it', async () => {
    const windowStart = nextWindow(clock, 30_000);
    const remaining: number[] = [];
    for (let i = 0; i < 50; i++) {
      const answer = await introspect(ledger, TEST_CLIENTS.rotate0, 'not-a-token');
      expect(answer.status).toBe(200);
      const headers = rateLimitHeaders(answer);
      expect(headers).toMatchObject({ limit: 50, reset: (windowStart + MINUTE) / 1000 });
      remaining.push(headers.remaining);
    }
    expect(remaining).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));

    const refused = await introspect(ledger, TEST_CLIENTS.rotate0, 'not-a-token');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: 'slow_down' });
    expect(rateLimitHeaders(refused)).toEqual({ limit: 50, remaining: 0, reset: (windowStart + MINUTE) / 1000, retryAfter: 30 });

    const family = await issueFamily(ledger, TEST_CLIENTS.rotate0.id);
    expect((await refresh(ledger, TEST_CLIENTS.rotate0, family.refresh_token!)).status).toBe(200);
    expect((await introspect(ledger, TEST_CLIENTS.static, 'not-a-token')).status).toBe(200);
  });

  it('wrong admin and auditor credentials: after 30 from one address, /api/v1 answers 429 E0000047 even to the right credential; another address is served', async () => {
    const windowStart = nextWindow(clock, 20_000);
    const get = (path: string, token: string) => send(`${ledger.baseUrl}${path}`, { method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    const verify = (token: string) => send(`${ledger.baseUrl}/api/v1/audit/verify`, { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    for (let i = 0; i < 20; i++) expect((await get('/api/v1/clients', `wrong-admin-token-${i}`)).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await verify(`wrong-auditor-token-${i}`)).status).toBe(401);

    const locked = await get('/api/v1/clients', ADMIN_TOKEN);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' });
    expect(rateLimitHeaders(locked)).toEqual({ limit: 30, remaining: 0, reset: (windowStart + MINUTE) / 1000, retryAfter: 40 });
    expect((await verify(AUDITOR_TOKEN)).status).toBe(429);
    // The issuance endpoint under /api/v1 keeps OAuth errors.
    const issuance = await postForm(`${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`, { client_id: TEST_CLIENTS.rotate30.id, sub: 'alice' }, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(issuance.status).toBe(429);
    expect(issuance.body).toMatchObject({ error: 'slow_down' });

    const elsewhere = await requestFrom('127.0.0.2', `${ledger.baseUrl}/api/v1/clients`, { method: 'GET', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(elsewhere.status).toBe(200);
    // Client authentication has its own budget: the token endpoints still answer this address.
    expect((await introspect(ledger, TEST_CLIENTS.static, 'not-a-token')).status).toBe(200);

    clock.set(windowStart + MINUTE);
    expect((await get('/api/v1/clients', ADMIN_TOKEN)).status).toBe(200);
    expect(ledger.logs.lines.join('\n')).not.toMatch(/wrong-(admin|auditor)-token/);
  });
});

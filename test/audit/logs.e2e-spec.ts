import { postForm } from '../support/http';
import { ADMIN_TOKEN, AUDITOR_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh } from '../support/token-flows';
import { familyEvents } from '../support/family-events';
import { audit, why } from './audit-client';

/** A pino request line, as the service writes it. */
interface RequestLine {
  readonly level: string;
  readonly msg: string;
  readonly requestId?: string;
  readonly correlationId?: string;
  readonly req?: { method: string; path: string };
  readonly res?: { statusCode: number };
}

/**
 * SPEC §10: JSON log lines that join the events by request id, never carrying a token or a
 * credential. (test/http/no-secrets covers a whole session; this covers the audit routes, which
 * take tokens as input, and the request ids.)
 */
describe('structured request logs', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startLedger({ clock: new SteppableClock() });
  });

  afterAll(async () => {
    await ledger.close();
  });

  function linesOf(requestId: string): RequestLine[] {
    return ledger.logs.parsed().filter((line) => line.requestId === requestId) as unknown as RequestLine[];
  }

  it('a request id sent as X-Request-Id is in the request log line and in the event metadata, with the correlation id', async () => {
    const issued = await postForm<{ refresh_token: string }>(
      `${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`,
      { client_id: TEST_CLIENTS.rotate30.id, sub: 'erin@example.com', scope: 'openid offline_access' },
      { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'req-audit-0001', 'x-correlation-id': 'login-flow-42' },
    );
    expect(issued.status).toBe(200);
    const [event] = await familyEvents(ledger, issued.body.refresh_token);
    expect(event.metadata).toMatchObject({ requestId: 'req-audit-0001', correlationId: 'login-flow-42' });
    expect(linesOf('req-audit-0001')).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request completed',
        correlationId: 'login-flow-42',
        req: { method: 'POST', path: '/api/v1/authorizationServers/default/tokens' },
        res: { statusCode: 200 },
      }),
    ]);
  });

  it('refresh: the same join on the hot path (its success lines are debug, as here)', async () => {
    const family = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    const response = await fetch(`${ledger.baseUrl}/oauth2/default/v1/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${TEST_CLIENTS.rotate30.id}:${TEST_CLIENTS.rotate30.secret}`).toString('base64')}`,
        'x-request-id': 'req-refresh-0002',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: family.refresh_token! }).toString(),
    });
    expect(response.status).toBe(200);
    const events = await familyEvents(ledger, family.refresh_token!);
    expect(events[1].metadata).toMatchObject({ requestId: 'req-refresh-0002', correlationId: 'req-refresh-0002' });
    expect(linesOf('req-refresh-0002')).toEqual([
      expect.objectContaining({ level: 'debug', msg: 'request completed', req: { method: 'POST', path: '/oauth2/default/v1/token' } }),
    ]);
  });

  it('an insane X-Request-Id is replaced by a generated one, in the line and the event alike', async () => {
    const bogus = 'not a sane id; DROP TABLE';
    const issued = await postForm<{ refresh_token: string }>(
      `${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`,
      { client_id: TEST_CLIENTS.rotate30.id, sub: 'frank@example.com', scope: 'openid offline_access' },
      { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': bogus },
    );
    const [event] = await familyEvents(ledger, issued.body.refresh_token);
    const requestId = event.metadata.requestId as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesOf(requestId)).toHaveLength(1);
    expect(ledger.logs.lines.join('\n')).not.toContain(bogus);
  });

  it('tokens given to the audit routes (form, JSON or query string) and credentials never reach a line', async () => {
    const family = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    const secrets = [family.refresh_token!, family.access_token, AUDITOR_TOKEN, ADMIN_TOKEN, TEST_CLIENTS.rotate30.secret];
    await why(ledger, { token: family.refresh_token! });
    const byJson = await fetch(`${ledger.baseUrl}/api/v1/audit/tokens/why`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AUDITOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: family.access_token }),
    });
    expect(await byJson.json()).toMatchObject({ active: true, tokenType: 'access_token' });
    const byQuery = await audit(ledger, 'GET', `/api/v1/audit/tokens/why?token=${encodeURIComponent(family.refresh_token!)}`, { headers: { 'x-request-id': 'req-why-query' } });
    expect(byQuery.body).toMatchObject({ active: true });
    // Refused with the admin credential: still nothing of it in the lines.
    await audit(ledger, 'POST', '/api/v1/audit/verify', { credential: ADMIN_TOKEN });
    await refresh(ledger, { id: TEST_CLIENTS.rotate30.id, secret: 'wrong-secret-0123456789' }, family.refresh_token!);

    // The query-string request is logged by its path alone.
    expect(linesOf('req-why-query')).toEqual([expect.objectContaining({ req: { method: 'GET', path: '/api/v1/audit/tokens/why' } })]);
    const text = ledger.logs.lines.join('\n');
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
    expect(text).not.toContain('wrong-secret-0123456789');
    // No header made it into a line: neither the name nor any credential scheme.
    expect(text).not.toMatch(/"authorization"\s*:/i);
    expect(text).not.toMatch(/\b(?:Bearer|SSWS|Basic) [A-Za-z0-9+/=._-]{8,}/);
  });

  it('every line is one JSON object with a level, a time and a message', () => {
    for (const line of ledger.logs.parsed()) {
      expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
    }
  });
});

describe('request logs at LOG_LEVEL=info (production default)', () => {
  it('a successful refresh writes nothing; a refused one writes its request line with the ids', async () => {
    const ledger = await startLedger({ clock: new SteppableClock(), env: { LOG_LEVEL: 'info' } });
    const family = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    const send = (requestId: string, refreshToken: string) =>
      postForm(
        `${ledger.baseUrl}/oauth2/default/v1/token`,
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        {
          authorization: `Basic ${Buffer.from(`${TEST_CLIENTS.rotate30.id}:${TEST_CLIENTS.rotate30.secret}`).toString('base64')}`,
          'x-request-id': requestId,
          'x-correlation-id': 'app-session-7',
        },
      );
    expect((await send('req-ok-0003', family.refresh_token!)).status).toBe(200);
    expect((await send('req-bad-0004', 'tlr1.nope')).status).toBe(400);
    const lines = ledger.logs.parsed();
    expect(lines.filter((line) => line.requestId === 'req-ok-0003')).toEqual([]);
    expect(lines.filter((line) => line.requestId === 'req-bad-0004')).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'request completed',
        correlationId: 'app-session-7',
        req: { method: 'POST', path: '/oauth2/default/v1/token' },
        res: { statusCode: 400 },
        responseTimeMs: expect.any(Number),
      }),
    ]);
    expect(lines.some((line) => line.level === 'debug')).toBe(false);
    expect(ledger.logs.lines.join('\n')).not.toContain(family.refresh_token!);
    await ledger.close();
  });
});

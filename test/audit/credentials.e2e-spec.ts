import * as fs from 'node:fs';
import * as path from 'node:path';
import { basic } from '../support/http';
import { ADMIN_TOKEN, AUDITOR_TOKEN, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { audit } from './audit-client';

const INVALID_TOKEN = { errorCode: 'E0000011', errorSummary: 'Invalid token provided' };

/**
 * SPEC §9: the auditor credential is separate from the admin credential and from client
 * credentials. Auditors and admins are separate roles: the admin credential is refused on the
 * audit API and the auditor credential on the admin API (401, Okta's `E0000011`).
 */
describe('auditor and admin credentials are separate roles', () => {
  let ledger: TestLedger;
  let auditRoutes: { method: 'GET' | 'POST'; path: string; form?: Record<string, string> }[];

  beforeAll(async () => {
    ledger = await startLedger();
    const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    const familyId = refreshTokenParts(issued.refresh_token!).familyId;
    auditRoutes = [
      { method: 'GET', path: `/api/v1/audit/families/${familyId}/events` },
      { method: 'GET', path: `/api/v1/audit/families/${familyId}/state` },
      { method: 'POST', path: '/api/v1/audit/tokens/why', form: { token_id: `${familyId}.0` } },
      { method: 'GET', path: `/api/v1/audit/tokens/why?token_id=${familyId}.0` },
      { method: 'GET', path: '/api/v1/audit/subjects/alice%40example.com/families' },
      { method: 'POST', path: '/api/v1/audit/verify' },
    ];
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('the auditor credential opens every audit route, as Bearer or SSWS', async () => {
    for (const route of auditRoutes) {
      const bearer = await audit(ledger, route.method, route.path, { form: route.form });
      expect({ route: route.path, status: bearer.status }).toEqual({ route: route.path, status: 200 });
      const ssws = await audit(ledger, route.method, route.path, { form: route.form, credential: null, headers: { authorization: `SSWS ${AUDITOR_TOKEN}` } });
      expect({ route: route.path, status: ssws.status }).toEqual({ route: route.path, status: 200 });
    }
  });

  it('the admin credential, a client credential, a wrong one or none is refused on every audit route', async () => {
    const refused: { name: string; headers: Record<string, string> }[] = [
      { name: 'admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      { name: 'admin SSWS', headers: { authorization: `SSWS ${ADMIN_TOKEN}` } },
      { name: 'client', headers: { authorization: basic(TEST_CLIENTS.rotate30.id, TEST_CLIENTS.rotate30.secret) } },
      { name: 'wrong', headers: { authorization: `Bearer ${AUDITOR_TOKEN}x` } },
      { name: 'none', headers: {} },
    ];
    for (const route of auditRoutes) {
      for (const who of refused) {
        const result = await audit(ledger, route.method, route.path, { form: route.form, credential: null, headers: who.headers });
        expect({ route: route.path, who: who.name, status: result.status, body: result.body }).toEqual({
          route: route.path,
          who: who.name,
          status: 401,
          body: expect.objectContaining(INVALID_TOKEN),
        });
        expect(result.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
  });

  it('the auditor credential is refused on the admin routes (management and issuance)', async () => {
    const headers = { authorization: `Bearer ${AUDITOR_TOKEN}` };
    const clients = await fetch(`${ledger.baseUrl}/api/v1/clients`, { headers });
    expect(clients.status).toBe(401);
    expect(await clients.json()).toMatchObject(INVALID_TOKEN);
    expect((await fetch(`${ledger.baseUrl}/api/v1/authorizationServers`, { headers })).status).toBe(401);
    const issuance = await fetch(`${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: TEST_CLIENTS.rotate30.id, sub: 'eve', scope: 'openid offline_access' }).toString(),
    });
    expect(issuance.status).toBe(401);
  });
});

describe('a generated auditor credential', () => {
  it('is written once to <dataDir>/auditor.token (0600), logged by path only, and works', async () => {
    // An empty variable counts as unset, as for the admin token.
    const ledger = await startLedger({ env: { LEDGER_AUDITOR_TOKEN: '' } });
    const file = path.join(ledger.dataDir, 'auditor.token');
    const token = fs.readFileSync(file, 'utf8').trim();
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(token).not.toBe(ADMIN_TOKEN);
    expect(ledger.logs.parsed().some((line) => line.auditorTokenFile === file)).toBe(true);
    expect(ledger.logs.lines.join('\n')).not.toContain(token);
    expect((await audit(ledger, 'POST', '/api/v1/audit/verify', { credential: token })).status).toBe(200);
    expect((await audit(ledger, 'POST', '/api/v1/audit/verify', { credential: AUDITOR_TOKEN })).status).toBe(401);
    await ledger.close();

    // A restart keeps it.
    const again = await startLedger({ dataDir: ledger.dataDir, env: { LEDGER_AUDITOR_TOKEN: '' } });
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(token);
    expect((await audit(again, 'POST', '/api/v1/audit/verify', { credential: token })).status).toBe(200);
    await again.close();
  });
});

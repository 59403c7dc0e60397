import { adminApi } from '../support/management-api';
import { send } from '../support/http';
import { startLedger, testBootstrap, type TestLedger } from '../support/ledger-harness';

const SERVERS = '/api/v1/authorizationServers';
const DOCUMENTS = ['oauth-authorization-server', 'openid-configuration'] as const;
const LOGIN = {
  authorization: 'https://login.example.com/oauth2/v1/authorize',
  endSession: 'https://login.example.com/oauth2/v1/logout',
  userinfo: 'https://login.example.com/oauth2/v1/userinfo',
  responseTypes: ['id_token'],
};
const EXTERNAL_MEMBERS = ['authorization_endpoint', 'end_session_endpoint', 'userinfo_endpoint'];

/**
 * An authorization server names its external login service's endpoints (authorization,
 * end-session, userinfo); discovery advertises each only when set, and every other endpoint it
 * advertises is served here.
 */
describe('authorization servers: external login-service endpoints in discovery', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    const bootstrap = testBootstrap() as { authorizationServers: Record<string, unknown>[]; clients: unknown[] };
    const [defaultServer] = bootstrap.authorizationServers;
    bootstrap.authorizationServers.push({
      ...defaultServer,
      id: 'with-login',
      name: 'with-login',
      audiences: ['api://with-login'],
      endpoints: { authorization: 'http://127.0.0.1:9/authorize' },
    });
    ledger = await startLedger({ bootstrap });
  });

  afterAll(async () => {
    await ledger.close();
  });

  async function discovery(as: string, document: (typeof DOCUMENTS)[number]): Promise<Record<string, unknown>> {
    const answer = await send(`${ledger.baseUrl}/oauth2/${as}/.well-known/${document}`, { method: 'GET' });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  /** Every `*_endpoint` and `jwks_uri`: the configured external URL, or one served here (not 404). */
  async function expectEveryEndpointHonest(metadata: Record<string, unknown>, external: Record<string, string>): Promise<void> {
    for (const [member, url] of Object.entries(metadata).filter(([m]) => m.endsWith('_endpoint') || m === 'jwks_uri')) {
      if (EXTERNAL_MEMBERS.includes(member)) {
        expect({ member, url }).toEqual({ member, url: external[member] });
        continue;
      }
      expect({ member, local: (url as string).startsWith(`${ledger.baseUrl}/`) }).toEqual({ member, local: true });
      const answer = await send(url as string, member === 'jwks_uri' ? { method: 'GET' } : { body: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect({ member, notFound: answer.status === 404 }).toEqual({ member, notFound: false });
    }
  }

  it('shows no endpoints and Okta claims on for a server that never set them', async () => {
    const read = await adminApi(ledger, 'GET', `${SERVERS}/default`);
    expect(read.body).toMatchObject({
      endpoints: { authorization: null, endSession: null, userinfo: null, responseTypes: [] },
      accessTokenClaims: { okta: true },
    });
    for (const document of DOCUMENTS) {
      const metadata = await discovery('default', document);
      for (const member of EXTERNAL_MEMBERS) expect(metadata).not.toHaveProperty(member);
      expect([...(metadata.response_types_supported as string[])]).toEqual([]);
    }
  });

  it('advertises the endpoints set through the management API, in both documents, and only those', async () => {
    const created = await adminApi(ledger, 'POST', SERVERS, { name: 'Login-backed', audiences: ['api://login'], scopes: ['openid'], endpoints: LOGIN });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ endpoints: LOGIN, accessTokenClaims: { okta: true } });
    const id = created.body.id as string;
    const external = { authorization_endpoint: LOGIN.authorization, end_session_endpoint: LOGIN.endSession, userinfo_endpoint: LOGIN.userinfo };
    for (const document of DOCUMENTS) {
      const metadata = await discovery(id, document);
      expect(metadata).toMatchObject(external);
      expect([...(metadata.response_types_supported as string[])]).toEqual(['id_token']);
      // The token endpoint's grants only: it does not redeem an authorization code.
      expect([...(metadata.grant_types_supported as string[])].sort()).toEqual(['client_credentials', 'refresh_token']);
      await expectEveryEndpointHonest(metadata, external);
    }
    const inserted = await send(`${ledger.baseUrl}/.well-known/oauth-authorization-server/oauth2/${id}`, { method: 'GET' });
    expect(inserted.body).toMatchObject(external);

    // Okta's PUT replaces: a body without endpoints clears them, and discovery follows.
    const { endpoints: _e, ...rest } = created.body;
    const replaced = await adminApi(ledger, 'PUT', `${SERVERS}/${id}`, { ...rest, endpoints: { userinfo: LOGIN.userinfo } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.endpoints).toEqual({ authorization: null, endSession: null, userinfo: LOGIN.userinfo, responseTypes: [] });
    const after = await discovery(id, 'openid-configuration');
    expect(after).toMatchObject({ userinfo_endpoint: LOGIN.userinfo });
    expect(after).not.toHaveProperty('authorization_endpoint');
    expect(after).not.toHaveProperty('end_session_endpoint');
    expect([...(after.response_types_supported as string[])]).toEqual([]);
  });

  it('takes the endpoints from the bootstrap file (http on a loopback host)', async () => {
    const metadata = await discovery('with-login', 'openid-configuration');
    expect(metadata.authorization_endpoint).toBe('http://127.0.0.1:9/authorize');
    expect(metadata).not.toHaveProperty('userinfo_endpoint');
    await expectEveryEndpointHonest(metadata, { authorization_endpoint: 'http://127.0.0.1:9/authorize' });
  });

  it.each<[string, unknown, unknown]>([
    ['endpoints.authorization', { authorization: 'http://login.example.com/authorize' }, undefined],
    ['endpoints.endSession', { endSession: 'https://login.example.com/logout#now' }, undefined],
    ['endpoints.userinfo', { userinfo: 'userinfo' }, undefined],
    ['endpoints.responseTypes[0]', { authorization: LOGIN.authorization, responseTypes: ['code'] }, undefined],
    ['endpoints.responseTypes', { responseTypes: ['id_token'] }, undefined],
    ['accessTokenClaims.okta', undefined, { okta: 'yes' }],
  ])('refuses %s with E0000001 naming the field, and creates nothing', async (field, endpoints, accessTokenClaims) => {
    const before = (await ledger.allEvents()).length;
    const refused = await adminApi(ledger, 'POST', SERVERS, {
      name: 'Refused',
      audiences: ['api://refused'],
      ...(endpoints ? { endpoints } : {}),
      ...(accessTokenClaims ? { accessTokenClaims } : {}),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'E0000001', errorSummary: `Api validation failed: ${field}` });
    expect(JSON.stringify(refused.body)).not.toContain('login.example.com');
    expect((await ledger.allEvents()).length).toBe(before);
  });
});

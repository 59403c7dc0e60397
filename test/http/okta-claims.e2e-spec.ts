import { SubjectKeys } from '@ledger/audit';
import { ADMIN_TOKEN, startLedger, testBootstrap, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminMetadata, basicMetadata, grpcClients, unary, type LedgerGrpcClients } from '../support/grpc-client';
import { basic, postForm } from '../support/http';
import { jwtClaims } from '../support/token-parts';
import { refresh, type TokenBody } from '../support/token-flows';

const SCOPE = 'openid offline_access api:read';
/** A user id of the login service's directory, distinct from the subject (an email here). */
const USER_ID = '00u1a2b3c4d5e6f7g8h9';

/** The RFC 9068 claims every access token keeps, with or without Okta's. */
function expectRfc9068(claims: Record<string, unknown>, as: string, ledger: TestLedger, clientId: string, scope: string): void {
  expect(claims).toMatchObject({
    iss: `${ledger.baseUrl}/oauth2/${as}`,
    sub: expect.any(String),
    aud: `api://${as}`,
    client_id: clientId,
    scope,
    iat: expect.any(Number),
    exp: expect.any(Number),
    jti: expect.any(String),
  });
}

/**
 * Okta's access-token claims (`ver`, `cid`, `uid`, `scp`) beside RFC 9068's, on by default and
 * switched per authorization server, the same over HTTP and gRPC, issuance and refresh alike.
 */
describe("access tokens carry Okta's claims beside RFC 9068's", () => {
  let ledger: TestLedger;
  let grpc: LedgerGrpcClients;
  const owner = TEST_CLIENTS.rotate30;

  beforeAll(async () => {
    const bootstrap = testBootstrap() as { authorizationServers: Record<string, unknown>[]; clients: unknown[] };
    const [defaultServer] = bootstrap.authorizationServers;
    bootstrap.authorizationServers.push({
      ...defaultServer,
      id: 'rfc9068-only',
      name: 'rfc9068-only',
      audiences: ['api://rfc9068-only'],
      accessTokenClaims: { okta: false },
    });
    ledger = await startLedger({ bootstrap, grpc: true });
    grpc = grpcClients(ledger);
  });

  afterAll(async () => {
    grpc.close();
    await ledger.close();
  });

  async function issueOverHttp(options: { as?: string; uid?: string } = {}): Promise<TokenBody> {
    const result = await postForm<TokenBody>(
      `${ledger.baseUrl}/api/v1/authorizationServers/${options.as ?? 'default'}/tokens`,
      { client_id: owner.id, sub: 'alice@example.com', scope: SCOPE, ...(options.uid ? { uid: options.uid } : {}) },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(result.status).toBe(200);
    return result.body;
  }

  it('HTTP: issuance with a user id, and its refresh, carry ver 1, cid, uid and scp (an array)', async () => {
    const issued = await issueOverHttp({ uid: USER_ID });
    const refreshed = await refresh(ledger, owner, issued.refresh_token!);
    expect(refreshed.status).toBe(200);
    for (const token of [issued.access_token, refreshed.body.access_token]) {
      const claims = jwtClaims(token);
      expectRfc9068(claims, 'default', ledger, owner.id, SCOPE);
      expect(claims).toMatchObject({ sub: 'alice@example.com', ver: 1, cid: owner.id, uid: USER_ID, scp: ['openid', 'offline_access', 'api:read'] });
    }
  });

  it('HTTP: a refresh narrowing the scopes narrows scp with scope', async () => {
    const issued = await issueOverHttp({ uid: USER_ID });
    const narrowed = await refresh(ledger, owner, issued.refresh_token!, { scope: 'offline_access api:read' });
    expect(narrowed.status).toBe(200);
    expect(jwtClaims(narrowed.body.access_token)).toMatchObject({ scope: 'offline_access api:read', scp: ['offline_access', 'api:read'], uid: USER_ID });
  });

  it('HTTP: no uid when the login service sent no user id', async () => {
    const issued = await issueOverHttp();
    const claims = jwtClaims(issued.access_token);
    expect(claims).toMatchObject({ ver: 1, cid: owner.id, scp: ['openid', 'offline_access', 'api:read'] });
    expect(claims).not.toHaveProperty('uid');
  });

  it('HTTP: client_credentials tokens carry cid and scp, never uid (no user)', async () => {
    const answer = await postForm<TokenBody>(
      `${ledger.baseUrl}/oauth2/default/v1/token`,
      { grant_type: 'client_credentials', scope: 'api:read' },
      { authorization: basic(owner.id, owner.secret) },
    );
    expect(answer.status).toBe(200);
    const claims = jwtClaims(answer.body.access_token);
    expect(claims).toMatchObject({ ver: 1, cid: owner.id, client_id: owner.id, sub: owner.id, scp: ['api:read'], scope: 'api:read' });
    expect(claims).not.toHaveProperty('uid');
  });

  it('a server with accessTokenClaims.okta false mints RFC 9068 claims only, on issuance and refresh', async () => {
    const issued = await issueOverHttp({ as: 'rfc9068-only', uid: USER_ID });
    const refreshed = await refresh(ledger, owner, issued.refresh_token!, {}, 'rfc9068-only');
    expect(refreshed.status).toBe(200);
    for (const token of [issued.access_token, refreshed.body.access_token]) {
      const claims = jwtClaims(token);
      expectRfc9068(claims, 'rfc9068-only', ledger, owner.id, SCOPE);
      for (const okta of ['ver', 'cid', 'uid', 'scp']) expect(claims).not.toHaveProperty(okta);
    }
  });

  it('gRPC: IssueTokens with a user id and RefreshTokens carry the same claims as HTTP', async () => {
    const issued = await unary<TokenBody>(
      grpc.token,
      'IssueTokens',
      { authorization_server_id: 'default', client_id: owner.id, sub: 'alice@example.com', scope: SCOPE, uid: USER_ID },
      adminMetadata(),
    );
    expect(issued.ok).toBe(true);
    const issuedBody = (issued as { value: TokenBody }).value;
    const refreshed = await unary<TokenBody>(
      grpc.token,
      'RefreshTokens',
      { authorization_server_id: 'default', refresh_token: issuedBody.refresh_token },
      basicMetadata(owner),
    );
    expect(refreshed.ok).toBe(true);
    const httpIssued = jwtClaims((await issueOverHttp({ uid: USER_ID })).access_token);
    const comparable = ({ jti: _j, iat: _i, exp: _e, auth_time: _a, ...rest }: Record<string, unknown>) => rest;
    for (const token of [issuedBody.access_token, (refreshed as { value: TokenBody }).value.access_token]) {
      const claims = jwtClaims(token);
      expect(claims).toMatchObject({ ver: 1, cid: owner.id, uid: USER_ID, scp: ['openid', 'offline_access', 'api:read'] });
      expect(comparable(claims)).toEqual(comparable(httpIssued));
    }
  });

  it("introspection answers Okta's uid for an access token of a person with a user id, over HTTP and gRPC", async () => {
    const withUid = await issueOverHttp({ uid: USER_ID });
    const withoutUid = await issueOverHttp();
    const introspect = (token: string) =>
      postForm<Record<string, unknown>>(`${ledger.baseUrl}/oauth2/default/v1/introspect`, { token }, { authorization: basic(owner.id, owner.secret) });
    expect((await introspect(withUid.access_token)).body).toMatchObject({ active: true, token_type: 'Bearer', uid: USER_ID });
    expect((await introspect(withoutUid.access_token)).body).not.toHaveProperty('uid');
    // Okta names the user id for access tokens only; a refresh token's answer has none.
    expect((await introspect(withUid.refresh_token!)).body).not.toHaveProperty('uid');

    const overGrpc = await unary<Record<string, unknown>>(
      grpc.token,
      'IntrospectToken',
      { authorization_server_id: 'default', token: withUid.access_token },
      basicMetadata(owner),
    );
    expect(overGrpc).toMatchObject({ ok: true, value: { active: true, uid: USER_ID } });
  });

  it('records the user id in TokenIssued, never a token', async () => {
    const issued = await issueOverHttp({ uid: USER_ID });
    const events = await ledger.allEvents();
    const familyId = jwtClaims(issued.access_token).jti!.toString().split('.')[0];
    const recorded = events.find((e) => e.type === 'TokenIssued' && (e.data as { familyId: string }).familyId === familyId);
    // Stored encrypted under the subject's data key; read through it, as the audit API does.
    expect(recorded?.data).not.toHaveProperty('userId');
    expect(await ledger.app.get(SubjectKeys).decodeIssued(recorded?.data)).toMatchObject({ subject: 'alice@example.com', userId: USER_ID });
  });
});

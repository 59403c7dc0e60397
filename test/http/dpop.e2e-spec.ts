import * as grpc from '@grpc/grpc-js';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import * as oauth from 'oauth4webapi';
import { randomUUID } from 'node:crypto';
import { eventCount, familyEvents, familyEventTypes, lastRefusalReason } from '../support/family-events';
import { adminMetadata, grpcClients, metadataOf, unary, type LedgerGrpcClients } from '../support/grpc-client';
import { basic, postForm, type HttpResult } from '../support/http';
import { ADMIN_TOKEN, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';
import type { TokenBody } from '../support/token-flows';
import { jwtClaims } from '../support/token-parts';

interface DpopKey {
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
  readonly jkt: string;
}

async function newKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk, 'sha256') };
}

/** A DPoP-bound public client, registered through the clients API (RFC 9449 §5.2 metadata). */
const DPOP_CLIENT = 'dpop-public-client';
const INVALID_GRANT = { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' };

/**
 * DPoP (RFC 9449) at the token endpoint, end to end: proofs are built with jose against the
 * ledger's fixed clock; refresh tokens of a public client are bound to its key, access tokens
 * carry `cnf.jkt`, and clients that send no proof are answered as before.
 */
describe('DPoP (RFC 9449)', () => {
  let ledger: TestLedger;
  let grpcApi: LedgerGrpcClients;
  let key: DpopKey;

  const tokenEndpoint = () => `${ledger.baseUrl}/oauth2/default/v1/token`;

  async function proof(signer: DpopKey, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
    const iat = Math.floor(ledger.clock.now() / 1000);
    return new SignJWT({ jti: randomUUID(), htm: 'POST', htu: tokenEndpoint(), iat, ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: signer.publicJwk, ...header })
      .sign(signer.privateKey);
  }

  /** A public client's refresh (client_id in the body), with the proof if given. */
  function publicRefresh(clientId: string, refreshToken: string, dpop?: string): Promise<HttpResult<TokenBody>> {
    return postForm<TokenBody>(tokenEndpoint(), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }, dpop ? { dpop } : {});
  }

  async function issue(clientId: string, extra: Record<string, string> = {}): Promise<HttpResult<TokenBody>> {
    return postForm<TokenBody>(
      `${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`,
      { client_id: clientId, sub: 'alice@example.com', scope: 'openid offline_access', ...extra },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
  }

  function introspectAsPublic(clientId: string, token: string) {
    return postForm<Record<string, unknown>>(`${ledger.baseUrl}/oauth2/default/v1/introspect`, { token, client_id: clientId });
  }

  beforeAll(async () => {
    ledger = await startLedger({ grpc: true });
    grpcApi = grpcClients(ledger);
    key = await newKey();
    const registered = await adminApi(ledger, 'POST', '/api/v1/clients', {
      client_id: DPOP_CLIENT,
      client_name: DPOP_CLIENT,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      dpop_bound_access_tokens: true,
    });
    expect({ status: registered.status, dpop: registered.body.dpop_bound_access_tokens }).toEqual({ status: 201, dpop: true });
  });

  afterAll(async () => {
    grpcApi?.close();
    await ledger?.close();
  });

  describe('client metadata', () => {
    it('shows dpop_bound_access_tokens (false unless set) and refuses a value that is not a boolean', async () => {
      expect((await adminApi(ledger, 'GET', `/api/v1/clients/${DPOP_CLIENT}`)).body.dpop_bound_access_tokens).toBe(true);
      expect((await adminApi(ledger, 'GET', `/api/v1/clients/${TEST_CLIENTS.rotate30.id}`)).body.dpop_bound_access_tokens).toBe(false);
      const bad = await adminApi(ledger, 'POST', '/api/v1/clients', {
        client_name: 'bad',
        token_endpoint_auth_method: 'none',
        grant_types: ['refresh_token'],
        dpop_bound_access_tokens: 'yes',
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('dpop_bound_access_tokens');
    });

    it('advertises the proof algorithms in discovery (RFC 9449 §5.1)', async () => {
      const metadata = (await (await fetch(`${ledger.baseUrl}/oauth2/default/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      expect(metadata.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256', 'PS256', 'EdDSA']));
    });
  });

  describe('a public DPoP-bound client', () => {
    it('is issued DPoP tokens bound to the key the login service saw (dpop_jkt), and refreshes with proofs by it', async () => {
      const issued = await issue(DPOP_CLIENT, { dpop_jkt: key.jkt });
      expect({ status: issued.status, token_type: issued.body.token_type }).toEqual({ status: 200, token_type: 'DPoP' });
      expect(jwtClaims(issued.body.access_token).cnf).toEqual({ jkt: key.jkt });

      const refreshed = await publicRefresh(DPOP_CLIENT, issued.body.refresh_token!, await proof(key));
      expect({ status: refreshed.status, token_type: refreshed.body.token_type }).toEqual({ status: 200, token_type: 'DPoP' });
      expect(jwtClaims(refreshed.body.access_token).cnf).toEqual({ jkt: key.jkt });
      const again = await publicRefresh(DPOP_CLIENT, refreshed.body.refresh_token!, await proof(key));
      expect(again.status).toBe(200);

      const events = await familyEvents(ledger, issued.body.refresh_token!);
      expect(events.map((e) => [e.type, (e.data as { dpopJkt?: string }).dpopJkt])).toEqual([
        ['TokenIssued', key.jkt],
        ['TokenRefreshed', key.jkt],
        ['TokenRefreshed', key.jkt],
      ]);
      // RFC 9449 §6.2: introspection says the token is DPoP-bound, and to which key.
      expect((await introspectAsPublic(DPOP_CLIENT, again.body.access_token)).body).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
      expect((await introspectAsPublic(DPOP_CLIENT, again.body.refresh_token!)).body).toMatchObject({ active: true, cnf: { jkt: key.jkt } });
    });

    it('is refused issuance without dpop_jkt and a refresh without a proof (RFC 9449 §5.2), appending nothing', async () => {
      const before = await eventCount(ledger);
      const unbound = await issue(DPOP_CLIENT);
      expect({ status: unbound.status, error: unbound.body.error }).toEqual({ status: 400, error: 'invalid_request' });
      const issued = await issue(DPOP_CLIENT, { dpop_jkt: key.jkt });
      const noProof = await publicRefresh(DPOP_CLIENT, issued.body.refresh_token!);
      expect({ status: noProof.status, body: noProof.body, reason: lastRefusalReason(ledger) }).toEqual({
        status: 400,
        body: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' },
        reason: 'dpop_proof_missing',
      });
      expect(await eventCount(ledger)).toBe(before + 1);
    });

    it('refuses a stolen refresh token used with another key, leaving the family and its holder untouched', async () => {
      const issued = await issue(DPOP_CLIENT, { dpop_jkt: key.jkt });
      const thief = await newKey();
      const stolen = await publicRefresh(DPOP_CLIENT, issued.body.refresh_token!, await proof(thief));
      expect({ status: stolen.status, body: stolen.body, reason: lastRefusalReason(ledger) }).toEqual({ status: 400, body: INVALID_GRANT, reason: 'dpop_key_mismatch' });
      expect(await familyEventTypes(ledger, issued.body.refresh_token!)).toEqual(['TokenIssued']);
      // The thief's header is its own public key: a copied jwk without the private key fails the signature.
      const forged = await publicRefresh(DPOP_CLIENT, issued.body.refresh_token!, await proof(thief, {}, { jwk: key.publicJwk }));
      expect({ status: forged.status, error: forged.body.error }).toEqual({ status: 400, error: 'invalid_dpop_proof' });
      expect((await publicRefresh(DPOP_CLIENT, issued.body.refresh_token!, await proof(key))).status).toBe(200);
    });

    it('refuses a replayed proof, recording its jti once', async () => {
      const issued = await issue(DPOP_CLIENT, { dpop_jkt: key.jkt });
      const once = await proof(key);
      const first = await publicRefresh(DPOP_CLIENT, issued.body.refresh_token!, once);
      expect(first.status).toBe(200);
      const before = await eventCount(ledger);
      const replay = await publicRefresh(DPOP_CLIENT, first.body.refresh_token!, once);
      expect({ status: replay.status, error: replay.body.error, reason: lastRefusalReason(ledger) }).toEqual({
        status: 400,
        error: 'invalid_dpop_proof',
        reason: 'dpop_proof_replayed',
      });
      expect(await eventCount(ledger)).toBe(before);
      const jti = jwtClaims(once).jti;
      const accepted = (await ledger.allEvents()).filter((e) => e.type === 'DpopProofAccepted' && (e.data as { jti: string }).jti === jti);
      expect(accepted.map((e) => e.data)).toEqual([{ clientId: DPOP_CLIENT, jkt: key.jkt, jti, iat: Math.floor(ledger.clock.now() / 1000) }]);
      expect(JSON.stringify(accepted.map((e) => [e.data, e.metadata]))).not.toContain(once);
    });

    it.each([
      ['another htu', { htu: 'http://127.0.0.1:1/oauth2/default/v1/token' }, {}],
      ['another authorization server in htu', { htuPath: '/oauth2/other/v1/token' }, {}],
      ['another htm', { htm: 'GET' }, {}],
      ['an iat older than the window', { iatOffset: -120 }, {}],
      ['an iat in the future', { iatOffset: 120 }, {}],
      ['another typ', {}, { typ: 'JWT' }],
    ])('refuses a proof with %s (invalid_dpop_proof), appending nothing', async (_, tweak, header) => {
      const issued = await issue(DPOP_CLIENT, { dpop_jkt: key.jkt });
      const { htuPath, iatOffset, ...claims } = tweak as { htuPath?: string; iatOffset?: number } & Record<string, unknown>;
      const iat = Math.floor(ledger.clock.now() / 1000) + (iatOffset ?? 0);
      const signed = await proof(key, { ...claims, iat, ...(htuPath ? { htu: `${ledger.baseUrl}${htuPath}` } : {}) }, header);
      const before = await eventCount(ledger);
      const refused = await publicRefresh(DPOP_CLIENT, issued.body.refresh_token!, signed);
      expect({ status: refused.status, body: refused.body, reason: lastRefusalReason(ledger) }).toEqual({
        status: 400,
        body: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT is invalid.' },
        reason: 'dpop_proof_invalid',
      });
      expect(await eventCount(ledger)).toBe(before);
    });

    it('refuses two DPoP headers', async () => {
      const issued = await issue(DPOP_CLIENT, { dpop_jkt: key.jkt });
      const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
      headers.append('dpop', await proof(key));
      headers.append('dpop', await proof(key));
      const response = await fetch(tokenEndpoint(), {
        method: 'POST',
        headers,
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token!, client_id: DPOP_CLIENT }).toString(),
      });
      expect({ status: response.status, error: ((await response.json()) as { error?: string }).error }).toEqual({ status: 400, error: 'invalid_dpop_proof' });
    });
  });

  describe('a public client that is not DPoP-bound', () => {
    it("binds its family at the first refresh with a proof; later refreshes need that key", async () => {
      const client = TEST_CLIENTS.public.id;
      const issued = await issue(client);
      expect(issued.body.token_type).toBe('Bearer');
      const bound = await publicRefresh(client, issued.body.refresh_token!, await proof(key));
      expect({ status: bound.status, token_type: bound.body.token_type }).toEqual({ status: 200, token_type: 'DPoP' });

      const withoutProof = await publicRefresh(client, bound.body.refresh_token!);
      expect({ status: withoutProof.status, body: withoutProof.body, reason: lastRefusalReason(ledger) }).toEqual({
        status: 400,
        body: INVALID_GRANT,
        reason: 'dpop_proof_required',
      });
      expect(await familyEventTypes(ledger, issued.body.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed']);

      // gRPC carries no proof (DPoP is HTTP-only): the bound family refuses it the same way.
      const overGrpc = await unary<TokenBody>(
        grpcApi.token,
        'RefreshTokens',
        { authorization_server_id: 'default', refresh_token: bound.body.refresh_token },
        metadataOf({ client_id: client }),
      );
      expect(overGrpc).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION, errorInfo: { reason: 'invalid_grant', metadata: { reason: 'dpop_proof_required' } } });
      expect(await familyEventTypes(ledger, issued.body.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed']);

      expect((await publicRefresh(client, bound.body.refresh_token!, await proof(key))).status).toBe(200);
    });
  });

  describe('a confidential client', () => {
    it('gets a DPoP-bound access token for a request with a proof, but its refresh token stays bound to its authentication only', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issue(client.id);
      const withProof = await postForm<TokenBody>(
        tokenEndpoint(),
        { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token! },
        { authorization: basic(client.id, client.secret), dpop: await proof(key) },
      );
      expect({ status: withProof.status, token_type: withProof.body.token_type }).toEqual({ status: 200, token_type: 'DPoP' });
      expect(jwtClaims(withProof.body.access_token).cnf).toEqual({ jkt: key.jkt });
      const withoutProof = await postForm<TokenBody>(
        tokenEndpoint(),
        { grant_type: 'refresh_token', refresh_token: withProof.body.refresh_token! },
        { authorization: basic(client.id, client.secret) },
      );
      expect({ status: withoutProof.status, token_type: withoutProof.body.token_type }).toEqual({ status: 200, token_type: 'Bearer' });
      expect(jwtClaims(withoutProof.body.access_token)).not.toHaveProperty('cnf');
    });

    it('gets a DPoP-bound client_credentials token with a proof', async () => {
      const client = TEST_CLIENTS.ccOnly;
      const result = await postForm<TokenBody>(
        tokenEndpoint(),
        { grant_type: 'client_credentials', scope: 'api:read' },
        { authorization: basic(client.id, client.secret), dpop: await proof(key) },
      );
      expect({ status: result.status, token_type: result.body.token_type, cnf: jwtClaims(result.body.access_token).cnf }).toEqual({
        status: 200,
        token_type: 'DPoP',
        cnf: { jkt: key.jkt },
      });
    });

    it('without DPoP is answered exactly as before: Bearer, no cnf, no proof recorded', async () => {
      const client = TEST_CLIENTS.rotate30;
      const issued = await issue(client.id);
      const refreshed = await postForm<TokenBody>(
        tokenEndpoint(),
        { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token! },
        { authorization: basic(client.id, client.secret) },
      );
      expect({ status: refreshed.status, token_type: refreshed.body.token_type }).toEqual({ status: 200, token_type: 'Bearer' });
      expect(jwtClaims(refreshed.body.access_token)).not.toHaveProperty('cnf');
      const events = await familyEvents(ledger, issued.body.refresh_token!);
      expect(events.map((e) => Object.keys(e.data as object)).flat()).not.toContain('dpopJkt');
      const introspected = await postForm(`${ledger.baseUrl}/oauth2/default/v1/introspect`, { token: refreshed.body.access_token }, { authorization: basic(client.id, client.secret) });
      expect(introspected.body).toMatchObject({ active: true, token_type: 'Bearer' });
      expect(introspected.body).not.toHaveProperty('cnf');
    });
  });

  describe('gRPC', () => {
    it('issues DPoP-bound tokens with dpop_jkt, and refuses a DPoP-bound client refreshing over gRPC (DPoP is HTTP-only)', async () => {
      const issued = await unary<TokenBody & { token_type: string }>(
        grpcApi.token,
        'IssueTokens',
        { authorization_server_id: 'default', client_id: DPOP_CLIENT, sub: 'bob', scope: 'offline_access', dpop_jkt: key.jkt },
        adminMetadata(),
      );
      if (!issued.ok) throw new Error(`IssueTokens failed: ${issued.details}`);
      expect(issued.value.token_type).toBe('DPoP');
      expect(jwtClaims(issued.value.access_token).cnf).toEqual({ jkt: key.jkt });
      // Introspection over gRPC says the same as RFC 9449 §6.2 over HTTP.
      for (const token of [issued.value.access_token, issued.value.refresh_token!]) {
        const introspected = await unary(grpcApi.token, 'IntrospectToken', { authorization_server_id: 'default', token }, metadataOf({ client_id: DPOP_CLIENT }));
        expect(introspected).toMatchObject({ ok: true, value: { active: true, cnf: { jkt: key.jkt } } });
      }

      const refused = await unary(
        grpcApi.token,
        'RefreshTokens',
        { authorization_server_id: 'default', refresh_token: issued.value.refresh_token },
        metadataOf({ client_id: DPOP_CLIENT }),
      );
      expect(refused).toMatchObject({ ok: false, code: grpc.status.FAILED_PRECONDITION, errorInfo: { reason: 'invalid_dpop_proof', metadata: { reason: 'dpop_http_only' } } });
      expect(await familyEventTypes(ledger, issued.value.refresh_token!)).toEqual(['TokenIssued']);

      const withoutJkt = await unary(grpcApi.token, 'IssueTokens', { authorization_server_id: 'default', client_id: DPOP_CLIENT, sub: 'bob', scope: 'offline_access' }, adminMetadata());
      expect(withoutJkt).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT, errorInfo: { metadata: { reason: 'dpop_jkt_required' } } });
    });
  });
});

describe('DPoP server nonce (LEDGER_DPOP_NONCE=on)', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startLedger({ env: { LEDGER_DPOP_NONCE: 'on' } });
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('answers use_dpop_nonce with a DPoP-Nonce header, then accepts the proof carrying it', async () => {
    const key = await newKey();
    const tokenEndpoint = `${ledger.baseUrl}/oauth2/default/v1/token`;
    const issued = await postForm<TokenBody>(
      `${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`,
      { client_id: TEST_CLIENTS.public.id, sub: 'carol', scope: 'offline_access' },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    const sign = (nonce?: string) =>
      new SignJWT({ jti: randomUUID(), htm: 'POST', htu: tokenEndpoint, iat: Math.floor(ledger.clock.now() / 1000), ...(nonce ? { nonce } : {}) })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.publicJwk })
        .sign(key.privateKey);
    const form = { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token!, client_id: TEST_CLIENTS.public.id };

    const before = await eventCount(ledger);
    const challenged = await postForm<TokenBody>(tokenEndpoint, form, { dpop: await sign() });
    const nonce = challenged.headers.get('dpop-nonce');
    expect({ status: challenged.status, error: challenged.body.error, nonce: typeof nonce }).toEqual({ status: 400, error: 'use_dpop_nonce', nonce: 'string' });
    expect(await eventCount(ledger)).toBe(before);
    const wrongNonce = await postForm<TokenBody>(tokenEndpoint, form, { dpop: await sign('0.AAAAAAAAAAAAAAAAAAAAAA') });
    expect(wrongNonce.body.error).toBe('use_dpop_nonce');

    const accepted = await postForm<TokenBody>(tokenEndpoint, form, { dpop: await sign(nonce!) });
    expect({ status: accepted.status, token_type: accepted.body.token_type }).toEqual({ status: 200, token_type: 'DPoP' });
  });

  it('lets oauth4webapi refresh with DPoP, retrying once on use_dpop_nonce as its documentation shows', async () => {
    const as: oauth.AuthorizationServer = { issuer: `${ledger.baseUrl}/oauth2/default`, token_endpoint: `${ledger.baseUrl}/oauth2/default/v1/token` };
    // The ledger runs on a fixed test clock: tell the client how far it is from ours.
    const client: oauth.Client = { client_id: TEST_CLIENTS.public.id, [oauth.clockSkew]: Math.round((ledger.clock.now() - Date.now()) / 1000) };
    const keyPair = await oauth.generateKeyPair('ES256', { extractable: true });
    const dpop = oauth.DPoP(client, keyPair);
    const issued = await postForm<TokenBody>(
      `${ledger.baseUrl}/api/v1/authorizationServers/default/tokens`,
      { client_id: TEST_CLIENTS.public.id, sub: 'dave', scope: 'offline_access' },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );

    const refresh = async (refreshToken: string) => {
      const request = () => oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, { DPoP: dpop, [oauth.allowInsecureRequests]: true });
      try {
        return await oauth.processRefreshTokenResponse(as, client, await request());
      } catch (error) {
        if (!oauth.isDPoPNonceError(error)) throw error;
        return oauth.processRefreshTokenResponse(as, client, await request());
      }
    };
    const first = await refresh(issued.body.refresh_token!);
    expect(first.token_type).toBe('dpop');
    expect(jwtClaims(first.access_token).cnf).toEqual({ jkt: await dpop.calculateThumbprint() });
    const second = await refresh(first.refresh_token!);
    expect(second.token_type).toBe('dpop');

    // The family is now bound: the same refresh token without the key is refused.
    const stolen = await postForm<TokenBody>(as.token_endpoint!, { grant_type: 'refresh_token', refresh_token: second.refresh_token!, client_id: TEST_CLIENTS.public.id });
    expect(stolen.body).toEqual(INVALID_GRANT);
  });
});

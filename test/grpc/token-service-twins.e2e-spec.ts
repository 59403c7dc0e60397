import { decodeJwt } from 'jose';
import { familyEvents, familyIdOf } from '../support/family-events';
import { basicMetadata, grpcClients, unary, type LedgerGrpcClients } from '../support/grpc-client';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import type { TokenBody } from '../support/token-flows';
import {
  grpcTransport,
  httpTransport,
  normalizedEvents,
  type ClientCredentials,
  type Outcome,
  type TokenTransport,
} from '../support/token-transports';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** What a scenario hands back: the refresh tokens naming the families it touched. */
type Scenario = (t: TokenTransport, clock: SteppableClock) => Promise<string[]>;

/** Insists on success. */
function ok<T>(outcome: Outcome<T>): T {
  expect(outcome).toMatchObject({ ok: true });
  return (outcome as { body: T }).body;
}

/** Insists on the OAuth error `error`. */
function refused(outcome: Outcome<unknown>, error: string): void {
  expect(outcome).toEqual({ ok: false, error });
}

/**
 * The HTTP e2e scenarios of the token endpoints (test/http/refresh-semantics.e2e-spec.ts), each
 * written once against {@link TokenTransport} and run over HTTP, then over gRPC, on one ledger.
 * Each run asserts the scenario's outcomes; the suite then requires the two runs to agree on
 * every step (success, OAuth error code, the private reason logged), on the events appended
 * to each family (types and shapes, ids and instants aside) and on the total number of
 * events appended.
 */
const SCENARIOS: Record<string, Scenario> = {
  'issue: a family with an ID token, recorded as TokenIssued with the default rule as provenance': async (t) => {
    const issued = await t.issue(TEST_CLIENTS.rotate30.id, { scope: 'openid offline_access' });
    expect(Object.keys(issued).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid offline_access' });
    const without = await t.issue(TEST_CLIENTS.rotate30.id, { scope: 'openid api:read' });
    expect(without.refresh_token).toBeUndefined();
    return [issued.refresh_token!];
  },

  'refresh (ROTATE, leeway 0): rotates; reuse revokes the family; the latest token then fails and nothing introspects active': async (t) => {
    const client = TEST_CLIENTS.rotate0;
    const issued = await t.issue(client.id);
    const first = ok(await t.refresh(client, issued.refresh_token!));
    expect(first.refresh_token).toMatch(/^tlr1\./);
    expect(first.refresh_token).not.toBe(issued.refresh_token);
    refused(await t.refresh(client, issued.refresh_token!), 'invalid_grant');
    expect(t.steps.at(-1)?.loggedReason).toBe('reused_outside_leeway');
    refused(await t.refresh(client, first.refresh_token!), 'invalid_grant');
    expect(t.steps.at(-1)?.loggedReason).toBe('family_revoked');
    expect(ok(await t.introspect(client, first.refresh_token!))).toEqual({ active: false });
    expect(ok(await t.introspect(client, first.access_token))).toEqual({ active: false });
    return [issued.refresh_token!];
  },

  'refresh (ROTATE, leeway 30 s): a retry inside the leeway returns the SAME successor with a fresh access token': async (t, clock) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    const first = ok(await t.refresh(client, issued.refresh_token!));
    clock.advance(29 * SECOND);
    const retry = ok(await t.refresh(client, issued.refresh_token!));
    expect(retry.refresh_token).toBe(first.refresh_token);
    expect(decodeJwt(retry.access_token).jti).not.toBe(decodeJwt(first.access_token).jti);
    const second = ok(await t.refresh(client, first.refresh_token!));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    return [issued.refresh_token!];
  },

  'refresh (ROTATE, leeway 30 s): the previous token after the leeway is reuse and revokes the family': async (t, clock) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    const first = ok(await t.refresh(client, issued.refresh_token!));
    clock.advance(31 * SECOND);
    refused(await t.refresh(client, issued.refresh_token!), 'invalid_grant');
    refused(await t.refresh(client, first.refresh_token!), 'invalid_grant');
    return [issued.refresh_token!];
  },

  'refresh (ROTATE): an older token is reuse even inside the leeway': async (t, clock) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    const first = ok(await t.refresh(client, issued.refresh_token!));
    const second = ok(await t.refresh(client, first.refresh_token!));
    clock.advance(5 * SECOND);
    refused(await t.refresh(client, issued.refresh_token!), 'invalid_grant');
    refused(await t.refresh(client, second.refresh_token!), 'invalid_grant');
    return [issued.refresh_token!];
  },

  'refresh on a clock behind the family: leeway 0 reuse is judged at the rotation; past the 60 s skew, temporarily_unavailable': async (t, clock) => {
    const client = TEST_CLIENTS.rotate0;
    const issued = await t.issue(client.id);
    const first = ok(await t.refresh(client, issued.refresh_token!));
    clock.advance(-61 * SECOND);
    refused(await t.refresh(client, first.refresh_token!), 'temporarily_unavailable');
    expect(t.steps.at(-1)?.loggedReason).toBe('clock_behind');
    clock.advance(56 * SECOND);
    refused(await t.refresh(client, issued.refresh_token!), 'invalid_grant');
    expect(t.steps.at(-1)?.loggedReason).toBe('reused_outside_leeway');
    clock.advance(5 * SECOND);
    return [issued.refresh_token!];
  },

  'refresh: concurrent refreshes of one token rotate exactly once (leeway 30 s)': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    const results = await Promise.all(Array.from({ length: 8 }, () => t.refresh(client, issued.refresh_token!)));
    const bodies = results.map((r) => ok(r));
    expect(new Set(bodies.map((b) => b.refresh_token)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.access_token)).size).toBe(8);
    ok(await t.refresh(client, bodies[0].refresh_token!));
    return [issued.refresh_token!];
  },

  'refresh (STATIC): the same refresh token every time, a new access token each time': async (t, clock) => {
    const client = TEST_CLIENTS.static;
    const issued = await t.issue(client.id);
    const accessTokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      clock.advance(MINUTE);
      const body = ok(await t.refresh(client, issued.refresh_token!));
      expect(body.refresh_token).toBe(issued.refresh_token);
      accessTokens.add(body.access_token);
    }
    expect(accessTokens.size).toBe(3);
    expect(ok(await t.introspect(client, issued.refresh_token!))).toMatchObject({ active: true, token_type: 'refresh_token' });
    return [issued.refresh_token!];
  },

  'refresh: narrowing scopes narrows the answer (and the ID token follows openid), never the grant': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id, { scope: 'openid offline_access api:read' });
    const openidOnly = ok(await t.refresh(client, issued.refresh_token!, { scope: 'openid' }));
    expect(openidOnly.scope).toBe('openid');
    expect(openidOnly.id_token).toEqual(expect.any(String));
    const withoutOpenid = ok(await t.refresh(client, openidOnly.refresh_token!, { scope: 'api:read offline_access' }));
    expect(withoutOpenid.scope).toBe('offline_access api:read');
    expect(withoutOpenid.id_token).toBeUndefined();
    const whole = ok(await t.refresh(client, withoutOpenid.refresh_token!));
    expect(whole.scope).toBe('openid offline_access api:read');
    return [issued.refresh_token!];
  },

  'refresh: widening is invalid_scope (reason scope_widening), appends nothing, and the token still works': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id, { scope: 'openid offline_access' });
    refused(await t.refresh(client, issued.refresh_token!, { scope: 'openid offline_access api:write' }), 'invalid_scope');
    expect(t.steps.at(-1)?.loggedReason).toBe('scope_widening');
    if (t.name === 'grpc') expect(t.lastPublicReason()).toBe('scope_widening');
    ok(await t.refresh(client, issued.refresh_token!));
    return [issued.refresh_token!];
  },

  'refresh: another client presenting the token is refused without revoking the family': async (t) => {
    const owner = TEST_CLIENTS.rotate30;
    const issued = await t.issue(owner.id);
    refused(await t.refresh(TEST_CLIENTS.rotate0, issued.refresh_token!), 'invalid_grant');
    expect(t.steps.at(-1)?.loggedReason).toBe('client_mismatch');
    // gRPC does not tell a caller that a token it does not own exists (README, "gRPC").
    if (t.name === 'grpc') expect(t.lastPublicReason()).toBe('unknown_token');
    ok(await t.refresh(owner, issued.refresh_token!));
    return [issued.refresh_token!];
  },

  'cross authorization server: a token of `default` is refused at `other`, appends nothing, and introspects inactive there': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    refused(await t.refresh(client, issued.refresh_token!, { as: 'other' }), 'invalid_grant');
    expect(t.steps.at(-1)?.loggedReason).toBe('wrong_authorization_server');
    expect(ok(await t.introspect(client, issued.refresh_token!, 'other'))).toEqual({ active: false });
    expect(ok(await t.introspect(client, issued.access_token, 'other'))).toEqual({ active: false });
    ok(await t.revoke(client, issued.refresh_token!, 'other'));
    expect(ok(await t.introspect(client, issued.refresh_token!))).toMatchObject({ active: true });
    const other = await t.issue(client.id, { as: 'other' });
    const refreshed = ok(await t.refresh(client, other.refresh_token!, { as: 'other' }));
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ aud: 'api://other' });
    return [issued.refresh_token!, other.refresh_token!];
  },

  'idle window: a token unused for 10080 minutes is invalid_grant (idle_expired) and nothing is appended': async (t, clock) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    clock.advance(10080 * MINUTE + SECOND);
    refused(await t.refresh(client, issued.refresh_token!), 'invalid_grant');
    expect(t.steps.at(-1)?.loggedReason).toBe('idle_expired');
    expect(ok(await t.introspect(client, issued.refresh_token!))).toEqual({ active: false });
    return [issued.refresh_token!];
  },

  'client_credentials: an access token only; OpenID scopes are invalid_scope; a client-credentials-only client cannot refresh': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const body = ok(await t.clientCredentials(client, 'api:read'));
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api:read' });
    expect(body.refresh_token).toBeUndefined();
    expect(body.id_token).toBeUndefined();
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: client.id, client_id: client.id, scope: 'api:read' });
    refused(await t.clientCredentials(client, 'openid api:read'), 'invalid_scope');
    refused(await t.clientCredentials(TEST_CLIENTS.public as ClientCredentials, 'api:read'), 'invalid_client');
    const issued = await t.issue(client.id);
    refused(await t.refresh(TEST_CLIENTS.ccOnly, issued.refresh_token!), 'unauthorized_client');
    ok(await t.refresh(client, issued.refresh_token!));
    return [issued.refresh_token!];
  },

  'revoke: revoking the refresh token revokes the family; its access tokens introspect inactive; a second revoke is a no-op': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    const refreshed = ok(await t.refresh(client, issued.refresh_token!));
    ok(await t.revoke(client, refreshed.refresh_token!));
    for (const token of [refreshed.refresh_token!, issued.access_token, refreshed.access_token]) {
      expect(ok(await t.introspect(client, token))).toEqual({ active: false });
    }
    refused(await t.refresh(client, refreshed.refresh_token!), 'invalid_grant');
    ok(await t.revoke(client, refreshed.refresh_token!));
    return [issued.refresh_token!];
  },

  'revoke: an access token revokes only itself (as Okta); ID tokens and unknown tokens change nothing': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    ok(await t.revoke(client, issued.id_token!));
    ok(await t.revoke(client, 'not-a-token-at-all'));
    ok(await t.revoke(client, issued.access_token));
    expect(ok(await t.introspect(client, issued.access_token))).toEqual({ active: false });
    expect(t.lastInactiveReason()).toBe('access_token_revoked');
    expect(ok(await t.introspect(client, issued.refresh_token!))).toMatchObject({ active: true });
    const refreshed = ok(await t.refresh(client, issued.refresh_token!));
    expect(ok(await t.introspect(client, refreshed.access_token))).toMatchObject({ active: true });
    return [issued.refresh_token!];
  },

  'revoke: another client\'s refresh or access token is refused (invalid_request) and its family is unchanged': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    refused(await t.revoke(TEST_CLIENTS.rotate0, issued.refresh_token!), 'invalid_request');
    expect(t.steps.at(-1)?.loggedReason).toBe('not_issued_to_client');
    refused(await t.revoke(TEST_CLIENTS.rotate0, issued.access_token), 'invalid_request');
    expect(ok(await t.introspect(client, issued.access_token))).toMatchObject({ active: true });
    ok(await t.refresh(client, issued.refresh_token!));
    return [issued.refresh_token!];
  },

  'introspect: the RFC 7662 claims of access and refresh tokens, for any client of the server; ID tokens are inactive': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    const access = ok(await t.introspect(TEST_CLIENTS.rotate0, issued.access_token));
    expect(access).toMatchObject({ active: true, token_type: 'Bearer', client_id: client.id, sub: 'alice@example.com', scope: 'openid offline_access', aud: ['api://default'] });
    expect(access.jti).toBe(decodeJwt(issued.access_token).jti);
    const refreshToken = ok(await t.introspect(client, issued.refresh_token!));
    expect(refreshToken).toMatchObject({ active: true, token_type: 'refresh_token', client_id: client.id, jti: `${familyIdOf(issued.refresh_token!)}.0` });
    expect(ok(await t.introspect(client, issued.id_token!))).toEqual({ active: false });
    return [issued.refresh_token!];
  },

  'introspect: a public client learns only about its own tokens; any other token answers exactly as an unknown one (RFC 7662 §4)': async (t) => {
    const self = TEST_CLIENTS.public.id;
    const own = await t.issue(self);
    const otherPublic = await t.issue(TEST_CLIENTS.otherPublic.id);
    const confidential = await t.issue(TEST_CLIENTS.rotate30.id);
    const asPublic = (token: string) => t.introspectAsPublicClient(self, token);

    expect(ok(await asPublic(own.refresh_token!))).toMatchObject({ active: true, token_type: 'refresh_token', client_id: self, sub: 'alice@example.com' });
    expect(ok(await asPublic(own.access_token))).toMatchObject({ active: true, token_type: 'Bearer', client_id: self, jti: decodeJwt(own.access_token).jti });

    const unknown = ok(await asPublic('not-a-token-at-all'));
    expect(unknown).toEqual({ active: false });
    const reasons = [t.lastInactiveReason()];
    for (const token of [otherPublic.refresh_token!, otherPublic.access_token, confidential.refresh_token!, confidential.access_token]) {
      expect(ok(await asPublic(token))).toEqual(unknown);
      reasons.push(t.lastInactiveReason());
    }
    // The same answer on the wire; ops can still tell why.
    expect(reasons).toEqual(['unknown_token', ...Array(4).fill('not_issued_to_caller')]);
    // ID tokens are no introspectable token for anyone, its own client included.
    expect(ok(await asPublic(own.id_token!))).toEqual(unknown);

    // A confidential client (a resource server) still introspects every token of its server.
    const resourceServer = TEST_CLIENTS.rotate0;
    expect(ok(await t.introspect(resourceServer, own.refresh_token!))).toMatchObject({ active: true, client_id: self });
    expect(ok(await t.introspect(resourceServer, otherPublic.access_token))).toMatchObject({ active: true, client_id: TEST_CLIENTS.otherPublic.id });
    expect(ok(await t.introspect(resourceServer, confidential.refresh_token!))).toMatchObject({ active: true, client_id: TEST_CLIENTS.rotate30.id });
    // Asking changed nothing: the other public client's token still works for its owner.
    expect(ok(await t.introspectAsPublicClient(TEST_CLIENTS.otherPublic.id, otherPublic.refresh_token!))).toMatchObject({ active: true });
    return [own.refresh_token!, otherPublic.refresh_token!, confidential.refresh_token!];
  },

  'client authentication: a wrong secret is invalid_client and appends nothing': async (t) => {
    const client = TEST_CLIENTS.rotate30;
    const issued = await t.issue(client.id);
    refused(await t.refresh({ id: client.id, secret: 'wrong-secret-0123456789' }, issued.refresh_token!), 'invalid_client');
    expect(t.steps.at(-1)?.loggedReason).toBe('wrong_secret');
    refused(await t.refresh({ id: 'no-such-client', secret: 'whatever-0123456789' }, issued.refresh_token!), 'invalid_client');
    expect(t.steps.at(-1)?.loggedReason).toBe('unknown_client');
    // Neither answer tells whether the client id exists.
    if (t.name === 'grpc') expect(t.lastPublicReason()).toBe('client_authentication_failed');
    refused(await t.revoke({ id: client.id, secret: 'wrong-secret-0123456789' }, issued.refresh_token!), 'invalid_client');
    ok(await t.refresh(client, issued.refresh_token!));
    return [issued.refresh_token!];
  },

  'client authentication: a public client refreshes with its client id alone, and must rotate': async (t) => {
    const issued = await t.issue(TEST_CLIENTS.public.id);
    const body = ok(await t.refreshAsPublicClient(TEST_CLIENTS.public.id, issued.refresh_token!));
    expect(body.refresh_token).toMatch(/^tlr1\./);
    expect(body.refresh_token).not.toBe(issued.refresh_token);
    refused(await t.refreshAsPublicClient(TEST_CLIENTS.rotate30.id, issued.refresh_token!), 'invalid_client');
    return [issued.refresh_token!];
  },

  'client authentication: client_secret_post credentials work as posted, and are refused as Basic': async (t) => {
    const client = TEST_CLIENTS.post;
    const issued = await t.issue(client.id);
    refused(await t.refresh(client, issued.refresh_token!), 'invalid_client');
    expect(t.steps.at(-1)?.loggedReason).toBe('wrong_auth_method');
    const body = ok(await t.refreshWithPostedSecret(client, issued.refresh_token!));
    expect(body.refresh_token).not.toBe(issued.refresh_token);
    return [issued.refresh_token!];
  },
};

describe('gRPC TokenService: every token-endpoint scenario has an HTTP twin with the same outcome and the same events', () => {
  let ledger: TestLedger;
  let clock: SteppableClock;
  let clients: LedgerGrpcClients;

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock, grpc: true });
    clients = grpcClients(ledger);
  });

  afterAll(async () => {
    clients.close();
    await ledger.close();
  });

  /** Runs a scenario over one transport; what it did and what it appended. */
  async function run(scenario: Scenario, transport: TokenTransport) {
    // Token families' events only: a subject's data key is made by its first issuance on either
    // transport, and the other then finds it.
    const familyEventCount = async () => (await ledger.allEvents()).filter((e) => e.streamName.startsWith('tokenFamily-')).length;
    const before = await familyEventCount();
    const tokens = await scenario(transport, clock);
    const appended = (await familyEventCount()) - before;
    const families = await Promise.all(tokens.map(async (token) => normalizedEvents(await familyEvents(ledger, token))));
    return { steps: transport.steps, appended, families };
  }

  it.each(Object.entries(SCENARIOS))('%s', async (_name, scenario) => {
    const http = await run(scenario, httpTransport(ledger));
    const grpc = await run(scenario, grpcTransport(ledger, clients));
    expect(grpc.steps).toEqual(http.steps);
    expect(grpc.families).toEqual(http.families);
    expect(grpc.appended).toBe(http.appended);
    // A scenario that appended nothing would compare equal vacuously.
    expect(http.families.every((events) => events.length > 0)).toBe(true);
  });

  it('records the gRPC caller as the actor, and its x-request-id / x-correlation-id, exactly as HTTP does', async () => {
    const transport = grpcTransport(ledger, clients);
    const issued = await transport.issue(TEST_CLIENTS.rotate30.id);
    const metadata = basicMetadata(TEST_CLIENTS.rotate30);
    metadata.set('x-request-id', 'grpc-req-42');
    metadata.set('x-correlation-id', 'login-flow-7');
    const result = await unary<TokenBody>(clients.token, 'RefreshTokens', { authorization_server_id: 'default', refresh_token: issued.refresh_token }, metadata);
    expect(result.ok).toBe(true);
    const events = await familyEvents(ledger, issued.refresh_token!);
    expect(events.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['TokenIssued', 'admin:service'],
      ['TokenRefreshed', `client:${TEST_CLIENTS.rotate30.id}`],
    ]);
    expect(events[1].metadata).toMatchObject({ requestId: 'grpc-req-42', correlationId: 'login-flow-7', causationId: 'grpc-req-42' });
  });
});

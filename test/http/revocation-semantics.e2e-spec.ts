import { auditorMetadata, grpcClients, unary, type LedgerGrpcClients } from '../support/grpc-client';
import { familyEvents, familyEventTypes, familyIdOf } from '../support/family-events';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { grpcTransport, httpTransport, type Outcome, type TokenTransport } from '../support/token-transports';
import { jwtClaims } from '../support/token-parts';
import { stateAt, why } from '../audit/audit-client';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** The gRPC body (proto field names) with the HTTP body's camelCase keys. */
function camelCased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCased);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), camelCased(v)]));
}

function ok<T>(outcome: Outcome<T>): T {
  expect(outcome).toMatchObject({ ok: true });
  return (outcome as { body: T }).body;
}

/**
 * RFC 7009 revocation with Okta's semantics, over HTTP (`/oauth2/{as}/v1/revoke`, `/introspect`,
 * the audit API's `why`) and over gRPC (`RevokeToken`, `IntrospectToken`, `ExplainToken`):
 * an access token revokes itself only; a refresh token revokes its family and every access
 * token it minted; another client's token is refused and changes nothing.
 */
describe.each(['http', 'grpc'] as const)('revocation semantics over %s', (transportName) => {
  const client = TEST_CLIENTS.rotate30;
  const other = TEST_CLIENTS.rotate0;
  let ledger: TestLedger;
  let clock: SteppableClock;
  let clients: LedgerGrpcClients;
  let t: TokenTransport;

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock, grpc: true });
    clients = grpcClients(ledger);
  });

  beforeEach(() => {
    t = transportName === 'http' ? httpTransport(ledger) : grpcTransport(ledger, clients);
  });

  afterAll(async () => {
    clients.close();
    await ledger.close();
  });

  /** The audit "why" of a token, over the transport under test. */
  async function whyToken(token: string): Promise<Record<string, any>> {
    if (transportName === 'http') {
      const result = await why(ledger, { token });
      expect(result.status).toBe(200);
      return result.body;
    }
    const result = await unary(clients.audit, 'ExplainToken', { token }, auditorMetadata());
    if (!result.ok) throw new Error(`ExplainToken failed: ${result.code} ${result.details}`);
    return camelCased(result.value) as Record<string, any>;
  }

  it('revoking an access token revokes it alone: the refresh token still refreshes, the other access tokens stay active', async () => {
    const issued = await t.issue(client.id);
    clock.advance(MINUTE);
    const refreshed = ok(await t.refresh(client, issued.refresh_token!));
    clock.advance(MINUTE);

    ok(await t.revoke(client, refreshed.access_token));
    const revokedAt = new Date(clock.now()).toISOString();
    expect(ok(await t.introspect(client, refreshed.access_token))).toEqual({ active: false });
    expect(t.lastInactiveReason()).toBe('access_token_revoked');
    expect(ok(await t.introspect(client, issued.access_token))).toMatchObject({ active: true, jti: jwtClaims(issued.access_token).jti });
    expect(ok(await t.introspect(client, refreshed.refresh_token!))).toMatchObject({ active: true, token_type: 'refresh_token' });
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued', 'TokenRefreshed', 'AccessTokenRevoked']);
    if (transportName === 'http') {
      // The auditor's as-of view judges that access token as introspection does.
      const state = await stateAt(ledger, familyIdOf(issued.refresh_token!), clock.now());
      expect(state.body).toMatchObject({ status: 'active', active: true, accessToken: { jti: jwtClaims(refreshed.access_token).jti, active: false } });
    }
    const [, , revocation] = await familyEvents(ledger, issued.refresh_token!);
    expect(revocation.data).toMatchObject({ jti: jwtClaims(refreshed.access_token).jti, exp: jwtClaims(refreshed.access_token).exp, reason: 'client_request', requestedBy: `client:${client.id}` });
    expect(JSON.stringify([revocation.data, revocation.metadata])).not.toContain(refreshed.access_token);

    // Idempotent (RFC 7009 §2.2): a second revocation answers the same and appends nothing.
    ok(await t.revoke(client, refreshed.access_token));
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toHaveLength(3);

    // The family goes on: the refresh token refreshes, the new access token is active, the revoked one stays revoked.
    clock.advance(MINUTE);
    const next = ok(await t.refresh(client, refreshed.refresh_token!));
    expect(ok(await t.introspect(client, next.access_token))).toMatchObject({ active: true });
    expect(ok(await t.introspect(client, refreshed.access_token))).toEqual({ active: false });

    // Why: its own revocation (time, actor, the token's jti), distinct from a family revocation.
    expect(await whyToken(refreshed.access_token)).toMatchObject({
      active: false,
      reason: 'access_token_revoked',
      tokenType: 'access_token',
      revocation: { reason: 'client_request', requestedBy: `client:${client.id}`, revokedAt, tokenId: jwtClaims(refreshed.access_token).jti },
    });
    // (proto3 leaves out what HTTP answers as null.)
    const refreshWhy = await whyToken(next.refresh_token!);
    expect([refreshWhy.active, refreshWhy.reason || null, refreshWhy.revocation ?? null]).toEqual([true, null, null]);

    // Revoking the refresh token still revokes the family, and so every access token it minted.
    ok(await t.revoke(client, next.refresh_token!));
    for (const token of [issued.access_token, next.access_token, next.refresh_token!]) {
      expect(ok(await t.introspect(client, token))).toEqual({ active: false });
    }
    expect(t.steps.filter((s) => s.call === 'refresh')).toHaveLength(2);
    expect((await t.refresh(client, next.refresh_token!)).ok).toBe(false);
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual([
      'TokenIssued',
      'TokenRefreshed',
      'AccessTokenRevoked',
      'TokenRefreshed',
      'TokenRevoked',
    ]);
    expect(await whyToken(next.access_token)).toMatchObject({ reason: 'family_revoked', revocation: { reason: 'client_request' } });
  });

  it("refuses another client's refresh token and access token (invalid_request) and changes nothing", async () => {
    const issued = await t.issue(client.id);
    const before = (await familyEvents(ledger, issued.refresh_token!)).length;

    for (const token of [issued.refresh_token!, issued.access_token]) {
      expect(await t.revoke(other, token)).toEqual({ ok: false, error: 'invalid_request' });
      expect(t.steps.at(-1)?.loggedReason).toBe('not_issued_to_client');
      if (transportName === 'grpc') expect(t.lastPublicReason()).toBe('not_issued_to_client');
    }
    expect(await familyEvents(ledger, issued.refresh_token!)).toHaveLength(before);
    expect(ok(await t.introspect(client, issued.access_token))).toMatchObject({ active: true });
    ok(await t.refresh(client, issued.refresh_token!));

    // Not this server's token, or no token at all: 200 and nothing happens (RFC 7009 §2.2).
    ok(await t.revoke(other, 'not-a-token-at-all'));
    ok(await t.revoke(other, issued.access_token, 'other'));
  });

  it('revoking an expired access token changes nothing: the family still refreshes', async () => {
    const issued = await t.issue(client.id);
    clock.advance(61 * MINUTE);
    ok(await t.revoke(client, issued.access_token));
    expect(await familyEventTypes(ledger, issued.refresh_token!)).toEqual(['TokenIssued']);
    ok(await t.refresh(client, issued.refresh_token!));
  });
});

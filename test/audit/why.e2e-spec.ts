import { lastRefusalReason } from '../support/family-events';
import { SteppableClock, startLedger, testBootstrap, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';
import { jwtClaims, refreshTokenParts } from '../support/token-parts';
import { audit, why } from './audit-client';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** The default rule made short so both expiries happen in a test: 5 min access, 60 min refresh, 10 min idle. */
function shortLivedBootstrap(): Record<string, unknown> {
  const bootstrap = JSON.parse(JSON.stringify(testBootstrap())) as {
    authorizationServers: { id: string; policies: { rules: { actions: { token: Record<string, number> } }[] }[] }[];
  };
  const server = bootstrap.authorizationServers.find((s) => s.id === 'default')!;
  server.policies[0].rules[0].actions.token = { accessTokenLifetimeMinutes: 5, refreshTokenLifetimeMinutes: 60, refreshTokenWindowMinutes: 10 };
  return bootstrap;
}

/**
 * SPEC §6.1 and §6.4: for any refresh token, access token or token id, why it is (not) active
 * now, with the stable reason code and the configuration that set its lifetime. Each case is
 * cross-checked with what the token endpoint does with the same token at the same instant.
 */
describe('why is this token (not) active', () => {
  const client = TEST_CLIENTS.rotate30;
  let ledger: TestLedger;
  let clock: SteppableClock;

  beforeEach(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock, bootstrap: shortLivedBootstrap() });
  });

  afterEach(async () => {
    await ledger.close();
  });

  async function refreshOk(token: string): Promise<TokenBody> {
    const result = await refresh(ledger, client, token);
    expect(result.status).toBe(200);
    return result.body;
  }

  it('active: the current refresh token and its access token, with the rule and configuration version that decided', async () => {
    const issued = await issueFamily(ledger, client.id);
    const familyId = refreshTokenParts(issued.refresh_token!).familyId;
    clock.advance(MINUTE);

    const refreshWhy = await why(ledger, { token: issued.refresh_token! });
    expect(refreshWhy.status).toBe(200);
    expect(refreshWhy.body).toMatchObject({
      active: true,
      reason: null,
      tokenType: 'refresh_token',
      tokenId: `${familyId}.0`,
      familyId,
      clientId: client.id,
      subject: 'alice@example.com',
      authorizationServerId: 'default',
      expiresAt: new Date(clock.now() - MINUTE + 10 * MINUTE).toISOString(),
      decidedBy: {
        refreshTokenLifetimeMinutes: 60,
        refreshTokenWindowMinutes: 10,
        rotation: { type: 'ROTATE', leewaySeconds: 30 },
        provenance: { authorizationServerId: 'default', policyId: 'default-policy', ruleId: 'default-rule', configVersion: expect.any(Number) },
      },
    });
    // The configuration version is the one the issuance recorded.
    const [issuedEvent] = await ledger.store.readStream(`tokenFamily-${familyId}`);
    expect(refreshWhy.body.decidedBy.provenance).toEqual((issuedEvent.data as { provenance: unknown }).provenance);
    // The token never comes back.
    expect(refreshWhy.text).not.toContain(issued.refresh_token!);

    const accessWhy = await why(ledger, { token: issued.access_token });
    expect(accessWhy.body).toMatchObject({
      active: true,
      reason: null,
      tokenType: 'access_token',
      tokenId: jwtClaims(issued.access_token).jti,
      familyId,
      expiresAt: new Date((jwtClaims(issued.access_token).exp as number) * 1_000).toISOString(),
      decidedBy: { accessTokenLifetimeMinutes: 5, provenance: { ruleId: 'default-rule' } },
    });
    expect(accessWhy.text).not.toContain(issued.access_token);
  });

  it('rotated_out: the replaced token, inside its leeway (where a retry with it still succeeds), then outside', async () => {
    const issued = await issueFamily(ledger, client.id);
    clock.advance(MINUTE);
    const rotatedAt = clock.now();
    const next = await refreshOk(issued.refresh_token!);

    clock.advance(10 * SECOND);
    expect((await why(ledger, { token: issued.refresh_token! })).body).toMatchObject({
      active: false,
      reason: 'rotated_out',
      rotatedOutAt: new Date(rotatedAt).toISOString(),
      leewayRetryUntil: new Date(rotatedAt + 30 * SECOND).toISOString(),
    });
    expect((await refreshOk(issued.refresh_token!)).refresh_token).toBe(next.refresh_token);
    clock.advance(30 * SECOND);
    const outside = await why(ledger, { token_id: refreshTokenParts(issued.refresh_token!).id });
    expect(outside.body).toMatchObject({ active: false, reason: 'rotated_out', leewayRetryUntil: null });
  });

  it('reused_outside_leeway for the replayed token, family_revoked (reuse_detected) for the family\'s other tokens', async () => {
    const issued = await issueFamily(ledger, client.id);
    const next = await refreshOk(issued.refresh_token!);
    clock.advance(31 * SECOND);
    expect((await refresh(ledger, client, issued.refresh_token!)).status).toBe(400);
    expect(lastRefusalReason(ledger)).toBe('reused_outside_leeway');

    const revocation = { reason: 'reuse_detected', requestedBy: 'system', tokenId: refreshTokenParts(issued.refresh_token!).id, revokedAt: new Date(clock.now()).toISOString() };
    expect((await why(ledger, { token: issued.refresh_token! })).body).toMatchObject({ active: false, reason: 'reused_outside_leeway', revocation });
    expect((await why(ledger, { token: next.refresh_token! })).body).toMatchObject({ active: false, reason: 'family_revoked', revocation });
    expect((await why(ledger, { token: next.access_token })).body).toMatchObject({ active: false, reason: 'family_revoked', tokenType: 'access_token' });
  });

  it('family_revoked by the client: the reason and who asked, by token and by id', async () => {
    const issued = await issueFamily(ledger, client.id);
    clock.advance(MINUTE);
    expect((await revoke(ledger, client, issued.refresh_token!)).status).toBe(200);
    const revocation = { reason: 'client_request', requestedBy: `client:${client.id}`, revokedAt: new Date(clock.now()).toISOString() };
    expect((await why(ledger, { token: issued.refresh_token! })).body).toMatchObject({ active: false, reason: 'family_revoked', revocation });
    expect((await why(ledger, { token_id: jwtClaims(issued.access_token).jti as string })).body).toMatchObject({
      reason: 'family_revoked',
      tokenType: 'access_token',
      revocation,
    });
    expect((await refresh(ledger, client, issued.refresh_token!)).status).toBe(400);
    expect(lastRefusalReason(ledger)).toBe('family_revoked');
  });

  it('idle_expired: the window closed without a use, as the token endpoint decides', async () => {
    const issued = await issueFamily(ledger, client.id);
    const issuedAt = clock.now();
    clock.advance(10 * MINUTE);
    expect((await why(ledger, { token: issued.refresh_token! })).body).toMatchObject({
      active: false,
      reason: 'idle_expired',
      expiresAt: new Date(issuedAt + 10 * MINUTE).toISOString(),
      decidedBy: { refreshTokenWindowMinutes: 10 },
    });
    expect((await refresh(ledger, client, issued.refresh_token!)).status).toBe(400);
    expect(lastRefusalReason(ledger)).toBe('idle_expired');
    // Its access token expired even earlier, on its own lifetime.
    expect((await why(ledger, { token: issued.access_token })).body).toMatchObject({ active: false, reason: 'access_token_expired' });
  });

  it('absolute_expired: used within every window, the family still ends at its refresh lifetime', async () => {
    const issued = await issueFamily(ledger, client.id);
    const issuedAt = clock.now();
    let token = issued.refresh_token!;
    for (let minute = 9; minute <= 54; minute += 9) {
      clock.advance(9 * MINUTE);
      token = (await refreshOk(token)).refresh_token!;
    }
    clock.advance(9 * MINUTE);
    expect((await why(ledger, { token })).body).toMatchObject({
      active: false,
      reason: 'absolute_expired',
      expiresAt: new Date(issuedAt + 60 * MINUTE).toISOString(),
      decidedBy: { refreshTokenLifetimeMinutes: 60 },
    });
    expect((await refresh(ledger, client, token)).status).toBe(400);
    expect(lastRefusalReason(ledger)).toBe('absolute_expired');
  });

  it('unknown_token: garbage, a forged refresh token, an id of no family, and a token of no family', async () => {
    const issued = await issueFamily(ledger, client.id);
    const unknown = { active: false, reason: 'unknown_token', familyId: null, tokenId: null };
    const forged = `${issued.refresh_token!.slice(0, -3)}AAA`;
    expect((await why(ledger, { token: 'not-a-token' })).body).toMatchObject(unknown);
    expect((await why(ledger, { token: forged })).body).toMatchObject(unknown);
    expect((await why(ledger, { token_id: 'no-such-family.0' })).body).toMatchObject(unknown);
    expect((await why(ledger, { token_id: `${refreshTokenParts(issued.refresh_token!).familyId}.7` })).body).toMatchObject(unknown);
    expect((await why(ledger, { token: forged })).text).not.toContain(forged);
  });

  it('GET with token_id works; exactly one of token and token_id is required (Okta-format 400)', async () => {
    const issued = await issueFamily(ledger, client.id);
    const id = refreshTokenParts(issued.refresh_token!).id;
    const byGet = await audit(ledger, 'GET', `/api/v1/audit/tokens/why?token_id=${encodeURIComponent(id)}`);
    expect(byGet.body).toMatchObject({ active: true, tokenId: id });
    const neither = await why(ledger, {});
    expect(neither.status).toBe(400);
    expect(neither.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: token' });
    const both = await why(ledger, { token: issued.refresh_token!, token_id: id });
    expect(both.status).toBe(400);
    expect(both.text).not.toContain(issued.refresh_token!);
  });
});

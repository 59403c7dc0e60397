import { lastRefusalReason } from '../support/family-events';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh, revoke } from '../support/token-flows';
import { jwtClaims, refreshTokenParts } from '../support/token-parts';
import { audit, stateAt } from './audit-client';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The default rule: 60-minute access tokens, unlimited refresh lifetime, 7-day idle window. */
const IDLE_WINDOW = 7 * DAY;

/** What the token endpoint answered to one refresh, recorded when it was sent. */
interface Outcome {
  readonly at: number;
  readonly presented: string;
  readonly status: number;
  readonly reason?: string;
  readonly refreshToken?: string;
  readonly accessToken?: string;
}

/**
 * SPEC §6.4 "was this token valid at T, and why": a family is issued, refreshed twice, left
 * idle past its window, and revoked, on a fixed clock; at each instant the test presents the
 * family's current refresh token to the real token endpoint and records the answer. Afterwards,
 * with the whole history in the store, the audit API's state as of each instant must say what
 * the endpoint said then.
 */
describe('family state as of an instant', () => {
  const client = TEST_CLIENTS.rotate30;
  let ledger: TestLedger;
  let clock: SteppableClock;
  let familyId: string;
  let issuedAt: number;
  let token0: string;
  const outcomes: Outcome[] = [];

  async function refreshAt(at: number, presented: string): Promise<Outcome> {
    clock.set(at);
    const result = await refresh(ledger, client, presented);
    const outcome: Outcome =
      result.status === 200
        ? { at, presented, status: 200, refreshToken: result.body.refresh_token, accessToken: result.body.access_token }
        : { at, presented, status: result.status, reason: lastRefusalReason(ledger) };
    outcomes.push(outcome);
    return outcome;
  }

  beforeAll(async () => {
    clock = new SteppableClock();
    ledger = await startLedger({ clock });
    issuedAt = clock.now();
    token0 = (await issueFamily(ledger, client.id)).refresh_token!;
    familyId = refreshTokenParts(token0).familyId;

    const first = await refreshAt(issuedAt + HOUR, token0);
    const second = await refreshAt(first.at + 2 * DAY, first.refreshToken!);
    // Idle: the current token is presented a minute after its window closed.
    const idle = await refreshAt(second.at + IDLE_WINDOW + MINUTE, second.refreshToken!);
    // The client revokes the (idle) family; the next presentation meets a revoked family.
    clock.set(idle.at + MINUTE);
    expect((await revoke(ledger, client, second.refreshToken!)).status).toBe(200);
    await refreshAt(idle.at + 2 * MINUTE, second.refreshToken!);
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('recorded what the token endpoint answered at each instant', () => {
    expect(outcomes.map((o) => ({ status: o.status, reason: o.reason }))).toEqual([
      { status: 200, reason: undefined },
      { status: 200, reason: undefined },
      { status: 400, reason: 'idle_expired' },
      { status: 400, reason: 'family_revoked' },
    ]);
  });

  it('T1 after issuance, just before the first refresh: active, token #0 is the one that works', async () => {
    const [first] = outcomes;
    const { status, body } = await stateAt(ledger, familyId, first.at - 1);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      familyId,
      status: 'active',
      active: first.status === 200,
      reason: null,
      currentRefreshToken: { id: refreshTokenParts(first.presented).id, sequence: 0 },
      family: { clientId: client.id, subject: 'alice@example.com', authorizationServerId: 'default' },
      lifetimes: {
        refreshTokenMinutes: 0,
        refreshTokenWindowMinutes: 10_080,
        provenance: { authorizationServerId: 'default', policyId: 'default-policy', ruleId: 'default-rule' },
        decidedAt: new Date(issuedAt).toISOString(),
      },
      eventsAfter: 3,
    });
    expect(body.eventsConsidered.map((e: { type: string }) => e.type)).toEqual(['TokenIssued']);
  });

  it('T between the refreshes: the token the first refresh returned is current, with its access token', async () => {
    const [first, second] = outcomes;
    const { body } = await stateAt(ledger, familyId, second.at - 1);
    expect(body).toMatchObject({
      status: 'active',
      active: second.status === 200,
      reason: null,
      currentRefreshToken: {
        id: refreshTokenParts(first.refreshToken!).id,
        sequence: 1,
        // Unlimited lifetime: the idle window of the last use decides.
        expiresAt: new Date(first.at + IDLE_WINDOW).toISOString(),
        absoluteExpiresAt: null,
      },
      leewayRetry: null,
      accessToken: {
        jti: jwtClaims(first.accessToken!).jti,
        active: false,
        lifetimeMinutes: 60,
        provenance: { policyId: 'default-policy', ruleId: 'default-rule' },
        decidedAt: new Date(first.at).toISOString(),
      },
    });
    expect(body.eventsConsidered.map((e: { type: string }) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed']);
  });

  it('includes an event at exactly its instant: right after a refresh the replaced token is in its leeway', async () => {
    const [first] = outcomes;
    const { body } = await stateAt(ledger, familyId, first.at + 10 * SECOND);
    expect(body).toMatchObject({
      currentRefreshToken: { id: refreshTokenParts(first.refreshToken!).id },
      leewayRetry: { tokenId: refreshTokenParts(token0).id, until: new Date(first.at + 30 * SECOND).toISOString() },
      accessToken: { jti: jwtClaims(first.accessToken!).jti, active: true },
    });
  });

  it('after the idle window: expired-idle, the reason the endpoint gave', async () => {
    const [, second, idle] = outcomes;
    const { body } = await stateAt(ledger, familyId, idle.at);
    expect(body).toMatchObject({
      status: 'expired-idle',
      active: false,
      reason: idle.reason,
      currentRefreshToken: { id: refreshTokenParts(idle.presented).id, sequence: 2, idleExpiresAt: new Date(second.at + IDLE_WINDOW).toISOString() },
      revocation: null,
    });
    expect(body.eventsConsidered).toHaveLength(3);
  });

  it('after the revocation: revoked by the client, the reason the endpoint gave, with the progress at revocation', async () => {
    const [, second, , revoked] = outcomes;
    const { body } = await stateAt(ledger, familyId, revoked.at);
    expect(body).toMatchObject({
      status: 'revoked',
      active: false,
      reason: revoked.reason,
      revocation: { reason: 'client_request', requestedBy: `client:${client.id}`, tokenId: refreshTokenParts(second.refreshToken!).id },
      // A full fold: the revoked state keeps the last refresh's token, not the issuance's.
      currentRefreshToken: { id: refreshTokenParts(second.refreshToken!).id, sequence: 2 },
      eventsAfter: 0,
    });
    expect(body.eventsConsidered.map((e: { type: string }) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRefreshed', 'TokenRevoked']);
  });

  it('before issuance: not yet issued', async () => {
    const { body } = await stateAt(ledger, familyId, issuedAt - 1);
    expect(body).toMatchObject({ status: 'not-yet-issued', active: false, reason: 'unknown_token', currentRefreshToken: null, eventsAfter: 4 });
  });

  it('uses the instants the decisions recorded, not when the store wrote the events, and says so', async () => {
    const { body } = await stateAt(ledger, familyId, outcomes[3].at);
    expect(body.semantics).toContain('recordedAt');
    // The test clock is far from the wall clock the store stamps recordedAt with.
    const considered = body.eventsConsidered as { at: string; recordedAt: string }[];
    expect(considered[0].at).toBe(new Date(issuedAt).toISOString());
    expect(considered.every((e) => e.at !== e.recordedAt)).toBe(true);
  });

  it('defaults to now, and refuses an instant without a zone or an unknown family in Okta format', async () => {
    clock.set(outcomes[3].at + DAY);
    const now = await audit(ledger, 'GET', `/api/v1/audit/families/${familyId}/state`);
    expect(now.body.at).toBe(new Date(clock.now()).toISOString());
    const local = await audit(ledger, 'GET', `/api/v1/audit/families/${familyId}/state?at=2026-01-01T10:00:00`);
    expect(local.status).toBe(400);
    expect(local.body).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: at' });
    const unknown = await stateAt(ledger, 'no-such-family', clock.now());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: no-such-family (TokenFamily)' });
  });
});

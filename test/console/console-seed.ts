import type { SteppableClock, TestLedger } from '../support/ledger-harness';
import { TEST_CLIENTS } from '../support/ledger-harness';
import type { HttpResult } from '../support/http';
import { adminApi } from '../support/management-api';
import { issueFamily, refresh, revoke, type TokenBody } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';

const MINUTE = 60_000;

/** What the browser suite looks up: families with a known history, through the real APIs. */
export interface SeededLedger {
  /** Refreshed twice, then its first refresh token replayed after the leeway: revoked by reuse detection. */
  readonly reused: { readonly familyId: string; readonly replayedToken: string; readonly currentToken: string; readonly issuedAt: number; readonly revokedAt: number };
  /** Revoked by its client (RFC 7009). */
  readonly revoked: { readonly familyId: string };
  /** Still active. */
  readonly active: { readonly familyId: string; readonly accessToken: string; readonly refreshToken: string };
  readonly subject: string;
}

/**
 * Seeds a ledger on a stepping clock: three families of one subject, each event a minute
 * apart, so the time control has distinct instants to land on.
 */
export async function seedConsoleLedger(ledger: TestLedger, clock: SteppableClock): Promise<SeededLedger> {
  const client = TEST_CLIENTS.rotate30;
  const subject = 'alice@example.com';

  const first = await issueFamily(ledger, client.id, { sub: subject });
  const familyId = refreshTokenParts(first.refresh_token!).familyId;
  const issuedAt = clock.now();
  clock.advance(MINUTE);
  const second = await ok(refresh(ledger, client, first.refresh_token!));
  clock.advance(MINUTE);
  const third = await ok(refresh(ledger, client, second.refresh_token!));
  // Past the 30 s leeway: replaying the first token is reuse, and the family is revoked.
  clock.advance(MINUTE);
  const replay = await refresh(ledger, client, first.refresh_token!);
  if (replay.status !== 400) throw new Error(`expected the replay to be refused, got ${replay.status}`);
  const revokedAt = clock.now();

  clock.advance(MINUTE);
  const other = await issueFamily(ledger, client.id, { sub: subject });
  clock.advance(MINUTE);
  const revocation = await revoke(ledger, client, other.refresh_token!);
  if (revocation.status !== 200) throw new Error(`revocation failed: ${revocation.status}`);

  clock.advance(MINUTE);
  const live = await issueFamily(ledger, client.id, { sub: subject });
  clock.advance(MINUTE);
  await addPoliciesAbove(ledger, client.id);

  return {
    reused: { familyId, replayedToken: first.refresh_token!, currentToken: third.refresh_token!, issuedAt, revokedAt },
    revoked: { familyId: refreshTokenParts(other.refresh_token!).familyId },
    active: { familyId: refreshTokenParts(live.refresh_token!).familyId, accessToken: live.access_token, refreshToken: live.refresh_token! },
    subject,
  };
}

/**
 * Two policies ranked above the default one, so an explanation has something to say: one for
 * another client, and one for this client whose only rule wants the `admins` group.
 */
async function addPoliciesAbove(ledger: TestLedger, clientId: string): Promise<void> {
  const policies = '/api/v1/authorizationServers/default/policies';
  const created = async (path: string, body: unknown): Promise<string> => {
    const result = await adminApi(ledger, 'POST', path, body);
    if (result.status !== 201) throw new Error(`${path}: ${result.status} ${result.text}`);
    return result.body.id as string;
  };
  // The default policy moves to third place.
  const moved = await adminApi(ledger, 'PUT', `${policies}/default-policy`, { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'Default Policy', priority: 3, conditions: { clients: { include: ['ALL_CLIENTS'] } } });
  if (moved.status !== 200) throw new Error(`default policy: ${moved.status} ${moved.text}`);
  await created(policies, { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'Partner apps', priority: 1, conditions: { clients: { include: [TEST_CLIENTS.post.id] } } });
  const staff = await created(policies, { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'Staff', priority: 2, conditions: { clients: { include: [clientId] } } });
  await created(`${policies}/${staff}/rules`, {
    type: 'RESOURCE_ACCESS',
    name: 'Admins get 5-minute access tokens',
    priority: 1,
    conditions: { people: { groups: { include: ['admins'] } }, grantTypes: { include: ['authorization_code', 'refresh_token'] }, scopes: { include: ['*'] } },
    actions: { token: { accessTokenLifetimeMinutes: 5, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 60 } },
  });
}

async function ok(pending: Promise<HttpResult<TokenBody>>): Promise<TokenBody> {
  const result = await pending;
  if (result.status !== 200) throw new Error(`expected 200, got ${result.status}: ${result.text}`);
  return result.body;
}

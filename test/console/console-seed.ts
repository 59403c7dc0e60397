import type { SteppableClock, TestLedger } from '../support/ledger-harness';
import { TEST_CLIENTS } from '../support/ledger-harness';
import type { HttpResult } from '../support/http';
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
  readonly active: { readonly familyId: string; readonly accessToken: string };
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

  return {
    reused: { familyId, replayedToken: first.refresh_token!, currentToken: third.refresh_token!, issuedAt, revokedAt },
    revoked: { familyId: refreshTokenParts(other.refresh_token!).familyId },
    active: { familyId: refreshTokenParts(live.refresh_token!).familyId, accessToken: live.access_token },
    subject,
  };
}

async function ok(pending: Promise<HttpResult<TokenBody>>): Promise<TokenBody> {
  const result = await pending;
  if (result.status !== 200) throw new Error(`expected 200, got ${result.status}: ${result.text}`);
  return result.body;
}

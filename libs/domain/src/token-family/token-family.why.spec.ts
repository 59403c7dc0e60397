import type { TokenFamilyEvent } from './token-family.events';
import {
  ABSOLUTE_EXPIRY,
  DAY,
  FAMILY_ID,
  LIFETIMES,
  PROVENANCE,
  ROTATE_30,
  SECOND,
  T0,
  WINDOW_MS,
  accessToken,
  reuseRevoked,
  rotated,
  tokenIssued,
  tokenRecord,
  tokenRevoked,
} from './token-family.fixtures';
import { whyToken } from './token-family.why';
import { tokenFamilyDecider } from './token-family.decider';
import { revokeAccessToken } from './token-family.fixtures';

const T1 = T0 + DAY;
const T2 = T0 + 2 * DAY;
const ROTATED_TWICE: TokenFamilyEvent[] = [tokenIssued(), rotated(0, T1), rotated(1, T2)];

/** The refresh token of `sequence` as a caller that checked its MAC presents it. */
const presentedToken = (sequence: number) => ({ kind: 'refresh_token' as const, sequence, hash: tokenRecord(sequence).hash });

describe('whyToken', () => {
  it('the current refresh token is active, expiring with its idle window; issuance configuration decides', () => {
    const why = whyToken(ROTATED_TWICE, presentedToken(2), T2 + SECOND);
    expect(why).toMatchObject({
      active: true,
      reason: null,
      tokenType: 'refresh_token',
      tokenId: tokenRecord(2).id,
      family: { familyId: FAMILY_ID, clientId: 'app_client', subject: '00u_alice', authorizationServerId: 'default' },
      mintedAt: T2,
      expiresAt: T2 + WINDOW_MS,
      decidedBy: {
        refreshTokenLifetimeMinutes: LIFETIMES.refreshTokenMinutes,
        refreshTokenWindowMinutes: LIFETIMES.refreshTokenWindowMinutes,
        rotation: ROTATE_30,
        provenance: PROVENANCE,
        decidedAt: T0,
      },
    });
  });

  it('an older refresh token is rotated out, with when; the previous one names its leeway while open', () => {
    expect(whyToken(ROTATED_TWICE, presentedToken(0), T2 + SECOND)).toMatchObject({ active: false, reason: 'rotated_out', rotatedOutAt: T1, leewayRetryUntil: null });
    expect(whyToken(ROTATED_TWICE, presentedToken(1), T2 + SECOND)).toMatchObject({
      reason: 'rotated_out',
      rotatedOutAt: T2,
      leewayRetryUntil: T2 + 30 * SECOND,
    });
  });

  it('names the replayed token of a reuse revocation reused_outside_leeway, the others family_revoked', () => {
    const events = [...ROTATED_TWICE, reuseRevoked(0, T2 + DAY)];
    const revocation = { reason: 'reuse_detected', requestedBy: 'system', revokedAt: T2 + DAY, tokenId: tokenRecord(0).id };
    expect(whyToken(events, presentedToken(0), T2 + 2 * DAY)).toMatchObject({ active: false, reason: 'reused_outside_leeway', revocation });
    expect(whyToken(events, presentedToken(2), T2 + 2 * DAY)).toMatchObject({ active: false, reason: 'family_revoked', revocation });
  });

  it('a client revocation: family_revoked with the reason and who asked', () => {
    const events = [...ROTATED_TWICE, tokenRevoked(T2 + DAY, { tokenId: tokenRecord(2).id })];
    expect(whyToken(events, { kind: 'token_id', id: tokenRecord(2).id }, T2 + DAY)).toMatchObject({
      reason: 'family_revoked',
      revocation: { reason: 'client_request', requestedBy: 'client:app_client', revokedAt: T2 + DAY },
    });
  });

  it('idle and absolute expiry, with the instant it happened', () => {
    expect(whyToken(ROTATED_TWICE, presentedToken(2), T2 + WINDOW_MS)).toMatchObject({ reason: 'idle_expired', expiresAt: T2 + WINDOW_MS });
    const late = [tokenIssued(), rotated(0, ABSOLUTE_EXPIRY - DAY)];
    expect(whyToken(late, presentedToken(1), ABSOLUTE_EXPIRY)).toMatchObject({ reason: 'absolute_expired', expiresAt: ABSOLUTE_EXPIRY });
  });

  it('access tokens: active until exp, with the configuration of the refresh that minted them', () => {
    const later = { ...PROVENANCE, ruleId: '0pr_short', configVersion: 9 };
    const events = [tokenIssued(), rotated(0, T1, { accessTokenLifetimeMinutes: 15, provenance: later })];
    const jti = accessToken(T1).jti;
    expect(whyToken(events, { kind: 'access_token', jti }, T1 + SECOND)).toMatchObject({
      active: true,
      tokenType: 'access_token',
      tokenId: jti,
      mintedAt: T1,
      expiresAt: accessToken(T1).exp * 1_000,
      decidedBy: { accessTokenLifetimeMinutes: 15, provenance: later, decidedAt: T1 },
    });
    expect(whyToken(events, { kind: 'token_id', id: jti }, accessToken(T1).exp * 1_000)).toMatchObject({ active: false, reason: 'access_token_expired' });
    expect(whyToken([...events, tokenRevoked(T1 + SECOND)], { kind: 'access_token', jti }, T1 + 2 * SECOND)).toMatchObject({
      active: false,
      reason: 'family_revoked',
    });
  });

  it('unknown: no family, a sequence never minted, a hash that is not the stored one, a foreign jti', () => {
    const unknown = { active: false, reason: 'unknown_token', family: null, tokenId: null };
    expect(whyToken([], presentedToken(0), T0)).toMatchObject(unknown);
    expect(whyToken(ROTATED_TWICE, presentedToken(3), T2)).toMatchObject(unknown);
    expect(whyToken(ROTATED_TWICE, { kind: 'refresh_token', sequence: 1, hash: 'b'.repeat(64) }, T2)).toMatchObject(unknown);
    expect(whyToken(ROTATED_TWICE, { kind: 'access_token', jti: `${FAMILY_ID}.nope` }, T2)).toMatchObject(unknown);
  });

  it('an access token revoked on its own answers access_token_revoked with its own revocation, distinct from the family\'s', () => {
    const { decide, evolve, initialState } = tokenFamilyDecider;
    const revokedAt = T2 + SECOND;
    const own = decide(revokeAccessToken(T2, revokedAt), ROTATED_TWICE.reduce(evolve, initialState()));
    const events = [...ROTATED_TWICE, ...own];
    const ownRevocation = { reason: 'client_request', requestedBy: 'client:app_client', revokedAt, tokenId: accessToken(T2).jti };
    expect(whyToken(events, { kind: 'access_token', jti: accessToken(T2).jti }, revokedAt + SECOND)).toMatchObject({
      active: false,
      reason: 'access_token_revoked',
      tokenType: 'access_token',
      revocation: ownRevocation,
    });
    // The family and its refresh token are untouched.
    expect(whyToken(events, presentedToken(2), revokedAt + SECOND)).toMatchObject({ active: true, revocation: null });
    // Its own revocation came first, so it still names it after the family is revoked too.
    const later = [...events, tokenRevoked(revokedAt + DAY)];
    expect(whyToken(later, { kind: 'token_id', id: accessToken(T2).jti }, revokedAt + 2 * DAY)).toMatchObject({
      reason: 'access_token_revoked',
      revocation: ownRevocation,
    });
    expect(whyToken(later, { kind: 'access_token', jti: accessToken(T1).jti }, revokedAt + 2 * DAY)).toMatchObject({ reason: 'family_revoked' });
  });
});

import { tokenFamilyDecider } from './token-family.decider';
import type { TokenFamilyEvent } from './token-family.events';
import {
  ABSOLUTE_EXPIRY,
  DAY,
  LIFETIMES,
  MINUTE,
  PROVENANCE,
  SECOND,
  T0,
  WINDOW_MS,
  accessToken,
  rotated,
  tokenIssued,
  tokenRecord,
  tokenRevoked,
} from './token-family.fixtures';
import { familyStatusAt, tokenFamilyAsOf, tokenFamilyEventInstant } from './token-family.history';

/** Issued at T0, refreshed after 1 and 3 days, revoked by the client after 5 days. */
const T1 = T0 + DAY;
const T2 = T0 + 3 * DAY;
const T3 = T0 + 5 * DAY;
const HISTORY: TokenFamilyEvent[] = [tokenIssued(), rotated(0, T1), rotated(1, T2), tokenRevoked(T3, { tokenId: tokenRecord(2).id })];

const LATER_CONFIG = { ...PROVENANCE, ruleId: '0pr_short', configVersion: 9 };

describe('tokenFamilyAsOf', () => {
  it('before issuance: not yet issued, nothing considered', () => {
    const asOf = tokenFamilyAsOf(HISTORY, T0 - 1);
    expect(asOf).toMatchObject({ considered: 0, state: { status: 'empty' }, verdict: { status: 'not-yet-issued', reason: 'unknown_token' } });
    expect(asOf.lastAccessToken).toBeNull();
  });

  it('at the issuance instant: active, token #0 current, lifetimes and provenance of the issuance', () => {
    const asOf = tokenFamilyAsOf(HISTORY, T0);
    expect(asOf.considered).toBe(1);
    expect(asOf.verdict).toEqual({ status: 'active', reason: null, expiresAt: T0 + WINDOW_MS });
    expect(asOf.state).toMatchObject({ status: 'active', currentRefreshToken: tokenRecord(0), lifetimes: LIFETIMES, provenance: PROVENANCE });
    expect(asOf.lastAccessToken).toEqual({ accessToken: accessToken(T0), accessTokenLifetimeMinutes: 60, provenance: PROVENANCE, decidedAt: T0 });
  });

  it('between refreshes: the token of the last refresh is current, its idle window counts from it', () => {
    const asOf = tokenFamilyAsOf(HISTORY, T1 + 10 * SECOND);
    expect(asOf.considered).toBe(2);
    expect(asOf.state).toMatchObject({ status: 'active', generation: 1, currentRefreshToken: tokenRecord(1) });
    expect(asOf.verdict).toEqual({ status: 'active', reason: null, expiresAt: T1 + WINDOW_MS });
    // 10 s after the rotation the previous token still works as a retry (30 s leeway).
    expect(asOf.leewayRetryUntil).toBe(T1 + 30 * SECOND);
    expect(tokenFamilyAsOf(HISTORY, T1 + 30 * SECOND).leewayRetryUntil).toBeNull();
  });

  it('records the configuration that set the access-token lifetime at the last refresh', () => {
    const events = [tokenIssued(), rotated(0, T1, { accessTokenLifetimeMinutes: 15, provenance: LATER_CONFIG })];
    expect(tokenFamilyAsOf(events, T1).lastAccessToken).toEqual({
      accessToken: accessToken(T1),
      accessTokenLifetimeMinutes: 15,
      provenance: LATER_CONFIG,
      decidedAt: T1,
    });
  });

  it('after the revocation: revoked, with the progress of the last refresh (a full fold)', () => {
    const asOf = tokenFamilyAsOf(HISTORY, T3);
    expect(asOf.considered).toBe(4);
    expect(asOf.verdict).toEqual({ status: 'revoked', reason: 'family_revoked', expiresAt: null });
    expect(asOf.state).toMatchObject({ status: 'revoked', reason: 'client_request', generation: 2, currentRefreshToken: tokenRecord(2) });
  });

  it('judges idle expiry at the instant, without an event: expired exactly when the window ends', () => {
    const events = [tokenIssued(), rotated(0, T1)];
    expect(tokenFamilyAsOf(events, T1 + WINDOW_MS - 1).verdict.status).toBe('active');
    expect(tokenFamilyAsOf(events, T1 + WINDOW_MS).verdict).toEqual({ status: 'expired-idle', reason: 'idle_expired', expiresAt: T1 + WINDOW_MS });
  });

  it('judges absolute expiry before idle expiry, as a refresh does', () => {
    const events = [tokenIssued(), rotated(0, ABSOLUTE_EXPIRY - DAY)];
    expect(tokenFamilyAsOf(events, ABSOLUTE_EXPIRY).verdict).toEqual({
      status: 'expired-absolute',
      reason: 'absolute_expired',
      expiresAt: ABSOLUTE_EXPIRY,
    });
  });

  it('agrees with the full fold of the decider once every event is considered', () => {
    const fullFold = HISTORY.reduce(tokenFamilyDecider.evolve, tokenFamilyDecider.initialState());
    expect(tokenFamilyAsOf(HISTORY, Number.MAX_SAFE_INTEGER).state).toEqual(fullFold);
  });

  it('a family without a refresh token stays active until revoked but names why it cannot refresh', () => {
    const events = [tokenIssued({ refreshToken: null, refreshExpiresAt: null, idleExpiresAt: null, scopes: ['api:read'] })];
    expect(tokenFamilyAsOf(events, T0 + 400 * DAY).verdict).toEqual({ status: 'active', reason: 'no_refresh_token', expiresAt: null });
    expect(tokenFamilyAsOf([...events, tokenRevoked(T1)], T1).verdict.status).toBe('revoked');
  });
});

describe('familyStatusAt', () => {
  it('is the verdict of the state alone, for callers that loaded it another way', () => {
    const state = [tokenIssued()].reduce(tokenFamilyDecider.evolve, tokenFamilyDecider.initialState());
    expect(familyStatusAt(state, T0 + MINUTE)).toEqual({ status: 'active', reason: null, expiresAt: T0 + WINDOW_MS });
  });
});

describe('tokenFamilyEventInstant', () => {
  it('is the instant the decision recorded', () => {
    expect(HISTORY.map(tokenFamilyEventInstant)).toEqual([T0, T1, T2, T3]);
  });
});

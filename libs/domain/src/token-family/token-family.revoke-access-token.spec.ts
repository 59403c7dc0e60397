import { deciderSpec } from '../testing/decider-spec';
import { isAccessTokenRevoked } from './token-activity';
import { tokenFamilyDecider } from './token-family.decider';
import type { AccessTokenRevoked, TokenFamilyEvent } from './token-family.events';
import {
  CLIENT_ID,
  DAY,
  FAMILY_ID,
  MINUTE,
  SECOND,
  T0,
  WINDOW_MS,
  accessToken,
  refreshTokens,
  revokeAccessToken,
  revokeFamily,
  rotated,
  tokenIssued,
  tokenRecord,
  tokenRevoked,
} from './token-family.fixtures';
import type { ActiveTokenFamily, TokenFamilyState } from './token-family.state';

const given = deciderSpec(tokenFamilyDecider);
const { decide, evolve, initialState } = tokenFamilyDecider;

function fold(events: readonly TokenFamilyEvent[]): TokenFamilyState {
  return events.reduce(evolve, initialState());
}

/** The family after one rotation at `T1`: two access tokens minted (at T0 and T1, 60 min each). */
const T1 = T0 + 10 * MINUTE;
const history = [tokenIssued(), rotated(0, T1)];

/** What revoking the access token minted at `mintedAt` decides at `at`, on `history`. */
function accessRevoked(mintedAt: number, at: number, revokedBefore: { jti: string; exp: number; revokedAt: number }[] = []): AccessTokenRevoked {
  const { jti, exp } = accessToken(mintedAt);
  return {
    type: 'AccessTokenRevoked',
    data: {
      familyId: FAMILY_ID,
      jti,
      exp,
      reason: 'client_request',
      requestedBy: `client:${CLIENT_ID}`,
      revokedAt: at,
      revokedAccessTokens: [...revokedBefore, { jti, exp, revokedAt: at }],
      progress: {
        generation: 1,
        currentRefreshToken: tokenRecord(1),
        previousRefreshToken: tokenRecord(0),
        rotatedAt: T1,
        idleExpiresAt: T1 + WINDOW_MS,
        lastAccessToken: accessToken(T1),
        lastRefreshedAt: T1,
      },
    },
  };
}

describe('RevokeAccessToken (RFC 7009 with an access token, as Okta)', () => {
  it('appends only that access token\'s revocation, carrying the family\'s progress unchanged', () => {
    given(history).when(revokeAccessToken(T0, T1 + MINUTE)).then([accessRevoked(T0, T1 + MINUTE)]);
  });

  it('leaves the family active: its refresh token still refreshes, and the revocation rides along', () => {
    const revoked = accessRevoked(T1, T1 + MINUTE);
    const state = fold([...history, revoked]);
    expect(state.status).toBe('active');
    const [event] = decide(refreshTokens(1, T1 + 2 * MINUTE), state);
    expect(event).toMatchObject({
      type: 'TokenRefreshed',
      data: { generation: 2, revokedAccessTokens: [{ jti: accessToken(T1).jti, exp: accessToken(T1).exp, revokedAt: T1 + MINUTE }] },
    });
    const after = evolve(state, event);
    expect(isAccessTokenRevoked(after, accessToken(T1).jti)).toBe(true);
    // The access token the refresh just minted, and the older one, are not revoked.
    expect(isAccessTokenRevoked(after, accessToken(T1 + 2 * MINUTE).jti)).toBe(false);
    expect(isAccessTokenRevoked(after, accessToken(T0).jti)).toBe(false);
  });

  it('marks only that access token revoked (introspection answers inactive for it alone)', () => {
    const state = fold([...history, accessRevoked(T0, T1 + MINUTE)]);
    expect(isAccessTokenRevoked(state, accessToken(T0).jti)).toBe(true);
    expect(isAccessTokenRevoked(state, accessToken(T1).jti)).toBe(false);
  });

  it('is idempotent: an access token already revoked decides nothing', () => {
    given([...history, accessRevoked(T0, T1 + MINUTE)]).when(revokeAccessToken(T0, T1 + 2 * MINUTE)).then([]);
  });

  it('decides nothing for an expired access token, a revoked family, an unknown family or another authorization server', () => {
    given(history).when(revokeAccessToken(T0, T0 + 60 * MINUTE)).then([]);
    given([...history, tokenRevoked(T1 + MINUTE)]).when(revokeAccessToken(T1, T1 + 2 * MINUTE)).then([]);
    given([]).when(revokeAccessToken(T0, T1)).then([]);
    given(history).when(revokeAccessToken(T0, T1 + MINUTE, { authorizationServerId: 'other_server' })).then([]);
  });

  it("refuses another client's access token, whatever its state, and appends nothing", () => {
    const foreign = { requestingClientId: 'other_client', requestedBy: 'client:other_client' };
    const refused = { error: expect.objectContaining({ name: 'RevocationRejected', code: 'invalid_request', reason: 'not_issued_to_client' }) };
    given(history).when(revokeAccessToken(T0, T1 + MINUTE, foreign)).then(refused);
    // Refused before any status check, so the refusal says nothing about the token's state.
    given([...history, tokenRevoked(T1 + MINUTE)]).when(revokeAccessToken(T0, T1 + 2 * MINUTE, foreign)).then(refused);
    given(history).when(revokeAccessToken(T0, T0 + DAY, foreign)).then(refused);
  });

  it("refuses another client's refresh token when the request comes through RFC 7009", () => {
    given(history)
      .when(revokeFamily(T1 + MINUTE, { onlyForClientId: undefined, requestingClientId: 'other_client', requestedBy: 'client:other_client' }))
      .then({ error: expect.objectContaining({ name: 'RevocationRejected', reason: 'not_issued_to_client' }) });
    // Its own client still revokes the family; another authorization server's request stays a no-op.
    given(history).when(revokeFamily(T1 + MINUTE, { onlyForClientId: undefined, requestingClientId: CLIENT_ID })).then([tokenRevoked(T1 + MINUTE)]);
    given(history)
      .when(revokeFamily(T1 + MINUTE, { requestingClientId: 'other_client', authorizationServerId: 'other_server' }))
      .then([]);
  });

  it('drops revocations of access tokens that have expired when the next event is decided, so the state stays bounded', () => {
    const first = accessRevoked(T0, T1 + MINUTE);
    const afterFirst = fold([...history, first]);
    // The issuance's token expires at T0 + 60 min; the one minted at T1 at T1 + 60 min.
    const [second] = decide(revokeAccessToken(T1, T0 + 61 * MINUTE), afterFirst);
    expect((second as AccessTokenRevoked).data.revokedAccessTokens.map((r) => r.jti)).toStrictEqual([accessToken(T1).jti]);
    const [refresh] = decide(refreshTokens(1, T1 + 61 * MINUTE), evolve(afterFirst, second));
    expect(refresh.data).not.toHaveProperty('revokedAccessTokens');
    expect((evolve(evolve(afterFirst, second), refresh) as ActiveTokenFamily).revokedAccessTokens).toStrictEqual([]);
  });

  it('never dates a revocation before the family\'s last event (a replica whose clock is behind)', () => {
    given(history).when(revokeAccessToken(T0, T1 - 5 * SECOND)).then([accessRevoked(T0, T1)]);
    const afterRevocation = fold([...history, accessRevoked(T0, T1 + MINUTE)]);
    const [refresh] = decide(refreshTokens(1, T1 + 30 * SECOND), afterRevocation);
    expect(refresh.data).toMatchObject({ refreshedAt: T1 + MINUTE });
  });

  it('is ignored by evolve once the family is revoked, and by an empty stream', () => {
    const revoked = fold([...history, tokenRevoked(T1 + MINUTE)]);
    expect(evolve(revoked, accessRevoked(T0, T1 + 2 * MINUTE))).toBe(revoked);
    expect(evolve(initialState(), accessRevoked(T0, T1))).toStrictEqual(initialState());
  });
});

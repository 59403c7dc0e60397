import { deciderSpec } from '../testing/decider-spec';
import { rehydrateFromFirstAndLast, tokenFamilyDecider } from './token-family.decider';
import type { RefreshFailureReason } from './token-family.errors';
import type { AccessTokenRevoked } from './token-family.events';
import {
  DAY,
  SECOND,
  T0,
  accessToken,
  issueTokens,
  refreshTokens,
  reuseRevoked,
  revokeAccessToken,
  rotated,
  tokenIssued,
} from './token-family.fixtures';

/*
 * DPoP (RFC 9449 §5): a public client's refresh tokens are bound to the key it proved, and a
 * bound family refuses a refresh without a proof by that key, appending nothing. Access tokens
 * are bound per request (their `jkt`), a confidential client's refresh tokens never.
 */

const given = deciderSpec(tokenFamilyDecider);

const KEY_A = 'A'.repeat(43);
const KEY_B = 'B'.repeat(43);
const T1 = T0 + DAY;

function rejected(reason: RefreshFailureReason) {
  return { error: expect.objectContaining({ name: 'RefreshRejected', code: 'invalid_grant', reason }) };
}

const boundAt = (at: number, jkt: string) => ({ ...accessToken(at), jkt });

describe('token family decider: DPoP binding', () => {
  it("binds a public client's family to the key proved at issuance, and its access token", () => {
    given([])
      .when(issueTokens({ dpop: { jkt: KEY_A, publicClient: true } }))
      .then([tokenIssued({ accessToken: boundAt(T0, KEY_A), dpopJkt: KEY_A })]);
  });

  it("binds only the access token of a confidential client (its refresh tokens are bound to its authentication)", () => {
    given([])
      .when(issueTokens({ dpop: { jkt: KEY_A, publicClient: false } }))
      .then([tokenIssued({ accessToken: boundAt(T0, KEY_A) })]);
  });

  it('binds nothing for a family without a refresh token beyond its access token', () => {
    given([])
      .when(issueTokens({ scopes: ['openid'], dpop: { jkt: KEY_A, publicClient: true } }))
      .then([tokenIssued({ scopes: ['openid'], refreshToken: null, refreshExpiresAt: null, idleExpiresAt: null, accessToken: boundAt(T0, KEY_A) })]);
  });

  it('refreshes a bound family with a proof by its key, carrying the binding forward', () => {
    given([tokenIssued({ dpopJkt: KEY_A })])
      .when(refreshTokens(0, T1, { dpop: { jkt: KEY_A, publicClient: true } }))
      .then([rotated(0, T1, { accessToken: boundAt(T1, KEY_A), dpopJkt: KEY_A })]);
  });

  it('refuses a bound family refreshed without a proof, appending nothing', () => {
    given([tokenIssued({ dpopJkt: KEY_A })]).when(refreshTokens(0, T1)).then(rejected('dpop_proof_required'));
  });

  it('refuses a bound family refreshed with a proof by another key, appending nothing', () => {
    given([tokenIssued({ dpopJkt: KEY_A })])
      .when(refreshTokens(0, T1, { dpop: { jkt: KEY_B, publicClient: true } }))
      .then(rejected('dpop_key_mismatch'));
  });

  it('refuses a leeway retry without the key too', () => {
    given([tokenIssued({ dpopJkt: KEY_A }), rotated(0, T1, { dpopJkt: KEY_A })])
      .when(refreshTokens(0, T1 + 5 * SECOND))
      .then(rejected('dpop_proof_required'));
  });

  it('still revokes on reuse of a rotated-out token, whoever presents it', () => {
    given([tokenIssued({ dpopJkt: KEY_A }), rotated(0, T1, { dpopJkt: KEY_A })])
      .when(refreshTokens(0, T1 + 5 * DAY, { dpop: { jkt: KEY_B, publicClient: true } }))
      .then([reuseRevoked(0, T1 + 5 * DAY)]);
  });

  it("binds an unbound public client's family at its first refresh with a proof", () => {
    given([tokenIssued()])
      .when(refreshTokens(0, T1, { dpop: { jkt: KEY_A, publicClient: true } }))
      .then([rotated(0, T1, { accessToken: boundAt(T1, KEY_A), dpopJkt: KEY_A })]);
  });

  it("never binds a confidential client's family: a proof binds that refresh's access token only", () => {
    given([tokenIssued()])
      .when(refreshTokens(0, T1, { dpop: { jkt: KEY_A, publicClient: false } }))
      .then([rotated(0, T1, { accessToken: boundAt(T1, KEY_A) })]);
    given([tokenIssued(), rotated(0, T1, { accessToken: boundAt(T1, KEY_A) })])
      .when(refreshTokens(1, T1 + SECOND))
      .then([rotated(1, T1 + SECOND)]);
  });

  it('keeps an unbound family unchanged without a proof (Bearer, as before DPoP)', () => {
    given([tokenIssued()]).when(refreshTokens(0, T1)).then([rotated(0, T1)]);
  });

  it('restores the binding from the first and the last event, wherever it was made', () => {
    const bindingRefresh = rotated(0, T1, { dpopJkt: KEY_A });
    expect(rehydrateFromFirstAndLast(tokenIssued(), bindingRefresh)).toMatchObject({ status: 'active', dpopJkt: KEY_A });
    expect(rehydrateFromFirstAndLast(tokenIssued({ dpopJkt: KEY_A }), tokenIssued({ dpopJkt: KEY_A }))).toMatchObject({ dpopJkt: KEY_A });
    expect(rehydrateFromFirstAndLast(tokenIssued(), tokenIssued())).toMatchObject({ dpopJkt: null });
  });

  describe('with an access token revoked on its own (AccessTokenRevoked carries the binding)', () => {
    const decideRevocation = (history: Parameters<typeof given>[0], mintedAt: number, at: number): AccessTokenRevoked => {
      const state = history.reduce(tokenFamilyDecider.evolve, tokenFamilyDecider.initialState());
      const decided = tokenFamilyDecider.decide(revokeAccessToken(mintedAt, at), state);
      expect(decided).toEqual([expect.objectContaining({ type: 'AccessTokenRevoked' })]);
      return (decided as AccessTokenRevoked[])[0]!;
    };

    it('records the binding in the revocation, so a family loaded from its first and last events stays bound', () => {
      const revocation = decideRevocation([tokenIssued(), rotated(0, T1, { dpopJkt: KEY_A })], T1, T1 + SECOND);
      expect(revocation.data.progress.dpopJkt).toBe(KEY_A);
      expect(rehydrateFromFirstAndLast(tokenIssued(), revocation)).toMatchObject({ status: 'active', dpopJkt: KEY_A });
    });

    it('still refuses a refresh without the key, or with another key, after the revocation', () => {
      const history = [tokenIssued({ dpopJkt: KEY_A })];
      const revocation = decideRevocation(history, T0, T0 + SECOND);
      given([...history, revocation]).when(refreshTokens(0, T1)).then(rejected('dpop_proof_required'));
      given([...history, revocation])
        .when(refreshTokens(0, T1, { dpop: { jkt: KEY_B, publicClient: true } }))
        .then(rejected('dpop_key_mismatch'));
    });

    it('records no binding for an unbound family', () => {
      const revocation = decideRevocation([tokenIssued()], T0, T0 + SECOND);
      expect(revocation.data.progress).not.toHaveProperty('dpopJkt');
      expect(rehydrateFromFirstAndLast(tokenIssued(), revocation)).toMatchObject({ dpopJkt: null });
    });
  });
});

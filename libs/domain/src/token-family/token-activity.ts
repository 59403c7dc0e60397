import type { RefreshFailureReason } from './token-family.errors';
import type { TokenFamilyState } from './token-family.state';

/** Whether a presented refresh token works at `now`, and if not, the stable reason why. */
export type RefreshTokenActivity =
  | { readonly active: true; readonly expiresAt: number | null }
  | { readonly active: false; readonly reason: RefreshFailureReason | 'rotated_out' };

/**
 * Answers introspection for a refresh token without deciding anything: the same checks, in the
 * same order, as a refresh, except that a rotated-out token is simply inactive (introspection
 * must not revoke). `expiresAt` is the earlier of the idle and absolute expiries.
 *
 * @see RFC 7662 §2.2
 */
export function refreshTokenActivity(
  state: TokenFamilyState,
  presented: { readonly authorizationServerId: string; readonly sequence: number; readonly hash: string },
  now: number,
): RefreshTokenActivity {
  if (state.status === 'empty') return { active: false, reason: 'unknown_token' };
  if (state.authorizationServerId !== presented.authorizationServerId) return { active: false, reason: 'wrong_authorization_server' };
  if (state.status === 'revoked') return { active: false, reason: 'family_revoked' };
  const current = state.currentRefreshToken;
  if (!current) return { active: false, reason: 'no_refresh_token' };
  if (presented.sequence !== current.sequence || presented.hash !== current.hash) {
    return { active: false, reason: presented.sequence < current.sequence ? 'rotated_out' : 'unknown_token' };
  }
  if (state.refreshExpiresAt !== null && now >= state.refreshExpiresAt) return { active: false, reason: 'absolute_expired' };
  if (state.idleExpiresAt !== null && now >= state.idleExpiresAt) return { active: false, reason: 'idle_expired' };
  const expiresAt =
    state.refreshExpiresAt === null ? state.idleExpiresAt : Math.min(state.refreshExpiresAt, state.idleExpiresAt ?? Infinity);
  return { active: true, expiresAt };
}

/**
 * Whether this access token was revoked on its own (RFC 7009 with an access token): its
 * family may still be active, but this token is not. Only unexpired revocations are kept in
 * the state, which is enough: an expired token is inactive anyway.
 */
export function isAccessTokenRevoked(state: TokenFamilyState, jti: string): boolean {
  return state.status !== 'empty' && state.revokedAccessTokens.some((r) => r.jti === jti);
}

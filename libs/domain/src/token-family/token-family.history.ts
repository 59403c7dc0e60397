import { refreshTokenActivity } from './token-activity';
import { tokenFamilyDecider } from './token-family.decider';
import type { RefreshFailureReason } from './token-family.errors';
import type { AccessTokenRecord, EpochMillis, Provenance, TokenFamilyEvent } from './token-family.events';
import type { TokenFamilyState } from './token-family.state';

/**
 * A family's status at an instant, as an auditor asks it: is its current refresh token good
 * at T, and if not, which of the terminal situations holds.
 */
export type FamilyStatus = 'not-yet-issued' | 'active' | 'revoked' | 'expired-absolute' | 'expired-idle';

/** The status and the stable reason code of SPEC §6.1 that a refresh at that instant would get. */
export interface FamilyStatusVerdict {
  readonly status: FamilyStatus;
  /**
   * `null` when the current refresh token works; otherwise the reason a refresh with it would be
   * refused: `unknown_token` (not yet issued), `family_revoked`, `absolute_expired`,
   * `idle_expired`, or `no_refresh_token` (a family issued without `offline_access`, which stays
   * `active` until revoked but cannot be refreshed).
   */
  readonly reason: RefreshFailureReason | null;
  /** When the current refresh token stops working (the earlier of idle and absolute expiry), if it works. */
  readonly expiresAt: EpochMillis | null;
}

/** Which configuration set the lifetime of an access token, and when that decision was taken. */
export interface AccessTokenDecision {
  readonly accessToken: AccessTokenRecord;
  readonly accessTokenLifetimeMinutes: number;
  readonly provenance: Provenance;
  readonly decidedAt: EpochMillis;
}

/** A family folded up to an instant: see {@link tokenFamilyAsOf}. */
export interface TokenFamilyAsOf {
  readonly at: EpochMillis;
  /** The state every event up to `at` produces, by the decider's own `evolve`. */
  readonly state: TokenFamilyState;
  readonly verdict: FamilyStatusVerdict;
  /** How many events (a prefix of the stream) happened at or before `at` and were folded. */
  readonly considered: number;
  /** The access token current at `at` and the configuration that set its lifetime. */
  readonly lastAccessToken: AccessTokenDecision | null;
  /**
   * Until when the refresh token the current one replaced is still accepted as a leeway retry
   * (it returns the same successor), when that window is open at `at`.
   */
  readonly leewayRetryUntil: EpochMillis | null;
}

/**
 * The instant an event happened as its decision recorded it (`issuedAt`, `refreshedAt`,
 * `revokedAt`): the clock of the command, never the store's `recordedAt`, so replaying a
 * history gives the answer the service gave at the time. `null` for a type this version does
 * not know.
 */
export function tokenFamilyEventInstant(event: TokenFamilyEvent): EpochMillis | null {
  switch (event.type) {
    case 'TokenIssued':
      return event.data.issuedAt;
    case 'TokenRefreshed':
      return event.data.refreshedAt;
    case 'TokenRevoked':
    case 'AccessTokenRevoked':
      return event.data.revokedAt;
    default:
      return null;
  }
}

/**
 * The status of a family state at `at`, by the checks a refresh of its current token makes,
 * in the same order ({@link refreshTokenActivity}): revoked first, then absolute, then idle
 * expiry.
 */
export function familyStatusAt(state: TokenFamilyState, at: EpochMillis): FamilyStatusVerdict {
  if (state.status === 'empty') return { status: 'not-yet-issued', reason: 'unknown_token', expiresAt: null };
  const current = state.currentRefreshToken;
  if (current === null) {
    return state.status === 'revoked'
      ? { status: 'revoked', reason: 'family_revoked', expiresAt: null }
      : { status: 'active', reason: 'no_refresh_token', expiresAt: null };
  }
  const activity = refreshTokenActivity(
    state,
    { authorizationServerId: state.authorizationServerId, sequence: current.sequence, hash: current.hash },
    at,
  );
  if (activity.active) return { status: 'active', reason: null, expiresAt: activity.expiresAt };
  switch (activity.reason) {
    case 'family_revoked':
      return { status: 'revoked', reason: 'family_revoked', expiresAt: null };
    case 'absolute_expired':
      return { status: 'expired-absolute', reason: 'absolute_expired', expiresAt: state.refreshExpiresAt };
    case 'idle_expired':
      return { status: 'expired-idle', reason: 'idle_expired', expiresAt: state.idleExpiresAt };
    default:
      // Unreachable for the current token of its own family on its own server; if a future
      // check adds a reason, report it rather than claim the token works.
      return { status: 'active', reason: activity.reason === 'rotated_out' ? 'unknown_token' : activity.reason, expiresAt: null };
  }
}

/**
 * "Was this family's refresh token valid at T, and why": folds, with the decider's own
 * `evolve`, the events of the stream that happened at or before `at` — the longest prefix of
 * the stream whose instants ({@link tokenFamilyEventInstant}) are ≤ `at` — and judges the
 * resulting state at `at`. The whole prefix is folded, not its first and last events, so a
 * revoked family keeps its progress as of the revocation.
 *
 * @param events the family's events in stream order.
 */
export function tokenFamilyAsOf(events: readonly TokenFamilyEvent[], at: EpochMillis): TokenFamilyAsOf {
  const { evolve, initialState } = tokenFamilyDecider;
  let state = initialState();
  let considered = 0;
  let lastAccessToken: AccessTokenDecision | null = null;
  for (const event of events) {
    const instant = tokenFamilyEventInstant(event);
    // A stream is ordered by decision; stopping at the first later event keeps a state that existed.
    if (instant !== null && instant > at) break;
    const next = evolve(state, event);
    considered += 1;
    // `evolve` returns the same state for an event it ignores (e.g. a refresh after revocation).
    if (next !== state) lastAccessToken = accessTokenDecision(event) ?? lastAccessToken;
    state = next;
  }
  const verdict = familyStatusAt(state, at);
  return { at, state, verdict, considered, lastAccessToken, leewayRetryUntil: leewayRetryUntil(state, verdict, at) };
}

/** The access token an event minted and the configuration that set its lifetime. */
export function accessTokenDecision(event: TokenFamilyEvent): AccessTokenDecision | null {
  switch (event.type) {
    case 'TokenIssued':
      return {
        accessToken: event.data.accessToken,
        accessTokenLifetimeMinutes: event.data.lifetimes.accessTokenMinutes,
        provenance: event.data.provenance,
        decidedAt: event.data.issuedAt,
      };
    case 'TokenRefreshed':
      return {
        accessToken: event.data.accessToken,
        accessTokenLifetimeMinutes: event.data.accessTokenLifetimeMinutes,
        provenance: event.data.provenance,
        decidedAt: event.data.refreshedAt,
      };
    default:
      return null;
  }
}

/** The end of the leeway of the previous token, when a retry with it would succeed at `at`. */
function leewayRetryUntil(state: TokenFamilyState, verdict: FamilyStatusVerdict, at: EpochMillis): EpochMillis | null {
  if (state.status !== 'active' || verdict.reason !== null) return null;
  if (state.previousRefreshToken === null || state.rotatedAt === null || state.rotation.type !== 'ROTATE') return null;
  const until = state.rotatedAt + state.rotation.leewaySeconds * 1_000;
  return at < until ? until : null;
}

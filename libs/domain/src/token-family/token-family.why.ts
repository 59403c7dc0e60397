import { refreshTokenActivity } from './token-activity';
import { tokenFamilyDecider } from './token-family.decider';
import type { RefreshFailureReason } from './token-family.errors';
import { accessTokenDecision } from './token-family.history';
import type {
  EpochMillis,
  Provenance,
  RefreshTokenRecord,
  RevokeReason,
  RotationSettings,
  TokenFamilyEvent,
} from './token-family.events';
import type { ActiveTokenFamily, RevokedTokenFamily } from './token-family.state';

/**
 * The token an auditor asks about, already reduced to what the ledger stores (never the raw
 * token): a refresh token whose MAC the caller checked, an access token whose signature the
 * caller checked, or a bare id (`<familyId>.<sequence>` or a `jti`) when no token was shown.
 */
export type TokenWhyQuery =
  | { readonly kind: 'refresh_token'; readonly sequence: number; readonly hash: string }
  | { readonly kind: 'access_token'; readonly jti: string }
  | { readonly kind: 'token_id'; readonly id: string };

/**
 * Why a token is (not) active: the refresh reasons of SPEC §6.1, plus `rotated_out` (a refresh
 * token replaced by its successor), `access_token_expired`, and `access_token_revoked` (an
 * access token revoked on its own, its family still active or revoked later). For a family revoked by reuse
 * detection, the token whose replay revoked it answers `reused_outside_leeway` and the family's
 * other tokens `family_revoked` (with the revocation's reason `reuse_detected`).
 */
export type TokenWhyReason = RefreshFailureReason | 'rotated_out' | 'access_token_expired' | 'access_token_revoked';

/**
 * A revocation as recorded: the family's, or, for an access token revoked on its own
 * (`access_token_revoked`), that token's (`tokenId` its `jti`).
 */
export interface RevocationFacts {
  readonly reason: RevokeReason;
  readonly requestedBy: string;
  readonly revokedAt: EpochMillis;
  readonly tokenId: string | null;
}

/** The configuration that set the lifetime that decides this token. */
export interface DecidingConfiguration {
  /** For a refresh token: its absolute lifetime and idle window, fixed at issuance. */
  readonly refreshTokenLifetimeMinutes?: number;
  readonly refreshTokenWindowMinutes?: number;
  /** For an access token: its lifetime, taken at the issuance or refresh that minted it. */
  readonly accessTokenLifetimeMinutes?: number;
  readonly rotation?: RotationSettings;
  readonly provenance: Provenance;
  /** When that configuration was applied (issuance, or the refresh that minted the token). */
  readonly decidedAt: EpochMillis;
}

/** The answer of {@link whyToken}. */
export interface TokenWhy {
  readonly active: boolean;
  /** `null` when active. */
  readonly reason: TokenWhyReason | null;
  readonly tokenType: 'refresh_token' | 'access_token' | null;
  /** Public id: `<familyId>.<sequence>` for a refresh token, the `jti` for an access token. */
  readonly tokenId: string | null;
  readonly family: {
    readonly familyId: string;
    readonly authorizationServerId: string;
    readonly clientId: string;
    readonly subject: string;
  } | null;
  readonly mintedAt: EpochMillis | null;
  /** When it expires (or expired), when that is what decides; `null` for a rotated-out token. */
  readonly expiresAt: EpochMillis | null;
  readonly revocation: RevocationFacts | null;
  /** When a refresh replaced this refresh token. */
  readonly rotatedOutAt: EpochMillis | null;
  /** Until when this rotated-out token is still accepted as a leeway retry, when that is now. */
  readonly leewayRetryUntil: EpochMillis | null;
  readonly decidedBy: DecidingConfiguration | null;
}

const UNKNOWN: TokenWhy = {
  active: false,
  reason: 'unknown_token',
  tokenType: null,
  tokenId: null,
  family: null,
  mintedAt: null,
  expiresAt: null,
  revocation: null,
  rotatedOutAt: null,
  leewayRetryUntil: null,
  decidedBy: null,
};

/** Answers `unknown_token` and nothing else: the ledger knows no such token. */
export function unknownTokenWhy(): TokenWhy {
  return UNKNOWN;
}

/**
 * Why the token `query` names is, or is not, active at `now`, judged on the family's whole
 * history (folded with the decider's `evolve`) by the same checks as refresh and introspection
 * ({@link refreshTokenActivity}; an access token lives until its `exp` unless the family is
 * revoked). A token the family never minted, or whose hash differs from the stored one, is
 * `unknown_token`.
 *
 * @param events the family's events in stream order.
 */
export function whyToken(events: readonly TokenFamilyEvent[], query: TokenWhyQuery, now: EpochMillis): TokenWhy {
  const { evolve, initialState } = tokenFamilyDecider;
  const state = events.reduce(evolve, initialState());
  if (state.status === 'empty') return UNKNOWN;
  const family = {
    familyId: state.familyId,
    authorizationServerId: state.authorizationServerId,
    clientId: state.clientId,
    subject: state.subject,
  };
  const revocation: RevocationFacts | null =
    state.status === 'revoked'
      ? { reason: state.reason, requestedBy: state.requestedBy, revokedAt: state.revokedAt, tokenId: state.revokedTokenId }
      : null;

  const refresh = query.kind === 'access_token' ? null : findRefreshToken(events, query);
  if (refresh) return whyRefreshToken(events, state, refresh, family, revocation, now);
  const jti = query.kind === 'access_token' ? query.jti : query.kind === 'token_id' ? query.id : null;
  const access = jti === null ? null : findAccessToken(events, jti);
  if (!access) return UNKNOWN;

  const expiresAt = access.accessToken.exp * 1_000;
  // Its own revocation, when there is one, came first: a revoked family appends no more.
  const own = ownRevocation(events, access.accessToken.jti);
  const reason: TokenWhyReason | null = own
    ? 'access_token_revoked'
    : revocation
      ? 'family_revoked'
      : now >= expiresAt
        ? 'access_token_expired'
        : null;
  return {
    ...UNKNOWN,
    active: reason === null,
    reason,
    tokenType: 'access_token',
    tokenId: access.accessToken.jti,
    family,
    mintedAt: access.decidedAt,
    expiresAt,
    revocation: own ?? revocation,
    decidedBy: {
      accessTokenLifetimeMinutes: access.accessTokenLifetimeMinutes,
      provenance: access.provenance,
      decidedAt: access.decidedAt,
    },
  };
}

/** A refresh token the family minted, and when. */
interface MintedRefreshToken {
  readonly record: RefreshTokenRecord;
  readonly mintedAt: EpochMillis;
}

function whyRefreshToken(
  events: readonly TokenFamilyEvent[],
  state: ActiveTokenFamily | RevokedTokenFamily,
  minted: MintedRefreshToken,
  family: NonNullable<TokenWhy['family']>,
  revocation: RevocationFacts | null,
  now: EpochMillis,
): TokenWhy {
  const { record } = minted;
  const decidedBy: DecidingConfiguration = {
    refreshTokenLifetimeMinutes: state.lifetimes.refreshTokenMinutes,
    refreshTokenWindowMinutes: state.lifetimes.refreshTokenWindowMinutes,
    rotation: state.rotation,
    provenance: state.provenance,
    decidedAt: state.issuedAt,
  };
  const rotatedOutAt = rotationOf(events, record.sequence);
  const base = { ...UNKNOWN, tokenType: 'refresh_token' as const, tokenId: record.id, family, mintedAt: minted.mintedAt, revocation, rotatedOutAt, decidedBy };

  if (state.status === 'revoked') {
    const replayed = state.reason === 'reuse_detected' && state.revokedTokenId === record.id;
    return { ...base, reason: replayed ? 'reused_outside_leeway' : 'family_revoked' };
  }
  const activity = refreshTokenActivity(
    state,
    { authorizationServerId: state.authorizationServerId, sequence: record.sequence, hash: record.hash },
    now,
  );
  if (activity.active) return { ...base, active: true, reason: null, expiresAt: activity.expiresAt };
  if (activity.reason === 'rotated_out') {
    return { ...base, reason: 'rotated_out', leewayRetryUntil: leewayFor(state, record, now) };
  }
  const expiresAt =
    activity.reason === 'absolute_expired' ? state.refreshExpiresAt : activity.reason === 'idle_expired' ? state.idleExpiresAt : null;
  return { ...base, reason: activity.reason, expiresAt };
}

/**
 * The refresh token the query names, as the family minted it. A presented token must match
 * the stored hash of its sequence (a valid MAC with another secret was never handed out).
 */
function findRefreshToken(
  events: readonly TokenFamilyEvent[],
  query: Extract<TokenWhyQuery, { kind: 'refresh_token' | 'token_id' }>,
): MintedRefreshToken | null {
  for (const event of events) {
    const minted =
      event.type === 'TokenIssued'
        ? event.data.refreshToken && { record: event.data.refreshToken, mintedAt: event.data.issuedAt }
        : event.type === 'TokenRefreshed'
          ? { record: event.data.refreshToken, mintedAt: event.data.refreshedAt }
          : null;
    if (!minted) continue;
    const matches =
      query.kind === 'refresh_token'
        ? minted.record.sequence === query.sequence && minted.record.hash === query.hash
        : minted.record.id === query.id;
    // The first event carrying a token minted it; STATIC refreshes repeat the same record.
    if (matches) return minted;
  }
  return null;
}

function findAccessToken(events: readonly TokenFamilyEvent[], jti: string) {
  for (const event of events) {
    const decision = accessTokenDecision(event);
    if (decision && decision.accessToken.jti === jti) return decision;
  }
  return null;
}

/** The revocation of this access token on its own (RFC 7009 with the access token), if any. */
function ownRevocation(events: readonly TokenFamilyEvent[], jti: string): RevocationFacts | null {
  for (const event of events) {
    if (event.type === 'AccessTokenRevoked' && event.data.jti === jti) {
      const { reason, requestedBy, revokedAt } = event.data;
      return { reason, requestedBy, revokedAt, tokenId: jti };
    }
  }
  return null;
}

/** When the refresh token of `sequence` was replaced: the first refresh that minted a later one. */
function rotationOf(events: readonly TokenFamilyEvent[], sequence: number): EpochMillis | null {
  for (const event of events) {
    if (event.type === 'TokenRefreshed' && event.data.refreshToken.sequence > sequence) return event.data.refreshedAt;
  }
  return null;
}

/** The same leeway test as a refresh: only the immediately previous token, only under ROTATE. */
function leewayFor(state: ActiveTokenFamily, record: RefreshTokenRecord, now: EpochMillis): EpochMillis | null {
  const previous = state.previousRefreshToken;
  if (previous === null || previous.sequence !== record.sequence || state.rotatedAt === null) return null;
  if (state.rotation.type !== 'ROTATE') return null;
  const until = state.rotatedAt + state.rotation.leewaySeconds * 1_000;
  return now < until ? until : null;
}

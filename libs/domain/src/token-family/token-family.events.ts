import type { DomainEvent } from '../decider';

/** All instants in events are epoch milliseconds (UTC). JWT `exp`/`iat` stay in seconds. */
export type EpochMillis = number;

export type RotationType = 'ROTATE' | 'STATIC';

/** Which configuration decided a lifetime: auditors replay "why does this token live 7 days". */
export interface Provenance {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly ruleId: string;
  /** Revision of the `authorizationServer-<id>` stream (its policies and rules) in force. */
  readonly configVersion: number;
}

/** A refresh token as recorded: its public id (`<familyId>.<sequence>`) and SHA-256 of its secret. */
export interface RefreshTokenRecord {
  readonly id: string;
  readonly sequence: number;
  /** Hex SHA-256 of the secret part; the raw token is never stored. */
  readonly hash: string;
}

export interface AccessTokenRecord {
  readonly jti: string;
  /** JWT `iat`/`exp`, epoch seconds. */
  readonly iat: number;
  readonly exp: number;
  /**
   * RFC 9449 `cnf.jkt`: thumbprint of the DPoP key the access token is bound to (a `DPoP`
   * token); absent for a `Bearer` token.
   */
  readonly jkt?: string;
}

export interface Lifetimes {
  readonly accessTokenMinutes: number;
  /** 0 = unlimited. */
  readonly refreshTokenMinutes: number;
  /** "but will expire if not used every" (idle window). */
  readonly refreshTokenWindowMinutes: number;
}

export interface RotationSettings {
  readonly type: RotationType;
  readonly leewaySeconds: number;
}

export interface TokenIssuedData {
  readonly familyId: string;
  readonly authorizationServerId: string;
  readonly clientId: string;
  readonly subject: string;
  readonly username?: string;
  /** The person's user id (access tokens' `uid`), when the login service gave one. */
  readonly userId?: string;
  readonly groups?: readonly string[];
  /** Scopes granted to the family (a refresh may narrow per response, never widen). */
  readonly scopes: readonly string[];
  /** The grant the caller completed (`authorization_code`, `client_credentials`, ...). */
  readonly grantType: string;
  /** `null` when no refresh token was issued (no `offline_access`, or `client_credentials`). */
  readonly refreshToken: RefreshTokenRecord | null;
  readonly accessToken: AccessTokenRecord;
  readonly idToken?: { readonly jti: string } | null;
  readonly lifetimes: Lifetimes;
  /** Absolute refresh expiry fixed at issuance, never extended; `null` = unlimited or no refresh token. */
  readonly refreshExpiresAt: EpochMillis | null;
  /** Idle expiry of the current refresh token; `null` when no refresh token. */
  readonly idleExpiresAt: EpochMillis | null;
  readonly rotation: RotationSettings;
  readonly provenance: Provenance;
  readonly issuedAt: EpochMillis;
  readonly authTime?: number;
  /**
   * RFC 9449 §5: thumbprint of the DPoP key the family's refresh tokens are bound to (a public
   * client that proved a key at issuance); absent = not bound.
   */
  readonly dpopJkt?: string;
}

/**
 * A successful refresh. State-carrying: it holds the family's whole mutable state after the
 * refresh, so the current state is `evolve(evolve(initial, TokenIssued), last event)` and a
 * refresh costs the same however long the history is.
 */
export interface TokenRefreshedData {
  readonly familyId: string;
  /** Number of rotations so far (the current refresh token's sequence). */
  readonly generation: number;
  /** The token presented. */
  readonly presentedRefreshTokenId: string;
  /** The token now current (equal to the presented one under STATIC rotation). */
  readonly refreshToken: RefreshTokenRecord;
  /** The token the current one replaced, kept for the leeway retry; `null` if never rotated. */
  readonly previousRefreshToken: RefreshTokenRecord | null;
  /** When the current token was minted by rotation (start of its leeway); `null` if never rotated. */
  readonly rotatedAt: EpochMillis | null;
  /** Scopes in this response when narrower than the grant; absent = the whole grant. */
  readonly narrowedScopes?: readonly string[];
  readonly accessToken: AccessTokenRecord;
  readonly idToken?: { readonly jti: string } | null;
  readonly idleExpiresAt: EpochMillis;
  /** Provenance of this access token's lifetime (configuration in force at this refresh). */
  readonly accessTokenLifetimeMinutes: number;
  readonly provenance: Provenance;
  /** True when the immediately previous token was presented again inside the leeway. */
  readonly leewayRetry: boolean;
  readonly refreshedAt: EpochMillis;
  /**
   * The access tokens revoked on their own that are still unexpired at `refreshedAt`, carried
   * so they stay revoked after the refresh; absent when there are none.
   */
  readonly revokedAccessTokens?: readonly RevokedAccessTokenRecord[];
  /**
   * Thumbprint of the DPoP key the family's refresh tokens are bound to, carried by every
   * refresh once bound (at issuance or by this or an earlier refresh); absent = not bound.
   */
  readonly dpopJkt?: string;
}

export type RevokeReason =
  | 'client_request'
  | 'reuse_detected'
  | 'admin'
  | 'user_logout'
  | 'client_disabled';

export interface TokenRevokedData {
  readonly familyId: string;
  /** The token named in the request, if any (refresh token id or access token jti). */
  readonly tokenId?: string;
  readonly reason: RevokeReason;
  /** Who asked: `client:<id>`, `admin:<name>`, or `system` for reuse detection. */
  readonly requestedBy: string;
  readonly revokedAt: EpochMillis;
}

/** An access token revoked on its own (its family and other tokens unaffected). */
export interface RevokedAccessTokenRecord {
  readonly jti: string;
  /** Its JWT `exp`, epoch seconds: after it the entry is dropped (the token is dead anyway). */
  readonly exp: number;
  readonly revokedAt: EpochMillis;
}

/**
 * The family's refresh side as the last refresh (or the issuance) left it (the state's
 * `TokenFamilyProgress` but its revoked access tokens). An access-token revocation does not
 * change it but carries it whole, so the first-and-last load stays exact when the revocation
 * is the stream's last event.
 */
export interface TokenFamilyProgressRecord {
  readonly generation: number;
  readonly currentRefreshToken: RefreshTokenRecord | null;
  readonly previousRefreshToken: RefreshTokenRecord | null;
  readonly rotatedAt: EpochMillis | null;
  readonly idleExpiresAt: EpochMillis | null;
  readonly lastAccessToken: AccessTokenRecord;
  readonly lastRefreshedAt: EpochMillis | null;
  /** The DPoP binding of the refresh tokens, as `TokenRefreshed` carries it; absent = not bound. */
  readonly dpopJkt?: string;
}

/**
 * One access token revoked at its client's request (RFC 7009), as in Okta: the refresh token
 * and the family's other access tokens stay active. State-carrying like `TokenRefreshed`.
 */
export interface AccessTokenRevokedData {
  readonly familyId: string;
  readonly jti: string;
  /** The token's JWT `exp`, epoch seconds (a resource server may forget the revocation after it). */
  readonly exp: number;
  readonly reason: RevokeReason;
  /** Who asked: `client:<id>`. */
  readonly requestedBy: string;
  readonly revokedAt: EpochMillis;
  /** Every access token of the family revoked on its own and unexpired at `revokedAt`, this one included. */
  readonly revokedAccessTokens: readonly RevokedAccessTokenRecord[];
  /** The family's progress, unchanged by this event. */
  readonly progress: TokenFamilyProgressRecord;
}

export type TokenIssued = DomainEvent<'TokenIssued', TokenIssuedData>;
export type TokenRefreshed = DomainEvent<'TokenRefreshed', TokenRefreshedData>;
export type TokenRevoked = DomainEvent<'TokenRevoked', TokenRevokedData>;
export type AccessTokenRevoked = DomainEvent<'AccessTokenRevoked', AccessTokenRevokedData>;
export type TokenFamilyEvent = TokenIssued | TokenRefreshed | TokenRevoked | AccessTokenRevoked;

export const TOKEN_FAMILY_EVENT_TYPES = ['TokenIssued', 'TokenRefreshed', 'TokenRevoked', 'AccessTokenRevoked'] as const;

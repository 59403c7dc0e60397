import type {
  AccessTokenRecord,
  EpochMillis,
  Lifetimes,
  Provenance,
  RefreshTokenRecord,
  RevokedAccessTokenRecord,
  RevokeReason,
  RotationSettings,
} from './token-family.events';

/** A family whose stream has no events yet: the only state `IssueTokens` accepts. */
export interface EmptyTokenFamily {
  readonly status: 'empty';
}

/**
 * What the issuance fixed for the family's whole life. Set by `TokenIssued` and never changed,
 * which is why loading the first event is enough to know them.
 */
export interface TokenFamilyFacts {
  readonly familyId: string;
  readonly authorizationServerId: string;
  readonly clientId: string;
  readonly subject: string;
  /** `null` when the login service did not send one. */
  readonly username: string | null;
  /** The person's user id (Okta's `uid` claim), or `null` when the login service gave none. */
  readonly userId: string | null;
  readonly groups: readonly string[];
  /** The grant; a refresh may narrow one response, never the grant itself. */
  readonly scopes: readonly string[];
  readonly grantType: string;
  readonly lifetimes: Lifetimes;
  readonly rotation: RotationSettings;
  /** Absolute refresh expiry, never extended by rotation; `null` = unlimited or no refresh token. */
  readonly refreshExpiresAt: EpochMillis | null;
  /** The policy rule and configuration version that produced the lifetimes. */
  readonly provenance: Provenance;
  readonly issuedAt: EpochMillis;
  /** `auth_time` (epoch seconds) of the login behind the family; `null` when unknown. */
  readonly authTime: number | null;
}

/**
 * What each refresh changes. Every field is carried whole by `TokenRefreshed`, so the last
 * refresh alone restores it (the O(1) load).
 */
export interface TokenFamilyProgress {
  /** Rotations so far; equals the current refresh token's sequence (0 when none was issued). */
  readonly generation: number;
  /** The refresh token that works now; `null` when the family has none (no `offline_access`). */
  readonly currentRefreshToken: RefreshTokenRecord | null;
  /** The token the current one replaced (the leeway retry accepts it); `null` if never rotated. */
  readonly previousRefreshToken: RefreshTokenRecord | null;
  /** When the current token was minted by rotation (start of its leeway); `null` if never rotated. */
  readonly rotatedAt: EpochMillis | null;
  /** End of the idle window of the current token; `null` when the family has no refresh token. */
  readonly idleExpiresAt: EpochMillis | null;
  /** The most recently minted access token. */
  readonly lastAccessToken: AccessTokenRecord;
  /** When the family was last refreshed; `null` if never. */
  readonly lastRefreshedAt: EpochMillis | null;
  /**
   * Access tokens revoked on their own (RFC 7009, as Okta), unexpired as of the family's last
   * event: expired entries are dropped whenever an event is decided, so the list stays as short
   * as the number of live access tokens.
   */
  readonly revokedAccessTokens: readonly RevokedAccessTokenRecord[];
  /** Thumbprint of the DPoP key the refresh tokens are bound to (RFC 9449 §5); `null` = not bound. */
  readonly dpopJkt: string | null;
}

/** A family whose refresh token may still work, subject to the expiry checks against `now`. */
export interface ActiveTokenFamily extends TokenFamilyFacts, TokenFamilyProgress {
  readonly status: 'active';
}

/**
 * A revoked family: terminal. Its progress fields are as of the revocation when the state is
 * folded from every event, but as of issuance when it is rehydrated from the first and the last
 * event (see {@link REVOKED_PROGRESS_FIELDS}); no decision reads them once revoked.
 */
export interface RevokedTokenFamily extends TokenFamilyFacts, TokenFamilyProgress {
  readonly status: 'revoked';
  readonly revokedAt: EpochMillis;
  readonly reason: RevokeReason;
  /** `client:<id>`, `admin:<name>`, or `system` (reuse detection). */
  readonly requestedBy: string;
  /** The token named by the revocation (the reused refresh token, or the one a client sent). */
  readonly revokedTokenId: string | null;
}

/**
 * The state of one token family. Expiry is not a status: time passes without events, so
 * expiry is computed from `now` when a command is decided.
 */
export type TokenFamilyState = EmptyTokenFamily | ActiveTokenFamily | RevokedTokenFamily;

/**
 * The fields of a revoked state that a first-and-last rehydration cannot restore, because the
 * revocation event does not carry the last refresh: there they hold the issuance values. Every
 * other field, and every decision taken on the state, is the same as with a full fold.
 */
export const REVOKED_PROGRESS_FIELDS = [
  'generation',
  'currentRefreshToken',
  'previousRefreshToken',
  'rotatedAt',
  'idleExpiresAt',
  'lastAccessToken',
  'lastRefreshedAt',
  'revokedAccessTokens',
  'dpopJkt',
] as const satisfies readonly (keyof TokenFamilyProgress)[];

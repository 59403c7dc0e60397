import type {
  AccessTokenRecord,
  EpochMillis,
  Lifetimes,
  Provenance,
  RefreshTokenRecord,
  RevokeReason,
  RotationSettings,
} from './token-family.events';
import type { PolicyView } from '../policy/policy-view';

/** An access token minted for a refresh: its `exp` is decided with the policy. */
export type MintedAccessToken = Omit<AccessTokenRecord, 'exp'>;

/**
 * The key of a DPoP proof the handler verified for this request (RFC 9449 §4.3).
 */
export interface DpopProofKey {
  /** RFC 7638 SHA-256 thumbprint of the proof's public key. */
  readonly jkt: string;
  /**
   * The client is public (`none`): refresh tokens issued with a proof are bound to its key
   * (RFC 9449 §5). A confidential client's are bound to its authentication instead.
   */
  readonly publicClient: boolean;
}

/**
 * Commands carry everything `decide` needs: the clock (`now`), freshly minted token ids and
 * hashes, the resolved policy. The handler does that I/O before deciding.
 */
export interface IssueTokens {
  readonly type: 'IssueTokens';
  readonly data: {
    readonly familyId: string;
    readonly authorizationServerId: string;
    readonly clientId: string;
    readonly subject: string;
    readonly username?: string;
    readonly userId?: string;
    readonly groups?: readonly string[];
    readonly scopes: readonly string[];
    readonly grantType: string;
    readonly refreshToken: RefreshTokenRecord | null;
    readonly accessToken: AccessTokenRecord;
    readonly idToken?: { readonly jti: string } | null;
    readonly lifetimes: Lifetimes;
    readonly rotation: RotationSettings;
    readonly provenance: Provenance;
    readonly authTime?: number;
    readonly now: EpochMillis;
    /** The proof of possession this issuance was requested with, if any. */
    readonly dpop?: DpopProofKey;
  };
}

/** The presented refresh token, already parsed and authenticated (MAC checked) by the handler. */
export interface PresentedRefreshToken {
  /** Public id of the presented token (`<familyId>.<sequence>`): named in a reuse revocation. */
  readonly id: string;
  readonly familyId: string;
  readonly sequence: number;
  /** Hex SHA-256 of the presented secret. */
  readonly hash: string;
  /**
   * The token the server derives from the presented one (`sequence + 1`, deterministic), i.e.
   * the successor a rotation mints, and the one a leeway retry must hand back again.
   */
  readonly successor: RefreshTokenRecord;
}

export interface RefreshTokens {
  readonly type: 'RefreshTokens';
  readonly data: {
    readonly presented: PresentedRefreshToken;
    /** The authenticated client. */
    readonly clientId: string;
    readonly authorizationServerId: string;
    /** Requested scopes; `undefined` = the whole grant (RFC 6749 §6). */
    readonly requestedScopes?: readonly string[];
    /** The access token's id and issue time; its expiry follows from the rule the policy picks. */
    readonly accessToken: MintedAccessToken;
    /** Minted when `openid` is in the resulting scopes; the decider records it only then. */
    readonly idToken?: { readonly jti: string } | null;
    /**
     * The authorization server's configuration in force now: the access-token lifetime comes
     * from the rule it matches for this family (SPEC §2), evaluated after every check that
     * makes the token unusable.
     */
    readonly policy: PolicyView;
    /**
     * This replica's clock. The decision is taken at the later of it and the family's last
     * event, so a clock behind another replica's never moves the family's times back.
     */
    readonly now: EpochMillis;
    /**
     * How far `now` may be behind the family's last event before the refresh is refused
     * (`clock_behind`) rather than decided at that event's time; `undefined` = no bound.
     */
    readonly maxClockSkewMs?: number;
    /** The DPoP proof sent with this refresh, already verified; absent when none was sent. */
    readonly dpop?: DpopProofKey;
    /**
     * The family's client's status in force where its `TokenIssued` stands in the global log
     * (read by the handler from the configuration registry); absent when not known. A family
     * issued while its client was INACTIVE (by a replica that had not yet seen the
     * deactivation) never refreshes, even once the client is active again.
     */
    readonly clientStatusAtIssuance?: 'ACTIVE' | 'INACTIVE';
  };
}

export interface RevokeFamily {
  readonly type: 'RevokeFamily';
  readonly data: {
    readonly familyId: string;
    readonly tokenId?: string;
    readonly reason: RevokeReason;
    readonly requestedBy: string;
    /** When set, only this client may revoke (RFC 7009 §2.1); another client's request is a no-op. */
    readonly onlyForClientId?: string;
    /** When set, a family of another authorization server is left alone (a no-op). */
    readonly authorizationServerId?: string;
    /**
     * The client asking through RFC 7009: a family of another client is refused
     * (`RevocationRejected`), unlike `onlyForClientId`, which makes it a no-op.
     */
    readonly requestingClientId?: string;
    readonly now: EpochMillis;
  };
}

/** Revoke one access token of a family (RFC 7009 with an access token, as Okta). */
export interface RevokeAccessToken {
  readonly type: 'RevokeAccessToken';
  readonly data: {
    readonly familyId: string;
    /** From the verified JWT: its `jti` and `exp` (epoch seconds). */
    readonly accessToken: { readonly jti: string; readonly exp: number };
    readonly reason: RevokeReason;
    readonly requestedBy: string;
    /** The client asking: another client's token is refused (`RevocationRejected`). */
    readonly requestingClientId: string;
    /** A family of another authorization server is left alone (a no-op). */
    readonly authorizationServerId: string;
    readonly now: EpochMillis;
  };
}

export type TokenFamilyCommand = IssueTokens | RefreshTokens | RevokeFamily | RevokeAccessToken;

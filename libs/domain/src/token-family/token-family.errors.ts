/**
 * Why a refresh was refused: a stable code that ops and auditors query, finer than the
 * single `invalid_grant` Okta puts on the wire for every cause.
 *
 * `reused_outside_leeway` is never thrown by the decider (reuse is an event, `TokenRevoked`);
 * the handler answers with it after appending the revocation.
 */
export type RefreshFailureReason =
  | 'unknown_token'
  | 'wrong_authorization_server'
  | 'client_mismatch'
  | 'family_revoked'
  | 'absolute_expired'
  | 'idle_expired'
  | 'reused_outside_leeway'
  | 'no_refresh_token'
  | 'scope_widening'
  | 'no_matching_rule'
  | 'clock_behind'
  /** The family is bound to a DPoP key (RFC 9449 §5) and the request carried no proof. */
  | 'dpop_proof_required'
  /** The family is bound to a DPoP key and the proof was made with another one. */
  | 'dpop_key_mismatch';

/**
 * The OAuth error (RFC 6749 §5.2) a refusal maps to on the wire. `clock_behind` is the
 * server's fault, not the token's: `temporarily_unavailable` tells the client to keep its
 * refresh token and retry (another replica, or this one once its clock is corrected).
 */
export type RefreshErrorCode = 'invalid_grant' | 'invalid_scope' | 'access_denied' | 'temporarily_unavailable';

/** Ids that locate a refusal in logs; token ids are public (`<familyId>.<sequence>`), never secrets. */
export interface RefreshRejectedContext {
  readonly familyId?: string;
  readonly tokenId?: string;
}

/**
 * A refresh request refused by the token-family rules. `code` is the RFC error, `reason` the
 * stable cause; the message holds only the reason and ids, never token material.
 *
 * @see RFC 6749 §5.2
 */
export class RefreshRejected extends Error {
  /**
   * The OAuth error: `invalid_scope` for a widening, `access_denied` when no rule matches,
   * `temporarily_unavailable` for a clock behind, `invalid_grant` otherwise.
   */
  readonly code: RefreshErrorCode;
  readonly familyId: string | null;
  readonly tokenId: string | null;

  constructor(
    readonly reason: RefreshFailureReason,
    context: RefreshRejectedContext = {},
  ) {
    const familyId = context.familyId ?? null;
    const tokenId = context.tokenId ?? null;
    const where = [familyId && `family ${familyId}`, tokenId && `token ${tokenId}`].filter(Boolean);
    super(`refresh rejected: ${reason}${where.length ? ` (${where.join(', ')})` : ''}`);
    this.name = 'RefreshRejected';
    this.code = refreshErrorCode(reason);
    this.familyId = familyId;
    this.tokenId = tokenId;
  }
}

function refreshErrorCode(reason: RefreshFailureReason): RefreshErrorCode {
  if (reason === 'scope_widening') return 'invalid_scope';
  if (reason === 'clock_behind') return 'temporarily_unavailable';
  // Okta answers a refresh that no rule of the policy allows any more with access_denied.
  if (reason === 'no_matching_rule') return 'access_denied';
  return 'invalid_grant';
}

/**
 * `IssueTokens` met a stream that already holds a family: family ids are fresh random values,
 * so this is a broken invariant (or a replayed command), not a client error.
 */
export class FamilyAlreadyExists extends Error {
  readonly code = 'conflict' as const;

  constructor(readonly familyId: string) {
    super(`token family ${familyId} already exists`);
    this.name = 'FamilyAlreadyExists';
  }
}

/** Why a revocation request was refused (RFC 7009 §2.1). */
export type RevocationFailureReason = 'not_issued_to_client';

/**
 * An RFC 7009 revocation refused: the token (a refresh token or an access token of this
 * authorization server) was issued to another client, and a client may only revoke its own
 * tokens. Nothing is appended. The message holds the family id only, never token material.
 *
 * @see RFC 7009 §2.1
 */
export class RevocationRejected extends Error {
  /** The OAuth error on the wire, as node-oidc-provider answers this case. */
  readonly code = 'invalid_request' as const;

  constructor(
    readonly reason: RevocationFailureReason,
    readonly familyId: string,
  ) {
    super(`revocation rejected: ${reason} (family ${familyId})`);
    this.name = 'RevocationRejected';
  }
}

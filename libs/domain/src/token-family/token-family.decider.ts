import type { Decider } from '../decider';
import { evaluatePolicy } from '../policy/evaluate-policy';
import type {
  IssueTokens,
  PresentedRefreshToken,
  RefreshTokens,
  RevokeAccessToken,
  RevokeFamily,
  TokenFamilyCommand,
} from './token-family.commands';
import { FamilyAlreadyExists, RefreshRejected, RevocationRejected } from './token-family.errors';
import type {
  AccessTokenRecord,
  AccessTokenRevoked,
  AccessTokenRevokedData,
  Provenance,
  RefreshTokenRecord,
  RevokedAccessTokenRecord,
  TokenFamilyEvent,
  TokenIssued,
  TokenIssuedData,
  TokenRefreshed,
  TokenRefreshedData,
  TokenRevoked,
} from './token-family.events';
import type { ActiveTokenFamily, TokenFamilyProgress, TokenFamilyState } from './token-family.state';

const MS_PER_MINUTE = 60_000;
const MS_PER_SECOND = 1_000;
const SECONDS_PER_MINUTE = 60;

/** Okta requires this scope for a refresh token to be issued. */
const OFFLINE_ACCESS = 'offline_access';
/** An ID token is minted only when this scope is in the response. */
const OPENID = 'openid';

/** The state of a stream with no events. */
function initialState(): TokenFamilyState {
  return { status: 'empty' };
}

/**
 * Decides the events a token-family command produces, or throws a domain error.
 *
 * Expected outcomes are events (a reused refresh token revokes the family and the revocation
 * must be appended); refusals throw {@link RefreshRejected}; a broken invariant throws
 * {@link FamilyAlreadyExists}. Never reads the clock: `now` is in the command.
 */
function decide(command: TokenFamilyCommand, state: TokenFamilyState): TokenFamilyEvent[] {
  switch (command.type) {
    case 'IssueTokens':
      return decideIssue(command, state);
    case 'RefreshTokens':
      return decideRefresh(command, state);
    case 'RevokeFamily':
      return decideRevoke(command, state);
    case 'RevokeAccessToken':
      return decideRevokeAccessToken(command, state);
  }
}

/**
 * Applies one event. Total and never throws: events that cannot apply to the state (which a
 * valid history never holds) leave it unchanged. `TokenRefreshed` replaces the whole mutable
 * part of the state from the event alone, which is what makes the first-and-last load exact.
 */
function evolve(state: TokenFamilyState, event: TokenFamilyEvent): TokenFamilyState {
  switch (event.type) {
    case 'TokenIssued':
      // A family is born once; a second issuance (never decided) must not reset it.
      return state.status === 'empty' ? activeFromIssued(event.data) : state;
    case 'TokenRefreshed':
      // Revocation is terminal: nothing after it changes the family.
      return state.status === 'active' ? { ...state, ...progressFromRefreshed(event.data) } : state;
    case 'TokenRevoked':
      // The first revocation is the one that counts; later ones are history only.
      if (state.status !== 'active') return state;
      return {
        ...state,
        status: 'revoked',
        revokedAt: event.data.revokedAt,
        reason: event.data.reason,
        requestedBy: event.data.requestedBy,
        revokedTokenId: event.data.tokenId ?? null,
      };
    case 'AccessTokenRevoked':
      // Like a refresh, the event carries the whole mutable part: the first-and-last load is exact.
      return state.status === 'active' ? { ...state, ...progressFromAccessTokenRevoked(event.data) } : state;
    default:
      // Unknown event types (a newer writer) are ignored rather than crashing a load.
      return state;
  }
}

/**
 * The token-family decider: one `tokenFamily-<familyId>` stream per family.
 *
 * @see SPEC §5 (refresh-token semantics)
 */
export const tokenFamilyDecider: Decider<TokenFamilyCommand, TokenFamilyEvent, TokenFamilyState> = {
  decide,
  evolve,
  initialState,
};

/**
 * Rebuilds a family from the first and the last event of its stream only (the O(1) load).
 *
 * Exact for every active family, because `TokenRefreshed` carries the whole mutable state. For
 * a revoked family, the fields listed in `REVOKED_PROGRESS_FIELDS` hold their issuance values
 * (the revocation does not carry the last refresh); no decision reads them. `last` may be
 * `first` itself when the stream has one event.
 */
export function rehydrateFromFirstAndLast(first: TokenFamilyEvent, last: TokenFamilyEvent): TokenFamilyState {
  return evolve(evolve(initialState(), first), last);
}

/** What a decided refresh means for the handler: tokens to return, or a revocation to report. */
export type RefreshOutcome =
  | { readonly outcome: 'refreshed'; readonly event: TokenRefreshed }
  | { readonly outcome: 'reuse_detected'; readonly event: TokenRevoked }
  | { readonly outcome: 'issued_while_client_inactive'; readonly event: TokenRevoked };

/**
 * Tells the refresh handler what the events decided for a `RefreshTokens` mean. After
 * `reuse_detected` the handler appends the revocation first, then answers `invalid_grant`
 * (reason `reused_outside_leeway`), as node-oidc-provider does; after
 * `issued_while_client_inactive` likewise (reason `issued_while_client_inactive`).
 *
 * @throws Error when the events are not the outcome of a refresh (a programming error).
 */
export function classifyRefresh(events: readonly TokenFamilyEvent[]): RefreshOutcome {
  if (events.length === 1) {
    const [event] = events;
    if (event.type === 'TokenRefreshed') return { outcome: 'refreshed', event };
    if (event.type === 'TokenRevoked' && event.data.reason === 'reuse_detected') {
      return { outcome: 'reuse_detected', event };
    }
    if (event.type === 'TokenRevoked' && event.data.reason === 'client_disabled' && event.data.requestedBy === 'system') {
      return { outcome: 'issued_while_client_inactive', event };
    }
  }
  const types = events.map((e) => e.type).join(', ') || 'no events';
  throw new Error(`not the outcome of a refresh: ${types}`);
}

function decideIssue(command: IssueTokens, state: TokenFamilyState): TokenIssued[] {
  const c = command.data;
  if (state.status !== 'empty') throw new FamilyAlreadyExists(state.familyId);
  const scopes = unique(c.scopes);
  // Enforced here as well as in the handler: without offline_access there is no refresh token.
  const refreshToken = scopes.includes(OFFLINE_ACCESS) ? c.refreshToken : null;
  const hasRefreshToken = refreshToken !== null;
  const { refreshTokenMinutes, refreshTokenWindowMinutes } = c.lifetimes;
  const data: TokenIssuedData = {
    familyId: c.familyId,
    authorizationServerId: c.authorizationServerId,
    clientId: c.clientId,
    subject: c.subject,
    ...(c.username !== undefined ? { username: c.username } : {}),
    ...(c.userId !== undefined ? { userId: c.userId } : {}),
    ...(c.groups !== undefined ? { groups: [...c.groups] } : {}),
    scopes,
    grantType: c.grantType,
    refreshToken: refreshToken && refreshTokenRecord(refreshToken),
    accessToken: c.dpop ? { ...accessTokenRecord(c.accessToken), jkt: c.dpop.jkt } : accessTokenRecord(c.accessToken),
    idToken: scopes.includes(OPENID) ? idTokenRecord(c.idToken) : null,
    lifetimes: { accessTokenMinutes: c.lifetimes.accessTokenMinutes, refreshTokenMinutes, refreshTokenWindowMinutes },
    refreshExpiresAt:
      hasRefreshToken && refreshTokenMinutes !== 0 ? c.now + refreshTokenMinutes * MS_PER_MINUTE : null,
    idleExpiresAt: hasRefreshToken ? c.now + refreshTokenWindowMinutes * MS_PER_MINUTE : null,
    rotation: { type: c.rotation.type, leewaySeconds: c.rotation.leewaySeconds },
    provenance: provenanceRecord(c.provenance),
    issuedAt: c.now,
    ...(c.authTime !== undefined ? { authTime: c.authTime } : {}),
    // RFC 9449 §5: a public client's refresh tokens are bound to the key it proved; a
    // confidential client's are bound to its authentication, so only its access token is.
    ...(hasRefreshToken && c.dpop?.publicClient ? { dpopJkt: c.dpop.jkt } : {}),
  };
  return [{ type: 'TokenIssued', data }];
}

/** How the presented token relates to the family's tokens. */
type TokenMatch = 'current' | 'leeway_retry' | 'reuse' | 'unknown';

/**
 * Checks in a fixed order, the first failing one naming the reason: the token belongs to this
 * server and client → the family is not revoked → the token is known (a rotated-out one is
 * reuse and revokes the family) → not expired or idle → scopes only narrow → a policy rule
 * still matches. As in node-oidc-provider, whatever makes a token unusable comes before
 * anything the configuration decides.
 */
function decideRefresh(command: RefreshTokens, state: TokenFamilyState): (TokenRefreshed | TokenRevoked)[] {
  const c = command.data;
  const { presented } = c;
  const context = { familyId: presented.familyId, tokenId: presented.id };
  if (state.status === 'empty') throw new RefreshRejected('unknown_token', context);
  // A token of one authorization server is never accepted by another (SPEC §9).
  if (state.authorizationServerId !== c.authorizationServerId) {
    throw new RefreshRejected('wrong_authorization_server', context);
  }
  // Another client holding the string is refused but cannot revoke the owner's family.
  if (state.clientId !== c.clientId) throw new RefreshRejected('client_mismatch', context);
  if (state.status === 'revoked') throw new RefreshRejected('family_revoked', context);
  const current = state.currentRefreshToken;
  if (current === null) throw new RefreshRejected('no_refresh_token', context);

  // Replicas' clocks differ. A clock behind the family's last event must not move its times
  // back (a rotation "before" the last one, a leeway that has not started yet), so the
  // decision is taken at the later of the two; a clock too far behind to trust is refused.
  const lastEventAt = lastEventTime(state);
  if (c.maxClockSkewMs !== undefined && lastEventAt - c.now > c.maxClockSkewMs) {
    throw new RefreshRejected('clock_behind', context);
  }
  const now = Math.max(c.now, lastEventAt);

  const match = matchPresented(state, current, presented, now);
  if (match === 'unknown') throw new RefreshRejected('unknown_token', context);
  // A family another replica issued after the client's deactivation had committed (that
  // replica had not seen it yet) was never legitimate: the deactivation's sweep may have missed
  // it, so the first refresh revokes it, as reuse detection does, whatever the client is now.
  if (c.clientStatusAtIssuance === 'INACTIVE') {
    return [
      {
        type: 'TokenRevoked',
        data: { familyId: state.familyId, tokenId: presented.id, reason: 'client_disabled', requestedBy: 'system', revokedAt: now },
      },
    ];
  }
  if (match === 'reuse') {
    return [
      {
        type: 'TokenRevoked',
        data: {
          familyId: state.familyId,
          tokenId: presented.id,
          reason: 'reuse_detected',
          requestedBy: 'system',
          revokedAt: now,
        },
      },
    ];
  }

  if (state.refreshExpiresAt !== null && now >= state.refreshExpiresAt) {
    throw new RefreshRejected('absolute_expired', context);
  }
  // RFC 9449 §5: a bound refresh token is useless without its key. After reuse detection (a
  // rotated-out token still revokes the family, whoever presents it, so a thief who bound an
  // unbound family first is caught when the owner's token comes back) and before anything is
  // appended: the holder of the key keeps a working token.
  if (state.dpopJkt !== null) {
    if (c.dpop === undefined) throw new RefreshRejected('dpop_proof_required', context);
    if (c.dpop.jkt !== state.dpopJkt) throw new RefreshRejected('dpop_key_mismatch', context);
  }
  // A public client's first proof binds a family issued without one, from this refresh on.
  const dpopJkt = state.dpopJkt ?? (c.dpop?.publicClient ? c.dpop.jkt : null);

  if (state.idleExpiresAt !== null && now >= state.idleExpiresAt) {
    throw new RefreshRejected('idle_expired', context);
  }

  const responseScopes = scopesForResponse(state.scopes, c.requestedScopes);
  if (responseScopes === null) throw new RefreshRejected('scope_widening', context);
  const narrowed = responseScopes.length < state.scopes.length;

  // The policy comes last: a token that cannot be used any more is refused for that reason
  // whatever the configuration says now, and a replay revokes its family even when no rule
  // matches. The rule is matched with the family's original grant, subject and groups, as Okta.
  const decision = evaluatePolicy(c.policy, {
    clientId: c.clientId,
    grantType: state.grantType,
    scopes: responseScopes,
    subject: state.subject,
    groups: state.groups,
  });
  if (!decision.matched) throw new RefreshRejected('no_matching_rule', context);
  const { accessTokenMinutes } = decision.lifetimes;

  const rotates = match === 'current' && state.rotation.type === 'ROTATE';
  const data: TokenRefreshedData = {
    familyId: state.familyId,
    generation: rotates ? state.generation + 1 : state.generation,
    presentedRefreshTokenId: presented.id,
    refreshToken: rotates ? refreshTokenRecord(presented.successor) : current,
    previousRefreshToken: rotates ? current : state.previousRefreshToken,
    // The leeway counts from the rotation, so retries must not move it.
    rotatedAt: rotates ? now : state.rotatedAt,
    ...(narrowed ? { narrowedScopes: responseScopes } : {}),
    accessToken: {
      jti: c.accessToken.jti,
      iat: c.accessToken.iat,
      exp: c.accessToken.iat + accessTokenMinutes * SECONDS_PER_MINUTE,
      ...(c.dpop ? { jkt: c.dpop.jkt } : {}),
    },
    idToken: responseScopes.includes(OPENID) ? idTokenRecord(c.idToken) : null,
    // Just the sliding window; expiry checks also apply the absolute expiry, so no min() here.
    idleExpiresAt: now + state.lifetimes.refreshTokenWindowMinutes * MS_PER_MINUTE,
    accessTokenLifetimeMinutes: accessTokenMinutes,
    provenance: provenanceRecord(decision.provenance),
    leewayRetry: match === 'leeway_retry',
    refreshedAt: now,
    ...(dpopJkt !== null ? { dpopJkt } : {}),
  };
  const stillRevoked = unexpiredAt(state.revokedAccessTokens, now);
  if (stillRevoked.length > 0) return [{ type: 'TokenRefreshed', data: { ...data, revokedAccessTokens: stillRevoked } }];
  return [{ type: 'TokenRefreshed', data }];
}

/**
 * Classifies the presented token. Hashes are hex SHA-256 of high-entropy secrets, not secrets
 * themselves, so a plain comparison is safe. A token older than the current one is genuine
 * (the handler checked its MAC) even when its hash is no longer stored, hence `reuse`; a
 * mismatch on a stored hash or a future sequence is `unknown` and revokes nothing, so a
 * guessed family id cannot be used to revoke someone else's family.
 */
function matchPresented(
  state: ActiveTokenFamily,
  current: RefreshTokenRecord,
  presented: PresentedRefreshToken,
  now: number,
): TokenMatch {
  const { sequence } = presented;
  if (presented.familyId !== state.familyId || !Number.isSafeInteger(sequence) || sequence < 0) {
    return 'unknown';
  }
  if (sequence === current.sequence) {
    if (presented.hash !== current.hash) return 'unknown';
    // A rotation hands out the successor; one that does not follow the current token cannot be
    // reconciled with the family, and issuing it would fork the lineage.
    if (state.rotation.type === 'ROTATE' && presented.successor.sequence !== current.sequence + 1) {
      return 'unknown';
    }
    return 'current';
  }
  const previous = state.previousRefreshToken;
  if (previous !== null && sequence === previous.sequence) {
    if (presented.hash !== previous.hash) return 'unknown';
    const { type, leewaySeconds } = state.rotation;
    const insideLeeway =
      type === 'ROTATE' && state.rotatedAt !== null && now < state.rotatedAt + leewaySeconds * MS_PER_SECOND;
    if (!insideLeeway) return 'reuse';
    // The retry must get the very token the first exchange returned, or nothing.
    return sameToken(presented.successor, current) ? 'leeway_retry' : 'unknown';
  }
  return sequence < current.sequence ? 'reuse' : 'unknown';
}

/**
 * The scopes of this response: the whole grant when none (or an empty set) is requested, the
 * requested subset in grant order otherwise, or `null` when the request widens the grant.
 *
 * @see RFC 6749 §6
 */
function scopesForResponse(
  granted: readonly string[],
  requested: readonly string[] | undefined,
): readonly string[] | null {
  if (requested === undefined || requested.length === 0) return granted;
  if (requested.some((scope) => !granted.includes(scope))) return null;
  return granted.filter((scope) => requested.includes(scope));
}

function sameToken(a: RefreshTokenRecord, b: RefreshTokenRecord): boolean {
  return a.id === b.id && a.sequence === b.sequence && a.hash === b.hash;
}

function decideRevoke(command: RevokeFamily, state: TokenFamilyState): TokenRevoked[] {
  const c = command.data;
  refuseAnotherClientsToken(state, c);
  // RFC 7009 §2.2: unknown tokens are answered 200 and change nothing; revoking twice is a no-op.
  if (state.status !== 'active') return [];
  // RFC 7009 §2.1: a client revokes only its own tokens; the caller still answers 200.
  if (c.onlyForClientId !== undefined && c.onlyForClientId !== state.clientId) return [];
  // SPEC §9: a token of one authorization server is never acted on through another.
  if (c.authorizationServerId !== undefined && c.authorizationServerId !== state.authorizationServerId) return [];
  // A revocation is never refused for a clock behind the family's last event: it is recorded
  // at that event's time instead, so `revokedAt` never precedes what it ended.
  const revokedAt = Math.max(c.now, lastEventTime(state));
  return [
    {
      type: 'TokenRevoked',
      data: {
        familyId: state.familyId,
        ...(c.tokenId !== undefined ? { tokenId: c.tokenId } : {}),
        reason: c.reason,
        requestedBy: c.requestedBy,
        revokedAt,
      },
    },
  ];
}

/**
 * Revokes one access token and nothing else, as Okta does: the refresh token still refreshes
 * and the family's other access tokens stay active. A token already revoked, already expired,
 * of a revoked family, or of another authorization server is a no-op answered 200 (RFC 7009
 * §2.2); another client's token is refused first, whatever its status, so the refusal tells
 * that client nothing about the token's state.
 */
function decideRevokeAccessToken(command: RevokeAccessToken, state: TokenFamilyState): AccessTokenRevoked[] {
  const c = command.data;
  refuseAnotherClientsToken(state, c);
  if (state.status !== 'active' || state.authorizationServerId !== c.authorizationServerId) return [];
  const { jti, exp } = c.accessToken;
  const revokedAt = Math.max(c.now, lastEventTime(state));
  if (exp * MS_PER_SECOND <= revokedAt) return [];
  if (state.revokedAccessTokens.some((r) => r.jti === jti)) return [];
  const data: AccessTokenRevokedData = {
    familyId: state.familyId,
    jti,
    exp,
    reason: c.reason,
    requestedBy: c.requestedBy,
    revokedAt,
    revokedAccessTokens: [...unexpiredAt(state.revokedAccessTokens, revokedAt), { jti, exp, revokedAt }],
    progress: progressRecord(state),
  };
  return [{ type: 'AccessTokenRevoked', data }];
}

/**
 * RFC 7009 §2.1: a client revokes only its own tokens, and is told so. A family of another
 * authorization server (or none) is not this server's token: that stays a silent no-op (§2.2).
 */
function refuseAnotherClientsToken(
  state: TokenFamilyState,
  c: { readonly requestingClientId?: string; readonly authorizationServerId?: string },
): void {
  if (c.requestingClientId === undefined || state.status === 'empty') return;
  if (c.authorizationServerId !== undefined && c.authorizationServerId !== state.authorizationServerId) return;
  if (state.clientId !== c.requestingClientId) throw new RevocationRejected('not_issued_to_client', state.familyId);
}

/** The revoked access tokens still unexpired at `at`: the ones a later event must carry on. */
function unexpiredAt(revoked: readonly RevokedAccessTokenRecord[], at: number): RevokedAccessTokenRecord[] {
  return revoked.filter((r) => r.exp * MS_PER_SECOND > at).map((r) => ({ jti: r.jti, exp: r.exp, revokedAt: r.revokedAt }));
}

/**
 * When the family's last event happened: its latest refresh, its issuance, or a later
 * access-token revocation (an entry is only dropped by a later event, which then is the last).
 */
function lastEventTime(state: ActiveTokenFamily): number {
  let last = state.lastRefreshedAt ?? state.issuedAt;
  for (const r of state.revokedAccessTokens) last = Math.max(last, r.revokedAt);
  return last;
}

function activeFromIssued(d: TokenIssuedData): ActiveTokenFamily {
  return {
    status: 'active',
    familyId: d.familyId,
    authorizationServerId: d.authorizationServerId,
    clientId: d.clientId,
    subject: d.subject,
    username: d.username ?? null,
    userId: d.userId ?? null,
    groups: d.groups ?? [],
    scopes: d.scopes,
    grantType: d.grantType,
    lifetimes: d.lifetimes,
    rotation: d.rotation,
    refreshExpiresAt: d.refreshExpiresAt ?? null,
    provenance: d.provenance,
    issuedAt: d.issuedAt,
    authTime: d.authTime ?? null,
    generation: 0,
    currentRefreshToken: d.refreshToken ?? null,
    previousRefreshToken: null,
    rotatedAt: null,
    idleExpiresAt: d.idleExpiresAt ?? null,
    lastAccessToken: d.accessToken,
    lastRefreshedAt: null,
    revokedAccessTokens: [],
    dpopJkt: d.dpopJkt ?? null,
  };
}

/** The whole mutable part, from the event alone (never merged with the previous state). */
function progressFromRefreshed(d: TokenRefreshedData): TokenFamilyProgress {
  return {
    generation: d.generation,
    currentRefreshToken: d.refreshToken,
    previousRefreshToken: d.previousRefreshToken ?? null,
    rotatedAt: d.rotatedAt ?? null,
    idleExpiresAt: d.idleExpiresAt,
    lastAccessToken: d.accessToken,
    lastRefreshedAt: d.refreshedAt,
    dpopJkt: d.dpopJkt ?? null,
    revokedAccessTokens: d.revokedAccessTokens ?? [],
  };
}

/** The whole mutable part after an access-token revocation, from the event alone. */
function progressFromAccessTokenRevoked(d: AccessTokenRevokedData): TokenFamilyProgress {
  const p = d.progress;
  return {
    generation: p.generation,
    currentRefreshToken: p.currentRefreshToken,
    previousRefreshToken: p.previousRefreshToken,
    rotatedAt: p.rotatedAt,
    idleExpiresAt: p.idleExpiresAt,
    lastAccessToken: p.lastAccessToken,
    lastRefreshedAt: p.lastRefreshedAt,
    revokedAccessTokens: d.revokedAccessTokens,
    dpopJkt: p.dpopJkt ?? null,
  };
}

/** The progress an access-token revocation carries unchanged, field by field. */
function progressRecord(state: ActiveTokenFamily): AccessTokenRevokedData['progress'] {
  return {
    generation: state.generation,
    currentRefreshToken: state.currentRefreshToken,
    previousRefreshToken: state.previousRefreshToken,
    rotatedAt: state.rotatedAt,
    idleExpiresAt: state.idleExpiresAt,
    lastAccessToken: state.lastAccessToken,
    lastRefreshedAt: state.lastRefreshedAt,
    ...(state.dpopJkt !== null ? { dpopJkt: state.dpopJkt } : {}),
  };
}

/*
 * Records are copied field by field: a command built from richer objects (a raw token, a signed
 * JWT, a policy entity) must carry nothing else into an event.
 */
function refreshTokenRecord(r: RefreshTokenRecord): RefreshTokenRecord {
  return { id: r.id, sequence: r.sequence, hash: r.hash };
}

function accessTokenRecord(a: AccessTokenRecord): AccessTokenRecord {
  return { jti: a.jti, iat: a.iat, exp: a.exp, ...(a.jkt !== undefined ? { jkt: a.jkt } : {}) };
}

function idTokenRecord(t: { readonly jti: string } | null | undefined): { readonly jti: string } | null {
  return t ? { jti: t.jti } : null;
}

function provenanceRecord(p: Provenance): Provenance {
  return {
    authorizationServerId: p.authorizationServerId,
    policyId: p.policyId,
    ruleId: p.ruleId,
    configVersion: p.configVersion,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

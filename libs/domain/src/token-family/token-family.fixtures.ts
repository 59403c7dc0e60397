import type { PolicyView, PolicyViewRule } from '../policy/policy-view';
import type { IssueTokens, PresentedRefreshToken, RefreshTokens, RevokeAccessToken, RevokeFamily } from './token-family.commands';
import type {
  AccessTokenRecord,
  EpochMillis,
  Lifetimes,
  Provenance,
  RefreshTokenRecord,
  RotationSettings,
  TokenIssued,
  TokenIssuedData,
  TokenRefreshed,
  TokenRefreshedData,
  TokenRevoked,
  TokenRevokedData,
} from './token-family.events';

/*
 * Object mothers for the token-family specs. Test-only: imported by `*.spec.ts` files, never by
 * the library's index. Every instant derives from a fixed clock, never from `Date.now()`.
 */

/** The fixed clock: 2025-01-01T00:00:00Z. */
export const T0: EpochMillis = 1_735_689_600_000;
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

export const FAMILY_ID = 'fam_7Kq2';
export const AS_ID = 'default';
export const CLIENT_ID = 'app_client';
export const GRANTED = ['openid', 'profile', 'offline_access'] as const;

/** 60 min access tokens, 30-day absolute refresh lifetime, 7-day idle window. */
export const LIFETIMES: Lifetimes = {
  accessTokenMinutes: 60,
  refreshTokenMinutes: 30 * 24 * 60,
  refreshTokenWindowMinutes: 7 * 24 * 60,
};
export const WINDOW_MS = LIFETIMES.refreshTokenWindowMinutes * MINUTE;
export const ABSOLUTE_EXPIRY = T0 + LIFETIMES.refreshTokenMinutes * MINUTE;

export const ROTATE_30: RotationSettings = { type: 'ROTATE', leewaySeconds: 30 };
export const STATIC: RotationSettings = { type: 'STATIC', leewaySeconds: 30 };

export const PROVENANCE: Provenance = {
  authorizationServerId: AS_ID,
  policyId: '00p_default',
  ruleId: '0pr_default',
  configVersion: 3,
};

/** The default rule of {@link POLICY}: any grant, any scope, everyone, {@link LIFETIMES}. */
export function policyRule(overrides: Partial<PolicyViewRule> = {}): PolicyViewRule {
  return {
    id: PROVENANCE.ruleId,
    policyId: PROVENANCE.policyId,
    type: 'RESOURCE_ACCESS',
    name: 'Default Policy Rule',
    priority: 1,
    status: 'ACTIVE',
    system: false,
    sequence: 0,
    conditions: {
      grantTypes: { include: ['authorization_code', 'refresh_token', 'client_credentials'] },
      scopes: { include: ['*'] },
      people: { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } },
    },
    actions: {
      token: {
        accessTokenLifetimeMinutes: LIFETIMES.accessTokenMinutes,
        refreshTokenLifetimeMinutes: LIFETIMES.refreshTokenMinutes,
        refreshTokenWindowMinutes: LIFETIMES.refreshTokenWindowMinutes,
      },
    },
    ...overrides,
  };
}

/** The authorization server's configuration in force (version 3): one policy for every client, with the given rules. */
export function policyView(rules: readonly PolicyViewRule[] = [policyRule()]): PolicyView {
  return {
    authorizationServerId: AS_ID,
    status: 'ACTIVE',
    configVersion: PROVENANCE.configVersion,
    policies: [
      {
        id: PROVENANCE.policyId,
        type: 'OAUTH_AUTHORIZATION_POLICY',
        name: 'Default Policy',
        description: '',
        priority: 1,
        status: 'ACTIVE',
        system: false,
        sequence: 0,
        conditions: { clients: { include: ['ALL_CLIENTS'] } },
        rules,
      },
    ],
  };
}

/** The refresh token of sequence `n`: what the server derives, hashed (a fake hex digest). */
export function tokenRecord(sequence: number, familyId = FAMILY_ID): RefreshTokenRecord {
  return { id: `${familyId}.${sequence}`, sequence, hash: sequence.toString(16).padStart(64, 'a') };
}

/** The token of sequence `n` as the handler presents it: MAC checked, successor derived. */
export function presented(sequence: number, overrides: Partial<PresentedRefreshToken> = {}): PresentedRefreshToken {
  const record = tokenRecord(sequence);
  return { id: record.id, familyId: FAMILY_ID, sequence, hash: record.hash, successor: tokenRecord(sequence + 1), ...overrides };
}

/** The access token minted at `at`, named after the instant so each one is distinct. */
export function accessToken(at: EpochMillis): AccessTokenRecord {
  const iat = Math.floor(at / SECOND);
  return { jti: `at_${at - T0}`, iat, exp: iat + LIFETIMES.accessTokenMinutes * 60 };
}

export function idToken(at: EpochMillis): { jti: string } {
  return { jti: `id_${at - T0}` };
}

export function issueTokens(overrides: Partial<IssueTokens['data']> = {}): IssueTokens {
  return {
    type: 'IssueTokens',
    data: {
      familyId: FAMILY_ID,
      authorizationServerId: AS_ID,
      clientId: CLIENT_ID,
      subject: '00u_alice',
      username: 'alice@example.com',
      groups: ['Everyone'],
      scopes: [...GRANTED],
      grantType: 'authorization_code',
      refreshToken: tokenRecord(0),
      accessToken: accessToken(T0),
      idToken: idToken(T0),
      lifetimes: LIFETIMES,
      rotation: ROTATE_30,
      provenance: PROVENANCE,
      authTime: Math.floor(T0 / SECOND) - 5,
      now: T0,
      ...overrides,
    },
  };
}

/** The event `issueTokens()` decides with the default fixtures. */
export function tokenIssued(overrides: Partial<TokenIssuedData> = {}): TokenIssued {
  return {
    type: 'TokenIssued',
    data: {
      familyId: FAMILY_ID,
      authorizationServerId: AS_ID,
      clientId: CLIENT_ID,
      subject: '00u_alice',
      username: 'alice@example.com',
      groups: ['Everyone'],
      scopes: [...GRANTED],
      grantType: 'authorization_code',
      refreshToken: tokenRecord(0),
      accessToken: accessToken(T0),
      idToken: idToken(T0),
      lifetimes: LIFETIMES,
      refreshExpiresAt: ABSOLUTE_EXPIRY,
      idleExpiresAt: T0 + WINDOW_MS,
      rotation: ROTATE_30,
      provenance: PROVENANCE,
      issuedAt: T0,
      authTime: Math.floor(T0 / SECOND) - 5,
      ...overrides,
    },
  };
}

/** The client presents the token of `sequence` at `at`, asking for the whole grant. */
export function refreshTokens(
  sequence: number,
  at: EpochMillis,
  overrides: Partial<RefreshTokens['data']> = {},
): RefreshTokens {
  return {
    type: 'RefreshTokens',
    data: {
      presented: presented(sequence),
      clientId: CLIENT_ID,
      authorizationServerId: AS_ID,
      accessToken: { jti: accessToken(at).jti, iat: accessToken(at).iat },
      idToken: idToken(at),
      policy: policyView(),
      now: at,
      ...overrides,
    },
  };
}

/** The event of a normal ROTATE use of the token of `sequence` at `at` (whole grant). */
export function rotated(sequence: number, at: EpochMillis, overrides: Partial<TokenRefreshedData> = {}): TokenRefreshed {
  return refreshed({
    generation: sequence + 1,
    presentedRefreshTokenId: tokenRecord(sequence).id,
    refreshToken: tokenRecord(sequence + 1),
    previousRefreshToken: tokenRecord(sequence),
    rotatedAt: at,
    accessToken: accessToken(at),
    idToken: idToken(at),
    idleExpiresAt: at + WINDOW_MS,
    refreshedAt: at,
    ...overrides,
  });
}

/** A `TokenRefreshed` with fixture defaults for what rarely varies. */
export function refreshed(
  data: Omit<TokenRefreshedData, 'familyId' | 'accessTokenLifetimeMinutes' | 'provenance' | 'leewayRetry'> &
    Partial<TokenRefreshedData>,
): TokenRefreshed {
  return {
    type: 'TokenRefreshed',
    data: {
      familyId: FAMILY_ID,
      accessTokenLifetimeMinutes: LIFETIMES.accessTokenMinutes,
      provenance: PROVENANCE,
      leewayRetry: false,
      ...data,
    },
  };
}

export function revokeFamily(at: EpochMillis, overrides: Partial<RevokeFamily['data']> = {}): RevokeFamily {
  return {
    type: 'RevokeFamily',
    data: {
      familyId: FAMILY_ID,
      tokenId: tokenRecord(0).id,
      reason: 'client_request',
      requestedBy: `client:${CLIENT_ID}`,
      onlyForClientId: CLIENT_ID,
      now: at,
      ...overrides,
    },
  };
}

export function tokenRevoked(at: EpochMillis, overrides: Partial<TokenRevokedData> = {}): TokenRevoked {
  return {
    type: 'TokenRevoked',
    data: {
      familyId: FAMILY_ID,
      tokenId: tokenRecord(0).id,
      reason: 'client_request',
      requestedBy: `client:${CLIENT_ID}`,
      revokedAt: at,
      ...overrides,
    },
  };
}

/** The revocation reuse detection decides when the token of `sequence` is presented at `at`. */
export function reuseRevoked(sequence: number, at: EpochMillis): TokenRevoked {
  return tokenRevoked(at, { tokenId: tokenRecord(sequence).id, reason: 'reuse_detected', requestedBy: 'system' });
}

/** The client revokes the access token minted at `mintedAt` (RFC 7009 with an access token) at `at`. */
export function revokeAccessToken(
  mintedAt: EpochMillis,
  at: EpochMillis,
  overrides: Partial<RevokeAccessToken['data']> = {},
): RevokeAccessToken {
  const { jti, exp } = accessToken(mintedAt);
  return {
    type: 'RevokeAccessToken',
    data: {
      familyId: FAMILY_ID,
      accessToken: { jti, exp },
      reason: 'client_request',
      requestedBy: `client:${CLIENT_ID}`,
      requestingClientId: CLIENT_ID,
      authorizationServerId: AS_ID,
      now: at,
      ...overrides,
    },
  };
}

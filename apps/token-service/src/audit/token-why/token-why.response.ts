import type { DecidingConfiguration, RevokeReason, RotationSettings, TokenWhy, TokenWhyReason, Provenance } from '@ledger/domain';
import { isoOrNull } from '@ledger/audit';

/** The audit API's answer to "why is this token (not) active": ids and reasons, never the token. */
export interface TokenWhyResponse {
  readonly active: boolean;
  readonly reason: TokenWhyReason | null;
  readonly evaluatedAt: string;
  readonly tokenType: 'refresh_token' | 'access_token' | null;
  readonly tokenId: string | null;
  readonly familyId: string | null;
  readonly authorizationServerId: string | null;
  readonly clientId: string | null;
  readonly subject: string | null;
  readonly mintedAt: string | null;
  readonly expiresAt: string | null;
  readonly rotatedOutAt: string | null;
  readonly leewayRetryUntil: string | null;
  readonly revocation: {
    readonly reason: RevokeReason;
    readonly requestedBy: string;
    readonly revokedAt: string;
    readonly tokenId: string | null;
  } | null;
  readonly decidedBy: {
    readonly accessTokenLifetimeMinutes?: number;
    readonly refreshTokenLifetimeMinutes?: number;
    readonly refreshTokenWindowMinutes?: number;
    readonly rotation?: RotationSettings;
    readonly provenance: Provenance;
    readonly decidedAt: string;
  } | null;
}

/** The JSON form of a domain {@link TokenWhy}, instants in ISO 8601. */
export function tokenWhyResponse(why: TokenWhy, now: number): TokenWhyResponse {
  return {
    active: why.active,
    reason: why.reason,
    evaluatedAt: new Date(now).toISOString(),
    tokenType: why.tokenType,
    tokenId: why.tokenId,
    familyId: why.family?.familyId ?? null,
    authorizationServerId: why.family?.authorizationServerId ?? null,
    clientId: why.family?.clientId ?? null,
    subject: why.family?.subject ?? null,
    mintedAt: isoOrNull(why.mintedAt),
    expiresAt: isoOrNull(why.expiresAt),
    rotatedOutAt: isoOrNull(why.rotatedOutAt),
    leewayRetryUntil: isoOrNull(why.leewayRetryUntil),
    revocation: why.revocation && { ...why.revocation, revokedAt: new Date(why.revocation.revokedAt).toISOString() },
    decidedBy: why.decidedBy && decidedByJson(why.decidedBy),
  };
}

function decidedByJson(d: DecidingConfiguration): NonNullable<TokenWhyResponse['decidedBy']> {
  return { ...d, decidedAt: new Date(d.decidedAt).toISOString() };
}

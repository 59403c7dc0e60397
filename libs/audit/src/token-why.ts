import {
  unknownTokenWhy,
  whyToken,
  type DecidingConfiguration,
  type Provenance,
  type RevokeReason,
  type RotationSettings,
  type TokenWhy,
  type TokenWhyQuery,
  type TokenWhyReason,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-sourcing';
import { asTokenFamilyEvents, isFamilyId, readFamilyEvents } from './family-events';
import { isoOrNull } from './iso-time';
import type { SubjectKeys } from './subject-keys';

/** The answer to "why is this token (not) active": ids and reasons, never the token. */
export interface TokenWhyJson {
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

/**
 * A presented token or id reduced to the family to read and what to ask the domain about it.
 * The caller checks a token before it gets here (a refresh token's MAC, an access token's
 * signature and issuer), so nothing of the raw token travels further.
 */
export interface TokenToExplain {
  readonly familyId: string;
  readonly query: TokenWhyQuery;
}

/** A refresh token whose MAC verified. */
export function refreshTokenToExplain(parsed: { readonly familyId: string; readonly sequence: number; readonly hash: string }): TokenToExplain {
  return { familyId: parsed.familyId, query: { kind: 'refresh_token', sequence: parsed.sequence, hash: parsed.hash } };
}

/** An access token whose signature and issuer verified: its `jti` names the family before the first dot. */
export function accessTokenToExplain(jti: unknown): TokenToExplain | null {
  if (typeof jti !== 'string') return null;
  const familyId = jti.split('.', 1)[0];
  return familyId ? { familyId, query: { kind: 'access_token', jti } } : null;
}

/** A refresh-token id (`<familyId>.<sequence>`) or an access-token `jti`: both start with the family id, before the first dot. */
export function tokenIdToExplain(tokenId: string): TokenToExplain | null {
  const familyId = tokenId.split('.', 1)[0];
  return isFamilyId(familyId) && tokenId.length > familyId.length ? { familyId, query: { kind: 'token_id', id: tokenId } } : null;
}

/**
 * Why the token is (not) active at `now`: reads the family's whole history, its subject through
 * the data key (`[erased]` once destroyed), and asks the domain ({@link whyToken}). `null` (a
 * string that is no token) and a token of no family both answer `unknown_token`, so the
 * answer never tells whether a family exists. The audit API's `tokens/why` and the CLI's `why`
 * both answer with this.
 */
export async function explainToken(store: EventStore, keys: SubjectKeys, target: TokenToExplain | null, now: number): Promise<TokenWhyJson> {
  if (!target) return tokenWhyJson(unknownTokenWhy(), now);
  const records = await keys.decodeRecords(await readFamilyEvents(store, target.familyId));
  return tokenWhyJson(whyToken(asTokenFamilyEvents(records), target.query, now), now);
}

/** The JSON form of a domain {@link TokenWhy}, instants in ISO 8601. */
export function tokenWhyJson(why: TokenWhy, now: number): TokenWhyJson {
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

function decidedByJson(d: DecidingConfiguration): NonNullable<TokenWhyJson['decidedBy']> {
  return { ...d, decidedAt: new Date(d.decidedAt).toISOString() };
}

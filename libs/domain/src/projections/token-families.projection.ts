import type { DomainEvent } from '../decider';
import type {
  EpochMillis,
  RevokeReason,
  TokenIssuedData,
  TokenRefreshedData,
  TokenRevokedData,
} from '../token-family/token-family.events';
import { TOKEN_FAMILY_CATEGORY } from '../token-family/token-family.stream';
import type { DocumentProjection } from './projection';
import { legacySubjectRef, storedPersonalOf } from '../subject/personal-data';

/** One token family as ops see it: who, which client, lifetimes, and how it ended. */
export interface TokenFamilyDocument {
  readonly familyId: string;
  /**
   * The subject's pseudonym (`TokenIssued`'s `personal.subjectRef`), never the subject: a query by
   * subject computes it. A family issued before personal fields were encrypted has
   * {@link legacySubjectRef} of its plaintext subject, as its event has the subject itself.
   */
  readonly subjectRef: string;
  /**
   * The encrypted personal fields as the event stores them (the subject's data key decrypts
   * them; once it is destroyed, nothing can), or `null` for a family issued before.
   */
  readonly personal: string | null;
  readonly clientId: string;
  readonly authorizationServerId: string;
  readonly grantType: string;
  readonly scopes: readonly string[];
  readonly issuedAt: EpochMillis;
  /** `null` until the first refresh. */
  readonly lastRefreshedAt: EpochMillis | null;
  /** Absolute refresh expiry fixed at issuance; `null` = unlimited or no refresh token. */
  readonly refreshExpiresAt: EpochMillis | null;
  /** Idle expiry of the current refresh token; `null` when the family has no refresh token. */
  readonly idleExpiresAt: EpochMillis | null;
  /** The latest `exp` of any access token the family minted (a refresh may shorten the lifetime). */
  readonly accessExpiresAt: EpochMillis;
  /**
   * When the last token of the family stops working if nobody revokes it: the later of the
   * refresh token's end (the earlier of its absolute and idle expiries) and the latest access
   * token's `exp`. Stored so "active at T" is one indexed comparison.
   */
  readonly expiresAt: EpochMillis;
  readonly revokedAt: EpochMillis | null;
  readonly revokeReason: RevokeReason | null;
  /** `client:<id>`, `admin:<name>` or `system` (reuse detection). */
  readonly revokedBy: string | null;
  /** Rotations so far (the current refresh token's sequence). */
  readonly generation: number;
}

/** A family's status at an instant: expiry is not an event, so it is computed when asked. */
export type TokenFamilyStatus = 'active' | 'expired' | 'revoked';

/** The event types this read model handles. */
export const TOKEN_FAMILIES_EVENT_TYPES = ['TokenIssued', 'TokenRefreshed', 'TokenRevoked', 'EventsRemoved'] as const;

/** Stream of the removal records (`EventsRemoved`, written by `removeStreamsRecorded` in `@ledger/audit`). */
export const LEDGER_REMOVALS_STREAM_NAME = 'ledgerRemovals';

/**
 * `token_families`: one document per family, keyed by family id.
 *
 * A revoked family is final (the first revocation is the one that counts, as in the decider);
 * events for a family without a document (its row was dropped by retention) create nothing. An
 * `EventsRemoved` record listing a family's stream (retention, erasure) deletes its document:
 * the family's events are gone from the log, so a rebuild would not have it either.
 */
export const tokenFamiliesProjection: DocumentProjection<TokenFamilyDocument> = {
  name: 'token_families',
  handledEventTypes: TOKEN_FAMILIES_EVENT_TYPES,
  documentIds(event) {
    if (!TOKEN_FAMILIES_EVENT_TYPES.includes(event.type as (typeof TOKEN_FAMILIES_EVENT_TYPES)[number])) return [];
    if (event.type === 'EventsRemoved') return removedFamilyIds(event.data);
    return [(event.data as { familyId: string }).familyId];
  },
  evolve: evolveFamily,
};

/**
 * The family ids whose streams a removal record lists. Read defensively (a projection never
 * throws): anything not shaped as the record's `streams: [{ streamName }]` lists nothing.
 */
export function removedFamilyIds(data: unknown): string[] {
  const streams = (data as { streams?: unknown } | null)?.streams;
  if (!Array.isArray(streams)) return [];
  const prefix = `${TOKEN_FAMILY_CATEGORY}-`;
  const ids = new Set<string>();
  for (const stream of streams) {
    const name = (stream as { streamName?: unknown } | null)?.streamName;
    if (typeof name === 'string' && name.startsWith(prefix) && name.length > prefix.length) ids.add(name.slice(prefix.length));
  }
  return [...ids];
}

function evolveFamily(document: TokenFamilyDocument | null, event: DomainEvent): TokenFamilyDocument | null {
  switch (event.type) {
    case 'EventsRemoved':
      return null;
    case 'TokenIssued':
      // A family is born once; a repeated issuance must not reset it.
      return document ?? familyFromIssued(event.data as TokenIssuedData);
    case 'TokenRefreshed': {
      if (document === null || document.revokedAt !== null) return document;
      const d = event.data as TokenRefreshedData;
      const accessExpiresAt = Math.max(document.accessExpiresAt, d.accessToken.exp * 1000);
      const idleExpiresAt = d.idleExpiresAt;
      return {
        ...document,
        lastRefreshedAt: d.refreshedAt,
        idleExpiresAt,
        accessExpiresAt,
        expiresAt: familyExpiresAt(document.refreshExpiresAt, idleExpiresAt, accessExpiresAt),
        generation: d.generation,
      };
    }
    case 'TokenRevoked': {
      if (document === null || document.revokedAt !== null) return document;
      const d = event.data as TokenRevokedData;
      return { ...document, revokedAt: d.revokedAt, revokeReason: d.reason, revokedBy: d.requestedBy };
    }
    default:
      return document;
  }
}

function familyFromIssued(d: TokenIssuedData): TokenFamilyDocument {
  const personal = storedPersonalOf(d);
  const accessExpiresAt = d.accessToken.exp * 1000;
  const refreshExpiresAt = d.refreshExpiresAt ?? null;
  const idleExpiresAt = d.idleExpiresAt ?? null;
  return {
    familyId: d.familyId,
    subjectRef: personal ? personal.subjectRef : legacySubjectRef(d.subject),
    personal: personal ? personal.ciphertext : null,
    clientId: d.clientId,
    authorizationServerId: d.authorizationServerId,
    grantType: d.grantType,
    scopes: [...d.scopes],
    issuedAt: d.issuedAt,
    lastRefreshedAt: null,
    refreshExpiresAt,
    idleExpiresAt,
    accessExpiresAt,
    expiresAt: familyExpiresAt(refreshExpiresAt, idleExpiresAt, accessExpiresAt),
    revokedAt: null,
    revokeReason: null,
    revokedBy: null,
    generation: 0,
  };
}

/**
 * When the family's last token stops working. A family without a refresh token (no
 * `offline_access`) has no idle expiry and lives as long as its access token.
 */
export function familyExpiresAt(
  refreshExpiresAt: EpochMillis | null,
  idleExpiresAt: EpochMillis | null,
  accessExpiresAt: EpochMillis,
): EpochMillis {
  if (idleExpiresAt === null) return accessExpiresAt;
  const refreshEnds = refreshExpiresAt === null ? idleExpiresAt : Math.min(refreshExpiresAt, idleExpiresAt);
  return Math.max(refreshEnds, accessExpiresAt);
}

/**
 * The family's status at `now`: `revoked` once revoked, `expired` once no token of it works
 * any more, `active` otherwise (some token it minted may still be accepted).
 */
export function familyStatusAt(document: TokenFamilyDocument, now: EpochMillis): TokenFamilyStatus {
  if (document.revokedAt !== null) return 'revoked';
  return now >= document.expiresAt ? 'expired' : 'active';
}

/**
 * Whether the family's current refresh token can still be exchanged at `now`: not revoked, a
 * refresh token issued (`offline_access`), neither its idle window nor its absolute lifetime
 * over. An active family may fail this and still hold a working access token. The same test as
 * the read model's "usable refresh token" listings, on one document.
 */
export function canRefreshAt(document: TokenFamilyDocument, now: EpochMillis): boolean {
  if (document.revokedAt !== null || document.idleExpiresAt === null || now >= document.idleExpiresAt) return false;
  return document.refreshExpiresAt === null || now < document.refreshExpiresAt;
}

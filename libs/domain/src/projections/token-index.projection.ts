import type { DomainEvent } from '../decider';
import type { EpochMillis, TokenIssuedData, TokenRefreshedData } from '../token-family/token-family.events';
import type { DocumentProjection } from './projection';

/** Which kind of token an index entry names. */
export type IndexedTokenKind = 'access_token' | 'refresh_token';

/** One token the ledger minted, and its family. */
export interface TokenIndexDocument {
  /** The access token's `jti`, or the refresh token's public id (`<familyId>.<sequence>`). */
  readonly tokenId: string;
  readonly kind: IndexedTokenKind;
  readonly familyId: string;
  /** When it was minted. */
  readonly issuedAt: EpochMillis;
}

/** The event types this read model handles. */
export const TOKEN_INDEX_EVENT_TYPES = ['TokenIssued', 'TokenRefreshed'] as const;

/**
 * `token_index`: access-token `jti` and refresh-token id -> family, one document per token.
 *
 * Entries never change once written (a token id is minted once; a STATIC refresh or a leeway
 * retry names a token already indexed), which lets a store insert-or-ignore without reading.
 * Revocations add no entry: revoking ends the family, not the index.
 */
export const tokenIndexProjection: DocumentProjection<TokenIndexDocument> = {
  name: 'token_index',
  handledEventTypes: TOKEN_INDEX_EVENT_TYPES,
  documentIds(event) {
    switch (event.type) {
      case 'TokenIssued': {
        const d = event.data as TokenIssuedData;
        return d.refreshToken ? [d.accessToken.jti, d.refreshToken.id] : [d.accessToken.jti];
      }
      case 'TokenRefreshed': {
        const d = event.data as TokenRefreshedData;
        return [d.accessToken.jti, d.refreshToken.id];
      }
      default:
        return [];
    }
  },
  evolve(document, event, tokenId) {
    // First writer wins: whatever minted the token first is what it is.
    if (document !== null) return document;
    return entryFor(event, tokenId);
  },
};

function entryFor(event: DomainEvent, tokenId: string): TokenIndexDocument | null {
  switch (event.type) {
    case 'TokenIssued': {
      const d = event.data as TokenIssuedData;
      return { tokenId, kind: kindOf(tokenId, d.accessToken.jti), familyId: d.familyId, issuedAt: d.issuedAt };
    }
    case 'TokenRefreshed': {
      const d = event.data as TokenRefreshedData;
      return { tokenId, kind: kindOf(tokenId, d.accessToken.jti), familyId: d.familyId, issuedAt: d.refreshedAt };
    }
    default:
      return null;
  }
}

function kindOf(tokenId: string, accessJti: string): IndexedTokenKind {
  return tokenId === accessJti ? 'access_token' : 'refresh_token';
}

import type { FamilyView } from '@ledger/read-model-sqlite';
import { iso, isoOrNull } from '@ledger/audit';

/** A token family as the ops API answers it (camelCase, ISO 8601 instants, Okta-style status). */
export interface FamilyResource {
  readonly id: string;
  readonly status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  readonly subject: string;
  readonly clientId: string;
  readonly authorizationServerId: string;
  readonly grantType: string;
  readonly scopes: readonly string[];
  /** Rotations so far. */
  readonly generation: number;
  readonly issuedAt: string;
  readonly lastRefreshedAt: string | null;
  /** Absolute refresh expiry; `null` = unlimited or no refresh token. */
  readonly refreshExpiresAt: string | null;
  /** Idle expiry of the current refresh token; `null` = no refresh token. */
  readonly idleExpiresAt: string | null;
  /** When the family's last token stops working unless revoked first. */
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly revokeReason: string | null;
  readonly revokedBy: string | null;
}

/**
 * The wire shape of a family read-model row; `subject` as read through the subject's data key
 * (the row holds the pseudonym and the ciphertext only), `[erased]` once the key is destroyed.
 */
export function toFamilyResource(f: FamilyView, subject: string): FamilyResource {
  return {
    id: f.familyId,
    status: f.status === 'active' ? 'ACTIVE' : f.status === 'expired' ? 'EXPIRED' : 'REVOKED',
    subject,
    clientId: f.clientId,
    authorizationServerId: f.authorizationServerId,
    grantType: f.grantType,
    scopes: f.scopes,
    generation: f.generation,
    issuedAt: iso(f.issuedAt),
    lastRefreshedAt: isoOrNull(f.lastRefreshedAt),
    refreshExpiresAt: isoOrNull(f.refreshExpiresAt),
    idleExpiresAt: isoOrNull(f.idleExpiresAt),
    expiresAt: iso(f.expiresAt),
    revokedAt: isoOrNull(f.revokedAt),
    revokeReason: f.revokeReason,
    revokedBy: f.revokedBy,
  };
}


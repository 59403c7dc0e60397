import type { RevokeReason } from '../token-family/token-family.events';
import type { TokenFamilyDocument } from './token-families.projection';

/**
 * Whether a counted family was revoked. Expiry is not stored (time passes without events), so
 * `open` holds active and expired families alike; a query splits them at "now".
 */
export type FamilyCountState = 'open' | 'revoked';

/** One counter of `family_counts`: families of a client in one state (and revoke reason). */
export interface FamilyCountKey {
  readonly clientId: string;
  readonly state: FamilyCountState;
  /** The first revocation's reason; `null` for `open`. */
  readonly reason: RevokeReason | null;
}

/** A change to one counter. */
export interface FamilyCountDelta extends FamilyCountKey {
  readonly delta: 1 | -1;
}

/** One row of `family_counts`. */
export interface FamilyCountDocument extends FamilyCountKey {
  readonly count: number;
}

/**
 * `family_counts` moves with `token_families`: the counters a family's transition changes,
 * from its document before and after an event. Maintained incrementally, in the same batch as
 * the family rows, so the two never disagree.
 *
 * The counts are of every family the log holds, not of the rows kept: the read models' own
 * retention (`LEDGER_READ_MODEL_RETENTION_DAYS`) deletes rows without touching them, while a
 * family removed from the log (an `EventsRemoved` record: its document becomes `null`) leaves
 * its counter, as a rebuild from the log would not count it either.
 */
export function familyCountDeltas(
  before: TokenFamilyDocument | null,
  after: TokenFamilyDocument | null,
): FamilyCountDelta[] {
  // Removed from the log (retention, erasure): the counts are of the families the log holds.
  if (after === null) return before === null ? [] : [{ ...countKeyOf(before), delta: -1 }];
  if (before === null) return [{ ...countKeyOf(after), delta: 1 }];
  if (before.revokedAt === null && after.revokedAt !== null) {
    return [
      { ...countKeyOf(before), delta: -1 },
      { ...countKeyOf(after), delta: 1 },
    ];
  }
  return [];
}

/** The counter a family document belongs to. */
export function countKeyOf(document: TokenFamilyDocument): FamilyCountKey {
  return document.revokedAt === null
    ? { clientId: document.clientId, state: 'open', reason: null }
    : { clientId: document.clientId, state: 'revoked', reason: document.revokeReason };
}

/** A counter after a delta; never below zero, since a projection never throws. */
export function evolveFamilyCount(document: FamilyCountDocument | null, delta: FamilyCountDelta): FamilyCountDocument {
  const count = Math.max(0, (document?.count ?? 0) + delta.delta);
  return { clientId: delta.clientId, state: delta.state, reason: delta.reason, count };
}

import type { EventStore } from '@ledger/event-sourcing';
import { createHash } from 'node:crypto';
import { recordFirstUse } from '../../shared/record-first-use';
import type { RequestContext } from '../../shared/request-context';

/** Stream category of used DPoP proof ids (the part before the first dash). */
export const DPOP_PROOF_STREAM_CATEGORY = 'dpopProof';

/** The one event of a `dpopProof-...` stream: this key has used this `jti` once. */
export interface DpopProofAcceptedData {
  readonly clientId: string;
  /** Thumbprint of the proof's public key (a hash of a public key, not a secret). */
  readonly jkt: string;
  /** The proof's `jti`, as the client chose it (an identifier, not a credential). */
  readonly jti: string;
  /** The proof's `iat` (epoch seconds): once outside the age window the stream could be pruned. */
  readonly iat: number;
}

/**
 * `dpopProof-<sha256(jkt, jti) hex>`: one stream per used proof. Hashed because the `jti` is
 * client-chosen text of any length and alphabet; keyed by the key too, so one client's ids
 * never collide with another key's.
 */
export function dpopProofStreamName(jkt: string, jti: string): string {
  const digest = createHash('sha256').update(`${jkt}\n${jti}`, 'utf8').digest('hex');
  return `${DPOP_PROOF_STREAM_CATEGORY}-${digest}`;
}

/**
 * Replay protection for DPoP proofs (RFC 9449 §11.1), the `private_key_jwt` way
 * (`ClientAssertionReplayGuard`): each accepted `jti` is appended to its own stream with the
 * expected revision `no_stream`, so a second use conflicts on this replica and on every other
 * sharing the store, and survives a restart.
 *
 * TODO(retention: nothing prunes these streams yet; a proof is refused once its `iat` leaves
 * the age window anyway. Cost: one small stream per DPoP token request.)
 */
export class DpopProofReplayGuard {
  constructor(private readonly store: EventStore) {}

  /** Records the proof as used; `false` when it had been used before (a replay). */
  recordFirstUse(data: DpopProofAcceptedData, context: RequestContext): Promise<boolean> {
    return recordFirstUse(this.store, dpopProofStreamName(data.jkt, data.jti), { type: 'DpopProofAccepted', data }, context);
  }
}

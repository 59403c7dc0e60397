import type { EventStore } from '@ledger/event-sourcing';
import { createHash } from 'node:crypto';
import { recordFirstUse } from '../shared/record-first-use';
import type { RequestContext } from '../shared/request-context';

/** Stream category of used client-assertion ids (the part before the first dash). */
export const CLIENT_ASSERTION_STREAM_CATEGORY = 'clientAssertion';

/** The one event of a `clientAssertion-...` stream: this `jti` has been used once. */
export interface ClientAssertionAcceptedData {
  readonly clientId: string;
  /** The assertion's `jti`, as the client chose it (an identifier, not a credential). */
  readonly jti: string;
  /** The assertion's `exp` (epoch seconds): after it the stream could be pruned. */
  readonly exp: number;
}

/**
 * `clientAssertion-<clientId>-<sha256(jti) hex>`: one stream per used assertion. The jti is
 * hashed because it is client-chosen text of any length and alphabet, and stream names must
 * stay short and safe; the client id keeps one client's ids from colliding with another's.
 */
export function clientAssertionStreamName(clientId: string, jti: string): string {
  const digest = createHash('sha256').update(jti, 'utf8').digest('hex');
  return `${CLIENT_ASSERTION_STREAM_CATEGORY}-${clientId}-${digest}`;
}

/**
 * Replay protection for `private_key_jwt` (RFC 7523 §3 item 7: a `jti` may be used once).
 *
 * Each accepted `jti` is appended as `ClientAssertionAccepted` to its own stream, once
 * ({@link recordFirstUse}): a second use conflicts on every replica sharing the store.
 *
 * TODO(retention: nothing prunes these streams yet; an assertion is refused after its `exp`
 * anyway, so a later compaction may drop streams whose `exp` has passed. Cost: one small
 * stream per private_key_jwt request.)
 */
export class ClientAssertionReplayGuard {
  constructor(private readonly store: EventStore) {}

  /** Records the `jti` as used; `false` when it had been used before (a replay). */
  recordFirstUse(data: ClientAssertionAcceptedData, context: RequestContext): Promise<boolean> {
    return recordFirstUse(this.store, clientAssertionStreamName(data.clientId, data.jti), { type: 'ClientAssertionAccepted', data }, context);
  }
}

import { hash } from 'node:crypto';

/**
 * A UUID (version 8, RFC 9562 custom) derived from a name. Events get ids derived from the
 * command id, the stream and the expected revision, so re-sending the same append after a lost
 * acknowledgement is recognised by the store as a duplicate instead of being written twice.
 */
export function deterministicUuid(name: string): string {
  const h = hash('sha256', name, 'buffer');
  h[6] = (h[6] & 0x0f) | 0x80; // version 8
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

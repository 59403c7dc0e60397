import { parseInstant } from '@ledger/audit';
import { ApiValidationError } from '../../management-errors/management-errors';

/**
 * The `at` parameter of an as-of question (HTTP query, gRPC field): `null` (now) when absent,
 * else its instant; anything but an RFC 3339 date-time is refused.
 */
export function instantParameter(at: unknown): number | null {
  if (at === undefined) return null;
  const ms = typeof at === 'string' ? parseInstant(at) : null;
  if (ms === null) throw new ApiValidationError('at', 'must be an RFC 3339 date-time with a zone, e.g. 2026-01-01T12:00:00Z');
  return ms;
}

import type { FamilyCursor } from '@ledger/read-model-sqlite';
import { ApiValidationError } from '../../management-errors/management-errors';

/**
 * The `after` cursor of the families listings: opaque to callers (base64url), so the keyset
 * it carries (issued at, family id) can change without breaking a client that follows links.
 */
export function encodeFamilyCursor(cursor: FamilyCursor): string {
  return Buffer.from(JSON.stringify([cursor.issuedAt, cursor.familyId])).toString('base64url');
}

/** Reads a cursor produced by {@link encodeFamilyCursor}; anything else is a 400 naming `after`. */
export function decodeFamilyCursor(text: string): FamilyCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Number.isSafeInteger(parsed[0]) || typeof parsed[1] !== 'string') {
    throw new ApiValidationError('after', 'is not a cursor from a previous page');
  }
  return { issuedAt: parsed[0] as number, familyId: parsed[1] };
}

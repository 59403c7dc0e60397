import type { GlobalPosition } from '@ledger/event-sourcing';
import { InvalidRequestError } from '../oauth-errors/oauth-errors';

/** Where a feed resumes: just after a position of the global log, or from its very start. */
export type RevocationCursor = GlobalPosition | 'start';

/** Version prefix inside the cursor, so its format can change without misreading old ones. */
const PREFIX = 'tlf1:';
const POSITION = /^(\d{1,20})\/(\d{1,20})$/;

/**
 * The opaque cursor a feed message carries: base64url of a versioned global position. Opaque
 * so clients only store and send it back; the store's positions (SQLite rowids, EventStoreDB
 * commit/prepare pairs) can then change meaning without breaking them.
 */
export function encodeRevocationCursor(cursor: RevocationCursor): string {
  const text = cursor === 'start' ? 'start' : `${cursor.commit}/${cursor.prepare}`;
  return Buffer.from(`${PREFIX}${text}`).toString('base64url');
}

/**
 * Reads a cursor produced by {@link encodeRevocationCursor}.
 *
 * @throws InvalidRequestError (field `after`) for anything else
 */
export function decodeRevocationCursor(cursor: string): RevocationCursor {
  const text = /^[A-Za-z0-9_-]{1,96}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (text === `${PREFIX}start`) return 'start';
  const match = text.startsWith(PREFIX) ? POSITION.exec(text.slice(PREFIX.length)) : null;
  if (!match) throw new InvalidRequestError("The 'after' cursor was not produced by this feed.", 'invalid_parameter', 'after');
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

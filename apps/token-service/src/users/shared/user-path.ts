import { isFamilyId } from '@ledger/audit';
import { ApiValidationError, ResourceNotFoundError } from '../../management-errors/management-errors';

/** The longest subject issuance takes (`sub`, 1 to 256 characters). */
const MAX_USER_ID = 256;
/** The longest client id issuance takes. */
const MAX_CLIENT_ID = 128;

/**
 * The `{userId}` and `{clientId}` of a user-token path: the family's subject and client, as
 * issuance took them (any characters; a subject is often an e-mail address). A value no family
 * can have is a 400 naming the segment, never repeating it.
 */
export function requireUserPath(userId: string, clientId?: string): void {
  if (userId.length < 1 || userId.length > MAX_USER_ID) throw new ApiValidationError('userId', `must be 1 to ${MAX_USER_ID} characters`);
  if (clientId !== undefined && (clientId.length < 1 || clientId.length > MAX_CLIENT_ID)) {
    throw new ApiValidationError('clientId', `must be 1 to ${MAX_CLIENT_ID} characters`);
  }
}

/**
 * The 404 of a refresh token that does not exist, or is not this user's for this client: the
 * same answer either way, so a caller learns nothing of another user's tokens. The id is named
 * only when it has a family id's shape (it is then one of ours to name, not arbitrary input).
 */
export function refreshTokenNotFound(tokenId: string): ResourceNotFoundError {
  return new ResourceNotFoundError(isFamilyId(tokenId) ? tokenId : 'tokenId', 'RefreshToken');
}

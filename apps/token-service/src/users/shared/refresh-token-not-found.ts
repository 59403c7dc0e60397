import { isFamilyId } from '@ledger/audit';
import { ResourceNotFoundError } from '../../management-errors/management-errors';

/**
 * The 404 of a refresh token that does not exist, or is not this user's for this client: the
 * same answer either way, so a caller learns nothing of another user's tokens. The id is named
 * only when it has a family id's shape (it is then one of ours to name, not arbitrary input).
 */
export function refreshTokenNotFound(tokenId: string): ResourceNotFoundError {
  return new ResourceNotFoundError(isFamilyId(tokenId) ? tokenId : 'tokenId', 'RefreshToken');
}

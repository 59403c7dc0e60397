import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isFamilyId, SubjectKeys } from '@ledger/audit';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../../shared/clock';
import { refreshTokenNotFound } from '../shared/refresh-token-not-found';
import { RegistryUserTokenContext } from '../shared/user-token-context';
import { refreshTokenExpiresAt, toOktaRefreshToken, type OktaRefreshToken } from '../shared/user-token-resource';
import { GetUserTokenQuery } from './get-user-token.query';

/**
 * Reads the family's read-model row. A family of another subject or client, or one that never
 * had a refresh token, is the same 404 as an unknown id. A revoked or expired one is shown with
 * that status (while retention keeps its row), so a caller can see what a revocation did.
 */
@QueryHandler(GetUserTokenQuery)
export class GetUserTokenHandler implements IQueryHandler<GetUserTokenQuery> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModelDatabase,
    private readonly context: RegistryUserTokenContext,
    private readonly subjectKeys: SubjectKeys,
  ) {}

  async execute({ userId, clientId, tokenId, expandScope }: GetUserTokenQuery): Promise<OktaRefreshToken> {
    const now = this.clock.now();
    const family = isFamilyId(tokenId) ? this.readModels.tokenFamilies.family(tokenId, now) : null;
    if (!family || !this.subjectKeys.refsOf(userId).includes(family.subjectRef) || family.clientId !== clientId || refreshTokenExpiresAt(family) === null) {
      throw refreshTokenNotFound(tokenId);
    }
    return toOktaRefreshToken(family, userId, now, this.context, expandScope);
  }
}

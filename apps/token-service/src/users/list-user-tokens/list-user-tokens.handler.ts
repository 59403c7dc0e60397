import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SubjectKeys } from '@ledger/audit';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../../shared/clock';
import { decodeFamilyCursor, encodeFamilyCursor } from '../../ops/shared/family-cursor';
import { RegistryUserTokenContext } from '../shared/user-token-context';
import { toOktaRefreshToken } from '../shared/user-token-resource';
import { ListUserTokensQuery, type UserTokensPage } from './list-user-tokens.query';

/**
 * A keyset page of the `token_families` read model (the families listings' cursor): a page
 * costs the same however deep it is. The read model may lag the log by a batch.
 */
@QueryHandler(ListUserTokensQuery)
export class ListUserTokensHandler implements IQueryHandler<ListUserTokensQuery> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModelDatabase,
    private readonly context: RegistryUserTokenContext,
    private readonly subjectKeys: SubjectKeys,
  ) {}

  async execute({ userId, clientId, limit, after, expandScope }: ListUserTokensQuery): Promise<UserTokensPage> {
    const now = this.clock.now();
    const page = this.readModels.tokenFamilies.refreshTokens({
      subjectRefs: this.subjectKeys.refsOf(userId),
      clientId,
      limit,
      ...(after !== undefined ? { after: decodeFamilyCursor(after) } : {}),
      now,
    });
    return {
      tokens: page.families.map((family) => toOktaRefreshToken(family, userId, now, this.context, expandScope)),
      nextAfter: page.next ? encodeFamilyCursor(page.next) : null,
    };
  }
}

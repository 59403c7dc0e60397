import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SubjectKeys } from '@ledger/audit';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../../shared/clock';
import { RegistryUserTokenContext } from '../shared/user-token-context';
import { toOktaUserClient, type OktaUserClient } from '../shared/user-token-resource';
import { ListUserClientsQuery } from './list-user-clients.query';

/**
 * Reads the read model, which may lag the log by a batch: a family issued a moment ago may not
 * be listed yet (revocations never depend on this list).
 */
@QueryHandler(ListUserClientsQuery)
export class ListUserClientsHandler implements IQueryHandler<ListUserClientsQuery> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModelDatabase,
    private readonly context: RegistryUserTokenContext,
    private readonly subjectKeys: SubjectKeys,
  ) {}

  async execute({ userId }: ListUserClientsQuery): Promise<readonly OktaUserClient[]> {
    return this.readModels.tokenFamilies.refreshTokenClients(this.subjectKeys.refsOf(userId), this.clock.now()).map((clientId) => toOktaUserClient(userId, clientId, this.context));
  }
}
